// Package sandbox holds faithful fakes of the shop's upstream services so the
// whole shop runs offline and its clients can be tested under httptest: the
// Frotel seller web service (three mirrors sharing one backend, each with its
// own fault switch), the bank payment page Frotel's pay form leads to, and the
// download links of virtual orders. The fakes speak the real wire formats
// (PHP-style form bodies in, {"code","message","result"} JSON out) and never
// import the shop's own clients, so they can serve as the clients' test bed.
package sandbox
