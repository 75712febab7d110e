package iran

import (
	"strings"
	"unicode/utf8"
)

// ValidCardNumber checks a sixteen-digit Shetab bank card number (spaces and
// dashes allowed, any digit script) with the Luhn algorithm and returns the
// sixteen ASCII digits.
func ValidCardNumber(s string) (string, error) {
	s = compact(s)
	if len(s) != 16 || !allDigits(s) || !luhn(s) {
		return "", ErrInvalidCardNumber
	}
	return s, nil
}

// luhn reports whether the all-digit string s passes the Luhn check.
func luhn(s string) bool {
	sum := 0
	double := false
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// MaskCard hides the middle of a card number: "6037991234561234" becomes
// "603799******1234". Card numbers of 16 to 19 digits keep their first six
// and last four digits; anything else is masked entirely, so no input ever
// leaks more than a card's issuer prefix and last four digits, and at least
// six digits always stay hidden.
func MaskCard(s string) string {
	c := compact(s)
	if allDigits(c) && len(c) >= 16 && len(c) <= 19 {
		return c[:6] + strings.Repeat("*", len(c)-10) + c[len(c)-4:]
	}
	n := utf8.RuneCountInString(c)
	if n < 4 {
		n = 4
	}
	if n > 19 {
		n = 19
	}
	return strings.Repeat("*", n)
}

// cardBanks maps the six-digit issuer prefix (BIN) of Shetab cards to the
// issuing bank's Persian name.
var cardBanks = map[string]string{
	"603799": "بانک ملی ایران",
	"610433": "بانک ملت",
	"991975": "بانک ملت",
	"603769": "بانک صادرات ایران",
	"627353": "بانک تجارت",
	"585983": "بانک تجارت",
	"589210": "بانک سپه",
	"627381": "بانک سپه", // former Ansar cards, merged into Sepah
	"502229": "بانک پاسارگاد",
	"639347": "بانک پاسارگاد",
	"621986": "بانک سامان",
	"622106": "بانک پارسیان",
	"627884": "بانک پارسیان",
	"639194": "بانک پارسیان",
	"627412": "بانک اقتصاد نوین",
	"603770": "بانک کشاورزی",
	"639217": "بانک کشاورزی",
	"628023": "بانک مسکن",
	"589463": "بانک رفاه کارگران",
	"627760": "پست بانک ایران",
	"636214": "بانک آینده",
	"502806": "بانک شهر",
	"504706": "بانک شهر",
	"639346": "بانک سینا",
	"502938": "بانک دی",
	"627648": "بانک توسعه صادرات",
	"207177": "بانک توسعه صادرات",
	"627961": "بانک صنعت و معدن",
	"502908": "بانک توسعه تعاون",
	"627488": "بانک کارآفرین",
	"502910": "بانک کارآفرین",
	"639607": "بانک سرمایه",
	"505416": "بانک گردشگری",
	"505785": "بانک ایران زمین",
	"585947": "بانک خاورمیانه",
	"606373": "بانک قرض‌الحسنه مهر ایران",
	"504172": "بانک قرض‌الحسنه رسالت",
	"636949": "بانک حکمت ایرانیان",
	"639599": "بانک قوامین",
	"606256": "مؤسسه اعتباری ملل",
	"505801": "مؤسسه اعتباری کوثر",
	"507677": "مؤسسه اعتباری نور",
	"581874": "بانک ایران و ونزوئلا",
	"636795": "بانک مرکزی جمهوری اسلامی ایران",
}

// CardBankName returns the Persian name of the bank that issued the card,
// judged by its first six digits, or "" when the prefix is unknown.
func CardBankName(s string) string {
	c := compact(s)
	if len(c) < 6 || !allDigits(c[:6]) {
		return ""
	}
	return cardBanks[c[:6]]
}
