package templates

// AccountPage is /account: the mobile's form, then the code's.
type AccountPage struct {
	Page
	// CodeStep: a code was sent to Mobile and the form asks for it.
	CodeStep bool
	Mobile   string // as typed on the mobile step; normalised 09XXXXXXXXX on the code step
	Error    string // beside the field of the step shown
	// NeedNewCode: the code cannot be tried any more (expired, used, out of tries): only "send a new code".
	NeedNewCode bool
}

// AccountOrdersPage is /account/orders: the signed-in mobile's orders, newest first.
type AccountOrdersPage struct {
	Page
	Mobile string
	Orders []AccountOrder
}

// AccountOrder is one line of "my orders".
type AccountOrder struct {
	Token      string
	Title      string
	FactorID   string
	Reference  string
	Created    string // Jalali
	Total      int64
	StateLabel string
	StateClass string
}

// SellerNoteView is one of the seller's notes to the buyer on the order page.
type SellerNoteView struct {
	When string
	Text string
}
