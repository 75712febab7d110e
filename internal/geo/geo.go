// Package geo holds Frotel's own numbering of Iran's provinces and cities,
// which the shop sends as a buyer's `province` and `city` and checks
// server-side before quoting or placing an order.
//
// The embedded frotel_cities.json was extracted from the public copy of
// Frotel's province and city lists in the repository public-iran/shop
// (public/js/frotel/ostan.js and city.js, commit
// c2d2bcb5a1d517f6d4dda0b608b0d0f5db58a500): 31 provinces, 598 cities. Names
// are kept as published except that Arabic ي and ك are written as Persian ی
// and ک and stray spaces are trimmed. The older SOAP-era numbering
// (provinces by telephone area code) is a different scheme and is not used.
package geo

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
)

// City is a city as Frotel numbers it. City ids are unique across provinces.
type City struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// Province is a province with its cities, in the shape of Frotel's city.json.
type Province struct {
	ID     int    `json:"id"`
	Name   string `json:"name"`
	Cities []City `json:"cities"`
}

// Errors returned by Directory lookups and by Parse and Load.
var (
	ErrUnknownProvince   = errors.New("geo: unknown province")
	ErrCityNotInProvince = errors.New("geo: city is not in the province")
	ErrInvalidDirectory  = errors.New("geo: invalid province and city list")
)

// Directory is an immutable list of provinces and cities indexed by id. It
// is safe for concurrent use; the slices it returns are copies.
type Directory struct {
	provinces []Province        // in id order
	province  map[int]int       // province id -> index in provinces
	city      map[int]cityPlace // city id -> where it is
}

type cityPlace struct{ province, city int }

//go:embed frotel_cities.json
var frotelCities []byte

var defaultDirectory = sync.OnceValue(func() *Directory {
	d, err := Parse(frotelCities)
	if err != nil {
		// The embedded file is checked by the tests; this cannot happen in a
		// built binary.
		panic(err)
	}
	return d
})

// Default returns the directory embedded in the binary.
func Default() *Directory {
	return defaultDirectory()
}

// Load reads a JSON file in the shape of Frotel's city.json, for shops that
// point SHOP_FROTEL_CITIES at a newer list.
func Load(path string) (*Directory, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("geo: load %s: %w", path, err)
	}
	d, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("geo: load %s: %w", path, err)
	}
	return d, nil
}

// Parse reads `[{"id":1,"name":"تهران","cities":[{"id":1,"name":"تهران"}]}]`.
// It refuses duplicate province or city ids (a city id names one city in the
// whole country), ids below 1, empty names and provinces without cities.
// Names are trimmed and Arabic ي and ك are written as Persian ی and ک.
func Parse(data []byte) (*Directory, error) {
	var provinces []Province
	if err := json.Unmarshal(data, &provinces); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidDirectory, err)
	}
	if len(provinces) == 0 {
		return nil, fmt.Errorf("%w: no provinces", ErrInvalidDirectory)
	}
	slices.SortStableFunc(provinces, func(a, b Province) int { return cmp.Compare(a.ID, b.ID) })
	d := &Directory{
		provinces: provinces,
		province:  make(map[int]int, len(provinces)),
		city:      make(map[int]cityPlace),
	}
	for pi := range provinces {
		p := &provinces[pi]
		p.Name = normalizeName(p.Name)
		if p.ID < 1 || p.Name == "" {
			return nil, fmt.Errorf("%w: province %d %q needs a positive id and a name", ErrInvalidDirectory, p.ID, p.Name)
		}
		if _, dup := d.province[p.ID]; dup {
			return nil, fmt.Errorf("%w: province id %d appears twice", ErrInvalidDirectory, p.ID)
		}
		if len(p.Cities) == 0 {
			return nil, fmt.Errorf("%w: province %d has no cities", ErrInvalidDirectory, p.ID)
		}
		d.province[p.ID] = pi
		for ci := range p.Cities {
			c := &p.Cities[ci]
			c.Name = normalizeName(c.Name)
			if c.ID < 1 || c.Name == "" {
				return nil, fmt.Errorf("%w: city %d %q in province %d needs a positive id and a name", ErrInvalidDirectory, c.ID, c.Name, p.ID)
			}
			if at, dup := d.city[c.ID]; dup {
				return nil, fmt.Errorf("%w: city id %d appears in provinces %d and %d", ErrInvalidDirectory, c.ID, provinces[at.province].ID, p.ID)
			}
			d.city[c.ID] = cityPlace{province: pi, city: ci}
		}
	}
	return d, nil
}

var persianLetters = strings.NewReplacer("ي", "ی", "ك", "ک")

func normalizeName(s string) string {
	return strings.Join(strings.Fields(persianLetters.Replace(s)), " ")
}

// Provinces returns every province, in id order, with its cities.
func (d *Directory) Provinces() []Province {
	out := make([]Province, len(d.provinces))
	for i, p := range d.provinces {
		out[i] = cloneProvince(p)
	}
	return out
}

// ProvinceNames returns every province's id and name, in id order, without their cities (the checkout form's
// list, which copying every city for was a fifth of a checkout page's allocations).
func (d *Directory) ProvinceNames() []Province {
	out := make([]Province, len(d.provinces))
	for i, p := range d.provinces {
		out[i] = Province{ID: p.ID, Name: p.Name}
	}
	return out
}

// Province returns the province with the given id and its cities.
func (d *Directory) Province(id int) (Province, bool) {
	i, ok := d.province[id]
	if !ok {
		return Province{}, false
	}
	return cloneProvince(d.provinces[i]), true
}

// City returns the city when it belongs to the province: ErrUnknownProvince
// when the province does not exist, ErrCityNotInProvince when the city is
// unknown or lies in another province.
func (d *Directory) City(provinceID, cityID int) (City, error) {
	pi, ok := d.province[provinceID]
	if !ok {
		return City{}, fmt.Errorf("%w: %d", ErrUnknownProvince, provinceID)
	}
	at, ok := d.city[cityID]
	if !ok || at.province != pi {
		return City{}, fmt.Errorf("%w: city %d, province %d", ErrCityNotInProvince, cityID, provinceID)
	}
	return d.provinces[pi].Cities[at.city], nil
}

// CityByID returns a city and the province it lies in.
func (d *Directory) CityByID(id int) (City, Province, bool) {
	at, ok := d.city[id]
	if !ok {
		return City{}, Province{}, false
	}
	p := d.provinces[at.province]
	return p.Cities[at.city], cloneProvince(p), true
}

func cloneProvince(p Province) Province {
	p.Cities = slices.Clone(p.Cities)
	return p
}
