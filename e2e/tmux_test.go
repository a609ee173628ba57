package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// term is the kiosk running in its own tmux server, so tests never touch
// anyone's sessions.
type term struct {
	t      testing.TB
	socket string
}

var sessions atomic.Int64

// startKiosk runs the kiosk binary in a w x h tmux window with the extra
// environment given.
func startKiosk(t testing.TB, data string, w, h int, env ...string) *term {
	t.Helper()
	need(t, "tmux")
	tm := &term{t: t, socket: fmt.Sprintf("kiosk-e2e-%d-%d", os.Getpid(), sessions.Add(1))}
	cmd := strings.Join(append(append([]string{"env", "TERM=xterm-256color", "LANG=C.UTF-8"}, env...),
		kioskBin, "--data", data), " ")
	tm.tmux("new-session", "-d", "-s", "kiosk", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), cmd)
	tm.tmux("set-option", "-t", "kiosk", "remain-on-exit", "on")
	t.Cleanup(func() { exec.Command("tmux", "-L", tm.socket, "kill-server").Run() })
	return tm
}

func (tm *term) tmux(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", tm.socket}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// Type types text literally.
func (tm *term) Type(s string) { tm.t.Helper(); tm.tmux("send-keys", "-t", "kiosk", "-l", s) }

// Press presses keys by tmux name: Tab, BTab, Enter, Escape, C-c.
func (tm *term) Press(keys ...string) {
	tm.t.Helper()
	for _, k := range keys {
		tm.tmux("send-keys", "-t", "kiosk", k)
	}
}

// Screen is the visible screen as text.
func (tm *term) Screen() string { tm.t.Helper(); return tm.tmux("capture-pane", "-p", "-t", "kiosk") }

// Alive reports whether the kiosk process still runs.
func (tm *term) Alive() bool {
	tm.t.Helper()
	return strings.TrimSpace(tm.tmux("display-message", "-p", "-t", "kiosk", "#{pane_dead}")) == "0"
}

var frame = regexp.MustCompile(`[│|╭╮╰╯─]+`)

// flat joins the screen's lines without box lines and runs of spaces, so a
// wrapped sentence reads as one.
func flat(screen string) string {
	return strings.Join(strings.Fields(frame.ReplaceAllString(screen, " ")), " ")
}

// WaitFor waits until the flattened screen holds want.
func (tm *term) WaitFor(want string) string {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := tm.Screen()
		if strings.Contains(flat(s), want) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("waited 10s for %q; the screen:\n%s", want, s)
		}
		time.Sleep(40 * time.Millisecond)
	}
}

// WaitGone waits until the flattened screen no longer holds text.
func (tm *term) WaitGone(text string) {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for strings.Contains(flat(tm.Screen()), text) {
		if time.Now().After(deadline) {
			tm.t.Fatalf("waited 10s for %q to go; the screen:\n%s", text, tm.Screen())
		}
		time.Sleep(40 * time.Millisecond)
	}
}

// Never checks that the screen does not show text, now.
func (tm *term) Never(unwanted string) {
	tm.t.Helper()
	if s := tm.Screen(); strings.Contains(flat(s), unwanted) {
		tm.t.Fatalf("the screen shows %q:\n%s", unwanted, s)
	}
}
