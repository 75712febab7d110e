package sandbox

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // the generated days are Tehran days on any host
)

var loyaltyTehran = func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Tehran"); err == nil {
		return loc
	}
	return time.FixedZone("IRST", 3*3600+1800)
}()

// lyKeepDays is how long the club keeps transaction reports.
const lyKeepDays = 7

// lyTx is one generated purchase; card is the full number, only ever sent out truncated.
type lyTx struct {
	terminal string
	card     string
	amount   int64
	trAmount int64
	rrn      string
	at       time.Time
}

var lyBINs = []string{"603799", "610433", "589210", "627412", "603769", "627353", "502229", "621986"}

// transactions generates every purchase of the last seven days, deterministically from the seed, the
// terminal and the Tehran date, so the same instant always yields the same rows and a later clock only
// adds rows (and drops those older than seven days, as the club does).
func (l *Loyalty) transactions() []lyTx {
	now := l.opt.Now().In(loyaltyTehran)
	oldest := now.Add(-lyKeepDays * 24 * time.Hour)
	var out []lyTx
	for d := lyKeepDays; d >= 0; d-- {
		day := time.Date(now.Year(), now.Month(), now.Day()-d, 0, 0, 0, 0, loyaltyTehran)
		for _, term := range l.opt.Terminals {
			h := fnv.New64a()
			fmt.Fprintf(h, "%d|%s|%s", l.opt.Seed, term, day.Format("20060102"))
			rng := rand.New(rand.NewPCG(h.Sum64(), uint64(l.opt.Seed)))
			n := 3 + rng.IntN(5)
			for i := 0; i < n; i++ {
				at := day.Add(time.Duration(8*3600+rng.IntN(14*3600)) * time.Second)
				var card string
				if rng.IntN(3) == 0 {
					card = lyDemoMappedCards[rng.IntN(len(lyDemoMappedCards))]
				} else {
					card = lyLuhnComplete(lyBINs[rng.IntN(len(lyBINs))] + fmt.Sprintf("%09d", rng.IntN(1e9)))
				}
				amount := int64(50+rng.IntN(4950)) * 1000
				discount := amount * int64(rng.IntN(11)) / 100 / 1000 * 1000
				tx := lyTx{
					terminal: term, card: card, amount: amount, trAmount: amount - discount,
					rrn: fmt.Sprintf("%012d", rng.Int64N(1e12)), at: at,
				}
				if at.After(now) || at.Before(oldest) {
					continue
				}
				out = append(out, tx)
			}
		}
	}
	slices.SortFunc(out, func(a, b lyTx) int { return a.at.Compare(b.at) })
	return out
}

func lyPanTrunc(card string) string { return card[:6] + "******" + card[12:] }

// lySpecPanTrunc is the truncated card as the spec prints it for TerminalTransactionsForMappedCustomers.
func lySpecPanTrunc(card string) string { return card[:6] + "**-" + card[12:] }

func (t lyTx) localTime() string { return t.at.In(loyaltyTehran).Format("2006-01-02T15:04:05") }

func (l *Loyalty) hasTerminal(term string) bool { return slices.Contains(l.opt.Terminals, term) }

func (l *Loyalty) terminalTransactions(q lyRequest) (int, any) {
	term := q.get("TerminalNumber")
	from, err := time.ParseInLocation("20060102150405", q.get("FromDate"), loyaltyTehran)
	if err != nil {
		return lyBad("FromDate must be YYYYMMDDHHmmSS.")
	}
	if !l.hasTerminal(term) {
		return lyFail(lyTerminalNotFound)
	}
	out := []map[string]any{}
	for _, t := range l.transactions() {
		if t.terminal == term && !t.at.Before(from) {
			out = append(out, map[string]any{
				"Amount": t.amount, "PanTrunc": lyPanTrunc(t.card), "RRN": t.rrn,
				"LocalDateTime": t.localTime(), "TrAmount": t.trAmount,
			})
		}
	}
	return lyOK, out
}

func (l *Loyalty) mappedCustomerTransactions(q lyRequest) (int, any) {
	from, err := time.ParseInLocation("20060102", q.get("FromDate"), loyaltyTehran)
	if err != nil {
		return lyBad("FromDate must be YYYYMMDD.")
	}
	var cards []string
	for _, c := range strings.Split(q.get("CardNumber"), ",") {
		if !lyValidCard(c) {
			return lyBad("CardNumber is not valid.")
		}
		if _, ok := l.mappedCards[c]; !ok {
			return lyFail(lyCardNotFound)
		}
		cards = append(cards, c)
	}
	out := []map[string]any{}
	for _, t := range l.transactions() {
		if slices.Contains(cards, t.card) && !t.at.Before(from) {
			out = append(out, map[string]any{
				"Amount": t.amount, "PTerminalNo": t.terminal, "RRN": t.rrn,
				"LocalDateTime": t.localTime(), "TrAmount": t.trAmount,
			})
		}
	}
	return lyOK, out
}

func (l *Loyalty) terminalTransactionsForMapped(q lyRequest) (int, any) {
	term := q.get("TerminalNumber")
	from, err := time.ParseInLocation("20060102", q.get("FromDate"), loyaltyTehran)
	if err != nil {
		return lyBad("FromDate must be YYYYMMDD.")
	}
	if !l.hasTerminal(term) {
		return lyFail(lyTerminalNotFound)
	}
	out := []map[string]any{}
	for _, t := range l.transactions() {
		if _, mapped := l.mappedCards[t.card]; mapped && t.terminal == term && !t.at.Before(from) {
			out = append(out, map[string]any{
				"Amount": t.amount, "PanTrunc": lySpecPanTrunc(t.card), "RRN": t.rrn,
				"LocalDateTime": t.localTime(), "TrAmount": t.trAmount,
			})
		}
	}
	return lyOK, out
}

func lyDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// lyValidNationalCode is the national code check digit rule (the sandbox is stdlib-only on purpose: it
// must not share the shop's validators, or a bug there would hide here).
func lyValidNationalCode(s string) bool {
	if len(s) != 10 || !lyDigits(s) || s[3:9] == "000000" || strings.Count(s, s[:1]) == 10 {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(s[i]-'0') * (10 - i)
	}
	r := sum % 11
	if r >= 2 {
		r = 11 - r
	}
	return int(s[9]-'0') == r
}

// lyValidLegalShape accepts an 11-digit economic code; the club checks no more than its shape.
func lyValidLegalShape(s string) bool { return len(s) == 11 && lyDigits(s) }

func lyValidCard(s string) bool {
	if len(s) != 16 || !lyDigits(s) {
		return false
	}
	return lyLuhnComplete(s[:15]) == s
}

// lyLuhnComplete appends the Luhn check digit to a 15-digit prefix.
func lyLuhnComplete(prefix string) string {
	sum := 0
	for i := len(prefix) - 1; i >= 0; i-- {
		d := int(prefix[i] - '0')
		if (len(prefix)-1-i)%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return prefix + string(rune('0'+(10-sum%10)%10))
}
