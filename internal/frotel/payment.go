package frotel

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
)

// PayRequest starts (Pay) or restarts (ContinuePay) an online payment.
type PayRequest struct {
	FactorID    string
	BankID      string // Bank.ID from the registration or OrderPay
	CallbackURL string // where the bank returns the shopper with _i and sb
}

// Pay asks for the form that sends the shopper to the bank
// (payment/pay.json). It starts a payment attempt upstream, so it follows
// the register calls' retry rule.
func (c *Client) Pay(ctx context.Context, req PayRequest) (RedirectForm, error) {
	return c.pay(ctx, "pay", "payment/pay.json", req, false)
}

// ContinuePay is Pay for an order whose earlier payment failed or whose total
// changed (payment/continuePay.json); check OrderPay first.
func (c *Client) ContinuePay(ctx context.Context, req PayRequest) (RedirectForm, error) {
	// The spec names the field bank, but the one official client that calls continuePay sends bankId: send both,
	// so the call works whichever name the server reads.
	return c.pay(ctx, "continue pay", "payment/continuePay.json", req, true)
}

func (c *Client) pay(ctx context.Context, op, path string, req PayRequest, bankIDToo bool) (RedirectForm, error) {
	if strings.TrimSpace(req.FactorID) == "" || strings.TrimSpace(req.BankID) == "" || strings.TrimSpace(req.CallbackURL) == "" {
		return RedirectForm{}, fmt.Errorf("frotel: %s: %w", op, invalid("factor, bank and callback are required"))
	}
	params := &form{}
	// pay declares factor an int and continuePay a string; both get the id
	// exactly as Frotel gave it, since 20-digit ids do not fit an int64.
	params.set("factor", req.FactorID)
	params.set("bank", req.BankID)
	if bankIDToo {
		params.set("bankId", req.BankID)
	}
	params.set("callback", req.CallbackURL)
	var out RedirectForm
	err := c.do(ctx, call{
		op: op, path: path, params: params, retry: retryIfUnsent,
		decodeAt: func(raw json.RawMessage, from string) (err error) { out, err = decodeRedirectAt(raw, from); return err },
	})
	if err == nil && out.Page != "" {
		// Kept whole for a person to read: this is the page shoppers see framed instead of a form.
		c.log.LogAttrs(ctx, slog.LevelDebug, "frotel bank page without a usable form",
			slog.String("method", path), slog.String("factor", req.FactorID), slog.String("page", out.Page))
	}
	return out, err
}

func decodeRedirect(raw json.RawMessage) (RedirectForm, error) { return decodeRedirectAt(raw, "") }

func decodeRedirectAt(raw json.RawMessage, from string) (RedirectForm, error) {
	var html string
	if err := json.Unmarshal(orNull(raw), &html); err != nil {
		return RedirectForm{}, fmt.Errorf("%w: result is not an HTML string", ErrBadRedirectForm)
	}
	return ParseRedirectFormAt(html, from)
}

// CheckPayRequest carries what the bank's callback gave us.
type CheckPayRequest struct {
	PaymentID string // callback parameter _i
	Ref       string // callback parameter sb
	FactorID  string
}

// Verification is checkPay's answer.
type Verification struct {
	PaymentID    string
	Verified     bool
	Message      string
	TrackingCode string         // set when verified
	Links        *DownloadLinks // virtual orders only
}

// DownloadLinks are a virtual order's files. When Error is set, Files is
// empty and ErrorMessage says why.
type DownloadLinks struct {
	Error        bool
	ErrorMessage string
	Files        []DownloadLink
}

// DownloadLink is one purchased file; fields are Frotel's display strings
// ("200 KB", a Jalali expiry, an unlimited-count label).
type DownloadLink struct {
	Name   string
	Size   string
	Mime   string
	Count  string
	Expire string
	URL    string
}

// CheckPay verifies a payment after the bank's callback
// (payment/checkPay.json). It must be called for every callback, or Frotel
// refunds the shopper. Verifying the same payment twice gives the same
// answer, so it fails over freely.
func (c *Client) CheckPay(ctx context.Context, req CheckPayRequest) (Verification, error) {
	if strings.TrimSpace(req.PaymentID) == "" || strings.TrimSpace(req.FactorID) == "" {
		return Verification{}, fmt.Errorf("frotel: check pay: %w", invalid("payment id and factor are required"))
	}
	params := &form{}
	params.set("paymentId", req.PaymentID)
	params.set("ref", req.Ref)
	params.set("factor", req.FactorID)
	var out Verification
	err := c.do(ctx, call{
		op: "check pay", path: "payment/checkPay.json", params: params, retry: retryAlways,
		decode: func(raw json.RawMessage) (err error) { out, err = decodeVerification(raw); return err },
	})
	return out, err
}

type wireLink struct {
	Name   flexString `json:"name"`
	Size   flexString `json:"size"`
	Mime   flexString `json:"mime"`
	Count  flexString `json:"count"`
	Expire flexString `json:"expire"`
	Link   flexString `json:"link"`
}

func decodeVerification(raw json.RawMessage) (Verification, error) {
	var w struct {
		ID      flexString      `json:"id"`
		Verify  flexInt         `json:"verify"`
		Message json.RawMessage `json:"message"`
		Code    flexString      `json:"code"`
		Links   json.RawMessage `json:"links"`
	}
	if isEmptyJSON(raw) {
		return Verification{}, nil // nothing verified
	}
	if err := json.Unmarshal(raw, &w); err != nil {
		return Verification{}, fmt.Errorf("%w: check pay: %v", ErrBadResponse, err)
	}
	return Verification{
		PaymentID:    string(w.ID),
		Verified:     w.Verify == 1,
		Message:      looseText(w.Message),
		TrackingCode: string(w.Code),
		Links:        decodeLinks(w.Links),
	}, nil
}

// decodeLinks never fails: the payment verdict beside it matters more than
// the files, so odd links become an error text rather than a failed call.
func decodeLinks(raw json.RawMessage) *DownloadLinks {
	if isEmptyJSON(raw) {
		return nil
	}
	var w struct {
		Error   flexInt         `json:"error"`
		Message json.RawMessage `json:"message"`
	}
	if err := json.Unmarshal(raw, &w); err != nil {
		return &DownloadLinks{Error: true}
	}
	if w.Error != 0 {
		return &DownloadLinks{Error: true, ErrorMessage: looseText(w.Message)}
	}
	var files flexList[wireLink]
	if err := json.Unmarshal(orNull(w.Message), &files); err != nil {
		return &DownloadLinks{Error: true, ErrorMessage: looseText(w.Message)}
	}
	out := &DownloadLinks{}
	for _, f := range files {
		out.Files = append(out.Files, DownloadLink{
			Name: string(f.Name), Size: string(f.Size), Mime: string(f.Mime),
			Count: string(f.Count), Expire: string(f.Expire), URL: string(f.Link),
		})
	}
	return out
}

// OrderPayRequest names the order whose payment state is wanted.
type OrderPayRequest struct {
	FactorID string
}

// PaymentStatus is orderPay's answer: whether the order can still be paid.
type PaymentStatus struct {
	Status    string     // vaziat, verbatim Persian label
	State     OrderState // Status mapped
	FactorID  string
	Barcode   string
	OrderType string // "product", ...
	Price     int64
	Remainder int64 // still to pay
	Paid      int64
	Banks     []Bank // empty when the order cannot be paid now
}

// CanContinue reports whether ContinuePay is worth offering.
func (s PaymentStatus) CanContinue() bool { return len(s.Banks) > 0 }

// OrderPay reports an order's payment state and its banks
// (order/orderPay.json). Read-only.
func (c *Client) OrderPay(ctx context.Context, req OrderPayRequest) (PaymentStatus, error) {
	if strings.TrimSpace(req.FactorID) == "" {
		return PaymentStatus{}, fmt.Errorf("frotel: order pay: %w", invalid("factor is required"))
	}
	params := &form{}
	params.set("factor", req.FactorID)
	var out PaymentStatus
	err := c.do(ctx, call{
		op: "order pay", path: "order/orderPay.json", params: params, retry: retryAlways,
		decode: func(raw json.RawMessage) (err error) { out, err = decodePaymentStatus(raw); return err },
	})
	return out, err
}

func decodePaymentStatus(raw json.RawMessage) (PaymentStatus, error) {
	var w struct {
		Vaziat    flexString         `json:"vaziat"`
		Factor    flexString         `json:"factor"`
		Barcode   flexString         `json:"barcode"`
		OrderType flexString         `json:"order_type"`
		Price     flexInt            `json:"price"`
		Remainder flexInt            `json:"remainder_price"`
		Paid      flexInt            `json:"pay_price"`
		Banks     flexList[wireBank] `json:"banks"`
	}
	if isEmptyJSON(raw) {
		return PaymentStatus{}, nil // no status and no banks: cannot continue
	}
	if err := json.Unmarshal(raw, &w); err != nil {
		return PaymentStatus{}, fmt.Errorf("%w: order pay: %v", ErrBadResponse, err)
	}
	return PaymentStatus{
		Status: string(w.Vaziat), State: ParseOrderStatus(string(w.Vaziat)),
		FactorID: string(w.Factor), Barcode: string(w.Barcode), OrderType: string(w.OrderType),
		Price: int64(w.Price), Remainder: int64(w.Remainder), Paid: int64(w.Paid),
		Banks: banks(w.Banks),
	}, nil
}
