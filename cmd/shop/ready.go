package main

import (
	"context"

	"shop/internal/store"
)

// readier is what /readyz wants from storage: the database answers and its migrations are current.
type readier interface{ Ready(context.Context) error }

// readiness uses store.Ready once the storage work brings it (it knows whether migrations are current); until then
// a ping, which at least tells a reachable database from a lost one.
func readiness(st *store.Store) func(context.Context) error {
	if r, ok := any(st).(readier); ok {
		return r.Ready
	}
	return func(context.Context) error { return st.Ping() }
}
