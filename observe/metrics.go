// Package observe gives the server its request logs and Prometheus metrics:
// one log line and a few series per GraphQL operation, counters and
// latencies per HTTP route, the database pool's statistics, and the number
// of live subscriptions.
//
// Nothing here records the text of a query, its variables, or any other
// content of a request: only operation names that look like identifiers,
// error codes, durations, request ids and the logged-in user's id.
package observe

import (
	"database/sql"
	"errors"
	"net/http"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Namespace prefixes the name of every metric of the package.
const Namespace = "wutong"

// MaxOperationNames is how many distinct operation names get a series of
// their own; the operations named after those are counted as "other".
const MaxOperationNames = 500

// maxOutcomes is how many distinct error codes get a series of their own.
const maxOutcomes = 50

// Label values that stand for no name or for too many names.
const (
	// anonymous is the operation label of an operation without a name.
	anonymous = "anonymous"
	// other is the label of a name that is not an identifier, or one past
	// the cap on distinct names.
	other = "other"
	// unknown is the type label of an operation refused before its type
	// was known, such as one that did not parse.
	unknown = "unknown"
)

// buckets are the latency buckets, in seconds, of both histograms: local
// reads take about a millisecond, and a slow statistic several seconds.
var buckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}

// Metrics holds the server's Prometheus metrics and serves them.
// Its methods are safe for concurrent use.
type Metrics struct {
	handler http.Handler

	gqlRequests   *prometheus.CounterVec
	gqlDuration   *prometheus.HistogramVec
	httpRequests  *prometheus.CounterVec
	httpDuration  *prometheus.HistogramVec
	subscriptions prometheus.Gauge

	operations labelSet
	outcomes   labelSet
}

// NewMetrics registers the server's metrics with reg, a new registry if nil:
// the GraphQL and HTTP series, the Go runtime and the process (unless reg
// has them already), and the connection pool of db unless db is nil.
// It panics if reg already holds the server's own metrics.
func NewMetrics(reg *prometheus.Registry, db *sql.DB) *Metrics {
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	m := &Metrics{
		gqlRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace,
			Name:      "graphql_requests_total",
			Help:      `GraphQL operations done, by operation name ("anonymous", or "other" past the cap), type (query, mutation, subscription, or "unknown" when refused before parsing) and outcome ("ok" or the first error's extensions.code).`,
		}, []string{"operation", "type", "outcome"}),
		gqlDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace,
			Name:      "graphql_request_duration_seconds",
			Help:      "Time from reading a GraphQL request to its last response, by operation name and type; subscriptions are not observed.",
			Buckets:   buckets,
		}, []string{"operation", "type"}),
		httpRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace,
			Name:      "http_requests_total",
			Help:      "HTTP requests served, by route pattern, method and status code.",
		}, []string{"route", "method", "status"}),
		httpDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace,
			Name:      "http_request_duration_seconds",
			Help:      "Time to serve an HTTP request, by route pattern.",
			Buckets:   buckets,
		}, []string{"route"}),
		subscriptions: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: Namespace,
			Name:      "subscriptions_active",
			Help:      "GraphQL subscriptions running now.",
		}),
		operations: labelSet{valid: validName, max: MaxOperationNames},
		outcomes:   labelSet{valid: validCode, max: maxOutcomes},
	}
	reg.MustRegister(m.gqlRequests, m.gqlDuration, m.httpRequests, m.httpDuration, m.subscriptions)
	if db != nil {
		reg.MustRegister(collectors.NewDBStatsCollector(db, Namespace))
	}
	registerOnce(reg, collectors.NewGoCollector())
	registerOnce(reg, collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{
		Registry:      reg,
		ErrorHandling: promhttp.ContinueOnError,
	})
	return m
}

// registerOnce registers c unless reg has it already.
func registerOnce(reg prometheus.Registerer, c prometheus.Collector) {
	if err := reg.Register(c); err != nil {
		var dup prometheus.AlreadyRegisteredError
		if !errors.As(err, &dup) {
			panic(err)
		}
	}
}

// Handler serves the metrics in Prometheus' text format, for /metrics.
func (m *Metrics) Handler() http.Handler { return m.handler }

// SubscriptionStarted counts one more live subscription. The Extension
// calls it for every subscription it sees: call it only for subscriptions
// served some other way, and pair it with SubscriptionEnded.
func (m *Metrics) SubscriptionStarted() { m.subscriptions.Inc() }

// SubscriptionEnded counts one less live subscription.
func (m *Metrics) SubscriptionEnded() { m.subscriptions.Dec() }

// labelSet bounds the values of a label: a value that is not valid, or new
// once max values were seen, becomes "other".
type labelSet struct {
	valid func(string) bool
	max   int

	mu   sync.RWMutex
	seen map[string]struct{}
}

// label returns v, or "other".
func (s *labelSet) label(v string) string {
	if !s.valid(v) {
		return other
	}
	s.mu.RLock()
	_, ok := s.seen[v]
	s.mu.RUnlock()
	if ok {
		return v
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.seen[v]; ok {
		return v
	}
	if len(s.seen) >= s.max {
		return other
	}
	if s.seen == nil {
		s.seen = map[string]struct{}{}
	}
	s.seen[v] = struct{}{}
	return v
}

// validName reports whether s matches ^[A-Za-z_][A-Za-z0-9_]{0,63}$.
func validName(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// validCode reports whether s looks like an error code: ^[A-Z][A-Z0-9_]{0,63}$.
func validCode(s string) bool {
	if len(s) == 0 || len(s) > 64 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}
