package cli_test

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/app"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/cli"
	"github.com/wardkiosk/kiosk/config"
)

// The auth core is what the commands need of it.
var _ cli.Service = (*auth.Service)(nil)

var codeRE = regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`)

// open opens a kiosk on a new data directory and returns it as the
// commands see it.
func open(t *testing.T) *cli.Kiosk {
	t.Helper()
	k, err := app.Open(context.Background(), config.Default(), t.TempDir(), auth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Close() })
	return &cli.Kiosk{Service: k.Auth, Trust: k.CardTrust, DataDir: k.DataDir}
}

// run runs one command line against the kiosk k, locally or as if over SSH.
func run(t *testing.T, k *cli.Kiosk, remote bool, stdin string, args ...string) (string, string, int) {
	t.Helper()
	return runAt(t, k, nil, remote, stdin, args...)
}

// runAt is run with the commands' clock set to now (nil: the real one).
func runAt(t *testing.T, k *cli.Kiosk, now func() time.Time, remote bool, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &cli.Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Actor:  auth.Actor{Name: "maintainer:test (SHA256:x)", Terminal: "ssh:test"},
		Open:   func(context.Context) (*cli.Kiosk, error) { return k, nil },
		Remote: remote,
		Now:    now}
	code := cli.Run(context.Background(), env, args)
	return out.String(), errb.String(), code
}

func TestRemoteCommands(t *testing.T) {
	k := open(t)
	if _, _, code := run(t, k, false, "", "users", "add", "--first", "Jane", "--last", "Smith",
		"--email", "jane.smith@example.nhs.uk", "--dob", "1985-03-14"); code != 0 {
		t.Fatal("users add failed")
	}
	if _, _, code := run(t, k, true, "", "users", "reset", "382JSMITH01"); code != 0 {
		t.Fatal("users reset failed")
	}

	// Locally the code shows (tests and the demo read it); over SSH never.
	local, _, _ := run(t, k, false, "", "outbox", "show", "1")
	if !codeRE.MatchString(local) {
		t.Fatalf("no code locally:\n%s", local)
	}
	remote, _, code := run(t, k, true, "", "outbox", "show", "1")
	if code != 0 || codeRE.MatchString(remote) || !strings.Contains(remote, auth.CodeRedacted) {
		t.Fatalf("over SSH (exit %d):\n%s", code, remote)
	}
	if !strings.Contains(remote, "382JSMITH01") {
		t.Errorf("the rest of the body went too:\n%s", remote)
	}

	if _, stderr, code := run(t, k, true, "", "demo"); code != cli.ExitFailed || !strings.Contains(stderr, "not over SSH") {
		t.Errorf("demo over SSH: exit %d, %q", code, stderr)
	}
	if _, stderr, code := run(t, k, true, "", "cards", "enrol", "382JSMITH01", "--cert", "/etc/passwd"); code != cli.ExitUsage ||
		!strings.Contains(stderr, "--cert -") || strings.Contains(stderr, "root") {
		t.Errorf("cards enrol with a server file over SSH: exit %d, %q", code, stderr)
	}
	if _, stderr, code := run(t, k, true, "-----BEGIN CERTIFICATE-----\nnope\n", "cards", "enrol", "382JSMITH01", "--cert", "-"); code != cli.ExitFailed ||
		!strings.Contains(stderr, "not a certificate") {
		t.Errorf("cards enrol from stdin: exit %d, %q", code, stderr)
	}

	// The maintainer's name reaches the audit.
	out, _, _ := run(t, k, true, "", "audit", "list")
	if !strings.Contains(out, "maintainer:test (SHA256:x) admin.reset-sent 382JSMITH01") {
		t.Errorf("audit:\n%s", out)
	}
}

// The commands read the time from Env.Now: a date of birth that is in the
// past today is refused when the clock says it has not come yet.
func TestCommandsUseTheirClock(t *testing.T) {
	k := open(t)
	add := []string{"users", "add", "--first", "Jane", "--last", "Smith",
		"--email", "jane.smith@example.nhs.uk", "--dob", "1985-03-14"}
	then := func() time.Time { return time.Date(1980, 1, 1, 9, 0, 0, 0, time.UTC) }
	if _, stderr, code := runAt(t, k, then, false, "", add...); code != cli.ExitFailed ||
		!strings.Contains(stderr, "date of birth 1985-03-14 is not a plausible date") {
		t.Errorf("born after the clock's now: exit %d, %q", code, stderr)
	}
	if out, stderr, code := run(t, k, false, "", add...); code != cli.ExitOK || out != "382JSMITH01\n" {
		t.Errorf("with the real clock: exit %d, %q %q", code, out, stderr)
	}
}
