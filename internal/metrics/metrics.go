// Package metrics is the Trust-wide service's Prometheus metrics and
// health checks (DESIGN §11), served by `kiosk serve` on metrics.listen.
// Counters are fed where things happen: the auth core's committed audit
// events (Observe), the mail worker's outcomes (Delivered) and the kiosk
// API's calls (Interceptor); gauges are read from the store at each
// scrape. Every label value is one of a fixed few: never a username, an
// email, a terminal's name or anything a terminal sent.
package metrics

import (
	"context"
	"strings"
	"time"

	"connectrpc.com/connect"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/wardkiosk/kiosk/auth"
)

// OnlineWithin is how recent a terminal's last heartbeat must be for it
// to count as online: kiosks beat every 10 s or so, so three missed.
const OnlineWithin = 30 * time.Second

// Source is what the gauges read at each scrape: *auth.Service.
type Source interface {
	Messages(ctx context.Context) ([]auth.Message, error)
	Terminals(ctx context.Context) ([]auth.Terminal, error)
}

// Metrics holds the service's collectors in a registry of its own.
type Metrics struct {
	reg        *prometheus.Registry
	signIns    *prometheus.CounterVec
	lockouts   *prometheus.CounterVec
	assistance *prometheus.CounterVec
	deliveries *prometheus.CounterVec
	latency    *prometheus.HistogramVec
}

// New builds the metrics. The gauges come with Gauges, once the store is
// open: the counters must be in place before, to hear its first events.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		signIns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kiosk_sign_ins_total",
			Help: "Sign-ins by method (password, card, offline_password, offline_card) and result (ok, failed).",
		}, []string{"method", "result"}),
		lockouts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kiosk_lockouts_total",
			Help: "Accounts locked by wrong passwords, at one terminal or at every terminal (scope).",
		}, []string{"scope"}),
		assistance: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kiosk_assistance_requests_total",
			Help: "Login Assistance requests by kind (password, username) and result (queued, no_match, refused, rate_limited).",
		}, []string{"kind", "result"}),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kiosk_mail_deliveries_total",
			Help: "Outbox delivery attempts by result (sent, retry, dead).",
		}, []string{"result"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "kiosk_api_request_duration_seconds",
			Help:    "Kiosk API unary calls by procedure and Connect code.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 15},
		}, []string{"procedure", "code"}),
	}
	m.reg.MustRegister(m.signIns, m.lockouts, m.assistance, m.deliveries, m.latency,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Series that have not happened yet show as 0, so a rate() has a start.
	for _, method := range []string{"password", "card"} {
		for _, result := range []string{"ok", "failed"} {
			m.signIns.WithLabelValues(method, result)
		}
	}
	m.lockouts.WithLabelValues("terminal")
	for _, kind := range []string{"password", "username"} {
		m.assistance.WithLabelValues(kind, "queued")
	}
	for _, r := range []string{"sent", "retry", "dead"} {
		m.deliveries.WithLabelValues(r)
	}
	return m
}

// Gauges adds the gauges read from src at each scrape; now is the clock
// the ages are measured on (nil: time.Now). Call it once.
func (m *Metrics) Gauges(src Source, now func() time.Time) {
	if now == nil {
		now = time.Now
	}
	m.reg.MustRegister(&storeCollector{src: src, now: now})
}

// Registry is the registry /metrics serves.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Observe counts one committed audit event (auth.Options.Observe). Only
// the action and fixed prefixes of the service's own details are read.
func (m *Metrics) Observe(e auth.Event) {
	offline := strings.HasPrefix(e.Detail, "offline ")
	switch e.Action {
	case auth.ActLoginOK:
		method := "password"
		if strings.HasPrefix(strings.TrimPrefix(e.Detail, "offline "), "smartcard") {
			method = "card"
		}
		if offline {
			method = "offline_" + method
		}
		m.signIns.WithLabelValues(method, "ok").Inc()
	case auth.ActLoginFailed:
		method := "password"
		if offline {
			method = "offline_password"
		}
		m.signIns.WithLabelValues(method, "failed").Inc()
	case auth.ActCardLoginFailed:
		method := "card"
		if offline {
			method = "offline_card"
		}
		m.signIns.WithLabelValues(method, "failed").Inc()
	case auth.ActAccountLocked:
		scope := "terminal"
		if strings.HasPrefix(e.Detail, "locked at every terminal") {
			scope = "everywhere"
		}
		m.lockouts.WithLabelValues(scope).Inc()
	case auth.ActResetRequested, auth.ActUsernameRequest:
		kind := "password"
		if e.Action == auth.ActUsernameRequest {
			kind = "username"
		}
		result := "refused" // a disabled account, or one without an email
		switch e.Detail {
		case "email queued":
			result = "queued"
		case "no match":
			result = "no_match"
		}
		m.assistance.WithLabelValues(kind, result).Inc()
	case auth.ActRateLimited:
		m.assistance.WithLabelValues("any", "rate_limited").Inc()
	}
}

// Delivered counts one recorded delivery attempt of the outbox.
func (m *Metrics) Delivered(msg auth.Message) {
	switch msg.Status {
	case auth.MessageSent:
		m.deliveries.WithLabelValues("sent").Inc()
	case auth.MessageDead:
		m.deliveries.WithLabelValues("dead").Inc()
	default:
		m.deliveries.WithLabelValues("retry").Inc()
	}
}

// Interceptor times the kiosk API's unary calls. The procedure is the
// method name of a registered procedure (an unknown path never reaches an
// interceptor), the code one of Connect's.
func (m *Metrics) Interceptor() connect.Interceptor {
	return connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			start := time.Now()
			res, err := next(ctx, req)
			p := req.Spec().Procedure
			p = p[strings.LastIndex(p, "/")+1:]
			code := "ok"
			if err != nil {
				code = connect.CodeOf(err).String()
			}
			m.latency.WithLabelValues(p, code).Observe(time.Since(start).Seconds())
			return res, err
		}
	})
}
