package store

import (
	"encoding/json"
	"fmt"

	"shop/internal/checkout"
)

// The orders table's banks and downloads columns are JSON in the shop's own shape, declared here, never an
// upstream client's struct: renaming a field in the Frotel client or in checkout must not change what is
// stored. The keys are the ones the columns have held since the first release (the Go field names of the
// structs then marshalled), so rows written before these types existed read back unchanged.

// storedBank is one element of orders.banks.
type storedBank struct {
	ID   string `json:"ID"`
	Name string `json:"Name"`
	Logo string `json:"Logo"`
}

// storedDownload is one element of orders.downloads. The values are Frotel's display strings.
type storedDownload struct {
	Name   string `json:"Name"`
	Size   string `json:"Size"`
	Mime   string `json:"Mime"`
	Count  string `json:"Count"`
	Expire string `json:"Expire"`
	URL    string `json:"URL"`
}

// banksColumn encodes an order's banks.
func banksColumn(banks []checkout.Bank) (string, error) {
	var rows []storedBank // nil stays nil ("null") and empty stays empty ("[]"), as before
	if banks != nil {
		rows = make([]storedBank, 0, len(banks))
	}
	for _, b := range banks {
		rows = append(rows, storedBank{ID: b.ID, Name: b.Name, Logo: b.Logo})
	}
	text, err := json.Marshal(rows)
	if err != nil {
		return "", fmt.Errorf("encode banks: %w", err)
	}
	return string(text), nil
}

func banksOf(column string) ([]checkout.Bank, error) {
	var rows []storedBank
	if err := decodeJSONText(column, &rows); err != nil {
		return nil, fmt.Errorf("banks: %w", err)
	}
	var out []checkout.Bank
	if rows != nil {
		out = make([]checkout.Bank, 0, len(rows))
	}
	for _, r := range rows {
		out = append(out, checkout.Bank{ID: r.ID, Name: r.Name, Logo: r.Logo})
	}
	return out, nil
}

// downloadsColumn encodes a virtual order's download links.
func downloadsColumn(downloads []checkout.Download) (string, error) {
	var rows []storedDownload // nil stays nil ("null") and empty stays empty ("[]"), as before
	if downloads != nil {
		rows = make([]storedDownload, 0, len(downloads))
	}
	for _, d := range downloads {
		rows = append(rows, storedDownload{Name: d.Name, Size: d.Size, Mime: d.Mime, Count: d.Count, Expire: d.Expire, URL: d.URL})
	}
	text, err := json.Marshal(rows)
	if err != nil {
		return "", fmt.Errorf("encode downloads: %w", err)
	}
	return string(text), nil
}

func downloadsOf(column string) ([]checkout.Download, error) {
	var rows []storedDownload
	if err := decodeJSONText(column, &rows); err != nil {
		return nil, fmt.Errorf("downloads: %w", err)
	}
	var out []checkout.Download
	if rows != nil {
		out = make([]checkout.Download, 0, len(rows))
	}
	for _, r := range rows {
		out = append(out, checkout.Download{Name: r.Name, Size: r.Size, Mime: r.Mime, Count: r.Count, Expire: r.Expire, URL: r.URL})
	}
	return out, nil
}

// decodeJSONText reads a JSON column; an empty column (a row written by hand) reads as nothing.
func decodeJSONText(text string, v any) error {
	if text == "" {
		return nil
	}
	return json.Unmarshal([]byte(text), v)
}

// The send, payment and gender columns hold numbers the shop has stored since its first release; these tables
// are the one place that knows them (0 stands for none: no shipping, no gender given). TestStoredColumnsKeepTheirShape
// pins them.
var (
	sendCodes    = []checkout.SendMethod{"", checkout.Pishtaz, checkout.Sefareshi, checkout.Matbuat, checkout.Peyk, checkout.Chabok, checkout.Courier}
	paymentCodes = []checkout.PaymentWay{"", checkout.CashOnDelivery, checkout.Online}
	genderCodes  = []checkout.Gender{"", checkout.Female, checkout.Male}
)

func codeOf[T comparable](table []T, v T) int {
	for i, x := range table {
		if x == v {
			return i
		}
	}
	return 0
}

func valueOf[T any](table []T, code int) T {
	if code > 0 && code < len(table) {
		return table[code]
	}
	var zero T
	return zero
}
