package frotel

import (
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// RedirectForm is the bank redirect page, reduced to what the shop re-emits. Either Action is set (a form the
// shop prints itself, with its own button) or Page is (no form could be read, and the upstream page is shown as
// it is, only inside a sandboxed frame of its own origin).
type RedirectForm struct {
	Action string // absolute http(s) URL
	Method string // "GET" or "POST"
	Fields []Field
	// Page is the upstream HTML, after a <base target="_top"> so that its own links and forms leave the frame
	// for the bank; set only when Action is empty.
	Page string
}

// Field is one input of the bank form; the shop sends it as a hidden input.
type Field struct {
	Name  string
	Value string
}

// framedPagePrefix makes the upstream page's links and forms replace the whole tab (allowed on a click by the
// frame's sandbox), since banks refuse to be framed.
const framedPagePrefix = `<base target="_top">`

// ParseRedirectForm is ParseRedirectFormAt without a mirror URL: relative actions are not usable.
func ParseRedirectForm(s string) (RedirectForm, error) { return ParseRedirectFormAt(s, "") }

// ParseRedirectFormAt reads pay/continuePay HTML, which the spec says to print as it is and banks send as whole
// documents with visible inputs, onload handlers and auto-submit scripts. It takes the first form whose action,
// resolved against base (the mirror's URL the page came from) when relative, is an http(s) URL, and keeps every
// value that form would submit: named inputs of any type (hidden, text, checked boxes...), selects and textareas.
// Buttons, scripts, styles and everything outside the form are dropped; the shop renders its own button. When no
// such form exists the page itself comes back in Page, for a sandboxed frame. Only an empty page is an error.
func ParseRedirectFormAt(s, base string) (RedirectForm, error) {
	if strings.TrimSpace(s) == "" {
		return RedirectForm{}, fmt.Errorf("%w: empty page", ErrBadRedirectForm)
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return RedirectForm{}, fmt.Errorf("%w: %v", ErrBadRedirectForm, err)
	}
	var baseURL *url.URL
	if b, err := url.Parse(base); err == nil && b.IsAbs() {
		baseURL = b
	}
	var found *RedirectForm
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if found != nil {
			return
		}
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				return
			case atom.Form:
				if action, ok := formAction(n, baseURL); ok {
					f := RedirectForm{Action: action, Method: "POST"}
					if strings.EqualFold(strings.TrimSpace(attr(n, "method")), "get") {
						f.Method = "GET"
					}
					collectFields(&f, n)
					found = &f
					return
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if found == nil {
		return RedirectForm{Page: framedPagePrefix + s}, nil
	}
	return *found, nil
}

// formAction is a form's action as an absolute http(s) URL, if it has one.
func formAction(n *html.Node, base *url.URL) (string, bool) {
	raw := strings.TrimSpace(attr(n, "action"))
	if raw == "" {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", false
	}
	if !u.IsAbs() || u.Host == "" {
		if base == nil {
			return "", false
		}
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	return u.String(), true
}

// collectFields keeps what the form would send when submitted by a script (no submitter): named inputs except
// buttons, files and unchecked boxes, the selected option of each select, the text of each textarea.
func collectFields(out *RedirectForm, form *html.Node) {
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				continue
			case atom.Input:
				addInput(out, c)
				continue
			case atom.Select:
				if name := attr(c, "name"); name != "" && !hasAttr(c, "disabled") {
					if v, ok := selectedOption(c); ok {
						out.Fields = append(out.Fields, Field{Name: name, Value: v})
					}
				}
				continue
			case atom.Textarea:
				if name := attr(c, "name"); name != "" && !hasAttr(c, "disabled") {
					out.Fields = append(out.Fields, Field{Name: name, Value: textOf(c)})
				}
				continue
			}
			walk(c)
		}
	}
	walk(form)
}

func addInput(out *RedirectForm, n *html.Node) {
	name := attr(n, "name")
	if name == "" || hasAttr(n, "disabled") {
		return // never submitted
	}
	switch strings.ToLower(strings.TrimSpace(attr(n, "type"))) {
	case "submit", "button", "image", "reset", "file":
		return
	case "checkbox", "radio":
		if !hasAttr(n, "checked") {
			return
		}
		v := attr(n, "value")
		if !hasAttr(n, "value") {
			v = "on"
		}
		out.Fields = append(out.Fields, Field{Name: name, Value: v})
	default:
		out.Fields = append(out.Fields, Field{Name: name, Value: attr(n, "value")})
	}
}

// selectedOption is the value a select submits: its selected option, else its first.
func selectedOption(sel *html.Node) (string, bool) {
	var first, chosen *html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == atom.Option {
				if first == nil {
					first = c
				}
				if chosen == nil && hasAttr(c, "selected") {
					chosen = c
				}
				continue
			}
			walk(c)
		}
	}
	walk(sel)
	if chosen == nil {
		chosen = first
	}
	if chosen == nil {
		return "", false
	}
	if hasAttr(chosen, "value") {
		return attr(chosen, "value"), true
	}
	return strings.TrimSpace(textOf(chosen)), true
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				b.WriteString(c.Data)
			}
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return true
		}
	}
	return false
}
