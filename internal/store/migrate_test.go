package store_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"shop/internal/checkout"
	"shop/internal/loyalty"
	"shop/internal/store"
	"shop/internal/store/storetest"
)

// openLegacyCopy is a copy of the database the first release made (storetest.LegacyCopy).
func openLegacyCopy(t *testing.T) string { return storetest.LegacyCopy(t) }

func mustOpen(t *testing.T, dsn string) *store.Store {
	t.Helper()
	s, err := store.Open(dsn)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestOpenAdoptsALegacyDatabaseWithEveryRow(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, openLegacyCopy(t))

	orders := []struct {
		token, state, kind string
		send               checkout.SendMethod
		payment            checkout.PaymentWay
		total              int64
		tracking           string
		items              []string
		downloads          []string
	}{
		{"y3yixoglcphlswiha7yx2gm7yzpmvzga", "paid", "physical", checkout.Pishtaz, checkout.Online, 26_128_300, "191653842291",
			[]string{"saffron-1m×2", "notebook-leather×1"}, nil},
		{"6ygkg55fwfnxjt3p4ytks6jhltwqfyxv", "payment_failed", "physical", checkout.Sefareshi, checkout.Online, 11_190_400, "",
			[]string{"lahijan-tea-500×3"}, nil},
		{"vp3kpdgs6aehfhupeztahpmsmkudhk6t", "paid", "virtual", "", checkout.Online, 11_100_000, "109146988997",
			[]string{"ebook-cooking×1", "course-calligraphy×1"}, []string{"ebook-cooking.pdf", "course-calligraphy.pdf"}},
		{"prjvrjp6rlcw2bdj37k3pl3ecbnmwrck", "registered", "physical", checkout.Pishtaz, checkout.CashOnDelivery, 15_349_460, "",
			[]string{"teapot-porcelain×1"}, nil},
	}
	for _, want := range orders {
		t.Run(want.state+"/"+want.kind, func(t *testing.T) {
			o, err := s.OrderByToken(ctx, want.token)
			if err != nil {
				t.Fatal(err)
			}
			if string(o.State) != want.state || string(o.Kind) != want.kind || o.Send != want.send ||
				o.Payment != want.payment || o.Total != want.total || o.TrackingCode != want.tracking {
				t.Errorf("order = %s %s send %s payment %s total %d tracking %q", o.State, o.Kind, o.Send, o.Payment,
					o.Total, o.TrackingCode)
			}
			city := "تهران"
			if want.kind == "virtual" {
				city = "" // a virtual order keeps no address
			}
			if o.Buyer.FirstName != "سارا" || o.Buyer.CityName != city || o.Buyer.Gender != checkout.Female || o.FactorID == "" {
				t.Errorf("buyer or factor lost: %+v %q", o.Buyer, o.FactorID)
			}
			var items []string
			for _, it := range o.Items {
				items = append(items, fmt.Sprintf("%s×%d", it.Code, it.Count))
			}
			if !slices.Equal(items, want.items) {
				t.Errorf("items %v, want %v", items, want.items)
			}
			if want.payment == checkout.Online {
				if len(o.Banks) != 2 || o.Banks[0].ID != "1" || o.Banks[0].Name != "ملت" || !strings.HasSuffix(o.Banks[1].Logo, "/bank/logo/2.svg") {
					t.Errorf("banks %+v", o.Banks)
				}
			} else if len(o.Banks) != 0 {
				t.Errorf("cash order has banks %+v", o.Banks)
			}
			var files []string
			for _, d := range o.Downloads {
				files = append(files, d.Name)
				if d.Size == "" || d.Mime != "pdf" || d.Count == "" || d.Expire == "" || !strings.Contains(d.URL, "/files/") {
					t.Errorf("download %+v", d)
				}
			}
			if !slices.Equal(files, want.downloads) {
				t.Errorf("downloads %v, want %v", files, want.downloads)
			}
			if o.CreatedAt.IsZero() || o.CreatedAt.Location() != time.UTC {
				t.Errorf("created at %v", o.CreatedAt)
			}
		})
	}

	failed, err := s.OrderByToken(ctx, orders[1].token)
	if err != nil {
		t.Fatal(err)
	}
	attempts, err := s.PaymentAttempts(ctx, failed.ID)
	if err != nil || len(attempts) != 1 || attempts[0].Via != "pay" || attempts[0].BankID != "1" {
		t.Errorf("attempts %+v, %v", attempts, err)
	}
	callbacks, err := s.Callbacks(ctx, failed.ID)
	if err != nil || len(callbacks) != 2 || callbacks[0].PaymentID != "14117" || callbacks[0].Params != "fixture=1" ||
		!strings.HasPrefix(callbacks[1].Outcome, "repeat") {
		t.Errorf("callbacks %+v, %v", callbacks, err)
	}
	v, err := s.GetVerification(ctx, failed.ID, "14117", "FD9F39146EB5E4B7")
	if err != nil || v.Status != checkout.VerificationDone || v.Verified || v.Ref != "FD9F39146EB5E4B7" || v.CheckedAt.IsZero() {
		t.Errorf("verification %+v, %v", v, err)
	}
	paid, _ := s.OrderByToken(ctx, orders[0].token)
	if vs, err := s.Verifications(ctx, paid.ID); err != nil || len(vs) != 1 || !vs[0].Verified || vs[0].TrackingCode != "191653842291" {
		t.Errorf("paid verifications %+v, %v", vs, err)
	}

	products, err := s.ListProducts(ctx)
	if err != nil || len(products) != 9 || products[0].Code != "saffron-1m" || products[8].Code != "decor-consult" {
		t.Errorf("products %d, %v", len(products), err)
	}
	terminal, err := s.ListTerminalTransactions(ctx, loyalty.TransactionFilter{})
	if err != nil || len(terminal) != 2 || terminal[0].RRN != "000112" || terminal[1].PanTrunc != "603799******1234" ||
		!terminal[1].LocalTime.Equal(time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)) || terminal[1].TrAmount != 1_350_000 {
		t.Errorf("terminal transactions %+v, %v", terminal, err)
	}
	mapped, err := s.ListMappedTransactions(ctx, loyalty.TransactionFilter{})
	if err != nil || len(mapped) != 1 || mapped[0].Terminal != "T200" || mapped[0].Amount != 2_000_000 {
		t.Errorf("mapped transactions %+v, %v", mapped, err)
	}
	runs, err := s.ListRuns(ctx, "loyalty-pull", 10)
	if err != nil || len(runs) != 2 || runs[0].OK() || !runs[0].Gap || runs[0].Note != "one day missing" || !runs[1].OK() || runs[1].RowsNew != 3 {
		t.Errorf("job runs %+v, %v", runs, err)
	}

	// The adopted database goes on working: ids continue, the foreign keys and the once-only claim still hold.
	next := sampleOrder("after-adoption", "g")
	mustCreateOrders(t, s, next)
	if next.ID != 5 {
		t.Errorf("new order id %d, want 5", next.ID)
	}
	if won, err := s.ClaimVerification(ctx, failed.ID, "14117", "FD9F39146EB5E4B7", time.Now(), time.Now().Add(-staleClaim)); err != nil || won {
		t.Errorf("a finished verification was claimed again: %v, %v", won, err)
	}
	if err := s.RecordPaymentAttempt(ctx, checkout.PaymentAttempt{OrderID: 999, Via: "pay"}); err == nil {
		t.Error("foreign key lost in adoption")
	}
}

// sqliteSchema describes a SQLite database's tables for comparison: columns (name, type, not null, default,
// primary key), indexes (name, unique, columns) and foreign keys, with goose's own table left out.
func sqliteSchema(t *testing.T, s *store.Store) map[string][]string {
	t.Helper()
	db := store.WriteDB(s)
	var tables []string
	if err := db.Raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('sqlite_sequence', 'goose_db_version') ORDER BY name`).
		Scan(&tables).Error; err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, table := range tables {
		var lines []string
		var cols []struct {
			Name, Type string
			Notnull    int
			DfltValue  *string
			Pk         int
		}
		db.Raw(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)`, table).Scan(&cols)
		for _, c := range cols {
			def := "<nil>"
			if c.DfltValue != nil {
				def = *c.DfltValue
			}
			lines = append(lines, fmt.Sprintf("column %s %s notnull=%d default=%s pk=%d", c.Name, c.Type, c.Notnull, def, c.Pk))
		}
		var indexes []struct {
			Name   string
			Unique int
		}
		db.Raw(`SELECT name, "unique" FROM pragma_index_list(?) ORDER BY name`, table).Scan(&indexes)
		for _, ix := range indexes {
			var on []string
			db.Raw(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`, ix.Name).Scan(&on)
			lines = append(lines, fmt.Sprintf("index %s unique=%d (%s)", ix.Name, ix.Unique, strings.Join(on, ",")))
		}
		var fks []struct{ Table, From, To, OnDelete string }
		db.Raw(`SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list(?)`, table).Scan(&fks)
		for _, fk := range fks {
			lines = append(lines, fmt.Sprintf("foreign key %s -> %s.%s on delete %s", fk.From, fk.Table, fk.To, fk.OnDelete))
		}
		out[table] = lines
	}
	return out
}

func TestFreshAndAdoptedDatabasesHaveOneSchema(t *testing.T) {
	ctx := context.Background()
	fresh := storetest.Open(t)
	adopted := mustOpen(t, openLegacyCopy(t))
	want, got := sqliteSchema(t, fresh), sqliteSchema(t, adopted)
	if len(want) < 9 { // the baseline's nine, and whatever later migrations add
		t.Errorf("fresh database has %d tables, want at least the baseline's 9", len(want))
	}
	if !reflect.DeepEqual(got, want) {
		for table := range want {
			if !slices.Equal(got[table], want[table]) {
				t.Errorf("%s:\n adopted %q\n   fresh %q", table, got[table], want[table])
			}
		}
	}
	for name, s := range map[string]*store.Store{"fresh": fresh, "adopted": adopted} {
		current, latest, err := s.SchemaVersion(ctx)
		if err != nil || current != latest || latest < 1 {
			t.Errorf("%s: schema version %d of %d, %v", name, current, latest, err)
		}
		if err := s.Ready(ctx); err != nil {
			t.Errorf("%s: not ready: %v", name, err)
		}
	}
}

func TestOpenTwiceIsANoOp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		dsn := db.NewDSN(t)
		first, err := store.Open(dsn)
		if err != nil {
			t.Fatal(err)
		}
		mustCreateOrders(t, first, sampleOrder("kept", "g"))
		current, latest, err := first.SchemaVersion(ctx)
		if err != nil || current != latest {
			t.Fatalf("first open: version %d of %d, %v", current, latest, err)
		}
		if err := first.Close(); err != nil {
			t.Fatal(err)
		}
		again := mustOpen(t, dsn)
		if c, l, err := again.SchemaVersion(ctx); err != nil || c != current || l != latest {
			t.Errorf("second open: version %d of %d, %v; want %d of %d", c, l, err, current, latest)
		}
		var applied int64
		files, _ := filepath.Glob("migrations/*.sql")
		if err := store.WriteDB(again).Table("goose_db_version").Where("version_id > 0").Count(&applied).Error; err != nil ||
			applied != int64(len(files)) {
			t.Errorf("goose recorded %d migrations, want one per file (%d) (%v)", applied, len(files), err)
		}
		if err := again.Ready(ctx); err != nil {
			t.Errorf("ready: %v", err)
		}
		if o, err := again.OrderByToken(ctx, "kept"); err != nil || len(o.Items) != 2 {
			t.Errorf("order after reopen: %+v, %v", o, err)
		}
	})
}

func TestReadyFailsOnAClosedStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		s, err := store.Open(db.NewDSN(t))
		if err != nil {
			t.Fatal(err)
		}
		_ = s.Close()
		if err := s.Ready(context.Background()); err == nil || errors.Is(err, store.ErrMigrationsPending) {
			t.Errorf("ready on a closed store: %v", err)
		}
	})
}

func TestReadyWhenAMigrationIsMissing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		s := db.Open(t)
		// As if this build had one migration more than the database: forget that the newest one ran.
		_, latest, err := s.SchemaVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := store.WriteDB(s).Exec("DELETE FROM goose_db_version WHERE version_id = ?", latest).Error; err != nil {
			t.Fatal(err)
		}
		if err := s.Ready(ctx); !errors.Is(err, store.ErrMigrationsPending) {
			t.Errorf("ready = %v, want ErrMigrationsPending", err)
		}
		if current, l, err := s.SchemaVersion(ctx); err != nil || current >= latest || l != latest {
			t.Errorf("schema version %d of %d, %v; want below %d", current, l, err, latest)
		}
	})
}

// Several instances starting together on one PostgreSQL take turns at the migrations (SQLite is one process).
func TestConcurrentOpensMigrateOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		if !db.Postgres() {
			t.Skip("one process owns a SQLite file")
		}
		dsn := db.NewDSN(t)
		const instances = 4
		errs := make(chan error, instances)
		for range instances {
			go func() {
				s, err := store.Open(dsn)
				if err == nil {
					err = s.Ready(context.Background())
					_ = s.Close()
				}
				errs <- err
			}()
		}
		for range instances {
			if err := <-errs; err != nil {
				t.Error(err)
			}
		}
	})
}
