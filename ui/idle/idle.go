// Package idle is the idle timeout the kiosk and the maintainers' console
// share: a warning shows some time before the timeout, then the program
// gives up; any input while the warning shows means "still here" and
// dismisses it. It keeps no clock: every method is told the time, so the
// program's clock (and a test's) is the only one.
package idle

import "time"

// State is where a Timer stands at a tick.
type State int

// States, from the first tick after input to the last.
const (
	// Active: input came recently enough.
	Active State = iota
	// Warning: the timeout is less than the warning time away.
	Warning
	// TimedOut: nobody has touched the program for the whole timeout.
	TimedOut
)

// Timer is one program's idle timeout. The zero value never times out.
type Timer struct {
	timeout time.Duration // 0: never
	warn    time.Duration // 0: no warning
	last    time.Time     // last input
	warning bool
}

// New returns a timer that gives up after timeout without input (0:
// never), warning warn before it (0: no warning), counting from now.
func New(timeout, warn time.Duration, now time.Time) Timer {
	return Timer{timeout: timeout, warn: warn, last: now}
}

// Touch records input at now. It reports whether the input dismissed the
// warning: then it means "still here" and should do nothing else.
func (t *Timer) Touch(now time.Time) (dismissed bool) {
	t.last = now
	dismissed, t.warning = t.warning, false
	return dismissed
}

// Check is the tick at now: it shows the warning when the timeout is near
// and says where the timer stands. The warning is set or cleared here, so
// input that did not dismiss it by itself still takes it away.
func (t *Timer) Check(now time.Time) State {
	if t.timeout <= 0 {
		return Active
	}
	quiet := now.Sub(t.last)
	if quiet >= t.timeout {
		return TimedOut
	}
	t.warning = t.warn > 0 && quiet >= t.timeout-t.warn
	if t.warning {
		return Warning
	}
	return Active
}

// Dismiss hides the warning without counting as input, for when what it
// warned of happened another way (a sign-out).
func (t *Timer) Dismiss() { t.warning = false }

// Warning reports whether the warning shows.
func (t Timer) Warning() bool { return t.warning }

// SecondsLeft is the countdown the warning shows at now: whole seconds
// until the timeout, never below zero.
func (t Timer) SecondsLeft(now time.Time) int {
	return seconds(t.timeout - now.Sub(t.last))
}

// WarnSeconds is the countdown's first value, the widest it gets, so a
// box sized for it does not move as the seconds go down.
func (t Timer) WarnSeconds() int { return seconds(t.warn) }

func seconds(d time.Duration) int { return int(max(0, d.Round(time.Second).Seconds())) }
