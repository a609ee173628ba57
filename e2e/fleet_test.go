package e2e

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/api/wire"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/internal/ci"
	"github.com/wardkiosk/kiosk/internal/fleet"
	"github.com/wardkiosk/kiosk/internal/pgserver"
	"github.com/wardkiosk/kiosk/internal/syncbuf"
	"github.com/wardkiosk/kiosk/mail/mailtest"
	"github.com/wardkiosk/kiosk/remote"
)

// The fleet's three terminals, each with its own certificate.
var fleetTerminals = []fleet.Terminal{{Name: "WARD7-T1", Ward: "Ward 7"}, {Name: "WARD7-T2", Ward: "Ward 7"},
	{Name: "WARD8-T1", Ward: "Ward 8"}}

// trust is a fleet on this machine: one PostgreSQL, two service
// instances (A and B), mailpit, and the demo staff.
type trust struct {
	t     testing.TB
	f     *fleet.Fleet
	mail  *mailtest.Server
	users []demoUser
	log   *syncbuf.Buffer
}

func startTrust(t testing.TB) *trust {
	t.Helper()
	return startTrustWith(t)
}

// startTrustWith is startTrust with more environment for every instance.
func startTrustWith(t testing.TB, env ...string) *trust {
	t.Helper()
	if _, err := pgserver.BinDir(); err != nil {
		ci.SkipOrFail(t, "no PostgreSQL: %v", err)
	}
	mp := mailtest.Start(t, mailtest.Options{})
	log := &syncbuf.Buffer{}
	f, demo, err := fleet.Start(context.Background(), fleet.Options{Kiosk: kioskBin, Dir: t.TempDir(),
		Terminals: fleetTerminals, SMTPPort: mp.Port, Log: log, Env: env})
	if err != nil {
		t.Fatalf("%v\nthe service's log:\n%s", err, log.String())
	}
	tr := &trust{t: t, f: f, mail: mp, log: log}
	t.Cleanup(func() {
		if err := f.Stop(); err != nil {
			t.Error(err)
		}
		if t.Failed() {
			t.Logf("the service's log:\n%s", log.String())
		}
	})
	for _, line := range strings.Split(strings.TrimSpace(demo), "\n") {
		if fs := strings.Fields(line); len(fs) == 6 {
			tr.users = append(tr.users, demoUser{fs[0], fs[1], fs[2], fs[3], fs[4], fs[5]})
		}
	}
	return tr
}

// kiosk starts the client kiosk of terminal n (0, 1, 2) in tmux, trying
// the instances in the order given ("ab" or "ba"); it returns the screen
// and the kiosk's data directory.
func (tr *trust) kiosk(n int, order string) (*term, string) {
	tr.t.Helper()
	name := fleetTerminals[n].Name
	var urls []string
	for _, c := range order {
		urls = append(urls, tr.f.Instances[c-'a'].URL)
	}
	env := append(tr.f.ClientEnv(name), "KIOSK_SERVER_URLS="+strings.Join(urls, ","), "KIOSK_KIOSK_MODE=false")
	data := filepath.Join(tr.t.TempDir(), "kiosk-"+name)
	tm := startKiosk(tr.t, data, 100, 32, env...)
	tm.WaitFor("Employee Self Service")
	return tm, data
}

// client is terminal n's client of the service, as its kiosk uses it.
func (tr *trust) client(n int, order string) *remote.Client {
	tr.t.Helper()
	c := tr.f.Terminals[fleetTerminals[n].Name]
	conf, err := remote.TLSConfig(tr.f.CAFile, c.CertFile, c.KeyFile)
	if err != nil {
		tr.t.Fatal(err)
	}
	var urls []string
	for _, i := range order {
		urls = append(urls, tr.f.Instances[i-'a'].URL)
	}
	rc, err := remote.New(remote.Options{URLs: urls, TLS: conf, Lists: policy.LoadLists})
	if err != nil {
		tr.t.Fatal(err)
	}
	tr.t.Cleanup(rc.Close)
	return rc
}

// run runs a kiosk command at instance B.
func (tr *trust) run(args ...string) string {
	tr.t.Helper()
	out, err := tr.f.Instances[1].Run(context.Background(), args...)
	if err != nil {
		tr.t.Fatal(err)
	}
	return out
}

// audited counts the audit events of an action, for a subject or any.
func (tr *trust) audited(action, subject string) int {
	tr.t.Helper()
	n := 0
	for _, line := range strings.Split(tr.run("audit", "list", "-n", "100000"), "\n") {
		if strings.Contains(line, " "+action+" ") && (subject == "" || strings.Contains(line, " "+subject+" ")) {
			n++
		}
	}
	return n
}

// signIn types a username and password on Login.
func signIn(tm *term, username, password string) {
	tm.Type(username)
	tm.Press("Tab")
	tm.Type(password)
	tm.Press("Enter")
}

// A reset through Login Assistance at kiosk 1, through instance A: the
// emailed code resets the password once; the new password signs in at
// kiosk 3 through instance B, the old one fails at kiosk 2.
func TestFleetResetWorksEverywhere(t *testing.T) {
	tr := startTrust(t)
	jane := tr.users[0]
	k1, _ := tr.kiosk(0, "ab")
	toAssistance(k1)
	k1.Type(jane.Username)
	k1.Press("Tab")
	k1.Type("jane.smith@example.nhs.uk")
	k1.Press("Enter")
	k1.WaitFor(sentMsg)
	if n := tr.mail.WaitCount(t, 1, 15*time.Second); n != 1 {
		t.Fatalf("%d emails, want 1", n)
	}
	code := firstCode(t, tr.mail)
	k1.Press("Tab", "Enter") // Sent: I have a reset code
	k1.WaitFor("Set your password")
	const newPassword = "Gravel-Tundra-Wisp-61"
	k1.Type(code)
	k1.Press("Tab", "Tab") // past the username, carried
	k1.Type(newPassword)
	k1.Press("Tab")
	k1.Type(newPassword)
	k1.Press("Enter")
	k1.WaitFor("Your password is set")

	k3, _ := tr.kiosk(2, "ba")
	signIn(k3, jane.Username, newPassword)
	k3.WaitFor("Welcome, " + jane.First + " " + jane.Last)
	k2, _ := tr.kiosk(1, "ab")
	signIn(k2, jane.Username, jane.Password)
	k2.WaitFor(failedMsg)

	if n := tr.audited(auth.ActResetOK, jane.Username); n != 1 {
		t.Errorf("%d resets audited", n)
	}
	// The reset code went once; then the "password changed" email.
	if n := tr.mail.WaitCount(t, 2, 15*time.Second); n != 2 {
		t.Errorf("%d emails, want the code and the change notice", n)
	}
	codes := 0
	for _, s := range tr.mail.Messages(t) {
		if s.Subject == "Your ESR password reset code" {
			codes++
		}
	}
	if codes != 1 {
		t.Errorf("the reset code went %d times", codes)
	}
}

// Wrong passwords spread over the three kiosks lock the account
// everywhere (DESIGN §4: locked at three terminals), with one email.
func TestFleetLockoutAcrossKiosks(t *testing.T) {
	tr := startTrust(t)
	amir := tr.users[1]
	ctx := context.Background()
	for n, order := range []string{"ab", "ba", "ab"} {
		c := tr.client(n, order)
		for range 5 {
			if _, err := c.Login(ctx, "", amir.Username, "Wrong-Guess-Again-58"); err == nil {
				t.Fatal("a wrong password signed in")
			}
		}
	}
	// Now the right password fails at any kiosk, through either instance.
	for n, order := range []string{"ab", "ba"} {
		if _, err := tr.client(n, order).Login(ctx, "", amir.Username, amir.Password); err == nil {
			t.Errorf("kiosk %d signed a locked account in", n+1)
		}
	}
	show := tr.run("users", "show", amir.Username)
	if !strings.Contains(show, "locked") {
		t.Errorf("users show:\n%s", show)
	}
	locks := 0
	tr.mail.WaitCount(t, 1, 15*time.Second)
	for _, s := range tr.mail.Messages(t) {
		if strings.Contains(s.Subject, "locked") {
			locks++
		}
	}
	if locks != 1 {
		t.Errorf("%d lock emails, want 1", locks)
	}

	// The instances' /metrics count what happened, summed over both: 15
	// wrong passwords and 2 refused while locked, three locks at one
	// terminal and one everywhere, and no sign-in that worked.
	for series, want := range map[string]float64{
		`kiosk_sign_ins_total{method="password",result="failed"}`: 17,
		`kiosk_sign_ins_total{method="password",result="ok"}`:     0,
		`kiosk_lockouts_total{scope="terminal"}`:                  3,
		`kiosk_lockouts_total{scope="everywhere"}`:                1,
	} {
		if got := tr.metric(series); got != want {
			t.Errorf("%s = %v summed over the instances, want %v", series, got, want)
		}
	}
	// The gauges are read from the one database: the same at each.
	for _, in := range tr.f.Instances {
		body := scrapeMetrics(t, in.MetricsURL)
		if got := metricValue(body, "kiosk_terminals_online"); got != 3 {
			t.Errorf("instance %s: kiosk_terminals_online = %v, want the 3 kiosks that called", in.Name, got)
		}
		if strings.Contains(body, amir.Username) || strings.Contains(body, "WARD7-T1") {
			t.Errorf("instance %s: /metrics names a user or terminal", in.Name)
		}
	}
}

// metric is a series' value summed over the fleet's instances.
func (tr *trust) metric(series string) float64 {
	tr.t.Helper()
	sum := 0.0
	for _, in := range tr.f.Instances {
		if v := metricValue(scrapeMetrics(tr.t, in.MetricsURL), series); v > 0 {
			sum += v
		}
	}
	return sum
}

// Instance A killed during 100 sign-ins from the three kiosks: every
// sign-in succeeds, through B, and each is audited once.
func TestFleetInstanceKilledDuringSignIns(t *testing.T) {
	tr := startTrust(t)
	ctx := context.Background()
	before := tr.audited(auth.ActLoginOK, "")
	const total = 100
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failed []error
	done := make(chan struct{}, total)
	for n := range 3 {
		c := tr.client(n, "ab")
		wg.Go(func() {
			for i := n; i < total; i += 3 {
				u := tr.users[i%len(tr.users)]
				if _, err := c.Login(ctx, "", u.Username, u.Password); err != nil {
					mu.Lock()
					failed = append(failed, fmt.Errorf("sign-in %d (%s): %w", i, u.Username, err))
					mu.Unlock()
				}
				done <- struct{}{}
			}
		})
	}
	for range 30 {
		<-done
	}
	if err := tr.f.Instances[0].Kill(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if err := errors.Join(failed...); err != nil {
		t.Fatal(err)
	}
	if n := tr.audited(auth.ActLoginOK, "") - before; n != total {
		t.Errorf("%d sign-ins audited for %d", n, total)
	}
	if out := tr.run("audit", "verify"); !strings.Contains(out, "intact") {
		t.Errorf("audit verify: %s", out)
	}
}

// One reset code sent to both instances at once resets once.
func TestFleetOneCodeTwoInstances(t *testing.T) {
	tr := startTrust(t)
	wei := tr.users[4]
	ctx := context.Background()
	a, b := tr.client(0, "a"), tr.client(1, "b")
	if err := a.ForgotPassword(ctx, "", wei.Username, "wei.chen@example.nhs.uk"); err != nil {
		t.Fatal(err)
	}
	if n := tr.mail.WaitCount(t, 1, 15*time.Second); n != 1 {
		t.Fatalf("%d emails", n)
	}
	code := firstCode(t, tr.mail)
	var wg sync.WaitGroup
	results := make([]error, 2)
	for i, c := range []*remote.Client{a, b} {
		pw := "Lantern-Quiver-Mist-" + strconv.Itoa(31+i*20)
		wg.Go(func() { _, results[i] = c.Reset(ctx, "", code, wei.Username, pw, pw) })
	}
	wg.Wait()
	ok := 0
	for _, err := range results {
		if err == nil {
			ok++
		} else if !errors.Is(err, auth.ErrResetFailed) {
			t.Errorf("the losing reset: %v", err)
		}
	}
	if ok != 1 || tr.audited(auth.ActResetOK, wei.Username) != 1 {
		t.Errorf("%d resets answered ok, %d audited; want exactly one", ok, tr.audited(auth.ActResetOK, wei.Username))
	}
}

// A user disabled while signed in at kiosk 2 is signed out within 3 s; a
// forbidden word added shows in kiosk 3's checklist within 3 s.
func TestFleetChangesReachKiosks(t *testing.T) {
	tr := startTrust(t)
	olu, zoe := tr.users[2], tr.users[5]
	k2, _ := tr.kiosk(1, "ab")
	signIn(k2, olu.Username, olu.Password)
	k2.WaitFor("Welcome, " + olu.First)
	k3, _ := tr.kiosk(2, "ba")
	signIn(k3, zoe.Username, zoe.Password)
	k3.WaitFor("Welcome, Zoë")
	k3.Press("Tab", "Tab", "Tab", "Tab", "Enter") // Change password
	k3.WaitFor("Current password")
	k3.Type(zoe.Password)
	k3.Press("Tab")
	k3.Type("Saffron-Harbour-Mint-42")
	k3.WaitFor("✓ No words about you or the job")

	start := time.Now()
	tr.run("users", "disable", olu.Username)
	k2.WaitFor("You were logged out")
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("signed out %v after the disable", d)
	}
	start = time.Now()
	tr.run("policy", "forbid", "saffron")
	k3.WaitFor("✗ No words about you or the job")
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("the word reached the checklist %v after it was added", d)
	}
}

// A terminal's certificate is its identity: kiosk 3 cannot act as kiosk 1
// (its audit rows say kiosk 3); without a certificate the handshake fails;
// a disabled terminal is refused at its next call.
func TestFleetTerminalIdentity(t *testing.T) {
	tr := startTrust(t)
	ctx := context.Background()
	jane := tr.users[0]
	k3 := tr.client(2, "ab")
	if _, err := k3.Login(ctx, "WARD7-T1", jane.Username, jane.Password); err != nil {
		t.Fatal(err)
	}
	var evs string
	for _, line := range strings.Split(tr.run("audit", "list", "-n", "100000"), "\n") {
		if strings.Contains(line, " "+auth.ActLoginOK+" ") {
			evs += line + "\n"
		}
	}
	if !strings.Contains(evs, " WARD8-T1 ") || strings.Contains(evs, " WARD7-T1 ") {
		t.Errorf("the sign-in is audited at another terminal than the certificate's:\n%s", evs)
	}
	// No certificate: the TLS handshake fails.
	ca, err := os.ReadFile(tr.f.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(ca)
	bare, err := remote.New(remote.Options{URLs: tr.f.URLs(), Lists: policy.LoadLists,
		TLS: &tls.Config{MinVersion: tls.VersionTLS13, RootCAs: roots}})
	if err != nil {
		t.Fatal(err)
	}
	defer bare.Close()
	if _, err := bare.Login(ctx, "", jane.Username, jane.Password); !errors.Is(err, remote.ErrUnavailable) {
		t.Errorf("without a terminal certificate: %v, want the service unreachable", err)
	}
	tr.run("terminals", "disable", "WARD8-T1")
	if _, err := k3.Login(ctx, "", jane.Username, jane.Password); !errors.Is(err, wire.ErrTerminalRefused) {
		t.Errorf("a disabled terminal's sign-in: %v, want it refused", err)
	}
}

// A client kiosk's data directory holds nobody's password hash, reset
// code, email or date of birth, after sign-ins, a reset and a disable.
func TestFleetKioskHoldsNoSecrets(t *testing.T) {
	tr := startTrust(t)
	jane := tr.users[0]
	k3, data := tr.kiosk(2, "ba")
	signIn(k3, jane.Username, jane.Password)
	k3.WaitFor("Welcome, " + jane.First)
	k3.Press("BTab", "Enter") // Log out
	k3.WaitFor("Employee Self Service")
	tr.run("users", "disable", tr.users[1].Username)
	// Wait until the kiosk has applied the disable from the feed.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if st, err := remote.LoadState(data); err == nil && st.Seq > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the kiosk never applied a change")
		}
	}
	if _, err := os.Stat(filepath.Join(data, "kiosk.db")); err == nil {
		t.Error("the client kiosk made a kiosk.db")
	}
	err := filepath.Walk(data, func(path string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, secret := range []string{"$argon2id$", jane.Password, "@example.nhs.uk", "1985-03-14", "14/03/1985"} {
			if strings.Contains(string(b), secret) {
				t.Errorf("%s holds %q", path, secret)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
