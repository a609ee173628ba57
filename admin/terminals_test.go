package admin

import (
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/smartcard/issue"
)

// A maintainer registers and disables the Trust's terminals over SSH
// through the same commands as locally, the certificate on stdin.
func TestTerminalsOverSSH(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	ca, err := issue.NewCA(rand.Reader, "Terminal CA", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cert, _, err := ca.Card(issue.Template{CommonName: "WARD7-T1"})
	if err != nil {
		t.Fatal(err)
	}
	certPEM := string(issue.CertPEM(cert))
	for _, tc := range []struct {
		cmd, stdin string
		code       int
		out, err   string
	}{
		{"terminals add WARD7-T1 --ward Ward7 --cert /etc/passwd", "", 2, "", "--cert -"},
		{"terminals add WARD7-T1 --ward Ward7 --cert -", certPEM, 0, "added terminal WARD7-T1 on Ward7", ""},
		{"terminals disable WARD7-T1", "", 0, "terminal WARD7-T1 disabled", ""},
		{"terminals list", "", 0, "WARD7-T1 Ward7 disabled never -\n", ""},
	} {
		out, errOut, code := f.run(c, tc.stdin, tc.cmd)
		if code != tc.code || !strings.Contains(out, tc.out) || !strings.Contains(errOut, tc.err) {
			t.Errorf("%s: exit %d (want %d)\nstdout %q (want %q)\nstderr %q (want %q)", tc.cmd, code, tc.code,
				out, tc.out, errOut, tc.err)
		}
	}
	out, _, _ := f.run(c, "", "audit list")
	if !strings.Contains(out, "maintainer:alice") || !strings.Contains(out, "terminal.disabled") {
		t.Errorf("audit:\n%s", out)
	}
}
