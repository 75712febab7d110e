package iran

import "strings"

// ValidNationalCode checks an Iranian national code (کد ملی) and returns it
// as ten ASCII digits. Codes of eight or nine digits are left-padded with
// zeros, since leading zeros are often dropped by spreadsheets.
//
// The last digit is a check digit: with r = sum(d[i]*(10-i), i=0..8) mod 11
// it must equal r when r < 2 and 11-r otherwise. Codes whose digits 4 to 9
// are all zero and the ten codes made of one repeated digit pass that check
// but are never issued, so they are refused.
func ValidNationalCode(s string) (string, error) {
	s = compact(s)
	if !allDigits(s) || len(s) < 8 || len(s) > 10 {
		return "", ErrInvalidNationalCode
	}
	s = strings.Repeat("0", 10-len(s)) + s
	if s[3:9] == "000000" || strings.Count(s, s[:1]) == 10 {
		return "", ErrNationalCodeCheck
	}
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(s[i]-'0') * (10 - i)
	}
	r := sum % 11
	check := r
	if r >= 2 {
		check = 11 - r
	}
	if int(s[9]-'0') != check {
		return "", ErrNationalCodeCheck
	}
	return s, nil
}

// legalIDWeights are the published weights of the شناسه ملی check digit.
var legalIDWeights = [5]int{29, 27, 23, 19, 17}

// ValidLegalID checks the eleven-digit national id of a legal entity
// (شناسه ملی اشخاص حقوقی) and returns it as ASCII digits.
//
// The algorithm published by the Iranian registry (ثبت اسناد) and used by the
// tax authority: let k = d[9] + 2 (the tenth digit plus two); then
// s = sum((d[i]+k) * w[i mod 5], i=0..9) mod 11 with w = 29, 27, 23, 19, 17;
// a remainder of 10 becomes 0, and the result must equal the last digit
// d[10]. Ids whose digits 4 to 9 are all zero are not issued and are refused,
// as is the all-zero id.
func ValidLegalID(s string) (string, error) {
	s = compact(s)
	if !allDigits(s) || len(s) != 11 {
		return "", ErrInvalidLegalID
	}
	if s[3:9] == "000000" || strings.Count(s, "0") == 11 {
		return "", ErrInvalidLegalID
	}
	k := int(s[9]-'0') + 2
	sum := 0
	for i := 0; i < 10; i++ {
		sum += (int(s[i]-'0') + k) * legalIDWeights[i%5]
	}
	r := sum % 11
	if r == 10 {
		r = 0
	}
	if int(s[10]-'0') != r {
		return "", ErrInvalidLegalID
	}
	return s, nil
}

// ValidNationalOrLegalID accepts either a person's national code or a legal
// entity's national id, as the Frotel spec asks for a "national or economic
// code". Eleven digits are read as a legal id, anything shorter as a
// national code.
func ValidNationalOrLegalID(s string) (string, error) {
	if len(compact(s)) == 11 {
		if id, err := ValidLegalID(s); err == nil {
			return id, nil
		}
		return "", ErrInvalidNationalOrLegalID
	}
	if code, err := ValidNationalCode(s); err == nil {
		return code, nil
	}
	return "", ErrInvalidNationalOrLegalID
}

// ValidPostalCode checks a ten-digit Iranian postal code and returns it as
// ASCII digits without separators. The first five digits never contain 0 or
// 2 in Iran Post's scheme, which catches most typos and made-up codes.
func ValidPostalCode(s string) (string, error) {
	s = compact(s)
	if !allDigits(s) || len(s) != 10 || strings.ContainsAny(s[:5], "02") {
		return "", ErrInvalidPostalCode
	}
	return s, nil
}
