// Package sandbox holds faithful fakes of the shop's upstream services so the
// whole shop runs offline and its clients can be tested under httptest: the
// Frotel seller web service (three mirrors sharing one backend, each with its
// own fault switch), the bank payment page Frotel's pay form leads to, the
// download links of virtual orders, and the loyalty club's general web service
// (customers, groups, cards with their capacity limits, balances, and terminal
// transactions of the last 7 days). The fakes speak the real wire formats
// (PHP-style form bodies in and {"code","message","result"} JSON out for Frotel;
// query strings or form bodies in and {"Status","ErrorMessage","AdditionalData"}
// out for the loyalty club) and never import the shop's own clients, so they
// can serve as the clients' test bed.
package sandbox
