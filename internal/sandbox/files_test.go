package sandbox

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strings"
	"testing"
	"time"
)

type linksResult struct {
	Error   int             `json:"error"`
	Message json.RawMessage `json:"message"`
}

type linkInfo struct {
	Name   string `json:"name"`
	Size   string `json:"size"`
	Mime   string `json:"mime"`
	Count  string `json:"count"`
	Expire string `json:"expire"`
	Link   string `json:"link"`
}

// paidVirtual registers a virtual order of the given products, pays and verifies it.
func (s *sandbox) paidVirtual(t *testing.T, codes ...string) (string, checkPayResult) {
	t.Helper()
	var items []testItem
	for _, c := range codes {
		items = append(items, testItem{code: c, price: 250_000, count: 1})
	}
	r := s.register(t, "order/registerOrderVirtual.json", withBasket(buyerValues(), items...))
	id, ref := s.payAt(t, "payment/pay.json", r.Factor.ID, "pay")
	return r.Factor.ID, s.checkPay(t, id, ref, r.Factor.ID)
}

func decodeLinks(t *testing.T, c checkPayResult) (linksResult, []linkInfo) {
	t.Helper()
	var l linksResult
	if err := json.Unmarshal(c.Links, &l); err != nil {
		t.Fatalf("links %s: %v", c.Links, err)
	}
	var infos []linkInfo
	if l.Error == 0 {
		if err := json.Unmarshal(l.Message, &infos); err != nil {
			t.Fatalf("links.message %s: %v", l.Message, err)
		}
	}
	return l, infos
}

func get(t *testing.T, u string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestVirtualLinks(t *testing.T) {
	s := newSandbox(t, FrotelOptions{})
	factor, c := s.paidVirtual(t, "ebook-1", "pack-zip", "notes-txt")
	if c.Verify != 1 {
		t.Fatalf("checkPay = %+v", c)
	}
	l, infos := decodeLinks(t, c)
	if l.Error != 0 || len(infos) != 3 {
		t.Fatalf("links = %s", c.Links)
	}
	tests := []struct {
		name, mime, contentType string
		check                   func(t *testing.T, body []byte)
	}{
		{"ebook-1.pdf", "pdf", "application/pdf", func(t *testing.T, b []byte) {
			if !bytes.HasPrefix(b, []byte("%PDF-1.4")) || !bytes.HasSuffix(b, []byte("%%EOF\n")) {
				t.Errorf("not a PDF: %q", b)
			}
		}},
		{"pack-zip.zip", "zip", "application/zip", func(t *testing.T, b []byte) {
			zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
			if err != nil || len(zr.File) != 1 {
				t.Errorf("zip: %v", err)
			}
		}},
		{"notes-txt.txt", "txt", "text/plain; charset=utf-8", func(t *testing.T, b []byte) {
			if !strings.Contains(string(b), factor) {
				t.Errorf("text lacks the factor: %q", b)
			}
		}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info := infos[i]
			if info.Name != tt.name || info.Mime != tt.mime || info.Count != "بدون محدودیت" ||
				info.Expire != "1405/09/11 10:57:00" || !strings.HasPrefix(info.Link, s.url+"/files/") || !strings.HasSuffix(info.Size, "B") {
				t.Errorf("link info = %+v", info)
			}
			resp, body := get(t, info.Link)
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != tt.contentType {
				t.Fatalf("GET %s: %d %s", info.Link, resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			_, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition"))
			if err != nil || params["filename"] != tt.name {
				t.Errorf("Content-Disposition %q: %v", resp.Header.Get("Content-Disposition"), err)
			}
			tt.check(t, body)
		})
	}
	// A repeat lists the same links, and downloads are counted.
	if _, again := decodeLinks(t, s.checkPay(t, c.ID, mustRef(t, s, factor), factor)); again[0].Link != infos[0].Link {
		t.Errorf("repeat links differ: %v vs %v", again, infos)
	}
	get(t, infos[0].Link)
	if o, _ := s.Order(factor); o.Files[0].Downloads != 2 || o.Files[1].Downloads != 1 {
		t.Errorf("downloads = %+v", o.Files)
	}
	t.Run("wrong name", func(t *testing.T) {
		if resp, _ := get(t, strings.TrimSuffix(infos[0].Link, ".pdf")+".zip"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("status %d, want 404", resp.StatusCode)
		}
	})
	t.Run("expired after 7 days", func(t *testing.T) {
		s.clock.Add(7*24*time.Hour + time.Second)
		if resp, _ := get(t, infos[0].Link); resp.StatusCode != http.StatusGone {
			t.Errorf("status %d, want 410", resp.StatusCode)
		}
	})
}

func mustRef(t *testing.T, s *sandbox, factor string) string {
	t.Helper()
	o, ok := s.Order(factor)
	if !ok || len(o.Payments) == 0 {
		t.Fatalf("no payment for %s", factor)
	}
	return o.Payments[len(o.Payments)-1].Ref
}

func TestDownloadLimit(t *testing.T) {
	s := newSandbox(t, FrotelOptions{DownloadLimit: 2})
	_, c := s.paidVirtual(t, "ebook-1")
	_, infos := decodeLinks(t, c)
	if infos[0].Count != "2" {
		t.Errorf("count = %q, want 2", infos[0].Count)
	}
	for i, want := range []int{http.StatusOK, http.StatusOK, http.StatusGone} {
		if resp, _ := get(t, infos[0].Link); resp.StatusCode != want {
			t.Errorf("download %d: status %d, want %d", i+1, resp.StatusCode, want)
		}
	}
}

func TestLinksError(t *testing.T) {
	t.Run("option", func(t *testing.T) {
		s := newSandbox(t, FrotelOptions{LinksError: true})
		_, c := s.paidVirtual(t, "ebook-1")
		var l struct {
			Error   int    `json:"error"`
			Message string `json:"message"`
		}
		if err := json.Unmarshal(c.Links, &l); err != nil || c.Verify != 1 || l.Error != 1 || l.Message == "" {
			t.Fatalf("checkPay = %+v (%v)", c, err)
		}
	})
	t.Run("per order switch", func(t *testing.T) {
		s := newSandbox(t, FrotelOptions{})
		r := s.register(t, "order/registerOrderVirtual.json", withBasket(buyerValues(), testItem{code: "ebook-1", price: 1, count: 1}))
		s.SetLinksError(r.Factor.ID, true)
		id, ref := s.payAt(t, "payment/pay.json", r.Factor.ID, "pay")
		if l, _ := decodeLinks(t, s.checkPay(t, id, ref, r.Factor.ID)); l.Error != 1 {
			t.Fatalf("links.error = %d, want 1", l.Error)
		}
		s.SetLinksError(r.Factor.ID, false)
		if l, infos := decodeLinks(t, s.checkPay(t, id, ref, r.Factor.ID)); l.Error != 0 || len(infos) != 1 {
			t.Fatalf("after switching off: error %d, %d links", l.Error, len(infos))
		}
	})
}
