package migrations

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoad(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	ms, err := Load(fstest.MapFS{"m/0002_b.sql": file("B"), "m/0001_a.sql": file("A")}, "m")
	if err != nil || len(ms) != 2 || ms[0].Name != "0001_a.sql" || ms[1].SQL != "B" || ms[1].Version != 2 {
		t.Fatalf("Load: %+v, %v", ms, err)
	}
	for name, fsys := range map[string]fstest.MapFS{
		"a gap":        {"m/0001_a.sql": file(""), "m/0003_c.sql": file("")},
		"no number":    {"m/init.sql": file("")},
		"number zero":  {"m/0000_a.sql": file("")},
		"not SQL":      {"m/0001_a.txt": file("")},
		"twice number": {"m/0001_a.sql": file(""), "m/0001_b.sql": file("")},
	} {
		if _, err := Load(fsys, "m"); err == nil || !strings.Contains(err.Error(), "migration") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
