// Package loyalty holds the loyalty club ("باشگاه مشتریان") client for the club's general web service, its
// typed status errors with Persian sentences, the one place where the inverted membership answer is read,
// the Service the web layer uses (lookup, join, groups, admin actions) and the nightly SyncJob that copies
// the last seven days of transactions into the shop's own database.
//
// Card numbers leave this package only masked (603799******1234), except in the request that needs them.
package loyalty
