package console

import (
	"testing"
	"time"

	"charm.land/lipgloss/v2"
)

func TestParseWhen(t *testing.T) {
	loc := time.FixedZone("GMT", 0)
	now := time.Date(2026, 11, 27, 14, 30, 0, 0, loc)
	for _, c := range []struct {
		in   string
		end  bool
		want time.Time
	}{
		{"", false, time.Time{}},
		{"2026-11-27", false, time.Date(2026, 11, 27, 0, 0, 0, 0, loc)},
		{"2026-11-27", true, time.Date(2026, 11, 28, 0, 0, 0, 0, loc)},
		{" 27/11/2026 ", false, time.Date(2026, 11, 27, 0, 0, 0, 0, loc)},
		{"2026-11-27 09:15", true, time.Date(2026, 11, 27, 9, 15, 0, 0, loc)},
		{"2026-11-27T09:15", false, time.Date(2026, 11, 27, 9, 15, 0, 0, loc)},
		{"30m", false, now.Add(-30 * time.Minute)},
		{"2h", false, now.Add(-2 * time.Hour)},
		{"7d", false, now.AddDate(0, 0, -7)},
		{"0h", false, now},
	} {
		got, err := parseWhen(c.in, now, c.end)
		if err != nil || !got.Equal(c.want) {
			t.Errorf("parseWhen(%q, end=%v) = %v, %v; want %v", c.in, c.end, got, err, c.want)
		}
	}
	for _, bad := range []string{"yesterday", "2026-13-01", "h", "-2h", "2w", "99999999d", "1.5h", "2026-11-27 25:00",
		"12345678901234567890123456789012345"} {
		if _, err := parseWhen(bad, now, false); err == nil {
			t.Errorf("parseWhen(%q) accepted", bad)
		}
	}
}

func FuzzParseWhen(f *testing.F) {
	for _, s := range []string{"2026-11-27", "2h", "27/11/2026", "2026-11-27 09:15", "x", "9999999999d"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 27, 14, 30, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseWhen(s, now, false)
		if err == nil && got.After(now.AddDate(10000, 0, 0)) {
			t.Fatalf("%q: %v", s, got)
		}
	})
}

func TestRowFitsWidth(t *testing.T) {
	for width := 0; width < 90; width++ {
		r := row(width, []int{8, 10, 24, 18, 12}, "23:51:50", "WARD7-T1", "maintainer:alice (SHA256:x)", "admin.unlock",
			"382JSMITH01", "a detail that goes on and on")
		if w := lipgloss.Width(r); w > width {
			t.Errorf("width %d: row is %d wide: %q", width, w, r)
		}
	}
}
