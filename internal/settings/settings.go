// Package settings holds the seller's choices edited in the dashboard: the shop's name and contact line, and the
// checkout's shipping settings (send methods, free-shipping threshold, the fixed-price courier, fallback prices).
// They are stored in the database as rows under the shop's own keys; configuration gives the defaults for any key
// without a row. The Service keeps the current values in memory and hands every change to the checkout.
package settings

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"shop/internal/checkout"
)

// Shop is every setting the dashboard edits.
type Shop struct {
	Name    string // shown in the header, the title and on packing slips
	Contact string // one line in the footer: a phone number, an address, hours
	// Checkout holds the seller's part of checkout.Settings: SendMethods, FreeShippingAbove, CourierFee,
	// CourierCities and FallbackPrices. Its PublicURL and QuoteTTL are not settings and are ignored.
	Checkout checkout.Settings
}

// Store keeps settings as key-value rows; store.Store satisfies it.
type Store interface {
	LoadSettings(ctx context.Context) (map[string]string, error)
	SaveSettings(ctx context.Context, values map[string]string) error
}

// Limits the dashboard's form also checks, with Persian messages.
const (
	MaxNameLength    = 60
	MaxContactLength = 200
)

// Validate reports settings that cannot be used.
func (s Shop) Validate() error {
	var errs []error
	if strings.TrimSpace(s.Name) == "" || len([]rune(s.Name)) > MaxNameLength {
		errs = append(errs, fmt.Errorf("name must have 1..%d characters", MaxNameLength))
	}
	if len([]rune(s.Contact)) > MaxContactLength {
		errs = append(errs, fmt.Errorf("contact line is longer than %d characters", MaxContactLength))
	}
	c := s.Checkout
	if len(c.SendMethods) == 0 {
		errs = append(errs, errors.New("no send method is offered"))
	}
	if slices.Contains(c.SendMethods, checkout.Courier) {
		errs = append(errs, errors.New("the seller's courier is offered through its fee and cities, not as a send method"))
	}
	if c.FreeShippingAbove < 0 || c.CourierFee < 0 {
		errs = append(errs, errors.New("amounts cannot be negative"))
	}
	if c.CourierFee > 0 && len(c.CourierCities) == 0 {
		errs = append(errs, errors.New("a courier fee needs at least one city"))
	}
	for m, p := range c.FallbackPrices {
		if p < 0 {
			errs = append(errs, fmt.Errorf("fallback price of %s is negative", m))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	return nil
}

// The keys under which settings are stored. Fallback prices are one key per send method.
const (
	keyName          = "shop.name"
	keyContact       = "shop.contact"
	keySendMethods   = "shipping.send_methods"
	keyFreeAbove     = "shipping.free_above"
	keyCourierFee    = "shipping.courier_fee"
	keyCourierCities = "shipping.courier_cities"
	keyFallback      = "shipping.fallback."
)

func encode(s Shop) map[string]string {
	c := s.Checkout
	methods := make([]string, len(c.SendMethods))
	for i, m := range c.SendMethods {
		methods[i] = string(m)
	}
	cities := make([]string, len(c.CourierCities))
	for i, id := range c.CourierCities {
		cities[i] = strconv.Itoa(id)
	}
	out := map[string]string{
		keyName: s.Name, keyContact: s.Contact, keySendMethods: strings.Join(methods, ","),
		keyFreeAbove: strconv.FormatInt(c.FreeShippingAbove, 10), keyCourierFee: strconv.FormatInt(c.CourierFee, 10),
		keyCourierCities: strings.Join(cities, ","),
	}
	// Every method gets a row, so clearing a fallback price is stored too ("0" = none).
	for _, m := range checkout.SendMethods() {
		out[keyFallback+string(m)] = strconv.FormatInt(c.FallbackPrices[m], 10)
	}
	return out
}

// decode lays stored values over the defaults.
func decode(values map[string]string, def Shop) (Shop, error) {
	s := def
	s.Checkout.SendMethods = slices.Clone(def.Checkout.SendMethods)
	s.Checkout.CourierCities = slices.Clone(def.Checkout.CourierCities)
	s.Checkout.FallbackPrices = map[checkout.SendMethod]int64{}
	for m, p := range def.Checkout.FallbackPrices {
		s.Checkout.FallbackPrices[m] = p
	}
	var errs []error
	amount := func(key string, into *int64) {
		if v, ok := values[key]; ok {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: %w", key, v, err))
				return
			}
			*into = n
		}
	}
	if v, ok := values[keyName]; ok {
		s.Name = v
	}
	if v, ok := values[keyContact]; ok {
		s.Contact = v
	}
	if v, ok := values[keySendMethods]; ok {
		s.Checkout.SendMethods = nil
		for _, slug := range strings.Split(v, ",") {
			if slug == "" {
				continue
			}
			m, err := checkout.ParseSendMethod(slug)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", keySendMethods, err))
				continue
			}
			s.Checkout.SendMethods = append(s.Checkout.SendMethods, m)
		}
	}
	amount(keyFreeAbove, &s.Checkout.FreeShippingAbove)
	amount(keyCourierFee, &s.Checkout.CourierFee)
	if v, ok := values[keyCourierCities]; ok {
		s.Checkout.CourierCities = nil
		for _, f := range strings.Split(v, ",") {
			if f == "" {
				continue
			}
			id, err := strconv.Atoi(f)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: %w", keyCourierCities, v, err))
				continue
			}
			s.Checkout.CourierCities = append(s.Checkout.CourierCities, id)
		}
	}
	for _, m := range checkout.SendMethods() {
		var p int64 = -1
		amount(keyFallback+string(m), &p)
		switch {
		case p > 0:
			s.Checkout.FallbackPrices[m] = p
		case p == 0:
			delete(s.Checkout.FallbackPrices, m)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return def, fmt.Errorf("settings: stored values: %w", err)
	}
	return s, nil
}

// Service keeps the current settings. It is safe for concurrent use.
type Service struct {
	store    Store
	defaults Shop
	apply    func(Shop)

	// changeMu keeps Load and Save one at a time, so the settings in use, the stored ones and what apply was last
	// given are always the same; mu guards cur for readers.
	changeMu sync.Mutex
	mu       sync.RWMutex
	cur      Shop
}

// New starts from the defaults (the configuration's values); Load reads what the seller stored. apply, when not
// nil, is called with the settings after Load and after every Save: the wiring hands them to the checkout there.
func New(st Store, defaults Shop, apply func(Shop)) *Service {
	return &Service{store: st, defaults: defaults, apply: apply, cur: defaults}
}

// Load reads the stored settings over the defaults.
func (s *Service) Load(ctx context.Context) error {
	s.changeMu.Lock()
	defer s.changeMu.Unlock()
	values, err := s.store.LoadSettings(ctx)
	if err != nil {
		return fmt.Errorf("settings: load: %w", err)
	}
	cur, err := decode(values, s.defaults)
	if err != nil {
		return err
	}
	s.set(cur)
	return nil
}

// Current returns the settings in use.
func (s *Service) Current() Shop {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.cur
}

// Save stores new settings and puts them in use at once.
func (s *Service) Save(ctx context.Context, n Shop) error {
	if err := n.Validate(); err != nil {
		return err
	}
	s.changeMu.Lock()
	defer s.changeMu.Unlock()
	if err := s.store.SaveSettings(ctx, encode(n)); err != nil {
		return fmt.Errorf("settings: save: %w", err)
	}
	s.set(n)
	return nil
}

func (s *Service) set(n Shop) {
	s.mu.Lock()
	s.cur = n
	s.mu.Unlock()
	if s.apply != nil {
		s.apply(n)
	}
}
