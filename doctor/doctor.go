// Package doctor is `kiosk doctor` (DESIGN §11): the checks a maintainer
// runs first, locally or over SSH, of everything a kiosk needs to work on
// a ward. Each check prints one line, `ok|warn|fail <check>: <what, and
// the fix>`, the fix an instruction a maintainer can follow over SSH; a
// check that does not answer in time fails, so doctor never hangs.
package doctor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/sanitize"
)

// Status is a check's verdict.
type Status int

// The verdicts, in rising order of trouble.
const (
	OK Status = iota
	Warn
	Fail
)

func (s Status) String() string { return [...]string{OK: "ok", Warn: "warn", Fail: "fail"}[s] }

// Result is one check's line.
type Result struct {
	Status Status
	Check  string
	// Text says what was found and, unless ok, what to do about it.
	Text string
}

// String is the line as doctor prints it; outside text in it (errors,
// file names, a server's answer) is made safe to print.
func (r Result) String() string {
	return fmt.Sprintf("%s %s: %s", r.Status, r.Check, sanitize.Line(r.Text))
}

// DefaultTimeout bounds each check.
const DefaultTimeout = 10 * time.Second

// ErrOpen wraps a failure to open the store in Options.Audit: the
// database line fails rather than the audit line.
var ErrOpen = errors.New("the store could not be opened")

// Options are what doctor checks.
type Options struct {
	// Config is the kiosk's configuration; ConfigErr, when not nil, is why
	// it could not be loaded, and Config is then not used.
	Config    config.Config
	ConfigErr error
	// ConfigFile is the file it came from, "" for none (defaults and
	// KIOSK_* variables) or when not known (over SSH: the running
	// server's configuration, loaded at its start).
	ConfigFile string
	// Serving says the configuration is the one `kiosk serve` runs with:
	// doctor runs over SSH.
	Serving bool
	// DataDir is the kiosk's data directory.
	DataDir string
	// Audit opens the store and verifies the audit chain, returning how
	// many events it holds; an error wrapping ErrOpen is the store's.
	// Nil on a client kiosk, which keeps no audit of the Trust's.
	Audit func(ctx context.Context) (int, error)
	// Version is this build's, told in the heartbeat.
	Version string
	// Timeout bounds each check (DefaultTimeout).
	Timeout time.Duration
	// Now is the clock certificates and CRLs are checked against.
	Now func() time.Time
}

// check is one named check; run returns one or more lines (the service
// check gives the clock's line too, from the same answer).
type check struct {
	name string
	run  func(ctx context.Context) []Result
}

// Run runs the checks that apply to the configuration, printing each
// line as it comes, and reports whether any failed.
func Run(ctx context.Context, o Options, w io.Writer) (failed bool) {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Now == nil {
		o.Now = time.Now // the one place doctor's clock is set
	}
	for _, c := range checks(o) {
		for _, r := range runOne(ctx, c, o.Timeout) {
			fmt.Fprintln(w, r)
			failed = failed || r.Status == Fail
		}
	}
	return failed
}

// runOne runs a check with its deadline. A check stuck in a call that
// ignores its context (a C library's) is left behind, reported failed.
func runOne(ctx context.Context, c check, timeout time.Duration) []Result {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	done := make(chan []Result, 1)
	go func() { done <- c.run(ctx) }()
	select {
	case rs := <-done:
		return rs
	case <-ctx.Done():
		// A moment more for a check that noticed its deadline itself and
		// has a better word for it.
		select {
		case rs := <-done:
			return rs
		case <-time.After(200 * time.Millisecond):
		}
		return []Result{{Fail, c.name, fmt.Sprintf("no answer within %s; run kiosk doctor again, and if it stays stuck, look in the journal (journalctl -b -u 'ward-kiosk*')", timeout)}}
	}
}

// checks are the checks for o's kind of kiosk, in the order they print.
func checks(o Options) []check {
	cs := []check{
		{"config", func(context.Context) []Result { return one(checkConfig(o)) }},
		{"data", func(context.Context) []Result { return one(checkData(o.DataDir)) }},
	}
	if o.ConfigErr != nil {
		return cs // what else to check depends on the configuration
	}
	cfg := o.Config
	if cfg.Client() {
		cs = append(cs,
			check{"database", func(ctx context.Context) []Result { return one(checkClientDB(ctx, o.DataDir)) }},
			check{"events", func(ctx context.Context) []Result { return one(checkEvents(ctx, o.DataDir)) }},
			check{"offline", func(ctx context.Context) []Result { return one(checkOffline(ctx, o.DataDir, cfg.Offline, o.Now())) }})
	} else {
		cs = append(cs, check{"database", func(ctx context.Context) []Result { return checkStore(ctx, o) }})
	}
	if cfg.Smartcard {
		cs = append(cs, check{"pcscd", func(context.Context) []Result { return one(checkPCSC().result) }},
			check{"card-driver", func(ctx context.Context) []Result { return one(checkDriver(ctx, cfg)) }})
	}
	if cfg.Smartcard || cfg.Trust.CAFile != "" {
		cs = append(cs, check{"card-ca", func(context.Context) []Result { return checkTrust(cfg, o.Now()) }})
	}
	if !cfg.Client() && cfg.SMTP.Host != "" {
		cs = append(cs, check{"smtp", func(ctx context.Context) []Result { return one(checkSMTP(ctx, cfg)) }})
	}
	if !cfg.Client() && cfg.API.Listen != "" {
		cs = append(cs, check{"api", func(context.Context) []Result { return one(checkAPI(cfg, o.Now())) }})
	}
	if cfg.Client() {
		cs = append(cs,
			check{"certificate", func(context.Context) []Result { return one(checkCertificate(cfg, o.Now())) }},
			check{"service", func(ctx context.Context) []Result { return checkService(ctx, o) }})
	}
	return cs
}

func one(r Result) []Result { return []Result{r} }

func ok(check, format string, a ...any) Result {
	return Result{OK, check, fmt.Sprintf(format, a...)}
}

func warn(check, format string, a ...any) Result {
	return Result{Warn, check, fmt.Sprintf(format, a...)}
}

func fail(check, format string, a ...any) Result {
	return Result{Fail, check, fmt.Sprintf(format, a...)}
}

// errText is an error on one line.
func errText(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }

// count is n things, singular or plural: "1 event", "2 events".
func count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// days is a duration in whole days, or hours below two days.
func days(d time.Duration) string {
	if d < 48*time.Hour {
		return fmt.Sprintf("%d h", int(d.Hours()))
	}
	return fmt.Sprintf("%d days", int(d.Hours()/24))
}
