// Package templates holds the shop's templ components and the plain view models handlers fill for them.
// Components only format what they are given: they never reach the database or an upstream.
package templates

import (
	"html"
	"strconv"
	"strings"

	"shop/internal/catalog"
	"shop/internal/iran"
	"shop/web/static"
)

// ShopName is the shop's built-in display name, until the owner sets one in the dashboard.
const ShopName = "فروشگاه ترنج"

// Page is what every page's layout needs.
type Page struct {
	Title     string
	CartCount int
	PriceUnit iran.PriceUnit
	Flash     Flash
	Sandbox   bool // upstreams are the built-in sandbox: say so in a thin banner
	RequestID string
	// ShopTitle and ShopContact come from the dashboard's settings; an empty title is ShopName.
	ShopTitle   string
	ShopContact string
	// Account: sign-in by mobile (/account, "my orders") is on; the header links it.
	Account bool
	// PrevURL and NextURL are a listing's neighbouring pages, for <link rel=prev/next> (empty elsewhere).
	PrevURL, NextURL string
}

// DisplayName is the shop's name as set in the dashboard, or the built-in one (the dashboard's layout uses it too).
func DisplayName(title string) string {
	if title == "" {
		return ShopName
	}
	return title
}

// Flash is a one-time message carried across a redirect.
type Flash struct {
	Kind    string // "ok" or "error"
	Message string
}

// ProductCard is a product as the grid and the product page show it.
type ProductCard struct {
	Code            string
	Name            string
	Description     string
	Kind            string
	KindLabel       string
	Image           string  // a bundled drawing's name (see Picture)
	Picture         Picture // the cards' picture: the first photo, or the drawing
	Price           int64   // one unit before discount, tax included (struck out when there is a discount)
	FinalPrice      int64   // one unit as the shopper pays it: discounted, tax included
	DiscountPercent int
	TaxPercent      int
	Weight          int64
	FreeShipping    bool
	SoldOut         bool  // counted and none left: «ناموجود», no add button
	Left            int64 // a few left: «فقط N عدد باقی مانده»; 0 when plenty (or unlimited)
	HasVariants     bool  // sold as one of its variants: cards link to the page to choose one
}

// VariantChoice is one variant as the product page offers it.
type VariantChoice struct {
	Code       string
	Label      string // «سایز: L، رنگ: آبی»
	Price      int64  // one unit before discount, tax included
	FinalPrice int64  // one unit as the shopper pays it
	SoldOut    bool
	Left       int64 // a few left; 0 when plenty or unlimited
	Selected   bool
}

// CatalogPage is GET / and GET /c/:slug (Category set).
type CatalogPage struct {
	Page
	Listing
	Products   []ProductCard
	Categories []Option // Value = slug, Label = name
	Category   Option   // the category shown; empty on the whole catalog
}

// SearchPage is GET /search?q=.
type SearchPage struct {
	Page
	Listing
	Query    string
	Products []ProductCard
	Back     string // this page's URL, for the add buttons
}

// ProductPage is GET /p/:code.
type ProductPage struct {
	Page
	Product  ProductCard
	InCart   int
	Category Option // empty when the product has none
	Related  []ProductCard
	Files    []string  // a downloadable product's files, as the seller describes them
	Photos   []Picture // every photo, in the seller's order (the drawing alone without photos)
	Thumbs   []Picture // links to each photo, when there are two or more
	// Variants are the combinations to choose from (none for most products); OptionNames names them («سایز و رنگ»).
	Variants    []VariantChoice
	OptionNames string
}

// CartLine is one line of the basket page.
type CartLine struct {
	Code      string
	Key       string // the line's key: the code, or code/variant
	Variant   string // the variant's code, "" for none
	Name      string // with the variant's options
	Picture   Picture
	KindLabel string
	Kind      string
	UnitPrice int64 // one unit as the shopper pays it: discounted, tax included
	ListPrice int64 // the line before discount, tax included
	Count     int
	Subtotal  int64
	Discount  int64
	Tax       int64
	Total     int64
	// MaxCount is the most the basket may hold of this line: 99, or what is left of a counted product.
	MaxCount int
	// StockNote tells the shopper the line asks for more than there is («ناموجود», «فقط N عدد باقی مانده»).
	StockNote string
}

// CartPage is GET /cart.
type CartPage struct {
	Page
	Lines      []CartLine
	ListPrice  int64 // the goods before discount, tax included
	Subtotal   int64
	Discount   int64
	Tax        int64
	Total      int64
	Weight     int64
	KindLabels []string
	Mixed      bool // more than one kind: checkout splits the basket into one order per kind
	Physical   bool // has goods to ship: shipping is quoted at checkout
	// FreeShipping: the parcel ships free; FreeShippingMissing: how much more of the goods makes it free (0: no
	// threshold, or free already).
	FreeShipping        bool
	FreeShippingMissing int64
}

// ErrorPage is the Persian error page.
type ErrorPage struct {
	Page
	Status  int
	Heading string
	Message string
}

func price(p Page, rials int64) string { return iran.FormatPrice(rials, p.PriceUnit) }

func num(n int64) string { return iran.FormatNumber(n) }

func digits(s string) string { return iran.PersianDigits(s) }

func asset(path string) string { return static.URL(path) }

func shopName(title string) string { return DisplayName(title) }

func img(name string) string { return ImageURL(name) }

func weight(grams int64) string { return Weight(grams) }

// ImageURL is where a product's picture is: an upload (catalog.Images, served on /product-images/) or one of the
// pictures bundled with the shop.
func ImageURL(name string) string {
	if catalog.UploadedImage(name) {
		return "/product-images/" + name
	}
	if name == "" {
		return static.URL("img/favicon.svg")
	}
	return static.URL("img/" + name)
}

// Weight shows grams as "۴۲۰ گرم" or "۱٫۲۵ کیلوگرم".
func Weight(grams int64) string {
	if grams < 1000 {
		return iran.FormatNumber(grams) + " گرم"
	}
	kg := strconv.FormatFloat(float64(grams)/1000, 'f', -1, 64) // a display of grams, not money
	return iran.PersianDigits(strings.Replace(kg, ".", "٫", 1)) + " کیلوگرم"
}

// factorID shows a factor number for reading: Persian digits, a 20-digit id grouped as Frotel prints it
// (۲۲-۰۰۰۰۰۰-…), other ids as they are. The page wraps it in a left-to-right <bdi>.
// FactorHTML is factorID with a line-break opportunity after each group mark, every group escaped (a factor
// comes from upstream).
func FactorHTML(id string) string {
	groups := strings.Split(factorID(id), "-")
	for i, g := range groups {
		groups[i] = html.EscapeString(g)
	}
	return strings.Join(groups, "-<wbr>")
}

func factorID(id string) string {
	if len(id) < 12 || strings.Trim(id, "0123456789") != "" {
		return iran.PersianDigits(id)
	}
	groups := []string{id[:2]}
	for rest := id[2:]; rest != ""; {
		n := min(6, len(rest))
		groups = append(groups, rest[:n])
		rest = rest[n:]
	}
	return iran.PersianDigits(strings.Join(groups, "-"))
}

// Listing is a catalog, category or search page's sort order and pages, with links that work without JavaScript.
type Listing struct {
	Path        string   // the page's path, where the sort form goes
	Self        string   // this page's own URL (sort and page kept), where an add to the basket comes back to
	Sort        string   // the order shown (catalog.Order); "" is the seller's own
	SortOptions []Option // the orders a shopper may choose
	Hidden      []Option // query parameters the sort form keeps (Label = name): a search's q
	Page, Pages int      // 1-based
	Total       int      // products in all pages
	Links       []PageLink
	PrevURL     string // "" on the first page
	NextURL     string // "" on the last page
}

// PageLink is one page's link in a listing's navigation.
type PageLink struct {
	Page    int
	URL     string
	Current bool
}
