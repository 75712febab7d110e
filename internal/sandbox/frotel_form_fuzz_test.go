package sandbox

import (
	"net/http"
	"strings"
	"testing"
)

// The fake reads Frotel's PHP-style bodies from any client under test: whatever arrives, parsing and reading
// the fields and the basket answer an error at worst, never a panic.
func FuzzParsePHPForm(f *testing.F) {
	f.Add("api=k&send_type[0]=1&send_type[1]=2&basket[0][pro_code]=a&basket[0][price]=1000&basket[0][count]=1")
	f.Add("basket[]=x&basket[][pro_code]=y&basket[0]=z&basket[0][price]=-1")
	f.Add("a[b]c]=1&[x]=2&basket[9223372036854775807][count]=1&basket[]=2")
	f.Add("%ZZ&&=&basket[0][0][0][0]=1")
	f.Fuzz(func(t *testing.T, body string) {
		r, err := http.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		if err != nil {
			t.Skip()
		}
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		form, err := parsePHPForm(r)
		if err != nil {
			return
		}
		fs := form.fields()
		_ = fs.text("name", true)
		_ = fs.integer("price", true, 0)
		_ = fs.oneOf("send_type", false, registerSendTypes...)
		_ = form.node("send_type").list()
		for _, kind := range []string{"product", "virtual", "service"} {
			_, _ = readBasket(form, kind)
		}
	})
}
