package dashboard

import (
	"github.com/labstack/echo/v4"

	"shop/internal/admin"
	"shop/web/templates"
	views "shop/web/templates/admin"
)

// adminPage fills the parts of the dashboard's layout every page shares.
func (d *Dashboard) adminPage(c echo.Context, title, active string) views.AdminPage {
	p := views.AdminPage{Title: title, Active: active, Sandbox: d.deps.Sandbox, PriceUnit: d.deps.PriceUnit,
		ShopTitle: d.shopName()}
	p.CSRF = d.formToken(c) // bound to the admin session ("" on the sign-in page, which has none yet)
	if a := currentAdmin(c); a != nil {
		p.Email, p.RoleLabel, p.Owner = a.Email, a.Role.Label(), a.Role == admin.Owner
	}
	if msg, ok := adminNotices[c.QueryParam("done")]; ok {
		p.Notice = views.Flash{Kind: "ok", Message: msg}
	}
	return p
}

// adminNotices are the one-line confirmations an action's redirect may ask for (?done=KEY); only these keys
// exist, so a link cannot make the dashboard say anything else.
var adminNotices = map[string]string{
	"refreshed":         "وضعیت سفارش از فروتل به‌روز شد.",
	"factor-attached":   "شماره‌ی فاکتور به سفارش وصل شد.",
	"resent":            "سفارش دوباره به فروتل فرستاده شد؛ نتیجه در تاریخچه آمده است.",
	"reconciled":        "سفارش دوباره بررسی شد؛ نتیجه در تاریخچه آمده است.",
	"product-created":   "کالا افزوده شد و در فروشگاه دیده می‌شود.",
	"product-saved":     "تغییرات کالا ذخیره شد.",
	"product-hidden":    "کالا پنهان شد و دیگر در فروشگاه دیده نمی‌شود.",
	"product-shown":     "کالا دوباره در فروشگاه دیده می‌شود.",
	"category-created":  "دسته افزوده شد و در فروشگاه دیده می‌شود.",
	"category-saved":    "تغییرات دسته ذخیره شد.",
	"category-moved":    "ترتیب دسته‌ها عوض شد.",
	"category-hidden":   "دسته پنهان شد؛ کالاهایش در فهرست همه‌ی کالاها می‌مانند.",
	"category-shown":    "دسته دوباره در فروشگاه دیده می‌شود.",
	"photos-added":      "عکس‌ها افزوده شد و در فروشگاه دیده می‌شود.",
	"photo-moved":       "ترتیب عکس‌ها عوض شد.",
	"photo-deleted":     "عکس پاک شد.",
	"photo-alt-saved":   "متن جایگزین عکس ذخیره شد.",
	"settings-saved":    "تنظیمات ذخیره شد و از همین حالا به کار می‌رود.",
	"messages-saved":    "پیام‌ها ذخیره شد و از رویداد بعدی به کار می‌رود.",
	"cards-mapped":      "کارت‌ها به این عضو متصل شد.",
	"customer-disabled": "عضو در باشگاه مشتریان غیرفعال شد.",
	"pull-started":      "دریافت تراکنش‌ها از باشگاه آغاز شد؛ نتیجه چند لحظه بعد در فهرست اجراها می‌آید.",
	"staff-removed":     "حساب کارمند حذف شد و نشست‌هایش بسته شد.",
	"signed-in":         "خوش آمدید.",
	"order-cancelled":   "سفارش لغو شد؛ اگر در فروتل ثبت شده بود، آن را در پنل فروتل هم لغو کنید.",
	"shipped":           "سفارش ارسال‌شده علامت خورد.",
	"delivered":         "سفارش تحویل‌شده علامت خورد.",
	"noted":             "یادداشت برای خریدار ثبت شد؛ در صفحه‌ی سفارش او دیده و پیامک می‌شود.",
}

// shopName is the shop's name as the owner set it, or the built-in one.
func (d *Dashboard) shopName() string {
	if d.deps.Settings != nil && d.deps.Settings.Current().Name != "" {
		return d.deps.Settings.Current().Name
	}
	return templates.ShopName
}
