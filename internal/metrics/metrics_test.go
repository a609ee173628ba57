package metrics

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/wardkiosk/kiosk/auth"
)

// Each audit event counts in its series, offline ones apart, by fixed
// labels read from the action and the service's own detail prefixes.
func TestObserve(t *testing.T) {
	m := New()
	for _, e := range []auth.Event{
		{Action: auth.ActLoginOK, Detail: "password"},
		{Action: auth.ActLoginOK, Detail: "smartcard card 1a2b3c"},
		{Action: auth.ActLoginOK, Detail: "offline smartcard card 1a2b (kiosk event 3 at …)"},
		{Action: auth.ActLoginOK, Detail: "offline password (kiosk event 4 at …)"},
		{Action: auth.ActLoginFailed, Detail: "wrong password"},
		{Action: auth.ActLoginFailed, Detail: "offline wrong password"},
		{Action: auth.ActCardLoginFailed, Detail: "card 1a2b: revoked"},
		{Action: auth.ActAccountLocked, Detail: "locked at this terminal for 15m0s"},
		{Action: auth.ActAccountLocked, Detail: "locked at every terminal for 15m0s (locked at 3)"},
		{Action: auth.ActResetRequested, Detail: "email queued"},
		{Action: auth.ActResetRequested, Detail: "no match"},
		{Action: auth.ActUsernameRequest, Detail: "account disabled: no email"},
		{Action: auth.ActRateLimited, Detail: "3 emails this hour"},
		{Action: auth.ActLogout, Detail: "user"},
	} {
		m.Observe(e)
	}
	for _, tc := range []struct {
		got  float64
		want float64
		name string
	}{
		{testutil.ToFloat64(m.signIns.WithLabelValues("password", "ok")), 1, "password ok"},
		{testutil.ToFloat64(m.signIns.WithLabelValues("card", "ok")), 1, "card ok"},
		{testutil.ToFloat64(m.signIns.WithLabelValues("offline_card", "ok")), 1, "offline card ok"},
		{testutil.ToFloat64(m.signIns.WithLabelValues("offline_password", "ok")), 1, "offline password ok"},
		{testutil.ToFloat64(m.signIns.WithLabelValues("password", "failed")), 1, "password failed"},
		{testutil.ToFloat64(m.signIns.WithLabelValues("offline_password", "failed")), 1, "offline password failed"},
		{testutil.ToFloat64(m.signIns.WithLabelValues("card", "failed")), 1, "card failed"},
		{testutil.ToFloat64(m.lockouts.WithLabelValues("terminal")), 1, "lock at a terminal"},
		{testutil.ToFloat64(m.lockouts.WithLabelValues("everywhere")), 1, "lock everywhere"},
		{testutil.ToFloat64(m.assistance.WithLabelValues("password", "queued")), 1, "reset queued"},
		{testutil.ToFloat64(m.assistance.WithLabelValues("password", "no_match")), 1, "reset no match"},
		{testutil.ToFloat64(m.assistance.WithLabelValues("username", "refused")), 1, "username refused"},
		{testutil.ToFloat64(m.assistance.WithLabelValues("any", "rate_limited")), 1, "rate limited"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	m.Delivered(auth.Message{Status: auth.MessageSent})
	m.Delivered(auth.Message{Status: auth.MessageQueued})
	m.Delivered(auth.Message{Status: auth.MessageDead})
	for _, r := range []string{"sent", "retry", "dead"} {
		if got := testutil.ToFloat64(m.deliveries.WithLabelValues(r)); got != 1 {
			t.Errorf("deliveries %s: %v", r, got)
		}
	}
}

// fakeSource is a store as the gauges read it.
type fakeSource struct {
	msgs  []auth.Message
	terms []auth.Terminal
	err   error
}

func (f fakeSource) Messages(context.Context) ([]auth.Message, error)   { return f.msgs, f.err }
func (f fakeSource) Terminals(context.Context) ([]auth.Terminal, error) { return f.terms, f.err }

// The gauges are read at the scrape: the queued messages and the oldest's
// age, the terminals seen in the last 30 s; a store that fails says so.
func TestGauges(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	m := New()
	m.Gauges(fakeSource{
		msgs: []auth.Message{{Status: auth.MessageQueued, CreatedAt: now.Add(-90 * time.Second)},
			{Status: auth.MessageQueued, CreatedAt: now.Add(-10 * time.Second)},
			{Status: auth.MessageSent, CreatedAt: now.Add(-time.Hour)}},
		terms: []auth.Terminal{{LastSeen: now.Add(-5 * time.Second)}, {LastSeen: now.Add(-31 * time.Second)}, {}},
	}, func() time.Time { return now })
	want := `
# HELP kiosk_outbox_depth Messages waiting in the outbox.
# TYPE kiosk_outbox_depth gauge
kiosk_outbox_depth 2
# HELP kiosk_outbox_oldest_age_seconds Age of the oldest message waiting in the outbox (0 when none waits).
# TYPE kiosk_outbox_oldest_age_seconds gauge
kiosk_outbox_oldest_age_seconds 90
# HELP kiosk_terminals_online Terminals whose last heartbeat is within 30 s.
# TYPE kiosk_terminals_online gauge
kiosk_terminals_online 1
# HELP kiosk_store_up 1 when the last scrape read the store, else 0.
# TYPE kiosk_store_up gauge
kiosk_store_up 1
`
	if err := testutil.GatherAndCompare(m.Registry(), strings.NewReader(want), "kiosk_outbox_depth",
		"kiosk_outbox_oldest_age_seconds", "kiosk_terminals_online", "kiosk_store_up"); err != nil {
		t.Error(err)
	}

	down := New()
	down.Gauges(fakeSource{err: errors.New("connection refused")}, nil)
	if err := testutil.GatherAndCompare(down.Registry(), strings.NewReader(`
# HELP kiosk_store_up 1 when the last scrape read the store, else 0.
# TYPE kiosk_store_up gauge
kiosk_store_up 0
`), "kiosk_store_up"); err != nil {
		t.Error(err)
	}
}

// /readyz is 503 with the reason while the schema is behind this build or
// the database does not answer, 200 once it is at (or past) it.
func TestReadyz(t *testing.T) {
	for _, tc := range []struct {
		have, want int
		err        error
		code       int
		says       string
	}{
		{10, 10, nil, http.StatusOK, "ok"},
		{11, 10, nil, http.StatusOK, "ok"},
		{9, 10, nil, http.StatusServiceUnavailable, "schema 9 is behind this build's 10"},
		{0, 10, errors.New("dial tcp: connection refused"), http.StatusServiceUnavailable, "database unreachable"},
	} {
		h := New().Handler(SchemaReady(fakeSchema{tc.have, tc.want, tc.err}), slog.New(slog.DiscardHandler))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
		body, _ := io.ReadAll(rec.Body)
		if rec.Code != tc.code || !strings.Contains(string(body), tc.says) {
			t.Errorf("schema %d/%d %v: %d %q", tc.have, tc.want, tc.err, rec.Code, body)
		}
	}
}

type fakeSchema struct {
	have, want int
	err        error
}

func (f fakeSchema) Schema(context.Context) (int, int, error) { return f.have, f.want, f.err }
