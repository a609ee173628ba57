package idle

import (
	"testing"
	"time"
)

var t0 = time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC)

func TestCheck(t *testing.T) {
	tests := []struct {
		name          string
		timeout, warn time.Duration
		quiet         time.Duration // since the last input
		want          State
		left          int
	}{
		{"just touched", 5 * time.Minute, 30 * time.Second, 0, Active, 300},
		{"a second before the warning", 5 * time.Minute, 30 * time.Second, 269 * time.Second, Active, 31},
		{"the warning starts", 5 * time.Minute, 30 * time.Second, 270 * time.Second, Warning, 30},
		{"a second to go", 5 * time.Minute, 30 * time.Second, 299 * time.Second, Warning, 1},
		{"half a second to go rounds up", 5 * time.Minute, 30 * time.Second, 299500 * time.Millisecond, Warning, 1},
		{"timed out", 5 * time.Minute, 30 * time.Second, 5 * time.Minute, TimedOut, 0},
		{"long gone", 5 * time.Minute, 30 * time.Second, time.Hour, TimedOut, 0},
		{"no warning", 5 * time.Minute, 0, 299 * time.Second, Active, 1},
		{"no warning still times out", 5 * time.Minute, 0, 5 * time.Minute, TimedOut, 0},
		{"warning longer than the timeout shows at once", 2 * time.Second, 30 * time.Second, 0, Warning, 2},
		{"never", 0, 30 * time.Second, 24 * time.Hour, Active, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tm := New(tt.timeout, tt.warn, t0)
			now := t0.Add(tt.quiet)
			if got := tm.Check(now); got != tt.want {
				t.Errorf("Check after %v quiet = %v, want %v", tt.quiet, got, tt.want)
			}
			if got := tm.Warning(); got != (tt.want == Warning) {
				t.Errorf("Warning() = %v in state %v", got, tt.want)
			}
			if got := tm.SecondsLeft(now); got != tt.left {
				t.Errorf("SecondsLeft = %d, want %d", got, tt.left)
			}
		})
	}
}

func TestTouch(t *testing.T) {
	tests := []struct {
		name          string
		quiet         time.Duration // before the input
		wantDismissed bool
	}{
		{"input while active does its job", time.Minute, false},
		{"input while the warning shows only dismisses it", 280 * time.Second, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tm := New(5*time.Minute, 30*time.Second, t0)
			at := t0.Add(tt.quiet)
			tm.Check(at)
			if got := tm.Touch(at); got != tt.wantDismissed {
				t.Errorf("Touch = %v, want %v", got, tt.wantDismissed)
			}
			if tm.Warning() {
				t.Error("the warning shows after input")
			}
			// The quiet time counts again from the input.
			if got := tm.Check(at.Add(269 * time.Second)); got != Active {
				t.Errorf("269s after the input: %v, want Active", got)
			}
			if got := tm.Check(at.Add(270 * time.Second)); got != Warning {
				t.Errorf("270s after the input: %v, want Warning", got)
			}
			if tm.Touch(at.Add(271*time.Second)) != true {
				t.Error("a second Touch during the warning did not dismiss it")
			}
			if tm.Touch(at.Add(272 * time.Second)) {
				t.Error("a Touch after the dismissal dismissed again")
			}
		})
	}
}

// A tick after input clears the warning even when the input did not go
// through Touch's dismissal (it was recorded while the warning showed).
func TestCheckClearsTheWarning(t *testing.T) {
	tm := New(5*time.Minute, 30*time.Second, t0)
	tm.Check(t0.Add(280 * time.Second))
	tm.last = t0.Add(285 * time.Second)
	if tm.Check(t0.Add(286*time.Second)) != Active || tm.Warning() {
		t.Error("the warning outlived the input")
	}
}

func TestDismiss(t *testing.T) {
	tm := New(5*time.Minute, 30*time.Second, t0)
	tm.Check(t0.Add(280 * time.Second))
	tm.Dismiss()
	if tm.Warning() {
		t.Fatal("Dismiss left the warning")
	}
	// Dismiss is not input: the next tick warns again.
	if tm.Check(t0.Add(281*time.Second)) != Warning {
		t.Error("Dismiss counted as input")
	}
}

func TestWarnSeconds(t *testing.T) {
	for _, tt := range []struct {
		warn time.Duration
		want int
	}{{30 * time.Second, 30}, {0, 0}, {1500 * time.Millisecond, 2}} {
		if got := New(time.Minute, tt.warn, t0).WarnSeconds(); got != tt.want {
			t.Errorf("WarnSeconds(%v) = %d, want %d", tt.warn, got, tt.want)
		}
	}
}

func TestZeroNeverTimesOut(t *testing.T) {
	var tm Timer
	if tm.Check(t0) != Active || tm.Touch(t0) {
		t.Error("the zero Timer acted")
	}
}
