package sandbox

import (
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// phpForm is a request body decoded the way PHP fills $_POST: keys with
// brackets build nested arrays (basket[0][pro_code], send_type[] appends).
type phpForm struct {
	root *phpNode
}

type phpNode struct {
	value string
	kids  map[string]*phpNode // nil for a scalar
	next  int                 // next index for "[]"
}

// parsePHPForm reads only form bodies (urlencoded or multipart), as PHP does;
// the query string and JSON bodies are ignored.
func parsePHPForm(r *http.Request) (*phpForm, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	if ct == "multipart/form-data" {
		err = r.ParseMultipartForm(1 << 20)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		return nil, err
	}
	root := &phpNode{kids: map[string]*phpNode{}}
	keys := make([]string, 0, len(r.PostForm))
	for k := range r.PostForm {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		name, path := splitPHPKey(k)
		for _, v := range r.PostForm[k] {
			root.set(append([]string{name}, path...), v)
		}
	}
	return &phpForm{root: root}, nil
}

// splitPHPKey turns "basket[0][pro_code]" into "basket", ["0", "pro_code"].
// A key with unbalanced brackets is taken literally.
func splitPHPKey(k string) (string, []string) {
	i := strings.IndexByte(k, '[')
	if i <= 0 || !strings.HasSuffix(k, "]") {
		return k, nil
	}
	name, rest := k[:i], k[i:]
	var path []string
	for rest != "" {
		if rest[0] != '[' {
			return k, nil
		}
		j := strings.IndexByte(rest, ']')
		if j < 0 {
			return k, nil
		}
		path = append(path, rest[1:j])
		rest = rest[j+1:]
	}
	return name, path
}

func (n *phpNode) set(path []string, v string) {
	seg := path[0]
	if n.kids == nil { // a later array key overrides an earlier scalar, as in PHP
		n.kids = map[string]*phpNode{}
	}
	if seg == "" {
		seg = strconv.Itoa(n.next)
	}
	if i, err := strconv.Atoi(seg); err == nil && i >= n.next {
		n.next = i + 1
	}
	if len(path) == 1 {
		n.kids[seg] = &phpNode{value: v}
		return
	}
	kid := n.kids[seg]
	if kid == nil || kid.kids == nil {
		kid = &phpNode{kids: map[string]*phpNode{}}
		n.kids[seg] = kid
	}
	kid.set(path[1:], v)
}

// list returns the children in index order (numeric keys first, ascending).
func (n *phpNode) list() []*phpNode {
	if n == nil {
		return nil
	}
	if n.kids == nil {
		return []*phpNode{n} // a scalar where a list was expected counts as one element
	}
	keys := make([]string, 0, len(n.kids))
	for k := range n.kids {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(a, b int) bool {
		ia, ea := strconv.Atoi(keys[a])
		ib, eb := strconv.Atoi(keys[b])
		switch {
		case ea == nil && eb == nil:
			return ia < ib
		case ea == nil:
			return true
		case eb == nil:
			return false
		}
		return keys[a] < keys[b]
	})
	out := make([]*phpNode, len(keys))
	for i, k := range keys {
		out[i] = n.kids[k]
	}
	return out
}

func (n *phpNode) get(name string) *phpNode {
	if n == nil || n.kids == nil {
		return nil
	}
	return n.kids[name]
}

func (n *phpNode) str(name string) string {
	k := n.get(name)
	if k == nil || k.kids != nil {
		return ""
	}
	return strings.TrimSpace(k.value)
}

func (p *phpForm) str(name string) string    { return p.root.str(name) }
func (p *phpForm) node(name string) *phpNode { return p.root.get(name) }

// fields reads typed values off one node, collecting the first error so the
// methods can validate a whole table of fields in a few lines.
type fields struct {
	n   *phpNode
	pre string // prefix for messages, e.g. "basket[0]"
	err *apiError
}

func (p *phpForm) fields() *fields { return &fields{n: p.root} }

func (fs *fields) label(name string) string {
	if fs.pre == "" {
		return name
	}
	return fs.pre + "[" + name + "]"
}

func (fs *fields) missing(name string) {
	if fs.err == nil {
		fs.err = fail(CodeMissingField, "فیلد "+fs.label(name)+" الزامی است")
	}
}

func (fs *fields) invalid(name string) {
	if fs.err == nil {
		fs.err = fail(CodeInvalidValue, "مقدار فیلد "+fs.label(name)+" نامعتبر است")
	}
}

// text returns a string field; required ones must be non-empty.
func (fs *fields) text(name string, required bool) string {
	v := fs.n.str(name)
	if v == "" && required {
		fs.missing(name)
	}
	return v
}

// integer parses a whole number; absent optional fields read as def.
func (fs *fields) integer(name string, required bool, def int64) int64 {
	v := fs.n.str(name)
	if v == "" {
		if required {
			fs.missing(name)
		}
		return def
	}
	i, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		fs.invalid(name)
		return def
	}
	return i
}

// percent parses an optional float percentage in 0..100.
func (fs *fields) percent(name string) float64 {
	v := fs.n.str(name)
	if v == "" {
		return 0
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || x < 0 || x > 100 {
		fs.invalid(name)
		return 0
	}
	return x
}

// oneOf parses an integer that must be one of allowed.
func (fs *fields) oneOf(name string, required bool, allowed ...int64) int64 {
	v := fs.integer(name, required, -1)
	if v == -1 && !required {
		return v
	}
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	fs.invalid(name)
	return v
}

func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
