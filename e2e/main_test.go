// Package e2e drives the real kiosk binary in a real terminal (tmux) the
// way staff use it, and measures it from outside.
package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wardkiosk/kiosk/internal/ci"
)

// kioskBin is the binary under test and vcardBin the virtual smartcard,
// built once for the package.
var kioskBin, vcardBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "kiosk-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	kioskBin, vcardBin = filepath.Join(dir, "kiosk"), filepath.Join(dir, "vcard")
	build := exec.Command("go", "build", "-o", dir, "github.com/wardkiosk/kiosk/cmd/kiosk", "github.com/wardkiosk/kiosk/cmd/vcard")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: building the kiosk:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// need fails under CI (where make test installed everything) and skips
// elsewhere when a tool is missing.
func need(t testing.TB, tool string) {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		ci.SkipOrFail(t, "%s is missing (make test installs it)", tool)
	}
}

// kiosk runs a kiosk command on a data directory and returns its stdout.
func kiosk(t testing.TB, data string, args ...string) string {
	t.Helper()
	cmd := exec.Command(kioskBin, append([]string{"--data", data}, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("kiosk %s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// demoUser is one line of `kiosk demo`.
type demoUser struct {
	Username, Password, First, Last, Role, Ward string
}

// demo creates the demo data set in a new directory.
func demo(t testing.TB) (string, []demoUser) {
	t.Helper()
	data := filepath.Join(t.TempDir(), "data")
	var users []demoUser
	for _, line := range strings.Split(strings.TrimSpace(kiosk(t, data, "demo")), "\n") {
		f := strings.Fields(line)
		if len(f) != 6 {
			t.Fatalf("demo line %q: want 6 fields", line)
		}
		users = append(users, demoUser{f[0], f[1], f[2], f[3], f[4], f[5]})
	}
	return data, users
}
