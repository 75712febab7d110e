package web

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"hash/maphash"
	"net/http"
	"strings"
	"sync"

	"github.com/a-h/templ"
	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/klauspost/compress/gzip"
	"github.com/labstack/echo/v4"
	"golang.org/x/sync/singleflight"

	"shop/internal/web/httpkit"
	"shop/web/templates"
)

// A shopper's page differs from the next shopper's mostly by one thing: the CSRF token in its forms (masked afresh
// for every page, so that compression cannot leak it). Pages are therefore rendered with tokenPlaceholder in the
// token's place, and render puts the shopper's token in last. That makes the rest of the page, byte for byte, a
// value many requests share, and its compression can be shared too: gzipping each catalog page again was a
// quarter of its CPU under load.
//
// pageCache keeps such pages compressed once with a hole wherever the token goes: the catalog's pages by what they
// show (renderView: not even rendered again), other pages by their bytes once seen twice (send: rendered and
// hashed). A request then costs a lookup, a copy and a few CRC steps: the compressed pieces are sent as they are
// and the token goes into each hole as a stored (uncompressed) deflate block, so the token never takes part in the
// compression at all. The page is compressed as one stream (a later part may refer back to an earlier one, across
// the holes) because the holes are filled with a byte the page never contains, and each hole has the token's
// exact length: no back-reference can reach into a hole, and every distance stays right once the token is in.

// tokenPlaceholder is this process's stand-in for the token; it is random so that nobody can make a page (a
// search box, say) carry it and so have the shopper's token written somewhere the shop did not mean.
var tokenPlaceholder = func() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return "csrf-" + hex.EncodeToString(b)
}()

const (
	ctxPageToken = "shop.page_token"
	holeByte     = 0x01 // a control character templ never writes and a page's text never holds (checked)
	// viewCacheSize bounds the catalog's pages kept by what they show (renderView): the catalog, each category and
	// each product, with each basket count they are seen with. An entry is the page and its compressed form, about
	// 20 KB.
	viewCacheSize = 128
	// pageCacheSize bounds the other pages kept by their bytes (send): pages many shoppers see alike, such as an
	// empty basket or a popular search. A page is kept on its second sighting; seenSize bounds
	// the hashes of pages seen once.
	pageCacheSize = 32
	seenSize      = 512
)

// isPersonal says whether a page shows one shopper's own details (their checkout form, orders, tracking): such a
// page is never kept, neither by its bytes nor by its hash.
func isPersonal(path string) bool {
	for _, prefix := range []string{"/checkout", "/orders/", "/track", "/payment/"} {
		if strings.HasPrefix(path, prefix) {
			return true
		}
	}
	return false
}

// formToken is the value a page's forms carry: the placeholder, with the shopper's masked token kept in the
// request for render to put in.
func (s *Server) formToken(c echo.Context) string {
	if _, ok := c.Get(ctxPageToken).(string); !ok {
		c.Set(ctxPageToken, s.csrfToken(c))
	}
	return tokenPlaceholder
}

type pageCache struct {
	seed    maphash.Seed
	seen    *lru.Cache[uint64, struct{}]
	entries *lru.Cache[uint64, *stitchedPage]
	views   *lru.Cache[viewKey, *stitchedPage]
	// building lets one request build a page not kept yet while the others asking for it wait.
	building singleflight.Group
}

// viewKey names a page by everything it shows, so that the catalog's pages, the most visited, are neither built
// nor rendered again while none of it changes (renderView).
type viewKey struct {
	route   string         // the path, with whatever the handler read from it
	version uint64         // the catalog load the page was built from (catalog.Snapshot.Shared)
	extra   int            // one more number the page shows: the product page's count in the basket
	page    templates.Page // the layout's parts; the token and the request id are left out
}

func newPageCache() *pageCache {
	// New fails only for a size ≤ 0.
	seen, _ := lru.New[uint64, struct{}](seenSize)
	entries, _ := lru.New[uint64, *stitchedPage](pageCacheSize)
	views, _ := lru.New[viewKey, *stitchedPage](viewCacheSize)
	return &pageCache{seed: maphash.MakeSeed(), seen: seen, entries: entries, views: views}
}

// renderView serves the page named key: from the cache when it is there, else built, rendered and kept. A page
// with a one-time message is not kept; without a key (the catalog cannot say its version) it is render.
func (s *Server) renderView(c echo.Context, key *viewKey, build func() (templ.Component, error)) error {
	token, hasToken := c.Get(ctxPageToken).(string)
	if key != nil && hasToken && key.page.Flash.Message == "" {
		key.page.CSRF, key.page.RequestID = "", ""
		if e, ok := s.pages.views.Get(*key); ok && e.holeLen == len(token) {
			c.Response().Header().Set("Cache-Control", "no-store")
			return s.pages.serve(c, http.StatusOK, e, token)
		}
	} else {
		key = nil
	}
	if key == nil {
		component, err := build()
		if err != nil {
			return err
		}
		return s.render(c, http.StatusOK, component)
	}
	// Shoppers who ask for a page not kept yet at the same moment (a campaign's first minute, the catalog just
	// edited) wait for one of them to build it rather than each building it.
	v, err, _ := s.pages.building.Do(fmt.Sprintf("%#v", *key), func() (any, error) {
		component, err := build()
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := component.Render(c.Request().Context(), &buf); err != nil {
			return nil, err
		}
		if !keepable(buf.Bytes()) {
			return buf.Bytes(), nil // not kept: each request sends it filled in
		}
		e, err := stitch(buf.Bytes(), len(token))
		if err != nil {
			return nil, err
		}
		s.pages.views.Add(*key, e)
		return e, nil
	})
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	if e, ok := v.(*stitchedPage); ok {
		return s.pages.serve(c, http.StatusOK, e, token)
	}
	return sendFilled(c, http.StatusOK, v.([]byte), token)
}

// serve writes a kept page with token in its holes: as it is kept, gzipped, or filled in for a client without gzip.
func (pc *pageCache) serve(c echo.Context, status int, e *stitchedPage, token string) error {
	if !httpkit.AcceptsGzip(c.Request()) || len(token) != e.holeLen {
		return sendFilled(c, status, e.page, token)
	}
	buf := stitchBuffers.Get().(*[]byte)
	defer stitchBuffers.Put(buf)
	*buf = e.appendGzip((*buf)[:0], token)
	return httpkit.SendGzipped(c, status, echo.MIMETextHTMLCharsetUTF8, *buf)
}

// send writes page (rendered with tokenPlaceholder) with token in the placeholder's place, gzipped when the
// client accepts it and the page is long enough; shared says whether the page may be kept (mayKeep).
func (pc *pageCache) send(c echo.Context, status int, page []byte, token string, shared bool) error {
	if !shared || !keepable(page) || !httpkit.AcceptsGzip(c.Request()) {
		return sendFilled(c, status, page, token)
	}
	key := maphash.Bytes(pc.seed, page)
	e, ok := pc.entries.Get(key)
	if !ok || !bytes.Equal(e.page, page) || len(token) != e.holeLen {
		if seen, _ := pc.seen.ContainsOrAdd(key, struct{}{}); !seen {
			return sendFilled(c, status, page, token)
		}
		var err error
		if e, err = stitch(page, len(token)); err != nil {
			return err
		}
		pc.entries.Add(key, e)
	}
	return pc.serve(c, status, e, token)
}

// keepable says whether a rendered page can be kept with holes: long enough to be gzipped at all, and free of the
// byte the holes are filled with.
func keepable(page []byte) bool {
	return len(page) >= httpkit.GzipMinLength && bytes.IndexByte(page, holeByte) < 0
}

var (
	filledBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}
	stitchBuffers = sync.Pool{New: func() any { return new([]byte) }}
	// stitchWriters keep their compressor's tables (most of a megabyte) for the next page kept, rather than
	// leaving them to the collector each time.
	stitchWriters = sync.Pool{New: func() any {
		w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression) // fails only for a level out of range
		return w
	}}
)

// sendFilled sends page with token in the placeholder's place, as httpkit.SendCompressed would; the filled page is built
// in a pooled buffer (a checkout form is tens of kilobytes, and a fresh copy per request showed in the profile).
func sendFilled(c echo.Context, status int, page []byte, token string) error {
	buf := filledBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer filledBuffers.Put(buf)
	ph := []byte(tokenPlaceholder)
	for {
		i := bytes.Index(page, ph)
		if i < 0 {
			break
		}
		buf.Write(page[:i])
		buf.WriteString(token)
		page = page[i+len(ph):]
	}
	buf.Write(page)
	return httpkit.SendCompressed(c, status, echo.MIMETextHTMLCharsetUTF8, buf.Bytes())
}

// stitchedPage is a page compressed once with holes for the token.
type stitchedPage struct {
	page   []byte   // the page as rendered, with the placeholder: the cache's key, compared in full
	static [][]byte // the page's parts between placeholders (len(holes)+1 of them), for the CRC
	gz     [][]byte // the gzip stream's pieces between the holes: header first, last without the trailer
	// repeat[i] fills hole i when it is not the first: a block that copies the token from the hole before (the
	// same token in every hole of a page), so each later hole costs a few bytes instead of the token again. Nil
	// when the hole before is too far back for deflate (32 KB): that hole gets the token in full.
	repeat  [][]byte
	holeLen int
	size    int // the page's length with the token in
	crc     pageCRC
}

// pageCRC gives the gzip trailer's CRC-32 of the page with any token in its holes without reading the page again
// (that was a twentieth of a kept page's CPU). The CRC is affine in the message's bits: the page's CRC with the
// holes zeroed, XOR a linear map of the token's own CRC, whose 32 columns depend only on where the holes are.
type pageCRC struct {
	zeroed  uint32     // the IEEE CRC of the page with every hole's bytes zero
	columns [32]uint32 // the map: what bit b of the token's raw CRC adds
}

// rawCRC is the CRC register's plain update from state over p, without the pre- and post-inversion.
func rawCRC(state uint32, p []byte) uint32 { return ^crc32.Update(^state, crc32.IEEETable, p) }

func newPageCRC(static [][]byte, holeLen int) pageCRC {
	var c pageCRC
	zeros := make([]byte, holeLen)
	h := crc32.NewIEEE()
	longest := 0
	for i, part := range static {
		h.Write(part)
		if i < len(static)-1 {
			h.Write(zeros)
		}
		longest = max(longest, len(part)+holeLen)
	}
	c.zeroed = h.Sum32()
	if len(static) == 1 {
		return c
	}
	// A token's raw CRC t, followed by n zero bytes, becomes rawCRC(t, zeros(n)): linear in t. The holes' sum is
	// taken Horner's way, hole by hole, for each bit of t.
	gap := make([]byte, longest)
	for b := range c.columns {
		acc := uint32(0)
		for i := 1; i < len(static); i++ {
			if i > 1 {
				acc = rawCRC(acc, gap[:len(static[i-1])+holeLen]) // from the end of hole i-2 to the end of hole i-1
			}
			acc ^= 1 << b
		}
		c.columns[b] = rawCRC(acc, gap[:len(static[len(static)-1])]) // the part after the last hole
	}
	return c
}

// sum is the CRC of the page with token in every hole.
func (c *pageCRC) sum(token string) uint32 {
	t := rawCRC(0, []byte(token))
	out := c.zeroed
	for b := range c.columns {
		if t&(1<<b) != 0 {
			out ^= c.columns[b]
		}
	}
	return out
}

func stitch(page []byte, holeLen int) (*stitchedPage, error) {
	e := &stitchedPage{page: bytes.Clone(page), holeLen: holeLen}
	e.static = bytes.Split(e.page, []byte(tokenPlaceholder))
	hole := bytes.Repeat([]byte{holeByte}, holeLen)
	var out bytes.Buffer
	zw := stitchWriters.Get().(*gzip.Writer)
	defer stitchWriters.Put(zw)
	zw.Reset(&out)
	start := 0
	for i, part := range e.static {
		if _, err := zw.Write(part); err != nil {
			return nil, err
		}
		if i == len(e.static)-1 {
			break
		}
		// A sync flush ends the compressed data so far on a byte boundary; what the hole compresses to, up to the
		// next flush, is cut out and a stored block with the token takes its place per request.
		if err := zw.Flush(); err != nil {
			return nil, err
		}
		e.gz = append(e.gz, out.Bytes()[start:out.Len()])
		if _, err := zw.Write(hole); err != nil {
			return nil, err
		}
		if err := zw.Flush(); err != nil {
			return nil, err
		}
		start = out.Len()
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	e.gz = append(e.gz, out.Bytes()[start:out.Len()-8]) // the trailer (CRC, length) is the request's own
	e.repeat = make([][]byte, len(e.static)-1)
	for i := 1; i < len(e.repeat); i++ {
		// From the start of hole i back to the start of hole i-1: the part between and one token.
		e.repeat[i] = copyBlock(holeLen, len(e.static[i])+holeLen)
	}
	e.size = len(e.page) - (len(e.static)-1)*(len(tokenPlaceholder)-holeLen)
	e.crc = newPageCRC(e.static, holeLen)
	return e, nil
}

// appendGzip appends the whole gzip stream of the page with token in every hole.
func (e *stitchedPage) appendGzip(dst []byte, token string) []byte {
	for i, part := range e.gz {
		dst = append(dst, part...)
		if i == len(e.gz)-1 {
			break
		}
		if e.repeat[i] != nil {
			dst = append(dst, e.repeat[i]...)
		} else {
			// A stored block, not the last: BFINAL=0, BTYPE=00 on a byte boundary, then LEN and its complement.
			dst = append(dst, 0)
			dst = binary.LittleEndian.AppendUint16(dst, uint16(len(token)))
			dst = binary.LittleEndian.AppendUint16(dst, ^uint16(len(token)))
			dst = append(dst, token...)
		}
	}
	dst = binary.LittleEndian.AppendUint32(dst, e.crc.sum(token))
	return binary.LittleEndian.AppendUint32(dst, uint32(e.size))
}

// mayKeep says whether the request's page may be kept: not a dashboard page (customers' details) and not one
// shopper's own page.
func mayKeep(c echo.Context) bool {
	p := c.Request().URL.Path
	return !strings.HasPrefix(p, "/admin") && !isPersonal(p)
}

// copyBlock is a deflate block (RFC 1951, fixed Huffman codes) that copies length bytes from distance bytes back,
// followed by an empty stored block so the stream is on a byte boundary again, as after a sync flush. It is nil
// when deflate cannot say it in one match (length 3–258, distance 1–32768).
func copyBlock(length, distance int) []byte {
	if length < 3 || length > 258 || distance < 1 || distance > 32768 {
		return nil
	}
	var w bitWriter
	w.bits(0, 1) // BFINAL: more blocks follow
	w.bits(1, 2) // BTYPE 01: fixed Huffman codes
	sym, extra, nExtra := lengthCode(length)
	if sym < 280 {
		w.code(uint32(sym-256), 7) // 256–279: seven-bit codes from 0000000
	} else {
		w.code(uint32(0xc0+sym-280), 8) // 280–287: eight-bit codes from 11000000
	}
	w.bits(extra, nExtra)
	dsym, dextra, nDextra := distanceCode(distance)
	w.code(uint32(dsym), 5) // distance codes are five bits, the code itself
	w.bits(dextra, nDextra)
	w.code(0, 7)                           // 256: end of block
	w.bits(0, 3)                           // an empty stored block: BFINAL=0, BTYPE=00,
	w.align()                              // padding to the byte,
	return append(w.out, 0, 0, 0xff, 0xff) // LEN 0 and its complement
}

// The base of each length symbol (257–285) and distance symbol (0–29), and their extra bits (RFC 1951, 3.2.5).
var (
	lengthBase  = [...]int{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [...]uint{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [...]int{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [...]uint{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
)

// lengthCode is the deflate symbol (257–285) of a match length and its extra bits.
func lengthCode(n int) (sym int, extra uint32, nExtra uint) {
	i := len(lengthBase) - 1
	for lengthBase[i] > n {
		i--
	}
	return 257 + i, uint32(n - lengthBase[i]), lengthExtra[i]
}

// distanceCode is the deflate distance symbol (0–29) of a distance and its extra bits.
func distanceCode(d int) (sym int, extra uint32, nExtra uint) {
	i := len(distBase) - 1
	for distBase[i] > d {
		i--
	}
	return i, uint32(d - distBase[i]), distExtra[i]
}

// bitWriter packs bits as deflate does: least significant first; Huffman codes go most significant bit first.
type bitWriter struct {
	out  []byte
	acc  uint64
	nAcc uint
}

func (w *bitWriter) bits(v uint32, n uint) {
	w.acc |= uint64(v) << w.nAcc
	w.nAcc += n
	for w.nAcc >= 8 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
		w.nAcc -= 8
	}
}

func (w *bitWriter) code(c uint32, n uint) {
	var r uint32
	for i := uint(0); i < n; i++ {
		r = r<<1 | (c>>i)&1
	}
	w.bits(r, n)
}

func (w *bitWriter) align() {
	if w.nAcc > 0 {
		w.bits(0, 8-w.nAcc)
	}
}
