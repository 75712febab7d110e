package metrics

import "github.com/prometheus/client_golang/prometheus"

// Messages counts the outbox's tries by channel (sms, email), event (order_placed, code, ...) and outcome (sent,
// retry, failed, expired). Its labels are the shop's own words: never a provider's URL (Kavenegar's holds the API
// key), a receptor or a message. Register its Collector with Metrics.Register.
type Messages struct{ c *prometheus.CounterVec }

// NewMessages makes the counter shop_messages_total.
func NewMessages() *Messages {
	return &Messages{c: prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "shop_messages_total", Help: "Outbox sends by channel, event and outcome.",
	}, []string{"channel", "event", "outcome"})}
}

// Collector is what to register.
func (m *Messages) Collector() prometheus.Collector { return m.c }

// Observe counts one try.
func (m *Messages) Observe(channel, event, outcome string) {
	m.c.WithLabelValues(channel, event, outcome).Inc()
}
