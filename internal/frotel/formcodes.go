package frotel

// The shop's checkout form names the chosen option with Frotel's own registerOrder codes (send_type, buy_type),
// so a form posted by hand or by another integration means the same thing. These read and write those codes
// through the one table in enums.go.

// RegisterCode is the method's registerOrder send_type code, or 0 when registerOrder has none.
func (m SendMethod) RegisterCode() int {
	code, err := m.registerCode()
	if err != nil {
		return 0
	}
	return code
}

// SendMethodFromRegisterCode reads a registerOrder send_type code.
func SendMethodFromRegisterCode(code int) (SendMethod, bool) {
	for _, row := range sendMethodTable {
		if row.registerCode != 0 && row.registerCode == code {
			return row.method, true
		}
	}
	return 0, false
}

// Code is the payment way's getPrices/registerOrder buy_type code (1 COD, 2 online), or 0 when unknown.
func (w PaymentWay) Code() int {
	code, err := w.code()
	if err != nil {
		return 0
	}
	return code
}

// PaymentWayFromCode reads a getPrices/registerOrder buy_type code.
func PaymentWayFromCode(code int) (PaymentWay, bool) {
	for _, row := range paymentWayTable {
		if row.code == code {
			return row.way, true
		}
	}
	return 0, false
}
