package geo

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDefaultCounts(t *testing.T) {
	d := Default()
	provinces := d.Provinces()
	if len(provinces) != 31 {
		t.Fatalf("provinces = %d, want 31", len(provinces))
	}
	cities := 0
	for i, p := range provinces {
		if p.ID != i+1 {
			t.Errorf("province %d has id %d, want ids 1..31 in order", i, p.ID)
		}
		cities += len(p.Cities)
	}
	if cities != 598 {
		t.Errorf("cities = %d, want 598", cities)
	}
}

func TestDefaultProvinceNames(t *testing.T) {
	// The numbering NOTES.md section 1 lists.
	want := map[int]string{
		1: "تهران", 2: "گیلان", 3: "آذربایجان شرقی", 4: "خوزستان", 5: "فارس", 6: "اصفهان",
		7: "خراسان رضوی", 8: "قزوین", 9: "سمنان", 10: "قم", 11: "مرکزی", 12: "زنجان", 13: "مازندران",
		14: "گلستان", 15: "اردبیل", 16: "آذربایجان غربی", 17: "همدان", 18: "کردستان", 19: "کرمانشاه",
		20: "لرستان", 21: "بوشهر", 22: "کرمان", 23: "هرمزگان", 24: "چهارمحال و بختیاری", 25: "یزد",
		26: "سیستان و بلوچستان", 27: "ایلام", 28: "کهگیلویه و بویراحمد", 29: "خراسان شمالی",
		30: "خراسان جنوبی", 31: "البرز",
	}
	d := Default()
	for id, name := range want {
		p, ok := d.Province(id)
		if !ok || p.Name != name {
			t.Errorf("Province(%d) = %q, %v; want %q", id, p.Name, ok, name)
		}
	}
	if _, ok := d.Province(32); ok {
		t.Error("Province(32) found, want none")
	}
}

func TestDefaultCities(t *testing.T) {
	tests := []struct {
		name       string
		province   int
		city       int
		cityName   string
		provinceNm string
	}{
		{"Tehran", 1, 1, "تهران", "تهران"},
		{"Karaj", 31, 31, "کرج", "البرز"},
		{"Tabriz", 3, 51, "تبریز", "آذربایجان شرقی"},
		{"Rasht", 2, 41, "رشت", "گیلان"},
		{"Ahvaz", 4, 61, "اهواز", "خوزستان"},
		{"Shiraz", 5, 71, "شیراز", "فارس"},
		{"Isfahan", 6, 81, "اصفهان", "اصفهان"},
		{"Mashhad", 7, 91, "مشهد", "خراسان رضوی"},
		{"Qom", 10, 371, "قم", "قم"},
		{"Abadan", 4, 631, "آبادان", "خوزستان"},
		{"Andimeshk", 4, 6481, "اندیمشک", "خوزستان"},
		{"Eslamshahr normalised from Arabic letters", 1, 331, "اسلام شهر", "تهران"},
	}
	d := Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := d.City(tt.province, tt.city)
			if err != nil || c.Name != tt.cityName || c.ID != tt.city {
				t.Errorf("City(%d, %d) = %+v, %v; want %q", tt.province, tt.city, c, err, tt.cityName)
			}
			c, p, ok := d.CityByID(tt.city)
			if !ok || c.Name != tt.cityName || p.ID != tt.province || p.Name != tt.provinceNm {
				t.Errorf("CityByID(%d) = %+v, %d %q, %v", tt.city, c, p.ID, p.Name, ok)
			}
		})
	}
}

func TestCityRefused(t *testing.T) {
	tests := []struct {
		name           string
		province, city int
		want           error
	}{
		{"Karaj is not in Tehran", 1, 31, ErrCityNotInProvince},
		{"Tehran is not in Alborz", 31, 1, ErrCityNotInProvince},
		{"unknown city", 1, 999999, ErrCityNotInProvince},
		{"unknown province", 32, 1, ErrUnknownProvince},
		{"zero province", 0, 1, ErrUnknownProvince},
	}
	d := Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := d.City(tt.province, tt.city); !errors.Is(err, tt.want) {
				t.Errorf("City(%d, %d) error = %v, want %v", tt.province, tt.city, err, tt.want)
			}
		})
	}
	if _, _, ok := d.CityByID(999999); ok {
		t.Error("CityByID(999999) found, want none")
	}
}

func TestNoArabicLettersInNames(t *testing.T) {
	for _, p := range Default().Provinces() {
		if strings.ContainsAny(p.Name, "يك") {
			t.Errorf("province %d name %q has Arabic letters", p.ID, p.Name)
		}
		for _, c := range p.Cities {
			if strings.ContainsAny(c.Name, "يك") || c.Name != strings.TrimSpace(c.Name) {
				t.Errorf("city %d name %q not normalised", c.ID, c.Name)
			}
		}
	}
}

func TestDirectoryIsImmutable(t *testing.T) {
	d := Default()
	p, _ := d.Province(1)
	p.Cities[0].Name = "changed"
	p.Name = "changed"
	ps := d.Provinces()
	ps[0].Cities[0].Name = "changed"
	if again, _ := d.Province(1); again.Name == "changed" || again.Cities[0].Name == "changed" {
		t.Error("Directory changed through a returned value")
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, json string
		ok         bool
	}{
		{"valid", `[{"id":2,"name":"گیلان","cities":[{"id":41,"name":"رشت"}]},{"id":1,"name":"تهران","cities":[{"id":1,"name":"تهران"}]}]`, true},
		{"extra fields ignored", `[{"id":1,"name":"تهران","cities":[{"id":1,"name":"تهران","x":1}],"y":2}]`, true},
		{"not json", `{`, false},
		{"object not list", `{"id":1}`, false},
		{"empty list", `[]`, false},
		{"null", `null`, false},
		{"duplicate province", `[{"id":1,"name":"a","cities":[{"id":1,"name":"a"}]},{"id":1,"name":"b","cities":[{"id":2,"name":"b"}]}]`, false},
		{"duplicate city across provinces", `[{"id":1,"name":"a","cities":[{"id":1,"name":"a"}]},{"id":2,"name":"b","cities":[{"id":1,"name":"b"}]}]`, false},
		{"duplicate city in province", `[{"id":1,"name":"a","cities":[{"id":1,"name":"a"},{"id":1,"name":"b"}]}]`, false},
		{"empty province name", `[{"id":1,"name":" ","cities":[{"id":1,"name":"a"}]}]`, false},
		{"empty city name", `[{"id":1,"name":"a","cities":[{"id":1,"name":""}]}]`, false},
		{"zero province id", `[{"id":0,"name":"a","cities":[{"id":1,"name":"a"}]}]`, false},
		{"negative city id", `[{"id":1,"name":"a","cities":[{"id":-1,"name":"a"}]}]`, false},
		{"no cities", `[{"id":1,"name":"a","cities":[]}]`, false},
		{"string ids", `[{"id":"1","name":"a","cities":[{"id":1,"name":"a"}]}]`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse([]byte(tt.json))
			if tt.ok != (err == nil) {
				t.Fatalf("Parse error = %v, want ok=%v", err, tt.ok)
			}
			if err != nil && !errors.Is(err, ErrInvalidDirectory) {
				t.Errorf("Parse error = %v, want ErrInvalidDirectory", err)
			}
			if err == nil && d.Provinces()[0].ID != 1 {
				t.Errorf("provinces not in id order: %+v", d.Provinces())
			}
		})
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(good, frotelCities, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte(`[{"id":1,"name":"تهران","cities":[{"id":1,"name":""}]}]`), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := Load(good)
	if err != nil || len(d.Provinces()) != 31 {
		t.Fatalf("Load(good) = %v", err)
	}
	if _, err := Load(bad); !errors.Is(err, ErrInvalidDirectory) {
		t.Errorf("Load(bad) error = %v, want ErrInvalidDirectory", err)
	}
	if _, err := Load(filepath.Join(dir, "missing.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load(missing) error = %v, want not exist", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`[{"id":1,"name":"تهران","cities":[{"id":1,"name":"تهران"}]}]`))
	f.Add([]byte(`[{"id":1,"name":"a","cities":[{"id":1,"name":"a"}]},{"id":2,"name":"b","cities":[{"id":1,"name":"b"}]}]`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data)
		if err != nil {
			if !errors.Is(err, ErrInvalidDirectory) || d != nil {
				t.Fatalf("Parse error = %v, directory %v", err, d)
			}
			return
		}
		prev := 0
		seen := map[int]bool{}
		for _, p := range d.Provinces() {
			if p.ID <= prev || p.Name == "" || len(p.Cities) == 0 {
				t.Fatalf("bad province %+v after %d", p, prev)
			}
			prev = p.ID
			for _, c := range p.Cities {
				if seen[c.ID] || c.Name == "" {
					t.Fatalf("bad city %+v", c)
				}
				seen[c.ID] = true
				if got, err := d.City(p.ID, c.ID); err != nil || got != c {
					t.Fatalf("City(%d, %d) = %+v, %v", p.ID, c.ID, got, err)
				}
				if _, owner, ok := d.CityByID(c.ID); !ok || owner.ID != p.ID {
					t.Fatalf("CityByID(%d) owner %d, want %d", c.ID, owner.ID, p.ID)
				}
			}
		}
	})
}

func TestProvinceNamesMatchProvinces(t *testing.T) {
	d := Default()
	full, names := d.Provinces(), d.ProvinceNames()
	if len(names) != len(full) {
		t.Fatalf("%d names for %d provinces", len(names), len(full))
	}
	for i := range full {
		if names[i].ID != full[i].ID || names[i].Name != full[i].Name || names[i].Cities != nil {
			t.Errorf("name %d = %+v, province %d %q", i, names[i], full[i].ID, full[i].Name)
		}
	}
}
