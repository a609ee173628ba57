package cli_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/cli"
)

// flood is stdin that never ends a line: it counts what was read of it.
type flood struct{ read, limit int }

func (f *flood) Read(p []byte) (int, error) {
	if f.read >= f.limit {
		return 0, io.EOF
	}
	n := min(len(p), f.limit-f.read)
	for i := range p[:n] {
		p[i] = 'a'
	}
	f.read += n
	return n, nil
}

// A password on stdin is read a few KiB at most: 20 MB sent to `policy
// check` or `users add --password-stdin` over SSH once took the server
// from 35 MB to 683 MB.
func TestSecretOnStdinBounded(t *testing.T) {
	k := open(t)
	for _, args := range [][]string{
		{"policy", "check"},
		{"users", "add", "--first", "Ada", "--last", "Lovelace", "--email", "ada@example.nhs.uk",
			"--dob", "1985-12-10", "--password-stdin"},
	} {
		in := &flood{limit: 20 << 20}
		var out, errb bytes.Buffer
		env := &cli.Env{Stdin: in, Stdout: &out, Stderr: &errb,
			Actor: auth.Actor{Name: "maintainer:test (SHA256:x)", Terminal: "ssh:test"},
			Open:  func(context.Context) (*cli.Kiosk, error) { return k, nil }, Remote: true}
		code := cli.Run(context.Background(), env, args)
		name := strings.Join(args[:2], " ")
		if in.read > 64<<10 {
			t.Errorf("%s read %d bytes of stdin", name, in.read)
		}
		lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
		if code != cli.ExitUsage || out.Len() != 0 || len(lines) != 1 ||
			!strings.Contains(lines[0], "a password is at most 128 characters") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", name, code, out.String(), errb.String())
		}
	}
	// A long password within bounds is still checked, not refused here.
	out, _, code := run(t, k, true, strings.Repeat("Xq7", 43)+"\n", "policy", "check")
	if code != 1 || !strings.Contains(out, "FAIL") {
		t.Errorf("a 129-character password: exit %d, %q", code, out)
	}
}
