package catalog

// DemoProducts is the believable demo catalog seeded into an empty database on first run:
// physical goods of different weights, downloadable files and services, priced in rials as in late 2026. Two are
// counted (the porcelain teapot and the handwoven rug); the rest, like most files and services, are unlimited.
func DemoProducts() []Product {
	return []Product{
		{Code: "saffron-1m", Category: "food", Name: "زعفران سرگل قائنات، یک مثقال", Kind: Physical, Price: 9_800_000, Weight: 60, TaxPercent: 10,
			Description: "زعفران سرگل درجه یک از مزارع قائنات، برداشت پاییز امسال، در بسته‌بندی فلزی دربسته.", Image: "saffron.svg"},
		{Code: "lahijan-tea-500", Category: "food", Name: "چای سیاه قلم لاهیجان، ۵۰۰ گرم", Kind: Physical, Price: 3_200_000, Weight: 560, TaxPercent: 10,
			Description: "چای بهاره‌ی قلم از باغ‌های لاهیجان، بدون اسانس و رنگ افزوده.", Image: "tea.svg"},
		{Code: "notebook-leather", Category: "home", Name: "دفتر یادداشت جلد چرمی دست‌دوز", Kind: Physical, Price: 4_200_000, Weight: 420, TaxPercent: 10, DiscountPercent: 15,
			Description: "۱۹۲ برگ کاغذ کرم ۸۰ گرمی، جلد چرم طبیعی گاوی با دوخت دستی.", Image: "notebook.svg"},
		{Code: "teapot-porcelain", Category: "home", Name: "قوری چینی نقاشی‌شده با دست", Kind: Physical, Price: 14_500_000, Weight: 1_250, TaxPercent: 10, DiscountPercent: 10,
			Description: "قوری یک‌ونیم لیتری چینی زرین، نقش گل‌ومرغ، مناسب سماور و کتری.", Image: "teapot.svg",
			Stock: Quantity(8)},
		{Code: "kashan-rug-1x15", Category: "home", Name: "قالیچه دستباف کاشان ۱ در ۱٫۵ متر", Kind: Physical, Price: 185_000_000, Weight: 4_800, TaxPercent: 10, FreeShipping: true,
			Description: "قالیچه‌ی دستباف پشم و ابریشم، رنگ‌رزی گیاهی، با شناسنامه‌ی فرش.", Image: "rug.svg",
			Stock: Quantity(2)}, // handwoven: the shop has two, so the demo shows «فقط ۲ عدد باقی مانده»
		{Code: "tshirt-persian", Category: "home", Name: "تیشرت نخی طرح خط نستعلیق", Kind: Physical, Price: 6_500_000, Weight: 220, TaxPercent: 10,
			Description: "تیشرت پنبه‌ای ۱۰۰٪ با چاپ خوشنویسی «هر چه کنی به خود کنی». هر سایز و رنگ موجودی خودش را دارد.", Image: "tshirt.svg",
			Variants: tshirtVariants()},
		{Code: "ebook-cooking", Category: "learning", Name: "کتاب الکترونیکی آشپزی اصیل ایرانی (PDF)", Kind: Virtual, Price: 1_500_000, TaxPercent: 0,
			Description: "۱۲۰ دستور پخت غذاهای سنتی از سراسر ایران، ۳۴۰ صفحه با عکس رنگی.", Image: "ebook.svg",
			Files: "آشپزی اصیل ایرانی — PDF، ۳۴۰ صفحه"},
		{Code: "course-calligraphy", Category: "learning", Name: "دوره‌ی ویدیویی خوشنویسی نستعلیق", Kind: Virtual, Price: 12_000_000, TaxPercent: 0, DiscountPercent: 20,
			Description: "۲۴ جلسه‌ی آموزشی از سرمشق تا چلیپا، با فایل‌های تمرین قابل چاپ.", Image: "course.svg",
			Files: "۲۴ جلسه‌ی ویدیویی — MP4\nسرمشق‌های تمرین — PDF قابل چاپ"},
		{Code: "samovar-install", Category: "services", Name: "نصب و راه‌اندازی سماور برقی در محل", Kind: Service, Price: 3_500_000, TaxPercent: 10,
			Description: "نصب، آزمایش ایمنی و آموزش نگهداری توسط تکنسین، در تهران و کرج.", Image: "service-install.svg"},
		{Code: "decor-consult", Category: "services", Name: "مشاوره‌ی طراحی دکوراسیون، یک ساعت", Kind: Service, Price: 8_000_000, TaxPercent: 10,
			Description: "یک جلسه‌ی حضوری با طراح داخلی برای چیدمان و رنگ‌بندی خانه.", Image: "service-consult.svg"},
	}
}

// tshirtVariants are the demo T-shirt's sizes and colours: each its own code (Frotel's pro_code), stock and, for
// the largest size, a higher price; one is sold out and one is nearly so.
func tshirtVariants() []Variant {
	v := func(code, size, colour string, stock int64, delta int64) Variant {
		return Variant{Code: code, Options: []OptionValue{{Name: "سایز", Value: size}, {Name: "رنگ", Value: colour}}, Stock: Quantity(stock), PriceDelta: delta}
	}
	return []Variant{
		v("tshirt-persian-M-blue", "M", "آبی", 12, 0),
		v("tshirt-persian-L-blue", "L", "آبی", 2, 0),
		v("tshirt-persian-XL-blue", "XL", "آبی", 5, 500_000),
		v("tshirt-persian-M-white", "M", "سفید", 0, 0),
		v("tshirt-persian-L-white", "L", "سفید", 8, 0),
	}
}
