package notify

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"shop/internal/iran"
)

// Settings are the seller's choices about messages: each event on or off, its template, and the mobiles the
// seller's events go to. They are rows of shop_settings under "notify." keys; an event without a row is on, with
// its default template.
type Settings struct {
	Off           map[Event]bool
	Templates     map[Event]string
	SellerMobiles []string
}

// Keys under which Settings are stored.
const (
	KeyPrefix        = "notify."
	keyOn            = "notify.on."
	keyTemplate      = "notify.template."
	keySellerMobiles = "notify.seller_mobiles"
	// KeyShopName is the shop's name (internal/settings' key), the {shop} placeholder.
	KeyShopName = "shop.name"
)

// Store keeps settings as key-value rows; store.Store satisfies it.
type Store interface {
	LoadSettings(ctx context.Context) (map[string]string, error)
	SaveSettings(ctx context.Context, values map[string]string) error
}

// On reports whether an event is sent.
func (s Settings) On(e Event) bool { return !s.Off[e] }

// Template is an event's template: the seller's, or the default.
func (s Settings) Template(e Event) string {
	if t, ok := s.Templates[e]; ok && strings.TrimSpace(t) != "" {
		return t
	}
	i, _ := Info(e)
	return i.Default
}

// Decode reads settings from stored rows (other keys are ignored).
func Decode(values map[string]string) Settings {
	s := Settings{Off: map[Event]bool{}, Templates: map[Event]string{}}
	for _, i := range Events() {
		if values[keyOn+string(i.Event)] == "0" {
			s.Off[i.Event] = true
		}
		if t, ok := values[keyTemplate+string(i.Event)]; ok && t != "" {
			s.Templates[i.Event] = t
		}
	}
	for _, m := range strings.Split(values[keySellerMobiles], ",") {
		if m = strings.TrimSpace(m); m != "" {
			s.SellerMobiles = append(s.SellerMobiles, m)
		}
	}
	return s
}

// Encode is settings as rows; every event gets its rows, so a template emptied back to the default is stored too.
func Encode(s Settings) map[string]string {
	out := map[string]string{keySellerMobiles: strings.Join(s.SellerMobiles, ",")}
	for _, i := range Events() {
		on := "1"
		if s.Off[i.Event] {
			on = "0"
		}
		out[keyOn+string(i.Event)] = on
		t := s.Templates[i.Event]
		if t == i.Default {
			t = ""
		}
		out[keyTemplate+string(i.Event)] = t
	}
	return out
}

// Load reads the stored settings.
func Load(ctx context.Context, st Store) (Settings, error) {
	values, err := st.LoadSettings(ctx)
	if err != nil {
		return Settings{}, fmt.Errorf("notify: load settings: %w", err)
	}
	return Decode(values), nil
}

// Save validates and stores settings; problems are by field (template_EVENT, seller_mobiles), in Persian.
func Save(ctx context.Context, st Store, s Settings) (problems map[string]string, err error) {
	if problems := s.Validate(); len(problems) > 0 {
		return problems, nil
	}
	if err := st.SaveSettings(ctx, Encode(s)); err != nil {
		return nil, fmt.Errorf("notify: save settings: %w", err)
	}
	return nil, nil
}

// MaxTemplateLength bounds a template: a long SMS is several billed parts.
const MaxTemplateLength = 500

var placeholderRE = regexp.MustCompile(`\{([^{}\s]*)\}`)

// CheckTemplate says in Persian what is wrong with a template for an event: an unknown placeholder, a brace left
// open, too long. "" when it is fine.
func CheckTemplate(e Event, t string) string {
	i, ok := Info(e)
	if !ok {
		return "این پیام شناخته نیست."
	}
	if len([]rune(t)) > MaxTemplateLength {
		return "متن پیام حداکثر " + iran.FormatNumber(MaxTemplateLength) + " نویسه است."
	}
	for _, m := range placeholderRE.FindAllStringSubmatch(t, -1) {
		if !slices.Contains(i.Placeholders, m[1]) {
			return "نشانه‌ی «{" + m[1] + "}» در این پیام شناخته نیست؛ نشانه‌های مجاز: " + placeholderList(i.Placeholders) + "."
		}
	}
	if rest := placeholderRE.ReplaceAllString(t, ""); strings.ContainsAny(rest, "{}") {
		return "یک آکولاد «{» یا «}» بی‌جفت مانده است؛ نشانه‌ها مانند {factor} نوشته می‌شوند."
	}
	return ""
}

func placeholderList(ps []string) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = "{" + p + "}"
	}
	return strings.Join(out, "، ")
}

// Validate reports every wrong field.
func (s Settings) Validate() map[string]string {
	problems := map[string]string{}
	for e, t := range s.Templates {
		if msg := CheckTemplate(e, t); msg != "" {
			problems["template_"+string(e)] = msg
		}
	}
	for _, m := range s.SellerMobiles {
		if _, err := iran.NormalizeMobile(m); err != nil {
			problems["seller_mobiles"] = "«" + m + "» شماره‌ی همراه درستی نیست؛ شماره‌ها را مانند ۰۹۱۲۱۲۳۴۵۶۷ و جدا با ویرگول بنویسید."
			break
		}
	}
	return problems
}
