package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

// BenchmarkStartToFirstFrame starts the kiosk binary in an 80x24
// pseudo-terminal and stops the clock when the Login screen's title is
// drawn (target: <= 100 ms). It also reports the resident memory of the
// kiosk showing the Login screen (target: <= 50 MiB).
func BenchmarkStartToFirstFrame(b *testing.B) {
	data, _ := demo(b)
	var rss float64
	for b.Loop() {
		cmd := exec.Command(kioskBin, "--data", data)
		cmd.Env = append(os.Environ(), "TERM=xterm-256color", "LANG=C.UTF-8", "KIOSK_KIOSK_MODE=false")
		f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
		if err != nil {
			b.Fatal(err)
		}
		waitForOutput(b, f, "Employee Self Service")
		b.StopTimer()
		rss = residentMiB(b, cmd.Process.Pid)
		cmd.Process.Kill()
		cmd.Wait()
		f.Close()
		b.StartTimer()
	}
	b.ReportMetric(rss, "MiB-rss")
}

// waitForOutput reads the terminal until want has been written.
func waitForOutput(b *testing.B, f *os.File, want string) {
	b.Helper()
	var seen bytes.Buffer
	buf := make([]byte, 32<<10)
	f.SetReadDeadline(time.Now().Add(10 * time.Second))
	for !bytes.Contains(seen.Bytes(), []byte(want)) {
		n, err := f.Read(buf)
		if err != nil {
			b.Fatalf("waiting for %q: %v; got %q", want, err, seen.String())
		}
		seen.Write(buf[:n])
	}
}

// residentMiB is a process's resident set size (VmRSS) in MiB.
func residentMiB(b *testing.B, pid int) float64 {
	b.Helper()
	status, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb / 1024
		}
	}
	b.Fatal("no VmRSS")
	return 0
}
