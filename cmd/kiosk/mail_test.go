package main

import (
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/wardkiosk/kiosk/internal/pgtest"
	"github.com/wardkiosk/kiosk/mail/mailtest"
)

// TestMailScripts drives `kiosk outbox` against a real SMTP server on
// loopback: testdata/mail/*.txtar, with $SMTP_PORT (mailpit) and
// $DOWN_PORT (nothing listening), and the command mailpit-count N.
func TestMailScripts(t *testing.T) { mailScripts(t, nil) }

// TestPostgresMailScripts runs the same scripts with the outbox in
// PostgreSQL (store.url), a fresh database for each.
func TestPostgresMailScripts(t *testing.T) {
	mailScripts(t, func(env *testscript.Env) { env.Setenv("KIOSK_STORE_URL", pgtest.New(env.T().(testing.TB))) })
}

// mailScripts runs testdata/mail, with setup, if not nil, run in each
// script's Setup.
func mailScripts(t *testing.T, setup func(*testscript.Env)) {
	srv := mailtest.Start(t, mailtest.Options{})
	down := mailtest.FreePort(t)
	testscript.Run(t, testscript.Params{
		Dir: "testdata/mail",
		Setup: func(env *testscript.Env) error {
			env.Setenv("KIOSK_DATA", env.WorkDir+"/data")
			env.Setenv("KIOSK_TERMINAL", "TEST-T1")
			env.Setenv("KIOSK_SMTP_HOST", "127.0.0.1")
			env.Setenv("KIOSK_SMTP_TLS", "none")
			env.Setenv("KIOSK_SMTP_PORT", strconv.Itoa(srv.Port))
			env.Setenv("SMTP_PORT", strconv.Itoa(srv.Port))
			env.Setenv("DOWN_PORT", strconv.Itoa(down))
			if setup != nil {
				setup(env)
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"mailpit-count": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 1 {
					ts.Fatalf("usage: mailpit-count N")
				}
				n, err := srv.Total()
				ts.Check(err)
				if (strconv.Itoa(n) == args[0]) == neg {
					ts.Fatalf("mailpit holds %d messages", n)
				}
			},
		},
		RequireExplicitExec: true,
	})
}
