package console

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// errWhen says how to write a time in the audit filter.
var errWhen = errors.New("write a time as YYYY-MM-DD, YYYY-MM-DD HH:MM, DD/MM/YYYY, or how long ago: 30m, 2h, 7d")

// parseWhen reads a time typed in the audit filter: a date (the start of
// that day, or with end the start of the next, so "To 2026-11-27" takes
// the whole day), a date and time, or a span back from now such as "2h"
// or "7d". "" is no bound.
func parseWhen(s string, now time.Time, end bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if len(s) > 32 {
		return time.Time{}, errWhen
	}
	loc := now.Location()
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "02/01/2006 15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	for _, layout := range []string{time.DateOnly, "02/01/2006", "2/1/2006"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			if end {
				t = t.AddDate(0, 0, 1)
			}
			return t, nil
		}
	}
	if n, unit := s[:len(s)-1], s[len(s)-1]; strings.IndexByte("mhd", unit) >= 0 {
		v, err := strconv.Atoi(n)
		if err == nil && v >= 0 && v <= 100000 {
			d := map[byte]time.Duration{'m': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour}[unit]
			return now.Add(-time.Duration(v) * d), nil
		}
	}
	return time.Time{}, errWhen
}
