package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestDefaultValidates(t *testing.T) {
	c := Default()
	if err := c.Validate(); err != nil {
		t.Fatalf("Default().Validate() = %v", err)
	}
	if c.Terminal == "" {
		t.Error("Default().Terminal is empty")
	}
	if c.KioskMode != nil {
		t.Errorf("Default().KioskMode = %v, want nil (auto)", *c.KioskMode)
	}
}

func TestDefaultIsFresh(t *testing.T) {
	a := Default()
	a.Policy.ForbiddenWords[0] = "changed"
	if b := Default(); b.Policy.ForbiddenWords[0] != "esr" {
		t.Fatalf("Default shares its word list between calls: %v", b.Policy.ForbiddenWords)
	}
}

func TestDefaultTerminal(t *testing.T) {
	long := strings.Repeat("a", 40)
	tests := []struct {
		name     string
		hostname string
		err      error
		want     string
	}{
		{"host name", "ward7-t1", nil, "ward7-t1"},
		{"fqdn that fits", "ward7-t1.example.nhs.uk", nil, "ward7-t1.example.nhs.uk"},
		{"long fqdn", "ward7-t1.a-very-long-domain.example.nhs.uk", nil, "ward7-t1"},
		{"long label", long + ".example", nil, long[:32]},
		{"long without dot", long, nil, long[:32]},
		{"error", "", errors.New("no name"), fallbackTerminal},
		{"empty", "", nil, fallbackTerminal},
		{"control character", "ward\x07", nil, fallbackTerminal},
		{"invalid utf-8", "ward\xff", nil, fallbackTerminal},
		{"spaces trimmed", " ward7 \n", nil, "ward7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := defaultTerminal(func() (string, error) { return tt.hostname, tt.err })
			if got != tt.want {
				t.Errorf("defaultTerminal(%q) = %q, want %q", tt.hostname, got, tt.want)
			}
			if msg := terminalProblem(got); msg != "" {
				t.Errorf("defaultTerminal(%q) = %q, which fails validation: %s", tt.hostname, got, msg)
			}
		})
	}
}

func TestKiosk(t *testing.T) {
	tests := []struct {
		mode      *bool
		onConsole bool
		want      bool
	}{
		{nil, true, true},
		{nil, false, false},
		{boolPtr(true), false, true},
		{boolPtr(false), true, false},
	}
	for _, tt := range tests {
		c := Config{KioskMode: tt.mode}
		if got := c.Kiosk(tt.onConsole); got != tt.want {
			t.Errorf("Kiosk(%v) with kiosk_mode %v = %v, want %v", tt.onConsole, tt.mode, got, tt.want)
		}
	}
}

func TestOnVirtualConsole(t *testing.T) {
	tests := []struct {
		tty  string
		want bool
	}{
		{"/dev/tty1", true},
		{"/dev/tty7", true},
		{"/dev/tty12", true},
		{"/dev/tty63", true},
		{"/dev/tty0", false},  // "the current console", not a terminal of its own
		{"/dev/tty64", false}, // beyond the kernel's MAX_NR_CONSOLES
		{"/dev/tty01", false},
		{"/dev/tty+1", false},
		{"/dev/tty", false},
		{"/dev/ttyS0", false},
		{"/dev/ttyUSB0", false},
		{"/dev/pts/0", false},
		{"/dev/pts/1", false},
		{"tty1", false},
		{"/dev/tty100", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := OnVirtualConsole(tt.tty); got != tt.want {
			t.Errorf("OnVirtualConsole(%q) = %v, want %v", tt.tty, got, tt.want)
		}
	}
}

func TestDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		out  string
	}{
		{"5m", 5 * time.Minute, "5m"},
		{"30s", 30 * time.Second, "30s"},
		{"1h30m", 90 * time.Minute, "1h30m"},
		{"24h", 24 * time.Hour, "24h"},
		{"90m", 90 * time.Minute, "1h30m"},
		{"0s", 0, "0s"},
		{"0", 0, "0s"},
		{" 15m ", 15 * time.Minute, "15m"},
		{"-1s", -time.Second, "-1s"},
		{"1h0m1s", time.Hour + time.Second, "1h1s"},
		{"1.5s", 1500 * time.Millisecond, "1.5s"},
		{"250ms", 250 * time.Millisecond, "250ms"},
	}
	for _, tt := range tests {
		var d Duration
		if err := d.UnmarshalText([]byte(tt.in)); err != nil {
			t.Errorf("UnmarshalText(%q): %v", tt.in, err)
			continue
		}
		if d.Duration != tt.want {
			t.Errorf("UnmarshalText(%q) = %v, want %v", tt.in, d.Duration, tt.want)
		}
		text, err := d.MarshalText()
		if err != nil || string(text) != tt.out {
			t.Errorf("MarshalText(%v) = %q, %v; want %q", d.Duration, text, err, tt.out)
		}
	}
	for _, bad := range []string{"", "5", "five minutes", "5 m", "1d"} {
		var d Duration
		err := d.UnmarshalText([]byte(bad))
		if err == nil || !strings.Contains(err.Error(), "is not a duration") {
			t.Errorf("UnmarshalText(%q) = %v, want a 'not a duration' error", bad, err)
		}
	}
}
