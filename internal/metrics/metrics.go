// Package metrics holds the shop's Prometheus metrics: one registry per process, the hooks the upstream clients,
// the scheduler and the web server report to, and a collector that counts orders by state when scraped. cmd/shop
// wires the hooks; internal/web serves the registry at /metrics.
package metrics

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"shop/internal/frotel"
	"shop/internal/jobs"
)

// Metrics is the registry and the shop's own series. The zero value is not usable; call New.
type Metrics struct {
	reg *prometheus.Registry

	httpRequests   *prometheus.CounterVec
	httpDuration   *prometheus.HistogramVec
	frotelCalls    *prometheus.CounterVec
	frotelDuration *prometheus.HistogramVec
	loyaltyCalls   *prometheus.CounterVec
	loyaltyLatency *prometheus.HistogramVec
	jobRuns        *prometheus.CounterVec
	checkPay       *prometheus.CounterVec
}

// upstreamBuckets suit calls over the Iranian internet: tens of milliseconds to the 10 s timeout.
var upstreamBuckets = []float64{.025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// New makes a registry with the Go runtime and process collectors and the shop's series.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		httpRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "shop_http_requests_total", Help: "HTTP requests answered, by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		httpDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "shop_http_request_duration_seconds", Help: "Time to answer an HTTP request, by route pattern and method.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10},
		}, []string{"route", "method"}),
		frotelCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "shop_frotel_calls_total", Help: "Frotel API attempts, by API method, mirror host and outcome.",
		}, []string{"method", "mirror", "outcome"}),
		frotelDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "shop_frotel_call_duration_seconds", Help: "Duration of Frotel API attempts, by API method and mirror host.",
			Buckets: upstreamBuckets,
		}, []string{"method", "mirror"}),
		loyaltyCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "shop_loyalty_calls_total", Help: "Loyalty club API calls, by API method and outcome (ok, unavailable, refused).",
		}, []string{"method", "outcome"}),
		loyaltyLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "shop_loyalty_call_duration_seconds", Help: "Duration of loyalty club API calls, by API method.",
			Buckets: upstreamBuckets,
		}, []string{"method"}),
		jobRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "shop_job_runs_total", Help: "Scheduled job runs, by job and result (ok, failed).",
		}, []string{"job", "result"}),
		checkPay: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "shop_checkpay_outcomes_total", Help: "Payment verifications with checkPay, by outcome (paid, failed, unknown...).",
		}, []string{"outcome"}),
	}
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.httpRequests, m.httpDuration, m.frotelCalls, m.frotelDuration, m.loyaltyCalls, m.loyaltyLatency, m.jobRuns, m.checkPay)
	return m
}

// Register adds another collector (OrdersByState, or one the checkout brings later).
func (m *Metrics) Register(c prometheus.Collector) error { return m.reg.Register(c) }

// Handler serves the registry in the Prometheus text format (gzipped when the scraper asks).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// HTTPRequest records one answered request. route is the pattern ("/p/:code"), never the raw path, so the
// number of series stays bounded whatever URLs people try.
func (m *Metrics) HTTPRequest(route, method string, code int, d time.Duration) {
	m.httpRequests.WithLabelValues(route, method, strconv.Itoa(code)).Inc()
	m.httpDuration.WithLabelValues(route, method).Observe(d.Seconds())
}

// FrotelAttempt is frotel.Config.Observe.
func (m *Metrics) FrotelAttempt(a frotel.Attempt) {
	m.frotelCalls.WithLabelValues(a.Method, a.Mirror, a.Outcome).Inc()
	m.frotelDuration.WithLabelValues(a.Method, a.Mirror).Observe(a.Duration.Seconds())
}

// LoyaltyCall is loyalty.ClientConfig.Observe.
func (m *Metrics) LoyaltyCall(method, outcome string, d time.Duration) {
	m.loyaltyCalls.WithLabelValues(method, outcome).Inc()
	m.loyaltyLatency.WithLabelValues(method).Observe(d.Seconds())
}

// JobRun is jobs.Options.Observe.
func (m *Metrics) JobRun(r jobs.Run) {
	result := "ok"
	if !r.OK() {
		result = "failed"
	}
	m.jobRuns.WithLabelValues(r.Name, result).Inc()
}

// CheckPay counts one verification's outcome; the checkout calls it once per verified callback.
func (m *Metrics) CheckPay(outcome string) { m.checkPay.WithLabelValues(outcome).Inc() }

// OrderCounter is what OrdersByState needs from storage: how many orders are in each state now.
type OrderCounter interface {
	CountOrdersByState(ctx context.Context) (map[string]int64, error)
}

// ordersByState asks the database at scrape time, so the figure is right with several instances and after a
// restart, which counters kept in memory would not be.
type ordersByState struct {
	store OrderCounter
	desc  *prometheus.Desc
	log   *slog.Logger
}

// OrdersByState is a collector of the gauge shop_orders{state=...}.
func OrdersByState(store OrderCounter, log *slog.Logger) prometheus.Collector {
	if log == nil {
		log = slog.Default()
	}
	return &ordersByState{store: store, log: log,
		desc: prometheus.NewDesc("shop_orders", "Orders in the database, by state.", []string{"state"}, nil)}
}

func (o *ordersByState) Describe(ch chan<- *prometheus.Desc) { ch <- o.desc }

func (o *ordersByState) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	counts, err := o.store.CountOrdersByState(ctx)
	if err != nil {
		o.log.Warn("metrics: count orders by state", "err", err)
		ch <- prometheus.NewInvalidMetric(o.desc, err)
		return
	}
	for state, n := range counts {
		ch <- prometheus.MustNewConstMetric(o.desc, prometheus.GaugeValue, float64(n), state)
	}
}
