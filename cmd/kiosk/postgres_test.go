package main

import (
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/wardkiosk/kiosk/internal/pgtest"
)

// TestPostgresScripts drives the maintainers' commands against a real
// PostgreSQL through store.url (KIOSK_STORE_URL), a fresh database for
// each script: the users, policy and words scripts that SQLite passes,
// and testdata/postgres/*.txtar.
func TestPostgresScripts(t *testing.T) {
	files := []string{"testdata/script/users.txtar", "testdata/script/policy.txtar", "testdata/script/words.txtar"}
	more, err := filepath.Glob("testdata/postgres/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Files: append(files, more...),
		Setup: func(env *testscript.Env) error {
			// testscript's T is the script's *testing.T underneath.
			env.Setenv("KIOSK_STORE_URL", pgtest.New(env.T().(testing.TB)))
			env.Setenv("KIOSK_DATA", env.WorkDir+"/data")
			env.Setenv("KIOSK_TERMINAL", "TEST-T1")
			return nil
		},
		RequireExplicitExec: true,
	})
}
