package catalog

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"shop/internal/iran"
)

// The product CSV (issue 21): the dashboard exports the catalog with ExportColumns, in that order, and imports a
// file whose columns are found by their header name in any order. The price is in toman (price_toman) or in rials
// (price_rial, as WooCommerce sheets for Iran carry it); unknown columns are ignored. A column the file does not
// have leaves that field of an existing product as it is.

// ExportColumns is the export's header.
var ExportColumns = []string{"code", "name", "price_toman", "stock", "category", "weight_grams", "kind", "description", "active"}

// Limits of an imported cell, the same as the product form's.
const (
	MaxNameRunes        = 120
	MaxDescriptionRunes = 4000
	MaxPriceRials       = 1_000_000_000_000
	MaxWeightGrams      = 1_000_000
	// MaxImportRows bounds one file; a bigger catalog comes in several.
	MaxImportRows = 20000
)

// ImportProblem is one thing wrong with a file: the line of the file (1 is the header), the column, what the
// cell held and, in Persian, what is wrong with it.
type ImportProblem struct {
	Line    int
	Column  string
	Value   string
	Message string
}

// ImportRow is one product line of the file as read: only the fields whose column the file has are meaningful.
type ImportRow struct {
	Line        int
	Code        string
	Name        string
	Description string
	Price       int64  // rials
	Stock       *int64 // nil: unlimited
	Category    string // a slug
	Weight      int64
	Kind        Kind  // "" when the cell is empty: an existing product keeps its kind, a new one is physical
	Active      *bool // nil when the cell is empty: an existing product keeps it, a new one is active
}

// ImportFile is a read file: the columns it has, its good rows and every problem found.
type ImportFile struct {
	Columns  map[string]bool // the shop's column names present (price_rial counts as price)
	Rows     []ImportRow
	Problems []ImportProblem
}

// columnPrice stands for whichever price column the file has.
const columnPrice = "price"

var importColumns = map[string]bool{"code": true, "name": true, "price_toman": true, "price_rial": true, "stock": true,
	"category": true, "weight_grams": true, "kind": true, "description": true, "active": true}

// ParseProductCSV reads a product file (UTF-8, a byte-order mark or not) against the shop's categories. It
// never stops at a bad row: every row's problems are listed, so the seller can mend the file in one go. An error
// is returned only for what is not a CSV file at all.
func ParseProductCSV(r io.Reader, cats Categories) (ImportFile, error) {
	out := ImportFile{Columns: map[string]bool{}}
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && string(bom) == "\ufeff" {
		_, _ = br.Discard(3) // Excel's mark of UTF-8; optional
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // a short row is told about, not fatal
	cr.LazyQuotes = true    // spreadsheets write stray quotes inside cells
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		out.Problems = append(out.Problems, ImportProblem{Line: 1, Message: "پرونده خالی است؛ سطر اول باید نام ستون‌ها باشد."})
		return out, nil
	}
	if err != nil {
		return out, fmt.Errorf("catalog: read product csv header: %w", err)
	}
	index := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if !importColumns[h] {
			continue // a column of another shop's sheet: not ours to read
		}
		if _, dup := index[h]; dup {
			out.Problems = append(out.Problems, ImportProblem{Line: 1, Column: h, Message: "این ستون دو بار آمده است."})
			continue
		}
		index[h] = i
		out.Columns[h] = true
	}
	_, toman := index["price_toman"]
	_, rial := index["price_rial"]
	switch {
	case toman && rial:
		out.Problems = append(out.Problems, ImportProblem{Line: 1, Column: "price_rial", Message: "فقط یکی از ستون‌های price_toman و price_rial باشد."})
	case toman || rial:
		out.Columns[columnPrice] = true
	}
	for _, need := range []string{"code", "name"} {
		if !out.Columns[need] {
			out.Problems = append(out.Problems, ImportProblem{Line: 1, Column: need, Message: "ستون " + need + " در سطر اول نیست."})
		}
	}
	if len(out.Problems) > 0 {
		return out, nil
	}

	seen := map[string]int{} // code -> the line it first appeared on
	records := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			out.Problems = append(out.Problems, ImportProblem{Line: perr.StartLine, Message: "این سطر CSV درست نیست (نقل‌قول باز مانده یا ستون‌ها به‌هم ریخته)."})
			if errors.Is(perr.Err, csv.ErrFieldCount) {
				continue
			}
			break // the reader cannot find the next row's start after a broken quote
		}
		if err != nil {
			return out, fmt.Errorf("catalog: read product csv: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		if records++; records > MaxImportRows {
			out.Problems = append(out.Problems, ImportProblem{Line: line, Message: "پرونده بیش از " + iran.FormatNumber(MaxImportRows) + " سطر دارد؛ آن را در چند پرونده بفرستید."})
			break
		}
		row, problems := parseRow(line, rec, index, cats, rial)
		if row.Code != "" {
			if first, dup := seen[row.Code]; dup {
				problems = append(problems, ImportProblem{Line: line, Column: "code", Value: row.Code,
					Message: "این کد در سطر " + iran.FormatNumber(int64(first)) + " هم آمده است؛ هر کالا یک سطر."})
			} else {
				seen[row.Code] = line
			}
		}
		if len(problems) > 0 {
			out.Problems = append(out.Problems, problems...)
			continue
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// parseRow reads one record; the problems name the line and the column.
func parseRow(line int, rec []string, index map[string]int, cats Categories, rial bool) (ImportRow, []ImportProblem) {
	row := ImportRow{Line: line}
	var problems []ImportProblem
	bad := func(col, value, msg string) {
		problems = append(problems, ImportProblem{Line: line, Column: col, Value: value, Message: msg})
	}
	cell := func(col string) (string, bool) {
		i, ok := index[col]
		if !ok {
			return "", false
		}
		if i >= len(rec) {
			return "", true
		}
		return unsafeCell(strings.TrimSpace(rec[i])), true
	}

	code, _ := cell("code")
	switch {
	case code == "":
		bad("code", code, "کد کالا خالی است.")
	case !ValidCode(code):
		bad("code", code, "کد کالا فقط حروف و رقم‌های انگلیسی، خط تیره و _ است، تا ۴۰ نویسه.")
	default:
		row.Code = code
	}
	name, _ := cell("name")
	name = strings.Join(strings.Fields(name), " ")
	switch {
	case name == "":
		bad("name", name, "نام کالا خالی است.")
	case utf8.RuneCountInString(name) > MaxNameRunes:
		bad("name", "", "نام کالا بیش از "+iran.FormatNumber(MaxNameRunes)+" نویسه است.")
	case !utf8.ValidString(name):
		bad("name", "", "نام کالا UTF-8 نیست؛ پرونده را با کدگذاری UTF-8 ذخیره کنید.")
	default:
		row.Name = name
	}
	if d, ok := cell("description"); ok {
		d = strings.ReplaceAll(d, "\r\n", "\n")
		switch {
		case utf8.RuneCountInString(d) > MaxDescriptionRunes:
			bad("description", "", "توضیح بیش از "+iran.FormatNumber(MaxDescriptionRunes)+" نویسه است.")
		case !utf8.ValidString(d):
			bad("description", "", "توضیح UTF-8 نیست؛ پرونده را با کدگذاری UTF-8 ذخیره کنید.")
		default:
			row.Description = d
		}
	}

	priceCol, scale := "price_toman", int64(10)
	if rial {
		priceCol, scale = "price_rial", 1
	}
	if v, ok := cell(priceCol); ok {
		switch p, ok := amount(v, scale); {
		case v == "":
			bad(priceCol, v, "قیمت خالی است.")
		case !ok:
			bad(priceCol, v, "قیمت باید عدد باشد (بدون واحد و بدون اعشار).")
		case p <= 0:
			bad(priceCol, v, "قیمت باید بیشتر از صفر باشد.")
		case p > MaxPriceRials:
			bad(priceCol, v, "این قیمت بیش از اندازه است.")
		default:
			row.Price = p
		}
	}
	if v, ok := cell("stock"); ok && v != "" {
		n, ok := amount(v, 1)
		if !ok || n < 0 {
			bad("stock", v, "موجودی یا خالی است (نامحدود) یا عددی درست و نامنفی.")
		} else {
			row.Stock = &n
		}
	}
	if v, ok := cell("kind"); ok && v != "" {
		k, ok := kindOf(v)
		if !ok {
			bad("kind", v, "نوع کالا ناشناخته است؛ physical، virtual یا service (یا فیزیکی، فایل، خدمات) بنویسید.")
		}
		row.Kind = k
	}
	if v, ok := cell("weight_grams"); ok && v != "" {
		w, ok := amount(v, 1)
		switch {
		case !ok || w < 0:
			bad("weight_grams", v, "وزن باید عددی نامنفی و به گرم باشد.")
		case w > MaxWeightGrams:
			bad("weight_grams", v, "این وزن بیش از اندازه است.")
		default:
			row.Weight = w
		}
	}
	if v, ok := cell("category"); ok && v != "" {
		slug, ok := categoryOf(cats, v)
		if !ok {
			bad("category", v, "این دسته‌بندی در فروشگاه نیست؛ نخست آن را در «دسته‌بندی‌ها» بسازید.")
		}
		row.Category = slug
	}
	if v, ok := cell("active"); ok && v != "" {
		a, ok := yesNo(v)
		if !ok {
			bad("active", v, "ستون active یکی از 1 یا 0، true یا false، بله یا خیر است.")
		}
		row.Active = &a
	}
	return row, problems
}

// unsafeCell undoes the export's defence against spreadsheet formulas (an apostrophe before = + - @), so a
// description or a code that starts with a dash comes back as it went out.
func unsafeCell(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}

// amount reads a whole number typed with Persian, Arabic or Latin digits and optional thousands separators,
// times scale; a decimal part is allowed only as far as it makes a whole amount (toman to one decimal: rials).
func amount(s string, scale int64) (int64, bool) {
	s = iran.NormalizeDigits(strings.TrimSpace(s))
	s = strings.NewReplacer(",", "", "٬", "", "،", "", " ", "", "\u200c", "", "٫", ".").Replace(s)
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(whole) > 15 || strings.Trim(frac, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, false
	}
	n *= scale
	if scale == 10 && frac != "" {
		n += int64(frac[0] - '0')
		frac = frac[1:]
	}
	if strings.Trim(frac, "0") != "" {
		return 0, false
	}
	return n, true
}

// kindOf reads a kind as the shop writes it or in Persian.
func kindOf(s string) (Kind, bool) {
	switch Fold(s) {
	case "physical", Fold("فیزیکی"), Fold("کالای فیزیکی"), Fold("کالا"):
		return Physical, true
	case "virtual", Fold("فایل"), Fold("فایل دانلودی"), Fold("دانلودی"), Fold("مجازی"), Fold("کالای مجازی"):
		return Virtual, true
	case "service", Fold("خدمات"), Fold("خدمت"):
		return Service, true
	}
	return "", false
}

// categoryOf finds a category by its slug or its Persian name.
func categoryOf(cats Categories, s string) (string, bool) {
	if c, ok := cats.Find(strings.ToLower(s)); ok {
		return c.Slug, true
	}
	for _, c := range cats {
		if Fold(c.Name) == Fold(s) {
			return c.Slug, true
		}
	}
	return "", false
}

func yesNo(s string) (bool, bool) {
	switch Fold(s) {
	case "1", "true", "yes", Fold("بله"), Fold("بلی"):
		return true, true
	case "0", "false", "no", Fold("خیر"):
		return false, true
	}
	return false, false
}

// Apply is the product the row makes of base (the existing product, or NewImported's defaults): the fields of
// the columns the file has are the row's, the rest stay the base's; an empty kind or active cell keeps the base's.
func (row ImportRow) Apply(base Product, cols map[string]bool) Product {
	p := base
	p.Code, p.Name = row.Code, row.Name
	if cols["description"] {
		p.Description = row.Description
	}
	if cols[columnPrice] {
		p.Price = row.Price
	}
	if cols["stock"] {
		p.Stock = row.Stock
	}
	if cols["category"] {
		p.Category = row.Category
	}
	if cols["weight_grams"] {
		p.Weight = row.Weight
	}
	if row.Kind != "" {
		p.Kind = row.Kind
	}
	if row.Active != nil {
		p.Active = *row.Active
	}
	return p
}

// ExportRecord is a product's line of the export, in ExportColumns' order (before the spreadsheet defence).
func ExportRecord(p Product) []string {
	price := strconv.FormatInt(p.Price/10, 10)
	if p.Price%10 != 0 {
		price += "." + strconv.FormatInt(p.Price%10, 10)
	}
	stock := ""
	if p.Stock != nil {
		stock = strconv.FormatInt(*p.Stock, 10)
	}
	active := "0"
	if p.Active {
		active = "1"
	}
	return []string{p.Code, p.Name, price, stock, p.Category, strconv.FormatInt(p.Weight, 10), string(p.Kind), p.Description, active}
}

// NewImported is the base of a product the file creates: physical, active, no discount or tax until the seller
// sets them in the product form.
func NewImported() Product { return Product{Kind: Physical, Active: true} }

// ImportAction is what an import does to one row's product.
type ImportAction string

const (
	ImportCreate    ImportAction = "create"
	ImportUpdate    ImportAction = "update"
	ImportUnchanged ImportAction = "unchanged"
)

// Label is the action in Persian.
func (a ImportAction) Label() string {
	switch a {
	case ImportCreate:
		return "کالای تازه"
	case ImportUpdate:
		return "به‌روز می‌شود"
	}
	return "بدون تغییر"
}

// PlannedRow is one row of the file as the import would save it.
type PlannedRow struct {
	Line    int
	Action  ImportAction
	Product Product
}

// ImportPlan is what importing the file would do: a row per product and every problem (the file's and those the
// products have once merged with what the shop holds). Save only a plan without problems.
type ImportPlan struct {
	Rows     []PlannedRow
	Problems []ImportProblem
}

// Count is how many rows would have the action.
func (p ImportPlan) Count(a ImportAction) int {
	n := 0
	for _, r := range p.Rows {
		if r.Action == a {
			n++
		}
	}
	return n
}

// Changed is the products to save: the created and the updated.
func (p ImportPlan) Changed() []Product {
	var out []Product
	for _, r := range p.Rows {
		if r.Action != ImportUnchanged {
			out = append(out, r.Product)
		}
	}
	return out
}

// Plan merges the file's rows with the products the shop has (by code, hidden ones too) and checks each result as
// a save would.
func (f ImportFile) Plan(existing map[string]Product) ImportPlan {
	plan := ImportPlan{Problems: append([]ImportProblem(nil), f.Problems...)}
	for _, r := range f.Rows {
		old, found := existing[r.Code]
		if !found && !f.Columns[columnPrice] {
			plan.Problems = append(plan.Problems, ImportProblem{Line: r.Line, Column: "price_toman",
				Message: "کالای تازه قیمت لازم دارد و پرونده ستون price_toman یا price_rial ندارد."})
			continue
		}
		base := NewImported()
		if found {
			base = old
		}
		p := r.Apply(base, f.Columns)
		if p.Kind == Physical && p.Weight <= 0 {
			plan.Problems = append(plan.Problems, ImportProblem{Line: r.Line, Column: "weight_grams", Value: strconv.FormatInt(p.Weight, 10),
				Message: "کالای فیزیکی وزن لازم دارد (به گرم، بیشتر از صفر)؛ هزینه‌ی ارسال از آن حساب می‌شود."})
			continue
		}
		if err := p.Validate(); err != nil {
			plan.Problems = append(plan.Problems, ImportProblem{Line: r.Line, Message: "این کالا با این مقدارها ذخیره نمی‌شود: " + err.Error()})
			continue
		}
		action := ImportCreate
		if found {
			action = ImportUpdate
			if p.Equal(old) {
				action = ImportUnchanged
			}
		}
		plan.Rows = append(plan.Rows, PlannedRow{Line: r.Line, Action: action, Product: p})
	}
	slices.SortStableFunc(plan.Problems, func(a, b ImportProblem) int { return cmp.Compare(a.Line, b.Line) })
	return plan
}
