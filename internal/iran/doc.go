// Package iran holds the Iranian input rules the shop enforces (digits, mobile
// and landline numbers, national codes, legal-entity ids, postal codes, bank
// cards) and the Persian display helpers (Persian digits, prices in toman or
// rial, Jalali dates in Tehran time).
//
// Validators accept Persian and Arabic-Indic digits, normalise them to ASCII
// and return the canonical form that is stored and sent upstream; on failure
// they return one of the package's sentinel errors, which Message turns into
// a sentence for shoppers.
package iran
