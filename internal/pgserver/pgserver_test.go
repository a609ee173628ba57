package pgserver

import (
	"os"
	"strings"
	"testing"
)

// As root, a temporary directory the postgres user cannot reach is not
// used for the server.
func TestParentDir(t *testing.T) {
	private := t.TempDir() + "/private"
	if err := os.Mkdir(private, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", private)
	want := private
	if os.Geteuid() == 0 {
		want = "/tmp"
	}
	if got := parentDir(); got != want {
		t.Errorf("TMPDIR=%s (0700): parentDir() = %s, want %s", private, got, want)
	}
	t.Setenv("TMPDIR", "/"+strings.Repeat("x", 70))
	if got := parentDir(); got != "/tmp" {
		t.Errorf("a long TMPDIR: parentDir() = %s, want /tmp", got)
	}
}

func TestBinDir(t *testing.T) {
	dir, err := BinDir()
	if err != nil {
		t.Skip(err)
	}
	for _, f := range []string{"initdb", "postgres"} {
		if !isExec(dir + "/" + f) {
			t.Errorf("%s has no %s", dir, f)
		}
	}
}
