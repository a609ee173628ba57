package doctor

import (
	"context"
	"crypto/tls"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/wardkiosk/kiosk/api/server"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/kiosklocal"
	"github.com/wardkiosk/kiosk/remote"
)

// Clock skew against the service: beyond skewWarn a card checked here and
// at the service may be judged differently near its dates, and offline
// time limits drift; beyond skewFail certificates and CRLs are judged
// wrongly and the audit's times cannot be trusted.
const (
	skewWarn = 2 * time.Second
	skewFail = 30 * time.Second
)

// checkCertificate is this terminal's TLS client certificate: readable,
// matching its key, and how long until it expires.
func checkCertificate(cfg config.Config, now time.Time) Result {
	const name = "certificate"
	s := cfg.Server
	cert, err := tls.LoadX509KeyPair(s.CertFile, s.KeyFile)
	if err != nil {
		return fail(name, "server.cert_file %s, server.key_file %s: %s; fix: install this terminal's certificate and key there (key 0600, owned by wardkiosk)", s.CertFile, s.KeyFile, errText(err))
	}
	leaf := cert.Leaf
	left := leaf.NotAfter.Sub(now)
	cn := leaf.Subject.CommonName
	switch {
	case left <= 0:
		return fail(name, "%s (%s) expired %s: the service refuses this terminal; fix: issue a new certificate for %s, install it there and register it at the service (kiosk terminals add)", s.CertFile, cn, leaf.NotAfter.UTC().Format(time.DateOnly), cn)
	case now.Before(leaf.NotBefore):
		return fail(name, "%s (%s) is not valid until %s: check this terminal's clock (timedatectl)", s.CertFile, cn, leaf.NotBefore.UTC().Format(time.RFC3339))
	case left < certWarn:
		return warn(name, "%s (%s) expires in %s (%s); fix: issue a new certificate for %s and register it at the service before then", s.CertFile, cn, days(left), leaf.NotAfter.UTC().Format(time.DateOnly), cn)
	}
	return ok(name, "%s (%s) is valid until %s", s.CertFile, cn, leaf.NotAfter.UTC().Format(time.DateOnly))
}

// checkService sends the service a heartbeat with this terminal's
// certificate: the service line, and the clock line from the service's
// time in its answer.
func checkService(ctx context.Context, o Options) []Result {
	cfg := o.Config
	urls := strings.Join(cfg.Server.URLs, ", ")
	conf, err := remote.TLSConfig(cfg.Server.CAFile, cfg.Server.CertFile, cfg.Server.KeyFile)
	if err != nil {
		return []Result{fail("service", "%s; fix: install the files server.* names (see the certificate line)", errText(err)), notChecked()}
	}
	api, err := remote.New(remote.Options{URLs: cfg.Server.URLs, TLS: conf, Version: o.Version,
		Lists: func() (*policy.Lists, error) { return nil, errors.New("doctor loads no word lists") }})
	if err != nil {
		return []Result{fail("service", "%s", errText(err)), notChecked()}
	}
	defer api.Close()
	reader := "Smartcard: not set up"
	if cfg.Smartcard {
		reader = "Smartcard: " + checkPCSC().state.String()
	}
	sent := time.Now()
	at, err := api.Heartbeat(ctx, reader, queued(ctx, o.DataDir))
	back := time.Now()
	switch {
	case errors.Is(err, remote.ErrUnavailable) || ctx.Err() != nil:
		return []Result{fail("service", "no instance of the service answered (%s): %s; fix: check the network from here (curl -v %s) and that the service runs there (systemctl status ward-kiosk-server); staff sign in offline meanwhile", urls, errText(err), cfg.Server.URLs[0]), notChecked()}
	case err != nil:
		return []Result{fail("service", "the service refused this terminal: %s; fix: at the service, register its certificate (kiosk terminals add %s --ward W --cert FILE) or enable it (kiosk terminals enable %s)", errText(err), terminalOf(conf, cfg), terminalOf(conf, cfg)), notChecked()}
	}
	rtt := back.Sub(sent)
	skew := at.Sub(sent.Add(rtt / 2))
	rs := []Result{ok("service", "answered a heartbeat as %s in %d ms", terminalOf(conf, cfg), rtt.Milliseconds())}
	return append(rs, clockResult(skew, rtt))
}

// clockResult judges the skew between this terminal's clock and the
// service's, measured over a round trip of rtt.
func clockResult(skew, rtt time.Duration) Result {
	const name = "clock"
	abs := skew.Abs()
	dir := "ahead of"
	if skew < 0 {
		dir = "behind"
	}
	fix := "fix: turn on time sync (sudo timedatectl set-ntp true) and check timedatectl timesync-status on both"
	switch {
	case abs > skewFail:
		return fail(name, "the service's clock is %s %s this terminal's: certificates, CRLs and offline limits are judged at the wrong time and the audit's times disagree; %s", abs.Round(time.Millisecond), dir, fix)
	case abs > skewWarn:
		return warn(name, "the service's clock is %s %s this terminal's (more than %s): card and offline time limits drift; %s", abs.Round(time.Millisecond), dir, skewWarn, fix)
	}
	return ok(name, "within %s of the service's (±%d ms)", abs.Round(time.Millisecond), (rtt / 2).Milliseconds())
}

func notChecked() Result {
	return warn("clock", "not checked: the service did not answer; fix the service line first")
}

// terminalOf is the terminal's name at the service: its certificate's
// common name.
func terminalOf(conf *tls.Config, cfg config.Config) string {
	if len(conf.Certificates) > 0 && conf.Certificates[0].Leaf != nil && conf.Certificates[0].Leaf.Subject.CommonName != "" {
		return conf.Certificates[0].Leaf.Subject.CommonName
	}
	return cfg.Terminal
}

// queued is how many events wait for the service, told in the heartbeat
// as the kiosk's own beats tell it.
func queued(ctx context.Context, dir string) int {
	if _, err := os.Stat(filepath.Join(dir, kiosklocal.FileName)); err != nil || checkData(dir).Status == Fail {
		return 0
	}
	db, err := kiosklocal.Open(ctx, dir, nil)
	if err != nil {
		return 0
	}
	defer db.Close()
	n, _ := db.Queued(ctx)
	return n
}

// checkAPI is the service's side of the kiosk API: its certificate and
// key, the terminals' CA, and how long until its certificate expires.
func checkAPI(cfg config.Config, now time.Time) Result {
	const name = "api"
	a := cfg.API
	if _, err := server.TLSConfig(a.CertFile, a.KeyFile, a.ClientCAFile); err != nil {
		return fail(name, "%s; fix: install the service's certificate, key and the terminals' CA where api.* names them", errText(err))
	}
	cert, _ := tls.LoadX509KeyPair(a.CertFile, a.KeyFile)
	leaf := cert.Leaf
	left := leaf.NotAfter.Sub(now)
	switch {
	case left <= 0:
		return fail(name, "%s expired %s: every kiosk refuses the service; fix: install a renewed certificate there and restart the service", a.CertFile, leaf.NotAfter.UTC().Format(time.DateOnly))
	case left < certWarn:
		return warn(name, "%s expires in %s (%s); fix: install a renewed certificate there before then and restart the service", a.CertFile, days(left), leaf.NotAfter.UTC().Format(time.DateOnly))
	}
	return ok(name, "%s is valid until %s; serving on %s", a.CertFile, leaf.NotAfter.UTC().Format(time.DateOnly), a.Listen)
}
