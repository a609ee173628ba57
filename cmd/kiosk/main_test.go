package main

import (
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/wardkiosk/kiosk/internal/pgtest"
	"github.com/wardkiosk/kiosk/smartcard/pkcs11"
)

// TestMain makes this test binary the kiosk binary inside the scripts:
// each `exec kiosk` runs a real process.
func TestMain(m *testing.M) {
	pkcs11.ServeProbe()
	testscript.Main(pgtest.Wrap(m), map[string]func(){
		"kiosk": main,
	})
}

// TestScripts drives the CLI like a maintainer does: testdata/script/*.txtar.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("KIOSK_DATA", env.WorkDir+"/data")
			env.Setenv("KIOSK_TERMINAL", "TEST-T1")
			return nil
		},
		RequireExplicitExec: true,
	})
}
