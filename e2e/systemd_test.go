package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// notifications collects what a service sends to its NOTIFY_SOCKET.
type notifications struct {
	conn *net.UnixConn
	got  chan string
}

// listenNotify is a unixgram socket standing in for systemd's.
func listenNotify(t *testing.T) (path string, n *notifications) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "notify.sock")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	n = &notifications{conn: conn, got: make(chan string, 1000)}
	go func() {
		defer close(n.got)
		buf := make([]byte, 4096)
		for {
			k, err := conn.Read(buf)
			if err != nil {
				return
			}
			n.got <- string(buf[:k])
		}
	}()
	t.Cleanup(func() { conn.Close() })
	return path, n
}

// next is the next notification, or "" after d.
func (n *notifications) next(d time.Duration) string {
	select {
	case s := <-n.got:
		return s
	case <-time.After(d):
		return ""
	}
}

// kiosk serve under systemd (Type=notify, WatchdogSec): READY=1 once it
// listens, WATCHDOG=1 at half the watchdog interval while its store
// answers, STOPPING=1 on SIGTERM; its log is JSON, one event a line with
// time, level and msg; /healthz and /readyz answer on metrics.listen.
func TestServeUnderSystemd(t *testing.T) {
	data, _ := demo(t)
	sock, n := listenNotify(t)
	metrics := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	s := startServe(t, data, "NOTIFY_SOCKET="+sock, "WATCHDOG_USEC=400000", "INVOCATION_ID=e2e-test",
		"KIOSK_METRICS_LISTEN="+metrics)
	if got := n.next(10 * time.Second); got != "READY=1" {
		t.Fatalf("first notification %q, want READY=1", got)
	}
	// Ready means listening: the SSH port and the metrics answer now.
	if c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", s.port), time.Second); err != nil {
		t.Errorf("READY=1 before the SSH server listens: %v", err)
	} else {
		c.Close()
	}
	for _, path := range []string{"/healthz", "/readyz"} {
		res, err := http.Get("http://" + metrics + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || string(b) != "ok\n" {
			t.Errorf("%s: %s %q", path, res.Status, b)
		}
	}
	// Half of 400 ms: about five pings in a second.
	start := time.Now()
	pings := 0
	for time.Since(start) < time.Second {
		if got := n.next(time.Second); got == "WATCHDOG=1" {
			pings++
		} else if got != "" {
			t.Errorf("unexpected notification %q", got)
		}
	}
	if pings < 3 || pings > 8 {
		t.Errorf("%d watchdog pings in a second, want about 5", pings)
	}
	s.stop()
	stopping := false
	for got := n.next(time.Second); got != ""; got = n.next(100 * time.Millisecond) {
		stopping = stopping || got == "STOPPING=1"
	}
	if !stopping {
		t.Error("no STOPPING=1 on SIGTERM")
	}

	lines := strings.Split(strings.TrimSpace(s.log.String()), "\n")
	if len(lines) < 2 {
		t.Fatalf("log:\n%s", s.log.String())
	}
	for _, l := range lines {
		var ev map[string]any
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Errorf("log line is not JSON: %q", l)
			continue
		}
		for _, key := range []string{"time", "level", "msg"} {
			if _, ok := ev[key]; !ok {
				t.Errorf("log line lacks %q: %s", key, l)
			}
		}
	}
}

// On a terminal (not under systemd) the log is text and nothing is sent
// to a notify socket: NOTIFY_SOCKET unset.
func TestServeOnATerminalLogsText(t *testing.T) {
	data, _ := demo(t)
	s := startServe(t, data) // with INVOCATION_ID, JOURNAL_STREAM and NOTIFY_SOCKET empty
	s.stop()
	for _, l := range strings.Split(strings.TrimSpace(s.log.String()), "\n") {
		if !strings.HasPrefix(l, "time=") || !strings.Contains(l, " level=") || !strings.Contains(l, " msg=") {
			t.Errorf("log line is not slog text: %q", l)
		}
	}
}
