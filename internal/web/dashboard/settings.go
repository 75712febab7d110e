package dashboard

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"shop/internal/checkout"
	"shop/internal/iran"
	"shop/internal/settings"
	"shop/internal/web/httpkit"
	views "shop/web/templates/admin"
)

// The settings page is the owner's alone (requireOwner in routes.go). What it saves is in use at once: the
// settings service hands the checkout's part to checkout.Service.UpdateSettings.

// adminSettings shows the settings in use.
func (d *Dashboard) adminSettings(c echo.Context) error {
	return d.renderSettings(c, http.StatusOK, d.settingsFormOf(d.deps.Settings.Current()), nil)
}

// adminSettingsSave checks the form and saves it; any problem sends it back with a message beside the field.
func (d *Dashboard) adminSettingsSave(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return httpkit.FormError(err)
	}
	f := readSettingsForm(form)
	sh, problems := d.parseSettings(f)
	if len(problems) > 0 {
		return d.renderSettings(c, http.StatusUnprocessableEntity, f, problems)
	}
	if err := d.deps.Settings.Save(c.Request().Context(), sh); err != nil {
		return err
	}
	return httpkit.RedirectSeeOther(c, "/admin/settings?done=settings-saved")
}

// offeredMethods are the send methods a seller may offer; the own courier is offered through its fee and cities.
func offeredMethods() []checkout.SendMethod {
	var out []checkout.SendMethod
	for _, m := range checkout.SendMethods() {
		if m != checkout.Courier {
			out = append(out, m)
		}
	}
	return out
}

// settingsForm is the form as typed; amounts are in the display unit.
type settingsForm struct {
	Name, Contact, FreeAbove, CourierFee, CourierCities string
	Methods                                             map[checkout.SendMethod]bool
	Fallback                                            map[checkout.SendMethod]string
}

func readSettingsForm(v url.Values) settingsForm {
	f := settingsForm{Name: strings.TrimSpace(v.Get("name")), Contact: strings.TrimSpace(v.Get("contact")),
		FreeAbove: strings.TrimSpace(v.Get("free_above")), CourierFee: strings.TrimSpace(v.Get("courier_fee")),
		// The list sends one value per city chosen; an older form (or a script) may send ids joined by commas.
		CourierCities: strings.TrimSpace(strings.Join(v["courier_cities"], ",")),
		Methods:       map[checkout.SendMethod]bool{}, Fallback: map[checkout.SendMethod]string{}}
	for _, slug := range v["send_methods"] {
		if m, err := checkout.ParseSendMethod(slug); err == nil {
			f.Methods[m] = true
		}
	}
	for _, m := range offeredMethods() {
		f.Fallback[m] = strings.TrimSpace(v.Get("fallback_" + string(m)))
	}
	return f
}

func (d *Dashboard) settingsFormOf(sh settings.Shop) settingsForm {
	c := sh.Checkout
	f := settingsForm{Name: sh.Name, Contact: sh.Contact, FreeAbove: d.inUnit(c.FreeShippingAbove),
		CourierFee: d.inUnit(c.CourierFee), Methods: map[checkout.SendMethod]bool{}, Fallback: map[checkout.SendMethod]string{}}
	ids := make([]string, len(c.CourierCities))
	for i, id := range c.CourierCities {
		ids[i] = strconv.Itoa(id)
	}
	f.CourierCities = strings.Join(ids, "، ")
	for _, m := range c.SendMethods {
		f.Methods[m] = true
	}
	for m, p := range c.FallbackPrices {
		f.Fallback[m] = d.inUnit(p)
	}
	return f
}

// inUnit shows rials in the display unit, as the seller types them; 0 is an empty field.
func (d *Dashboard) inUnit(rials int64) string {
	if rials == 0 {
		return ""
	}
	if d.deps.PriceUnit != iran.Rial {
		rials /= 10
	}
	return strconv.FormatInt(rials, 10)
}

func (d *Dashboard) unitName() string {
	if d.deps.PriceUnit == iran.Rial {
		return "ریال"
	}
	return "تومان"
}

// amount reads an amount typed in the display unit into rials; "" is 0.
func (d *Dashboard) amount(typed, field string, problems map[string]string) int64 {
	if typed == "" {
		return 0
	}
	n, ok := wholeNumber(typed)
	if !ok || n < 0 {
		problems[field] = "مبلغ را فقط با رقم و به " + d.unitName() + " بنویسید."
		return 0
	}
	if d.deps.PriceUnit != iran.Rial {
		n *= 10
	}
	if n > maxPriceRials {
		problems[field] = "این مبلغ بیش از اندازه است."
		return 0
	}
	return n
}

// parseSettings turns the form into settings, with a Persian message for each wrong field.
func (d *Dashboard) parseSettings(f settingsForm) (settings.Shop, map[string]string) {
	problems := map[string]string{}
	sh := settings.Shop{Name: f.Name, Contact: f.Contact, Checkout: checkout.Settings{FallbackPrices: map[checkout.SendMethod]int64{}}}
	switch n := len([]rune(f.Name)); {
	case n == 0:
		problems["name"] = "نام فروشگاه را بنویسید."
	case n > settings.MaxNameLength:
		problems["name"] = "نام فروشگاه حداکثر " + iran.FormatNumber(settings.MaxNameLength) + " نویسه است."
	}
	if len([]rune(f.Contact)) > settings.MaxContactLength {
		problems["contact"] = "خط تماس حداکثر " + iran.FormatNumber(settings.MaxContactLength) + " نویسه است."
	}
	for _, m := range offeredMethods() {
		if f.Methods[m] {
			sh.Checkout.SendMethods = append(sh.Checkout.SendMethods, m)
		}
		if p := d.amount(f.Fallback[m], "fallback_"+string(m), problems); p > 0 {
			sh.Checkout.FallbackPrices[m] = p
		}
	}
	if len(sh.Checkout.SendMethods) == 0 {
		problems["send_methods"] = "دست‌کم یک روش ارسال را انتخاب کنید."
	}
	sh.Checkout.FreeShippingAbove = d.amount(f.FreeAbove, "free_above", problems)
	sh.Checkout.CourierFee = d.amount(f.CourierFee, "courier_fee", problems)
	for _, field := range strings.FieldsFunc(iran.NormalizeDigits(f.CourierCities), func(r rune) bool {
		return r == ',' || r == '،' || r == ' ' || r == '\n' || r == '\r' || r == '\t'
	}) {
		id, err := strconv.Atoi(field)
		if err != nil {
			problems["courier_cities"] = "شناسه‌ی شهرها را با رقم و جدا با ویرگول بنویسید، مانند ۱، ۷۱."
			break
		}
		if d.deps.Checkout != nil {
			if _, _, ok := d.deps.Checkout.Cities().CityByID(id); !ok {
				problems["courier_cities"] = "شهری با شناسه‌ی " + iran.FormatNumber(int64(id)) + " در فهرست شهرهای فروتل نیست."
				break
			}
		}
		sh.Checkout.CourierCities = append(sh.Checkout.CourierCities, id)
	}
	if sh.Checkout.CourierFee > 0 && len(sh.Checkout.CourierCities) == 0 && problems["courier_cities"] == "" {
		problems["courier_cities"] = "پیک فروشگاه دست‌کم به یک شهر نیاز دارد؛ یا هزینه‌ی پیک را خالی بگذارید."
	}
	return sh, problems
}

func (d *Dashboard) renderSettings(c echo.Context, status int, f settingsForm, problems map[string]string) error {
	v := views.AdminSettingsPage{AdminPage: d.adminPage(c, "تنظیمات", "settings"), Name: f.Name, Contact: f.Contact,
		FreeAbove: f.FreeAbove, CourierFee: f.CourierFee, CourierCities: f.CourierCities, Problems: problems,
		UnitLabel: d.unitName()}
	for _, m := range offeredMethods() {
		am := views.AdminSendMethod{Value: string(m), Label: m.Label(), Offered: f.Methods[m], Fallback: f.Fallback[m]}
		if !m.QuotedByFulfilment() {
			am.NotQuoted = "به خریدار نشان داده نمی‌شود، حتی با تیک: فروتل برای " + m.Label() +
				" قیمتی اعلام نمی‌کند (در getPrices کدی ندارد) و بی‌قیمت نمی‌توان آن را فروخت. نرخ جایگزین هم برایش به کار نمی‌رود."
		}
		v.Methods = append(v.Methods, am)
	}
	if d.deps.Checkout != nil {
		var names []string
		for _, id := range d.deps.Checkout.Settings().CourierCities {
			if city, prov, ok := d.deps.Checkout.Cities().CityByID(id); ok {
				names = append(names, city.Name+" ("+prov.Name+")")
			}
		}
		v.CourierCitiesNow = strings.Join(names, "، ")
		chosen := map[string]bool{}
		for _, id := range strings.FieldsFunc(iran.NormalizeDigits(v.CourierCities), func(r rune) bool { return r == ',' || r == '،' || r == ' ' }) {
			chosen[id] = true
		}
		dir := d.deps.Checkout.Cities()
		for _, pn := range dir.ProvinceNames() {
			p, _ := dir.Province(pn.ID)
			g := views.AdminOptionGroup{Label: p.Name}
			for _, city := range p.Cities {
				id := strconv.Itoa(city.ID)
				g.Options = append(g.Options, views.AdminOption{Value: id, Label: city.Name, Selected: chosen[id]})
			}
			v.CourierCityGroups = append(v.CourierCityGroups, g)
		}
	}
	return httpkit.Render(c, status, views.AdminSettingsView(v))
}
