package catalog

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"
)

// Source is the storage a Snapshot loads from: every product, active or not, in catalog order.
type Source interface {
	AllProducts(ctx context.Context) ([]Product, error)
}

// CategorySource is a Source that keeps the seller's categories too: a Snapshot of one serves them from memory
// with the products, under the same load number, so a kept page follows a renamed category as it follows an
// edited product.
type CategorySource interface {
	Categories(ctx context.Context) (Categories, error)
}

// StockCounter is a Source that also counts the changes of stock it committed (an order placed, a hold released):
// those happen on every order, not on the seller's edits, so nobody calls Invalidate for them. A snapshot of such
// a Source is fresh only while the count is the one it loaded under, so the shopper never reads a stale quantity
// for longer than a reload.
type StockCounter interface {
	StockVersion() uint64
}

// Snapshot keeps the whole catalog in memory and serves the Store interface from it. A shop's catalog is small
// (tens to a few thousand products) and read on every page, while it changes only when the seller edits it, so
// reading it from the database per request was most of a page's cost. Whoever changes products calls Invalidate;
// MaxAge bounds how stale a snapshot can be when the change happened elsewhere (another instance, a script).
type Snapshot struct {
	src    Source
	maxAge time.Duration
	now    func() time.Time

	mu       sync.RWMutex
	loaded   time.Time
	valid    bool
	gen      uint64 // counts Invalidate calls, so a reload that raced one does not count as fresh
	stock    uint64 // the source's StockVersion the load began under
	version  uint64 // moves whenever a load finds the products changed: what was built from them may be kept under it
	active   []Product
	byCode   map[string]Product
	cats     Categories
	reloadMu sync.Mutex // one reload at a time; the others wait for it rather than querying too
}

// NewSnapshot serves src from memory, reloading at most maxAge after the last load (0 means only on Invalidate).
func NewSnapshot(src Source, maxAge time.Duration) *Snapshot {
	return &Snapshot{src: src, maxAge: maxAge, now: time.Now}
}

// Invalidate makes the next read load the catalog afresh. The admin product editor calls it after a save.
func (s *Snapshot) Invalidate() {
	s.mu.Lock()
	s.valid = false
	s.gen++
	s.mu.Unlock()
}

// ListProducts returns the active products in catalog order. The slice is the caller's own.
func (s *Snapshot) ListProducts(ctx context.Context) ([]Product, error) {
	active, _, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	return slices.Clone(active), nil
}

// Shared returns the active products in catalog order, and the number of the load they come from: a page built
// from them may be kept and served again for as long as Shared returns that number. The slice is shared by every
// caller and must not be changed.
func (s *Snapshot) Shared(ctx context.Context) ([]Product, uint64, error) {
	s.mu.RLock()
	if s.fresh() {
		defer s.mu.RUnlock()
		return s.active, s.version, nil
	}
	s.mu.RUnlock()
	if _, _, err := s.current(ctx); err != nil {
		return nil, 0, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.active, s.version, nil
}

// SharedAll is Shared with the categories of the same load (none when the source keeps no categories). Neither
// slice may be changed.
func (s *Snapshot) SharedAll(ctx context.Context) ([]Product, Categories, uint64, error) {
	if _, _, err := s.current(ctx); err != nil {
		return nil, nil, 0, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.active, s.cats, s.version, nil
}

// Categories returns every category, hidden ones too, as last loaded. The slice is the caller's own.
func (s *Snapshot) Categories(ctx context.Context) (Categories, error) {
	if _, _, err := s.current(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Clone(s.cats), nil
}

// ProductsByCode returns the products (active or not) with the given codes; unknown codes are absent.
func (s *Snapshot) ProductsByCode(ctx context.Context, codes []string) (map[string]Product, error) {
	_, byCode, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Product, len(codes))
	for _, c := range codes {
		if p, ok := byCode[c]; ok {
			out[c] = p
		}
	}
	return out, nil
}

func (s *Snapshot) fresh() bool {
	return s.valid && (s.maxAge <= 0 || s.now().Sub(s.loaded) < s.maxAge) && s.stock == s.stockVersion()
}

func (s *Snapshot) stockVersion() uint64 {
	if c, ok := s.src.(StockCounter); ok {
		return c.StockVersion()
	}
	return 0
}

func (s *Snapshot) current(ctx context.Context) ([]Product, map[string]Product, error) {
	s.mu.RLock()
	if s.fresh() {
		defer s.mu.RUnlock()
		return s.active, s.byCode, nil
	}
	s.mu.RUnlock()

	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	s.mu.RLock()
	ok := s.fresh() // another reader may have reloaded while this one waited
	s.mu.RUnlock()
	if !ok {
		if err := s.reload(ctx); err != nil {
			return nil, nil, err
		}
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.active, s.byCode, nil
}

func (s *Snapshot) reload(ctx context.Context) error {
	s.mu.RLock()
	gen := s.gen
	s.mu.RUnlock()
	// Read before the query: a stock change committed during it moves the count past this one, and the next read
	// loads again.
	stock := s.stockVersion()
	started := s.now()
	all, err := s.src.AllProducts(ctx)
	if err != nil {
		return fmt.Errorf("catalog: load snapshot: %w", err)
	}
	var cats Categories
	if cs, ok := s.src.(CategorySource); ok {
		if cats, err = cs.Categories(ctx); err != nil {
			return fmt.Errorf("catalog: load snapshot: %w", err)
		}
	}
	active := make([]Product, 0, len(all))
	byCode := make(map[string]Product, len(all))
	for _, p := range all {
		byCode[p.Code] = p
		if p.Active {
			active = append(active, p)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// The number moves only when the products did: the reload every maxAge usually finds nothing new, and pages
	// kept under the number (the shop's busiest) need not be built again for it.
	if !slices.EqualFunc(active, s.active, Product.Equal) || !maps.EqualFunc(byCode, s.byCode, Product.Equal) || !slices.Equal(cats, s.cats) {
		s.version++
	}
	// An Invalidate that arrived during the query stays in force: the rows read may predate the change, so they
	// serve this read but the next one loads again.
	s.active, s.byCode, s.cats, s.loaded, s.valid, s.stock = active, byCode, cats, started, s.gen == gen, stock
	return nil
}
