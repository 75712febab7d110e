package frotel

import (
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// RedirectForm is the bank redirect form, reduced to what the shop re-emits:
// the upstream HTML itself is never kept or printed.
type RedirectForm struct {
	Action string // absolute http(s) URL
	Method string // "GET" or "POST"
	Fields []Field
}

// Field is one hidden input.
type Field struct {
	Name  string
	Value string
}

// ParseRedirectForm reads pay/continuePay HTML into an allow-listed form:
// exactly one <form>, an absolute http(s) action, GET or POST (POST when
// absent), and only hidden inputs. Submit buttons are dropped (the shop
// renders its own), scripts and everything outside the form are ignored,
// and any other control is an error, because the shopper would have to fill
// it in on a page we did not design.
func ParseRedirectForm(s string) (RedirectForm, error) {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return RedirectForm{}, fmt.Errorf("%w: %v", ErrBadRedirectForm, err)
	}
	var forms []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Form {
			forms = append(forms, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if len(forms) != 1 {
		return RedirectForm{}, fmt.Errorf("%w: %d forms", ErrBadRedirectForm, len(forms))
	}
	f := forms[0]

	action := strings.TrimSpace(attr(f, "action"))
	u, err := url.Parse(action)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return RedirectForm{}, fmt.Errorf("%w: action %q is not an absolute http(s) URL", ErrBadRedirectForm, truncate(action, 80))
	}
	out := RedirectForm{Action: u.String(), Method: "POST"}
	switch m := strings.ToUpper(strings.TrimSpace(attr(f, "method"))); m {
	case "", "POST":
	case "GET":
		out.Method = "GET"
	default:
		return RedirectForm{}, fmt.Errorf("%w: method %q", ErrBadRedirectForm, truncate(m, 20))
	}

	var fieldErr error
	var fields func(n *html.Node)
	fields = func(n *html.Node) {
		for c := n.FirstChild; c != nil && fieldErr == nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				continue // never kept, never descended into
			case atom.Input:
				fieldErr = addInput(&out, c)
				continue
			case atom.Select, atom.Textarea:
				fieldErr = fmt.Errorf("%w: <%s> control", ErrBadRedirectForm, c.Data)
				continue
			}
			fields(c)
		}
	}
	fields(f)
	if fieldErr != nil {
		return RedirectForm{}, fieldErr
	}
	return out, nil
}

func addInput(out *RedirectForm, n *html.Node) error {
	switch typ := strings.ToLower(strings.TrimSpace(attr(n, "type"))); typ {
	case "hidden":
		name := attr(n, "name")
		if name == "" {
			return nil // a nameless input is never submitted
		}
		out.Fields = append(out.Fields, Field{Name: name, Value: attr(n, "value")})
		return nil
	case "submit", "button", "image", "reset":
		return nil
	default:
		if typ == "" {
			typ = "text"
		}
		return fmt.Errorf("%w: input of type %q", ErrBadRedirectForm, truncate(typ, 20))
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}
