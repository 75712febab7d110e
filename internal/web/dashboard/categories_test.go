package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"shop/internal/admin"
	"shop/internal/web/webtest"
)

// shopCategories is the shop's category navigation on page, in order (the slugs of its links).
func shopCategories(p webtest.Page) []string {
	var out []string
	nav := p.Find("categories")
	if nav == nil {
		return nil
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "a" {
			for _, a := range n.Attr {
				if a.Key == "data-testid" && strings.HasPrefix(a.Val, "category-") {
					out = append(out, strings.TrimPrefix(a.Val, "category-"))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(nav)
	return out
}

func TestAdminCategoryCreateRefusals(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	tests := []struct {
		name, catName, slug, wantField string
	}{
		{"no name", "", "nuts", "name"},
		{"name of spaces", "   ", "nuts", "name"},
		{"name too long", strings.Repeat("خ", 61), "nuts", "name"},
		{"no slug", "آجیل", "", "slug"},
		{"slug in capitals", "آجیل", "Nuts", "slug"},
		{"slug with a space", "آجیل", "dried fruit", "slug"},
		{"slug in Persian", "آجیل", "آجیل", "slug"},
		{"slug with underscore", "آجیل", "dried_fruit", "slug"},
		{"slug ending in a dash", "آجیل", "nuts-", "slug"},
		{"slug too long", "آجیل", strings.Repeat("a", 41), "slug"},
		{"slug taken", "خوراکی دیگر", "food", "slug"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Submit("/admin/categories", "/admin/categories", url.Values{"name": {tt.catName}, "slug": {tt.slug}})
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422\n%s", r.Status, r.Body)
			}
			msg, ok := r.Text("error-" + tt.wantField)
			if !ok || !persianLetters.MatchString(msg) {
				t.Fatalf("no Persian message beside %q (got %q)", tt.wantField, msg)
			}
			if got := r.Attr("c-slug", "value"); got != strings.TrimSpace(tt.slug) {
				t.Errorf("the slug came back as %q", got)
			}
		})
	}
	cats, err := s.Store.Categories(context.Background())
	if err != nil || len(cats) != 4 {
		t.Fatalf("refused forms saved something: %+v, %v", cats, err)
	}
	if food, _ := cats.Find("food"); food.Name != "خوراکی و نوشیدنی" {
		t.Errorf("the taken slug's category changed: %+v", food)
	}
}

func TestAdminCategoriesEditTheShop(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	c := signedIn(t, s)
	ctx := context.Background()

	list := c.Get("/admin/categories")
	if list.Status != http.StatusOK || len(list.FindAll("category-row")) != 4 || !list.Has("nav-categories") {
		t.Fatalf("list: status %d, %d rows", list.Status, len(list.FindAll("category-row")))
	}
	if got, want := shopCategories(c.Get("/")), []string{"food", "home", "learning", "services"}; !slices.Equal(got, want) {
		t.Fatalf("shop navigation %v, want the demo's %v", got, want)
	}

	t.Run("create", func(t *testing.T) {
		r := c.Submit("/admin/categories", "/admin/categories", url.Values{"name": {"آجیل و خشکبار"}, "slug": {"nuts"}})
		if r.Status != http.StatusSeeOther || r.Location != "/admin/categories?done=category-created" {
			t.Fatalf("status %d location %q\n%s", r.Status, r.Location, r.Body)
		}
		if p := c.Get("/c/nuts"); p.Status != http.StatusOK || !p.Has("category-empty") || !strings.Contains(p.Body, "آجیل و خشکبار") {
			t.Fatalf("/c/nuts: status %d", p.Status)
		}
		if got := shopCategories(c.Get("/")); !slices.Equal(got, []string{"food", "home", "learning", "services", "nuts"}) {
			t.Fatalf("a new category goes last: %v", got)
		}
	})

	t.Run("the product form chooses one", func(t *testing.T) {
		edit := c.Get("/admin/products/saffron-1m")
		sel := edit.Find("p-category")
		if sel == nil || attrOf(sel, "name") != "category" {
			t.Fatal("no select named category")
		}
		if !strings.Contains(edit.Body, `value="nuts"`) {
			t.Fatal("the select does not offer the new category")
		}
		form := url.Values{"name": {"پسته"}, "kind": {"physical"}, "price": {"500000"}, "weight": {"500"}, "code": {"pistachio"},
			"category": {"nuts"}}
		if r := submitProduct(c, "/admin/products/new", "/admin/products", form); r.Status != http.StatusSeeOther {
			t.Fatalf("create in nuts: status %d\n%s", r.Status, r.Body)
		}
		if p := c.Get("/c/nuts"); !p.Has("product-pistachio") {
			t.Fatal("/c/nuts does not list its product")
		}
		form.Set("code", "walnut")
		form.Set("category", "no-such")
		r := submitProduct(c, "/admin/products/new", "/admin/products", form)
		if msg, ok := r.Text("error-category"); r.Status != http.StatusUnprocessableEntity || !ok || !persianLetters.MatchString(msg) {
			t.Fatalf("unknown category: status %d, message %q", r.Status, msg)
		}
	})

	t.Run("rename shows at once", func(t *testing.T) {
		before := c.Get("/c/food") // kept now
		if !strings.Contains(before.Body, "خوراکی و نوشیدنی") {
			t.Fatal("the food page lacks its name")
		}
		c.Get("/p/saffron-1m")
		r := c.Submit("/admin/categories", "/admin/categories/food", url.Values{"name": {"خوراکی‌ها"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("rename: status %d\n%s", r.Status, r.Body)
		}
		after := c.Get("/c/food")
		if h1 := after.Body; !strings.Contains(h1, "خوراکی‌ها") || strings.Contains(h1, "خوراکی و نوشیدنی") {
			t.Fatal("the kept category page still shows the old name")
		}
		if got, _ := c.Get("/").Text("category-food"); got != "خوراکی‌ها" {
			t.Fatalf("the navigation says %q", got)
		}
		if got, _ := c.Get("/p/saffron-1m").Text("crumb-category"); got != "خوراکی‌ها" {
			t.Fatalf("the product page's crumb says %q", got)
		}
		r = c.Submit("/admin/categories", "/admin/categories/food", url.Values{"name": {""}})
		if msg, ok := r.Text("error-category-food"); r.Status != http.StatusUnprocessableEntity || !ok || !persianLetters.MatchString(msg) {
			t.Fatalf("empty rename: status %d, message %q", r.Status, msg)
		}
		if r := c.Submit("/admin/categories", "/admin/categories/no-such", url.Values{"name": {"x"}}); r.Status != http.StatusNotFound {
			t.Fatalf("rename an unknown category: status %d", r.Status)
		}
	})

	t.Run("order", func(t *testing.T) {
		if r := c.Submit("/admin/categories", "/admin/categories/nuts/up", nil); r.Status != http.StatusSeeOther {
			t.Fatalf("up: status %d", r.Status)
		}
		if r := c.Submit("/admin/categories", "/admin/categories/food/down", nil); r.Status != http.StatusSeeOther {
			t.Fatalf("down: status %d", r.Status)
		}
		want := []string{"home", "food", "learning", "nuts", "services"}
		if got := shopCategories(c.Get("/")); !slices.Equal(got, want) {
			t.Fatalf("after the moves the shop lists %v, want %v", got, want)
		}
		// The first cannot go up, nor the last down; the list offers neither button.
		c.Submit("/admin/categories", "/admin/categories/home/up", nil)
		c.Submit("/admin/categories", "/admin/categories/services/down", nil)
		if got := shopCategories(c.Get("/")); !slices.Equal(got, want) {
			t.Fatalf("moves past the ends changed the order: %v", got)
		}
		list := c.Get("/admin/categories")
		if list.Has("category-up-home") || list.Has("category-down-services") || !list.Has("category-up-food") {
			t.Error("the list offers a move past an end, or lacks one")
		}
	})

	t.Run("hide and show", func(t *testing.T) {
		if r := c.Submit("/admin/categories", "/admin/categories/food/hide", nil); r.Status != http.StatusSeeOther {
			t.Fatalf("hide: status %d", r.Status)
		}
		if p := c.Get("/c/food"); p.Status != http.StatusNotFound {
			t.Fatalf("hidden category: status %d, want 404", p.Status)
		}
		home := c.Get("/")
		if slices.Contains(shopCategories(home), "food") || !home.Has("product-saffron-1m") {
			t.Fatal("a hidden category is still linked, or its products left the catalog")
		}
		if c.Get("/p/saffron-1m").Has("crumb-category") {
			t.Error("a product page links a hidden category")
		}
		if !c.Get("/admin/categories").Has("category-hidden") {
			t.Error("the list does not mark the hidden category")
		}
		if r := c.Submit("/admin/categories", "/admin/categories/food/show", nil); r.Status != http.StatusSeeOther {
			t.Fatalf("show: status %d", r.Status)
		}
		if p := c.Get("/c/food"); p.Status != http.StatusOK {
			t.Fatalf("shown again: status %d", p.Status)
		}
	})

	t.Run("one level of parents", func(t *testing.T) {
		r := c.Submit("/admin/categories", "/admin/categories", url.Values{"name": {"زعفران"}, "slug": {"saffron"}, "parent": {"food"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create a child: status %d\n%s", r.Status, r.Body)
		}
		form := url.Values{"name": {"زعفران نیم مثقال"}, "kind": {"physical"}, "price": {"500000"}, "weight": {"10"},
			"code": {"saffron-half"}, "category": {"saffron"}}
		if r := submitProduct(c, "/admin/products/new", "/admin/products", form); r.Status != http.StatusSeeOther {
			t.Fatalf("a product in the child: status %d\n%s", r.Status, r.Body)
		}
		food := c.Get("/c/food")
		if !food.Has("product-saffron-half") || !food.Has("product-lahijan-tea-500") {
			t.Fatal("the parent does not show its child's products with its own")
		}
		if p := c.Get("/c/saffron"); !p.Has("product-saffron-half") || p.Has("product-lahijan-tea-500") {
			t.Fatal("the child shows other products than its own")
		}
		if got := shopCategories(c.Get("/")); slices.Index(got, "saffron") != slices.Index(got, "food")+1 {
			t.Fatalf("the child is not listed after its parent: %v", got)
		}
		for name, form := range map[string]url.Values{
			"a child of a child":         {"name": {"x"}, "slug": {"grade-a"}, "parent": {"saffron"}},
			"a parent that is not there": {"name": {"x"}, "slug": {"grade-a"}, "parent": {"no-such"}},
		} {
			r := c.Submit("/admin/categories", "/admin/categories", form)
			if msg, ok := r.Text("error-parent"); r.Status != http.StatusUnprocessableEntity || !ok || !persianLetters.MatchString(msg) {
				t.Errorf("%s: status %d, message %q", name, r.Status, msg)
			}
		}
		// A category with children cannot become a child.
		r = c.Submit("/admin/categories", "/admin/categories/food", url.Values{"name": {"خوراکی‌ها"}, "parent": {"home"}})
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("a parent made a child: status %d", r.Status)
		}
		if r := c.Submit("/admin/categories", "/admin/categories/saffron/hide", nil); r.Status != http.StatusSeeOther {
			t.Fatal("hide the child")
		}
		if c.Get("/c/food").Has("product-saffron-half") {
			t.Error("the parent still shows a hidden child's products")
		}
	})

	cats, err := s.Store.Categories(ctx)
	if err != nil || len(cats) != 6 {
		t.Fatalf("categories at the end: %+v, %v", cats, err)
	}
}

// Staff edit categories as they edit products; the forms need the page's token like every dashboard form.
func TestAdminCategoriesStaffAndToken(t *testing.T) {
	s := newFullShop(t, shopOptions{})
	if _, err := s.Accounts.SaveAccount(context.Background(), "clerk@shop.test", "a clerk's long password", admin.Staff); err != nil {
		t.Fatal(err)
	}
	c := signedInAs(t, s, "clerk@shop.test", "a clerk's long password")
	if p := c.Get("/admin/categories"); p.Status != http.StatusOK {
		t.Fatalf("staff: status %d", p.Status)
	}
	if r := c.Post("/admin/categories", url.Values{"name": {"آجیل"}, "slug": {"nuts"}}); r.Status != http.StatusForbidden {
		t.Fatalf("no token: status %d, want 403", r.Status)
	}
	if r := c.Submit("/admin/categories", "/admin/categories", url.Values{"name": {"آجیل"}, "slug": {"nuts"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("staff create: status %d", r.Status)
	}
	if p := webtest.NewClient(t, s.URL).Get("/admin/categories"); p.Status == http.StatusOK && p.Has("categories") {
		t.Fatal("a visitor sees the categories page")
	}
}

func attrOf(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}
