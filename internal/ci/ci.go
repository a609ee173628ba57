// Package ci tells tests whether they run under continuous integration,
// where `make test` has installed every tool, so a missing one is a
// failure there and a skip on a developer's machine.
package ci

import (
	"os"
	"strconv"
	"testing"
)

// Enabled reports whether the CI variable says this is a CI run: any value
// strconv.ParseBool reads as true (CI=1, CI=true). A value it cannot read
// at all (CI=yes) counts too, so that an odd CI fails loudly rather than
// skips in silence; unset, empty or false is not CI.
func Enabled() bool {
	v := os.Getenv("CI")
	if v == "" {
		return false
	}
	b, err := strconv.ParseBool(v)
	return b || err != nil
}

// SkipOrFail fails the test under CI and skips it elsewhere, with the
// same message: a test that cannot run must never pass in silence in CI.
func SkipOrFail(tb testing.TB, format string, args ...any) {
	tb.Helper()
	if Enabled() {
		tb.Fatalf(format, args...)
	}
	tb.Skipf(format, args...)
}
