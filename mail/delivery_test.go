package mail_test

import (
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/internal/ci"
	kmail "github.com/wardkiosk/kiosk/mail"
	"github.com/wardkiosk/kiosk/mail/mailtest"
)

var codeRE = regexp.MustCompile(`(?m)^([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})$`)

// clearRelay is a relay on loopback without TLS, as config allows there.
func clearRelay(s *mailtest.Server) kmail.Relay {
	return kmail.Relay{Host: "127.0.0.1", Port: s.Port, TLS: kmail.TLSNone}
}

func TestResetEmailArrivesAndItsCodeWorks(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	k := openKiosk(t, "")
	u := k.jane()
	w := k.newWorker(clearRelay(srv))
	if err := k.svc.ForgotPassword(k.ctx, "WARD7-T1", u.Username, u.Email); err != nil {
		t.Fatal(err)
	}
	rs, err := w.Flush(k.ctx, false)
	if err != nil || len(rs) != 1 || rs[0].Status != auth.MessageSent {
		t.Fatalf("flush: %+v, %v", rs, err)
	}
	queued := k.messages()[0]
	if queued.Status != auth.MessageSent || queued.Attempts != 1 || queued.SentAt.IsZero() {
		t.Fatalf("outbox after delivery: %+v", queued)
	}

	got := srv.Messages(t)
	if len(got) != 1 {
		t.Fatalf("%d messages arrived, want 1", len(got))
	}
	e := parse(t, srv.Raw(t, got[0].ID))
	h := e.Header
	for name, want := range map[string]string{
		"From":                     `"ESR Kiosk" <no-reply@example.nhs.uk>`,
		"To":                       "<jane.smith@example.nhs.uk>",
		"Subject":                  "Your ESR password reset code",
		"Auto-Submitted":           "auto-generated",
		"X-Auto-Response-Suppress": "All",
		"Mime-Version":             "1.0",
	} {
		if h.Get(name) != want {
			t.Errorf("%s: %q, want %q", name, h.Get(name), want)
		}
	}
	if e.Type != "multipart/alternative" {
		t.Errorf("Content-Type %s, want multipart/alternative", e.Type)
	}
	if id := h.Get("Message-Id"); !regexp.MustCompile(`^<ward-kiosk\.1\.\d+@example\.nhs\.uk>$`).MatchString(id) {
		t.Errorf("Message-ID %q", id)
	}
	if d, err := h.Date(); err != nil || !d.Equal(queued.CreatedAt.Truncate(time.Second)) {
		t.Errorf("Date %v (%v), want the time it was queued, %v", d, err, queued.CreatedAt)
	}
	// The outbox keeps the body without its code once it is sent.
	if auth.RedactCodes(e.Text) != queued.Body || codeRE.MatchString(queued.Body) {
		t.Errorf("the text part differs from the queued body, or the outbox kept the code:\n%q\n%q", e.Text, queued.Body)
	}
	code := codeRE.FindString(e.Text)
	if code == "" {
		t.Fatalf("no code on a line of its own:\n%s", e.Text)
	}
	for _, want := range []string{code, trust, "WARD7-T1", u.Username, "wasn&#39;t you"} {
		if !strings.Contains(e.HTML, want) {
			t.Errorf("the HTML part lacks %q", want)
		}
	}
	// The code from the inbox works, typed as staff might.
	typed := strings.ToLower(strings.ReplaceAll(code, "-", " "))
	if _, err := k.svc.Reset(k.ctx, "WARD7-T1", typed, u.Username, newPassword, newPassword); err != nil {
		t.Fatalf("reset with the emailed code: %v", err)
	}
}

func TestSTARTTLSWithAuth(t *testing.T) {
	cert := mailtest.NewCert(t)
	srv := mailtest.Start(t, mailtest.Options{Cert: cert.CertFile, Key: cert.KeyFile, RequireSTARTTLS: true,
		Users: map[string]string{"kiosk": "Relay-Pass-1"}})
	relay := kmail.Relay{Host: "127.0.0.1", Port: srv.Port, TLS: kmail.TLSStartTLS, Username: "kiosk",
		Password: "Relay-Pass-1", RootCAs: cert.Pool}

	t.Run("trusted", func(t *testing.T) {
		k := openKiosk(t, "")
		k.queue(1)
		rs, err := k.newWorker(relay).Flush(k.ctx, false)
		if err != nil || len(rs) != 1 || rs[0].Status != auth.MessageSent {
			t.Fatalf("flush: %+v, %v", rs, err)
		}
		got := srv.Messages(t)
		if len(got) != 1 || got[0].Username != "kiosk" {
			t.Fatalf("arrived: %+v", got)
		}
	})
	t.Run("unknown CA", func(t *testing.T) {
		k := openKiosk(t, "")
		k.queue(1)
		untrusted := relay
		untrusted.RootCAs = mailtest.NewCert(t).Pool // another CA
		rs, _ := k.newWorker(untrusted).Flush(k.ctx, false)
		m := k.messages()[0]
		if len(rs) != 1 || m.Status != auth.MessageQueued || m.Attempts != 1 || !strings.Contains(m.LastError, "certificate") {
			t.Fatalf("a relay with a certificate we do not trust gets nothing: %+v", m)
		}
	})
	t.Run("implicit TLS to a STARTTLS port", func(t *testing.T) {
		k := openKiosk(t, "")
		k.queue(1)
		wrong := relay
		wrong.TLS = kmail.TLSImplicit
		wrong.Timeout = 2 * time.Second
		k.newWorker(wrong).Flush(k.ctx, false)
		if m := k.messages()[0]; m.Status != auth.MessageQueued || m.LastError == "" {
			t.Fatalf("want a recorded failure: %+v", m)
		}
	})
}

func TestImplicitTLS(t *testing.T) {
	cert := mailtest.NewCert(t)
	srv := mailtest.Start(t, mailtest.Options{Cert: cert.CertFile, Key: cert.KeyFile, ImplicitTLS: true,
		Users: map[string]string{"kiosk": "Relay-Pass-1"}})
	k := openKiosk(t, "")
	k.queue(2)
	relay := kmail.Relay{Host: "127.0.0.1", Port: srv.Port, TLS: kmail.TLSImplicit, Username: "kiosk",
		Password: "Relay-Pass-1", RootCAs: cert.Pool}
	rs, err := k.newWorker(relay).Flush(k.ctx, false)
	if err != nil || len(rs) != 2 || rs[0].Status != auth.MessageSent || rs[1].Status != auth.MessageSent {
		t.Fatalf("flush: %+v, %v", rs, err)
	}
	if n := srv.Count(t); n != 2 {
		t.Fatalf("%d arrived, want 2", n)
	}
}

func TestSTARTTLSRequiredButNotOffered(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	k := openKiosk(t, "")
	k.queue(1)
	relay := clearRelay(srv)
	relay.TLS = kmail.TLSStartTLS
	k.newWorker(relay).Flush(k.ctx, false)
	if m := k.messages()[0]; m.Status != auth.MessageQueued || !strings.Contains(m.LastError, "STARTTLS") {
		t.Fatalf("starttls must refuse a relay without it: %+v", m)
	}
	relay.TLS = kmail.TLSStartTLSOptional
	k.newWorker(relay).Flush(k.ctx, true)
	if m := k.messages()[0]; m.Status != auth.MessageSent || m.Attempts != 2 {
		t.Fatalf("starttls-optional goes on in clear: %+v", m)
	}
}

func TestWrongCredentialsRecordedAndRetried(t *testing.T) {
	cert := mailtest.NewCert(t)
	srv := mailtest.Start(t, mailtest.Options{Cert: cert.CertFile, Key: cert.KeyFile, RequireSTARTTLS: true,
		Users: map[string]string{"kiosk": "Relay-Pass-1"}})
	k := openKiosk(t, "")
	u := k.jane()
	if err := k.svc.ForgotPassword(k.ctx, "WARD7-T1", u.Username, u.Email); err != nil {
		t.Fatal(err)
	}
	id := k.messages()[0].ID
	relay := kmail.Relay{Host: "127.0.0.1", Port: srv.Port, TLS: kmail.TLSStartTLS, Username: "kiosk",
		Password: "Wrong-Pass-9", RootCAs: cert.Pool}
	now := time.Now()
	clock := func() time.Time { return now }
	w := k.newWorker(relay, func(o *kmail.Options) { o.Now = clock; o.Backoff, o.MaxBackoff = time.Minute, time.Hour })

	w.Flush(k.ctx, false)
	m := k.message(id)
	if m.Status != auth.MessageQueued || m.Attempts != 1 || !strings.Contains(m.LastError, "535") ||
		!m.NextAttemptAt.Equal(now.Add(time.Minute)) {
		t.Fatalf("after a refused login: %+v", m)
	}
	if strings.Contains(m.LastError, "Wrong-Pass-9") || codeRE.MatchString(m.LastError) {
		t.Fatalf("the error holds a secret: %q", m.LastError)
	}
	if rs, _ := w.Flush(k.ctx, false); len(rs) != 0 {
		t.Fatal("retried before the backoff ran out")
	}
	now = now.Add(time.Minute)
	w.Flush(k.ctx, false)
	if m = k.message(id); m.Attempts != 2 || !m.NextAttemptAt.Equal(now.Add(2*time.Minute)) {
		t.Fatalf("the second try fails too and waits twice as long: %+v", m)
	}
	// The maintainer fixes the password; the next try goes through.
	relay.Password = "Relay-Pass-1"
	now = now.Add(2 * time.Minute)
	k.newWorker(relay, func(o *kmail.Options) { o.Now = clock }).Flush(k.ctx, false)
	if m = k.message(id); m.Status != auth.MessageSent || m.Attempts != 3 {
		t.Fatalf("with the right password: %+v", m)
	}
	if n := srv.Count(t); n != 1 {
		t.Fatalf("%d arrived, want 1", n)
	}
}

func TestRejectedRecipientDoesNotStopTheRest(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{AllowedRecipients: `^staff[ab]@`})
	k := openKiosk(t, "")
	k.queue(3) // to staffa@, staffb@, staffc@
	k.newWorker(clearRelay(srv)).Flush(k.ctx, false)
	ms := k.messages()
	if ms[0].Status != auth.MessageSent || ms[1].Status != auth.MessageSent {
		t.Fatalf("the allowed recipients: %+v", ms[:2])
	}
	if ms[2].Status != auth.MessageQueued || !strings.Contains(ms[2].LastError, "550") {
		t.Fatalf("the refused recipient: %+v", ms[2])
	}
}

func TestServerDownQueuedThenUpDeliveredOnce(t *testing.T) {
	port := mailtest.FreePort(t)
	relay := kmail.Relay{Host: "127.0.0.1", Port: port, TLS: kmail.TLSNone}
	dir := t.TempDir()

	// The relay is down: staff get their answer, the mail waits.
	k := openKiosk(t, dir)
	u := k.jane()
	if err := k.svc.ForgotPassword(k.ctx, "WARD7-T1", u.Username, u.Email); err != nil {
		t.Fatal(err)
	}
	w := k.newWorker(relay, func(o *kmail.Options) { o.Backoff = 100 * time.Millisecond })
	w.Flush(k.ctx, false)
	m := k.messages()[0]
	if m.Status != auth.MessageQueued || m.Attempts != 1 || !strings.Contains(m.LastError, "refused") {
		t.Fatalf("with the relay down: %+v", m)
	}

	// The kiosk restarts; nothing is lost.
	k.store.Close()
	k = openKiosk(t, dir)
	if got := k.message(m.ID); got.Status != auth.MessageQueued || got.Body != m.Body {
		t.Fatalf("after a restart: %+v", got)
	}

	// The relay comes back; the running worker delivers on its next try.
	srv := mailtest.Start(t, mailtest.Options{Port: port})
	k.newWorker(relay, func(o *kmail.Options) { o.Backoff = 100 * time.Millisecond; o.Poll = 50 * time.Millisecond })
	k.run()
	got := k.waitFor(m.ID, 10*time.Second, func(m auth.Message) bool { return m.Status == auth.MessageSent })
	if got.Attempts < 2 {
		t.Fatalf("attempts %d", got.Attempts)
	}
	k.waitClaims(3, 5*time.Second) // a few more looks: nothing goes twice
	if n := srv.Count(t); n != 1 {
		t.Fatalf("%d arrived, want exactly 1", n)
	}
	code := codeRE.FindString(parse(t, srv.Raw(t, srv.Messages(t)[0].ID)).Text)
	if _, err := k.svc.Reset(k.ctx, "WARD7-T1", code, u.Username, newPassword, newPassword); err != nil {
		t.Fatalf("the code survives the outage: %v", err)
	}
}

func TestTwoWorkersOneDatabaseDeliverEachOnce(t *testing.T) {
	const n = 120
	srv := mailtest.Start(t, mailtest.Options{})
	dir := t.TempDir()
	a, b := openKiosk(t, dir), openKiosk(t, dir) // two processes' stores on one file
	a.queue(n)
	relay := clearRelay(srv)
	small := func(o *kmail.Options) { o.Batch = 3; o.Poll = 20 * time.Millisecond }
	a.newWorker(relay, small)
	b.newWorker(relay, small)
	a.run()
	b.run()
	// And a maintainer flushes by hand meanwhile.
	if _, err := openKiosk(t, dir).newWorker(relay, small).Flush(a.ctx, true); err != nil {
		t.Fatal(err)
	}
	if got := srv.WaitCount(t, n, 20*time.Second); got < n {
		t.Fatalf("%d of %d arrived", got, n)
	}
	// Both workers look again: nothing more arrives.
	a.waitClaims(2, 5*time.Second)
	b.waitClaims(2, 5*time.Second)
	seen := map[string]bool{}
	for _, s := range srv.Messages(t) {
		if seen[s.MessageID] {
			t.Errorf("message %s arrived twice", s.MessageID)
		}
		seen[s.MessageID] = true
	}
	if len(seen) != n {
		t.Fatalf("%d distinct messages arrived, want %d", len(seen), n)
	}
	for _, m := range a.messages() {
		if m.Status != auth.MessageSent || m.Attempts != 1 {
			t.Fatalf("message %d: %s after %d attempts", m.ID, m.Status, m.Attempts)
		}
	}
}

func TestIPv6LoopbackRelay(t *testing.T) {
	l, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		ci.SkipOrFail(t, "this machine has no IPv6 loopback: %v", err)
	}
	l.Close()
	srv := mailtest.Start(t, mailtest.Options{IPv6: true})
	for _, host := range []string{"::1", "[::1]"} {
		k := openKiosk(t, "")
		k.queue(1)
		rs, err := k.newWorker(kmail.Relay{Host: host, Port: srv.Port, TLS: kmail.TLSNone}).Flush(k.ctx, false)
		if err != nil || len(rs) != 1 || rs[0].Status != auth.MessageSent {
			t.Fatalf("%s: %+v, %v", host, rs, err)
		}
	}
}
