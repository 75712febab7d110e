package sandbox

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ControlHandler lets a separate process (the fault suite) flip the mirrors' fault switches and read what Frotel
// received. It exists for the stand-alone sandbox only (`shop sandbox`): the shop never mounts it, so nothing on a
// shop's own domain can switch faults on.
//
//	POST /frotel/_control/fault?mirror=1|2|3|all&down=1&delay=2s&hold=2s&status500=1&malformed=1
//	                           &apierror=checkPay:8&methods=registerOrder,checkPay
//	     sets the fault of the mirror(s), replacing what was there; no switches = healthy
//	POST /frotel/_control/clear   every mirror healthy again
//	GET  /frotel/_control/stats   calls per method, checkPay calls per (paymentId, ref), every registered order
//	                              with its payments, as JSON
func (f *Frotel) ControlHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /frotel/_control/fault", f.serveSetFault)
	mux.HandleFunc("POST /frotel/_control/clear", func(w http.ResponseWriter, r *http.Request) {
		f.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /frotel/_control/stats", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(f.Stats())
	})
	return mux
}

// Stats is what the fake Frotel received, for a test process to compare with what the shop believes.
type Stats struct {
	Calls        map[string]int  `json:"calls"`          // method -> requests that reached any mirror, faulted ones included
	CheckPayPair map[string]int  `json:"checkpay_pairs"` // "paymentId|ref" -> checkPay calls that reached the method
	Orders       []OrderSnapshot `json:"orders"`         // every registered order, oldest first
}

// Stats copies the counters and the registered orders.
func (f *Frotel) Stats() Stats {
	orders := f.Orders()
	f.mu.Lock()
	defer f.mu.Unlock()
	return Stats{Calls: maps.Clone(f.calls), CheckPayPair: maps.Clone(f.checks), Orders: orders}
}

func (f *Frotel) serveSetFault(w http.ResponseWriter, r *http.Request) {
	fault, mirrors, err := parseFault(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	for _, m := range mirrors {
		f.SetFault(m, fault)
	}
	w.WriteHeader(http.StatusNoContent)
}

// parseFault reads a fault and the mirrors it goes on from the control request's query or form.
func parseFault(r *http.Request) (Fault, []int, error) {
	var fl Fault
	var mirrors []int
	switch m := r.FormValue("mirror"); m {
	case "all":
		mirrors = []int{1, 2, 3}
	case "1", "2", "3":
		n, _ := strconv.Atoi(m)
		mirrors = []int{n}
	default:
		return fl, nil, fmt.Errorf("mirror %q: want 1, 2, 3 or all", m)
	}
	on := func(name string) bool { v := r.FormValue(name); return v == "1" || v == "true" }
	fl.Down, fl.Status500, fl.Malformed = on("down"), on("status500"), on("malformed")
	for _, d := range []struct {
		name string
		to   *time.Duration
	}{{"delay", &fl.Delay}, {"hold", &fl.Hold}} {
		if v := r.FormValue(d.name); v != "" {
			dur, err := time.ParseDuration(v)
			if err != nil || dur < 0 || dur > 10*time.Minute {
				return fl, nil, fmt.Errorf("%s %q: want a duration up to 10m", d.name, v)
			}
			*d.to = dur
		}
	}
	for _, v := range r.Form["apierror"] {
		method, code, ok := strings.Cut(v, ":")
		n, err := strconv.Atoi(code)
		if !ok || err != nil || n == 0 {
			return fl, nil, fmt.Errorf("apierror %q: want method:code with code != 0", v)
		}
		if fl.APIError == nil {
			fl.APIError = map[string]int{}
		}
		fl.APIError[method] = n
	}
	for _, m := range strings.Split(r.FormValue("methods"), ",") {
		if m = strings.TrimSpace(m); m != "" {
			fl.Methods = append(fl.Methods, m)
		}
	}
	return fl, mirrors, nil
}
