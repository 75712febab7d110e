// Command mklegacy builds internal/store/testdata/legacy_automigrate.db with the store as it was at commit
// 533a554 (schema made by gorm AutoMigrate, no migration table). It is kept for the record: it only compiles in
// a checkout of that commit (git worktree add /tmp/old 533a554; copy this folder to /tmp/old/cmd/mklegacy/).
//
//	go run ./cmd/mklegacy OUT.db
package main

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"

	"shop/internal/cart"
	"shop/internal/catalog"
	"shop/internal/checkout"
	"shop/internal/frotel"
	"shop/internal/geo"
	"shop/internal/jobs"
	"shop/internal/loyalty"
	"shop/internal/sandbox"
	"shop/internal/store"
)

const (
	apiKey  = "fixture-key"
	shopURL = "https://shop.example"
)

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: mklegacy OUT.db")
	}
	out := os.Args[1]
	ctx := context.Background()
	st, err := store.Open(out)
	check(err)
	_, err = st.SeedProducts(ctx, catalog.DemoProducts())
	check(err)

	var handler http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	defer srv.Close()
	sb := sandbox.NewFrotel(sandbox.FrotelOptions{APIKey: apiKey, PublicURL: srv.URL})
	handler = sb.Handler()
	fc, err := frotel.New(frotel.Config{URLs: sb.MirrorURLs(), APIKey: apiKey, Timeout: 2 * time.Second, Cooldown: -1,
		Logger: slog.New(slog.DiscardHandler)})
	check(err)
	svc, err := checkout.NewService(st, fc, geo.Default(), checkout.Settings{PublicURL: shopURL}, nil, slog.New(slog.DiscardHandler))
	check(err)

	// 1. A physical order paid online at the first attempt.
	paid := place(ctx, svc, basket("saffron-1m", 2, "notebook-leather", 1), frotel.Pishtaz, frotel.Online)
	pay(ctx, svc, paid, "pay")
	// 2. A physical order whose payment failed (cancelled at the bank), then the callback arrives again.
	failed := place(ctx, svc, basket("lahijan-tea-500", 3), frotel.Sefareshi, frotel.Online)
	token, cb := startAndAct(ctx, svc, failed, "cancel")
	_, err = svc.HandleCallback(ctx, token, cb)
	check(err)
	_, err = svc.HandleCallback(ctx, token, cb)
	check(err)
	// 3. A virtual order, paid, with download links.
	virtual := place(ctx, svc, basket("ebook-cooking", 1, "course-calligraphy", 1), 0, frotel.Online)
	pay(ctx, svc, virtual, "pay")
	// 4. A cash-on-delivery order that stays registered.
	place(ctx, svc, basket("teapot-porcelain", 1), frotel.Pishtaz, frotel.CashOnDelivery)

	// Loyalty rows and a job run.
	at := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	_, err = st.SaveTerminalTransactions(ctx, []loyalty.TerminalTransaction{
		{Terminal: "T100", RRN: "000111", LocalTime: at, PanTrunc: "603799******1234", Amount: 1_500_000, TrAmount: 1_350_000},
		{Terminal: "T100", RRN: "000112", LocalTime: at.Add(time.Hour), PanTrunc: "610433******9876", Amount: 820_000, TrAmount: 820_000},
	})
	check(err)
	_, err = st.SaveMappedTransactions(ctx, []loyalty.MappedTransaction{
		{Terminal: "T200", RRN: "000900", LocalTime: at.Add(2 * time.Hour), PanTrunc: "627412******5555", Amount: 2_000_000, TrAmount: 1_900_000},
	})
	check(err)
	_, err = st.RecordRun(ctx, jobs.Run{Name: "loyalty-pull", StartedAt: at, FinishedAt: at.Add(3 * time.Second), RowsSeen: 3, RowsNew: 3})
	check(err)
	_, err = st.RecordRun(ctx, jobs.Run{Name: "loyalty-pull", StartedAt: at.Add(24 * time.Hour), FinishedAt: at.Add(24*time.Hour + time.Second),
		Error: "loyalty: club unavailable", Gap: true, Note: "one day missing"})
	check(err)
	check(st.Close())

	// Keep the committed file small.
	db, err := gorm.Open(sqlite.Open("file:"+out+"?_journal_mode=DELETE"), &gorm.Config{})
	check(err)
	check(db.Exec("VACUUM").Error)
	sqlDB, _ := db.DB()
	check(sqlDB.Close())
	fmt.Println("orders:", paid.Token, failed.Token, virtual.Token)
}

func basket(codeCounts ...any) cart.Cart {
	var c cart.Cart
	for i := 0; i < len(codeCounts); i += 2 {
		code, n := codeCounts[i].(string), codeCounts[i+1].(int)
		j := slices.IndexFunc(catalog.DemoProducts(), func(p catalog.Product) bool { return p.Code == code })
		c.Lines = append(c.Lines, cart.Line{Product: catalog.DemoProducts()[j], Count: n})
	}
	return c
}

func place(ctx context.Context, svc *checkout.Service, c cart.Cart, send frotel.SendMethod, way frotel.PaymentWay) *checkout.Order {
	buyer := checkout.Buyer{FirstName: "سارا", LastName: "محمدی", Mobile: "09121234567", Phone: "02188776655",
		Gender: frotel.Female, Email: "sara@example.com", Address: "تهران، خیابان ولیعصر، پلاک ۱۲",
		PostalCode: "1434567891", ProvinceID: 1, ProvinceName: "تهران", CityID: 1, CityName: "تهران",
		Message: "سپاس", IP: "185.1.2.3"}
	p, err := svc.Place(ctx, checkout.PlaceRequest{Cart: c, Buyer: buyer, Send: send, Payment: way})
	check(err)
	if len(p.Orders) != 1 {
		log.Fatalf("placed %d orders", len(p.Orders))
	}
	return p.Orders[0]
}

func pay(ctx context.Context, svc *checkout.Service, o *checkout.Order, action string) {
	token, cb := startAndAct(ctx, svc, o, action)
	_, err := svc.HandleCallback(ctx, token, cb)
	check(err)
}

func startAndAct(ctx context.Context, svc *checkout.Service, o *checkout.Order, action string) (string, checkout.CallbackRequest) {
	form, err := svc.StartPayment(ctx, o.Token, o.Banks[0].ID)
	check(err)
	values := url.Values{"action": {action}}
	for _, f := range form.RedirectForm.Fields {
		values.Add(f.Name, f.Value)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(form.RedirectForm.Action, values)
	check(err)
	_ = resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	check(err)
	token, _ := strings.CutPrefix(loc.String(), shopURL+"/payment/callback/")
	token, _, _ = strings.Cut(token, "?")
	q := loc.Query()
	return token, checkout.CallbackRequest{PaymentID: q.Get("_i"), Ref: q.Get("sb"), Method: http.MethodGet, Params: "fixture=1"}
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
