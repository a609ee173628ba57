package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Duration is a time.Duration written as text such as "5m" or "30s" in the
// TOML file and in KIOSK_* variables.
type Duration struct{ time.Duration }

// UnmarshalText parses a Go duration string; a bare number is refused so that
// "5" cannot silently mean five nanoseconds.
func (d *Duration) UnmarshalText(text []byte) error {
	s := strings.TrimSpace(string(text))
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%q is not a duration (want e.g. \"30s\", \"5m\" or \"1h30m\")", string(text))
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration in its shortest form ("5m", not "5m0s") so
// that `kiosk config show` reads like the file a maintainer would write.
func (d Duration) MarshalText() ([]byte, error) {
	return []byte(d.String()), nil
}

// String returns the duration in its shortest form, e.g. "1h30m" or "30s".
func (d Duration) String() string {
	v := d.Duration
	if v == 0 {
		return "0s"
	}
	if v%time.Second != 0 {
		return v.String()
	}
	var b strings.Builder
	if v < 0 {
		b.WriteByte('-')
		v = -v
	}
	for _, u := range [...]struct {
		unit time.Duration
		name string
	}{{time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if n := v / u.unit; n > 0 {
			b.WriteString(strconv.FormatInt(int64(n), 10))
			b.WriteString(u.name)
			v -= n * u.unit
		}
	}
	return b.String()
}
