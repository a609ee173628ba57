package e2e

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/app"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/config"
)

// openKiosk opens a second kiosk process's view of the data: the same
// database `kiosk serve` works on, as a ward terminal has it.
func openKiosk(t *testing.T, data string) *app.Kiosk {
	t.Helper()
	k, err := app.Open(context.Background(), config.Default(), data, auth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Close() })
	return k
}

// lockByFailures locks an account the way staff do: wrong passwords.
func lockByFailures(t *testing.T, k *app.Kiosk, username string) {
	t.Helper()
	for range 5 {
		if _, err := k.Auth.Login(context.Background(), "E2E-T1", username, "Not-My-Password-1"); err == nil {
			t.Fatal("a wrong password signed in")
		}
	}
}

// The real OpenSSH client against `kiosk serve`: who gets in, commands,
// their output and exit status, and what reaches the kiosks.
func TestSSHServe(t *testing.T) {
	needSSH(t)
	data, users := demo(t)
	jane := users[0]
	keys := t.TempDir()
	alice, mallory := sshKey(t, keys, "alice"), sshKey(t, keys, "mallory")
	authorise(t, data, alice)
	srv := startServe(t, data)

	// An authorised key gets in; an unknown key and a password do not.
	out, errOut, code := srv.ssh(alice, "", "users", "list")
	if code != 0 || !strings.Contains(out, jane.Username+" ") {
		t.Fatalf("users list: exit %d\n%s%s", code, out, errOut)
	}
	if _, errOut, code := srv.ssh(mallory, "", "users", "list"); code != 255 || !strings.Contains(errOut, "Permission denied (publickey)") {
		t.Errorf("an unknown key: exit %d, %q", code, errOut)
	}
	pw := srv.sshArgs("", "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password,keyboard-interactive",
		"maintainer@127.0.0.1", "users", "list")
	b, err := exec.Command("ssh", pw...).CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 255 || !strings.Contains(string(b), "Permission denied (publickey)") {
		t.Errorf("password and keyboard-interactive: %v, %q", err, b)
	}

	// Output and exit codes as the local CLI gives them.
	for _, c := range []struct {
		cmd      []string
		stdin    string
		code     int
		out, err string
	}{
		{[]string{"users", "show", strings.ToLower(jane.Username)}, "", 0, "name:          Jane Smith", ""},
		{[]string{"users", "unlock", "382NOBODY01"}, "", 1, "", `kiosk users unlock: no user "382NOBODY01"`},
		{[]string{"users", "frobnicate"}, "", 2, "", `unknown command "users frobnicate"`},
		{[]string{"policy", "check"}, "London2024\n", 1, "FAIL no-names: ", ""},
		{[]string{"policy", "check"}, "Velvet-Pylon-9\n", 0, "ok\n", ""},
		{[]string{"users", "add", "--first", "Ada", "--last", "Lovelace", "--email", "ada.lovelace@example.nhs.uk",
			"--dob", "1985-12-10", "--ward", "\"Ward 3\""}, "", 0, "382ALOVELA01\n", ""},
		{[]string{"users", "list;", "id"}, "", 2, "", "shell syntax"},
		{[]string{"serve"}, "", 2, "", `unknown command "serve"`},
		{[]string{"demo"}, "", 1, "", "not over SSH"},
	} {
		out, errOut, code := srv.ssh(alice, c.stdin, c.cmd...)
		if code != c.code || !strings.Contains(out, c.out) || !strings.Contains(errOut, c.err) {
			t.Errorf("ssh %s: exit %d (want %d)\nstdout %q (want %q)\nstderr %q (want %q)", strings.Join(c.cmd, " "),
				code, c.code, out, c.out, errOut, c.err)
		}
	}
	if out := kiosk(t, data, "users", "show", "382ALOVELA01"); !strings.Contains(out, "ward:          Ward 3") {
		t.Errorf("quoted argument:\n%s", out)
	}

	// users unlock over SSH lets the locked user sign in at a kiosk.
	ward := openKiosk(t, data)
	ctx := context.Background()
	lockByFailures(t, ward, jane.Username)
	if _, err := ward.Auth.Login(ctx, "E2E-T1", jane.Username, jane.Password); err == nil {
		t.Fatal("a locked account signed in")
	}
	if out, errOut, code := srv.ssh(alice, "", "users", "unlock", jane.Username); code != 0 || out != jane.Username+" unlocked\n" {
		t.Fatalf("users unlock: exit %d, %q %q", code, out, errOut)
	}
	if _, err := ward.Auth.Login(ctx, "E2E-T1", jane.Username, jane.Password); err != nil {
		t.Errorf("after the unlock over SSH: %v", err)
	}

	// A word forbidden over SSH is refused by the next check at a kiosk.
	if fails, err := ward.Auth.CheckPassword(ctx, "", ward.Auth.Profile(), "Velvet-Pylon-9", true); err != nil || len(fails) != 0 {
		t.Fatalf("before: %v %v", fails, err)
	}
	if out, _, code := srv.ssh(alice, "", "policy", "forbid", "Pylon"); code != 0 || out != "forbidden: pylon\n" {
		t.Fatalf("policy forbid: exit %d, %q", code, out)
	}
	fails, err := ward.Auth.CheckPassword(ctx, "", ward.Auth.Profile(), "Velvet-Pylon-9", true)
	if err != nil || len(fails) != 1 || fails[0].Rule != "no-forbidden-words" {
		t.Errorf("the kiosk's next check: %v %v", fails, err)
	}
	pol, err := ward.Auth.Policy(ctx) // what the Reset screen's checklist uses
	if err != nil || len(pol.Check("Velvet-Pylon-9", policy.Subject{})) == 0 {
		t.Errorf("the screens' policy still allows the word: %v", err)
	}

	// Every action names the maintainer and their key in the audit.
	fp := sshFingerprint(t, alice)
	audit := kiosk(t, data, "audit", "list", "-n", "50")
	for _, want := range []string{
		"ssh:127.0.0.1 maintainer:alice (" + fp + ") admin.unlock " + jane.Username,
		"ssh:127.0.0.1 maintainer:alice (" + fp + ") policy.word-added - pylon",
		"ssh:127.0.0.1 maintainer:alice (" + fp + ") user.created 382ALOVELA01",
	} {
		if !strings.Contains(audit, want) {
			t.Errorf("audit lacks %q:\n%s", want, audit)
		}
	}

	// Email bodies over SSH hide reset codes; locally they show.
	if _, _, code := srv.ssh(alice, "", "users", "reset", jane.Username); code != 0 {
		t.Fatal("users reset failed")
	}
	id := strings.Fields(lastLine(kiosk(t, data, "outbox", "list")))[0]
	remote, _, _ := srv.ssh(alice, "", "outbox", "show", id)
	local := kiosk(t, data, "outbox", "show", id)
	if !codeRE.MatchString(local) || codeRE.MatchString(remote) || !strings.Contains(remote, auth.CodeRedacted) {
		t.Errorf("outbox show over SSH:\n%s\nlocally:\n%s", remote, local)
	}

	// The server logs who did what, and no secrets.
	logs := srv.log.String()
	if !strings.Contains(logs, `maintainer=alice`) || !strings.Contains(logs, `command="users unlock"`) ||
		strings.Contains(logs, "Velvet") || strings.Contains(logs, "London") {
		t.Errorf("server log:\n%s", logs)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// The host key is made once, kept private and survives a restart: a
// maintainer's known_hosts stays valid.
func TestSSHHostKeyKept(t *testing.T) {
	needSSH(t)
	data, _ := demo(t)
	keys := t.TempDir()
	alice := sshKey(t, keys, "alice")
	authorise(t, data, alice)
	known := filepath.Join(keys, "known_hosts")
	srv := startServe(t, data)
	connect := func(strict string) (string, int) {
		args := srv.sshArgs(alice, "-o", "StrictHostKeyChecking="+strict, "-o", "UserKnownHostsFile="+known,
			"maintainer@127.0.0.1", "version")
		out, err := exec.Command("ssh", args...).CombinedOutput()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return string(out), ee.ExitCode()
		}
		return string(out), 0
	}
	if out, code := connect("accept-new"); code != 0 {
		t.Fatalf("first connection: %d %s", code, out)
	}
	fi, err := os.Stat(filepath.Join(data, "ssh_host_ed25519_key"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("host key: %v %v", fi, err)
	}
	srv.stop()
	srv = startServe(t, data)
	if out, code := connect("yes"); code != 0 {
		t.Errorf("after a restart the host key changed: %d %s", code, out)
	}
}

// Too many connections from one address are refused.
func TestSSHRateLimit(t *testing.T) {
	needSSH(t)
	data, _ := demo(t)
	keys := t.TempDir()
	alice := sshKey(t, keys, "alice")
	authorise(t, data, alice)
	srv := startServe(t, data, "KIOSK_SSH_CONNECTIONS_PER_MINUTE=3")
	for i := range 3 {
		if _, errOut, code := srv.ssh(alice, "", "version"); code != 0 {
			t.Fatalf("connection %d: %d %s", i+1, code, errOut)
		}
	}
	if _, _, code := srv.ssh(alice, "", "version"); code != 255 {
		t.Errorf("a fourth connection within the minute: exit %d", code)
	}
}

// The console drawn and driven under tmux: the Dashboard shows a kiosk's
// heartbeat and the locked account; on Users the maintainer unlocks it;
// the audit names them; and the user signs in at the kiosk.
func TestSSHConsoleInTmux(t *testing.T) {
	needSSH(t)
	data, users := demo(t)
	jane := users[0]
	keys := t.TempDir()
	alice := sshKey(t, keys, "alice")
	authorise(t, data, alice)
	srv := startServe(t, data)

	// A ward kiosk on the same database: it beats, and Jane gets locked.
	ward := startKiosk(t, data, 100, 32, "KIOSK_KIOSK_MODE=false", "KIOSK_TERMINAL=E2E-WARD")
	ward.WaitFor("Employee Self Service")
	lockByFailures(t, openKiosk(t, data), jane.Username)

	con := startSSHConsole(t, srv, alice, 100, 30)
	con.WaitFor("Ward Kiosk maintenance")
	con.WaitFor("Maintainer alice")
	con.WaitFor("Terminals (")
	con.WaitFor("E2E-WARD")
	con.WaitFor("Smartcard: not set up")
	con.WaitFor("Locked accounts (1)")
	con.WaitFor(jane.Username)

	con.Press("F2")
	con.WaitFor("accounts")
	con.Type("jsmith")
	con.WaitFor("1 of")
	// Locked at the terminal of the wrong passwords only (DESIGN §4).
	con.WaitFor("Status: locked at E2E-T1 until")
	con.Press("Enter") // the search's Enter goes to Unlock
	con.Press("Enter")
	con.WaitFor("Unlock " + jane.Username + " (Jane Smith)")
	con.Press("y")
	con.WaitFor(jane.Username + " unlocked.")
	con.WaitFor("Status: active")

	fp := sshFingerprint(t, alice)
	if audit := kiosk(t, data, "audit", "list"); !regexp.MustCompile(
		`ssh:127\.0\.0\.1 maintainer:alice \(` + regexp.QuoteMeta(fp) + `\) admin\.unlock ` + jane.Username).MatchString(audit) {
		t.Errorf("audit:\n%s", audit)
	}

	// Jane signs in at the kiosk now.
	ward.Type(jane.Username)
	ward.Press("Tab")
	ward.Type(jane.Password)
	ward.Press("Enter")
	ward.WaitFor("Welcome, Jane Smith")

	// SIGTERM: the console says goodbye and the server exits cleanly.
	start := time.Now()
	srv.stop()
	con.WaitFor("The maintenance server closed this session.")
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("shutdown took %v", d)
	}
}
