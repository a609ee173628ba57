package auth

import (
	"errors"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	want := time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC)
	for _, s := range []string{"1985-03-14", "14/03/1985", "14/3/1985", "14031985", "14-03-1985", "14.03.1985", " 14.3.1985 "} {
		if got, err := ParseDate(s); err != nil || !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "yesterday", "31/02/1985", "03/14/1985", "14131985", "1403198", "140319850",
		"1985.03.14", "14/03/85", "14 03 1985"} {
		if got, err := ParseDate(s); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseDate(%q) = %v, %v; want ErrInvalid", s, got, err)
		}
	}
}

// FuzzParseDate: whatever is typed, a date comes back at midnight UTC or
// ErrInvalid, and a date written back as DD/MM/YYYY reads the same.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"14031985", "14-03-1985", "14.03.1985", "1985-03-14", "1/1/2000", "31/02/1985"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("ParseDate(%q): %v is not ErrInvalid", s, err)
			}
			return
		}
		if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
			t.Fatalf("ParseDate(%q) = %v, not a day", s, d)
		}
		if again, err := ParseDate(d.Format("02/01/2006")); err != nil || !again.Equal(d) {
			t.Fatalf("ParseDate(%q) = %v, but %v reads as %v, %v", s, d, d.Format("02/01/2006"), again, err)
		}
	})
}
