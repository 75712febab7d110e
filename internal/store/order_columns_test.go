package store_test

import (
	"context"
	"testing"

	"shop/internal/checkout"
	"shop/internal/store"
	"shop/internal/store/storetest"
)

// TestStoredColumnsKeepTheirShape pins what the orders table holds, since rows written by every earlier release
// must read back: the enum numbers and the JSON keys of banks and downloads.
func TestStoredColumnsKeepTheirShape(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db storetest.Backend) {
		ctx := context.Background()
		s := db.Open(t)
		tests := []struct {
			name                  string
			send                  checkout.SendMethod
			payment               checkout.PaymentWay
			gender                checkout.Gender
			banks                 []checkout.Bank
			downloads             []checkout.Download
			wantSend, wantPayment int
			wantGender            int
			wantBanks, wantFiles  string
		}{
			{name: "nothing", send: "", payment: checkout.Online, gender: checkout.Female,
				wantSend: 0, wantPayment: 2, wantGender: 1, wantBanks: "null", wantFiles: "null"},
			{name: "cash pishtaz", send: checkout.Pishtaz, payment: checkout.CashOnDelivery, gender: checkout.Male,
				banks: []checkout.Bank{}, downloads: []checkout.Download{},
				wantSend: 1, wantPayment: 1, wantGender: 2, wantBanks: "[]", wantFiles: "[]"},
			{name: "online courier", send: checkout.Courier, payment: checkout.Online, gender: checkout.Female,
				banks:     []checkout.Bank{{ID: "1", Name: "ملت", Logo: "https://x/1.svg"}},
				downloads: []checkout.Download{{Name: "a.pdf", Size: "1 KB", Mime: "pdf", Count: "3", Expire: "1405/01/01", URL: "https://x/a.pdf"}},
				wantSend:  6, wantPayment: 2, wantGender: 1,
				wantBanks: `[{"ID":"1","Name":"ملت","Logo":"https://x/1.svg"}]`,
				wantFiles: `[{"Name":"a.pdf","Size":"1 KB","Mime":"pdf","Count":"3","Expire":"1405/01/01","URL":"https://x/a.pdf"}]`},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				o := sampleOrder("tok-"+tt.name, "g")
				o.Send, o.Payment, o.Buyer.Gender, o.Banks, o.Downloads = tt.send, tt.payment, tt.gender, tt.banks, tt.downloads
				mustCreateOrders(t, s, o)
				var raw struct {
					Send, Payment, Gender int
					Banks, Downloads      string
				}
				if err := store.WriteDB(s).Table("orders").Select("send, payment, gender, banks, downloads").
					Where("id = ?", o.ID).Take(&raw).Error; err != nil {
					t.Fatal(err)
				}
				if raw.Send != tt.wantSend || raw.Payment != tt.wantPayment || raw.Gender != tt.wantGender {
					t.Errorf("send %d payment %d gender %d, want %d %d %d", raw.Send, raw.Payment, raw.Gender,
						tt.wantSend, tt.wantPayment, tt.wantGender)
				}
				if raw.Banks != tt.wantBanks || raw.Downloads != tt.wantFiles {
					t.Errorf("banks %s downloads %s\nwant %s %s", raw.Banks, raw.Downloads, tt.wantBanks, tt.wantFiles)
				}
				got, err := s.OrderByToken(ctx, o.Token)
				if err != nil {
					t.Fatal(err)
				}
				if got.Send != tt.send || got.Payment != tt.payment || got.Buyer.Gender != tt.gender {
					t.Errorf("read back send %v payment %v gender %v", got.Send, got.Payment, got.Buyer.Gender)
				}
				if len(got.Banks) != len(tt.banks) || (tt.banks == nil) != (got.Banks == nil) ||
					len(got.Downloads) != len(tt.downloads) || (tt.downloads == nil) != (got.Downloads == nil) {
					t.Errorf("read back banks %#v downloads %#v", got.Banks, got.Downloads)
				}
				for i := range tt.banks {
					if got.Banks[i] != tt.banks[i] {
						t.Errorf("bank %d = %+v, want %+v", i, got.Banks[i], tt.banks[i])
					}
				}
				for i := range tt.downloads {
					if got.Downloads[i] != tt.downloads[i] {
						t.Errorf("download %d = %+v, want %+v", i, got.Downloads[i], tt.downloads[i])
					}
				}
			})
		}
	})
}
