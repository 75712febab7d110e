package web

import (
	"sync"

	"shop/internal/catalog"
)

// searchIndex keeps the catalog's search index for the load of the catalog it was built from (the snapshot's
// number moves only when the products change), so a search folds the catalog's text once per change rather than
// once per query.
type searchIndex struct {
	mu      sync.Mutex
	version uint64
	ix      *catalog.SearchIndex
}

// of returns the index of products, the load numbered version, building it when the catalog has changed.
func (si *searchIndex) of(products []catalog.Product, version uint64) *catalog.SearchIndex {
	si.mu.Lock()
	defer si.mu.Unlock()
	if si.ix == nil || si.version != version {
		si.ix, si.version = catalog.NewSearchIndex(products), version
	}
	return si.ix
}
