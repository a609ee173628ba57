package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that keeps what the test would have said.
type recorder struct {
	testing.TB
	errors []string
	fatal  bool
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatal(args ...any) {
	r.fatal = true
	r.errors = append(r.errors, fmt.Sprint(args...))
}

func TestCheckPassesOnTheSameBytes(t *testing.T) {
	r := &recorder{TB: t}
	Check(r, "sample.golden", "one\ntwo\n")
	if len(r.errors) > 0 {
		t.Errorf("Check failed on the file's own bytes: %q", r.errors)
	}
}

func TestCheckFailsWithTheLinesThatDiffer(t *testing.T) {
	for _, got := range []string{"one\nTWO\n", "one\ntwo", "one\ntwo\nthree\n", ""} {
		r := &recorder{TB: t}
		Check(r, "sample.golden", got)
		if len(r.errors) != 1 || r.fatal {
			t.Errorf("Check(%q) said %q, want one error", got, r.errors)
			continue
		}
		if !strings.Contains(r.errors[0], "testdata/sample.golden") || !strings.Contains(r.errors[0], "line ") {
			t.Errorf("Check(%q) said %q: it names neither the file nor the line", got, r.errors[0])
		}
	}
}

func TestCheckFailsOnAMissingFile(t *testing.T) {
	r := &recorder{TB: t}
	Check(r, "no-such.golden", "")
	if !r.fatal {
		t.Errorf("Check passed on a missing file: %q", r.errors)
	}
}

func TestLineDiff(t *testing.T) {
	got := lineDiff("a\nb\nc", "a\nB\nc\nd")
	want := "line 2:\n  want \"b\"\n  got  \"B\"\nline 4:\n  want (none)\n  got  \"d\"\n"
	if got != want {
		t.Errorf("lineDiff = %q, want %q", got, want)
	}
}

func TestUpdateRewritesTheFile(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.Mkdir("testdata", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", "out.golden"), []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	*update = true
	defer func() { *update = false }()
	r := &recorder{TB: t}
	Check(r, "out.golden", "new\n")
	if len(r.errors) > 0 {
		t.Fatalf("Check with -update failed: %q", r.errors)
	}
	if b, err := os.ReadFile(filepath.Join("testdata", "out.golden")); err != nil || string(b) != "new\n" {
		t.Errorf("the file holds %q (%v), want what the test got", b, err)
	}
}
