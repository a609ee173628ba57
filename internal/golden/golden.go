// Package golden compares what a test produced with a file in the
// package's testdata, so that words and output that are a contract (the
// emails, the policy's words, `policy check`'s lines) cannot change by
// accident. `go test -update` rewrites the files for a deliberate change.
package golden

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// update is the test binary's -update flag: every golden test of a
// package rewrites its file with what it got.
var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// Check compares got with testdata/name, byte for byte, and fails t with
// the lines that differ. With -update it first writes got to the file.
func Check(t testing.TB, name, got string) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run with -update only for a deliberate change):\n%s", file, lineDiff(string(want), got))
	}
}

// lineDiff lists the lines that differ between want and got; a line one
// side lacks (as a final line feed) is "(none)".
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	line := func(ls []string, i int) string {
		if i < len(ls) {
			return fmt.Sprintf("%q", ls[i])
		}
		return "(none)"
	}
	var b strings.Builder
	for i := range max(len(w), len(g)) {
		if a, c := line(w, i), line(g, i); a != c {
			fmt.Fprintf(&b, "line %d:\n  want %s\n  got  %s\n", i+1, a, c)
		}
	}
	return b.String()
}
