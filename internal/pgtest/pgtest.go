// Package pgtest gives tests a real PostgreSQL: Debian's server binaries,
// started by the test binary itself in a temporary directory, one server
// per test binary and a fresh database per test. Nothing is downloaded:
// without the binaries (scripts/install-deps.sh installs them) a test is
// skipped on a developer's machine and fails under CI.
//
// A package that uses it wraps its TestMain so the server stops when its
// tests end:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Wrap(m).Run()) }
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/internal/ci"
	"github.com/wardkiosk/kiosk/internal/pgserver"
)

// M is what TestMain runs: *testing.M, or testscript's wrapper of it.
type M interface{ Run() int }

// wrapped is M with the server stopped after the tests.
type wrapped struct{ m M }

// Wrap returns m whose Run stops the server, if a test started one, once
// the tests have run. New refuses to start a server in a test binary whose
// TestMain does not wrap m, so that none is left running.
func Wrap(m M) M {
	wrapper.Store(true)
	return wrapped{m}
}

// Run runs the tests, then stops the server.
func (w wrapped) Run() int {
	code := w.m.Run()
	if err := stop(); err != nil {
		fmt.Fprintf(os.Stderr, "pgtest: %v\n", err)
		if code == 0 {
			code = 1
		}
	}
	return code
}

// The one server of this test binary. It is package state on purpose: the
// tests of a binary share one server, started by the first that needs it.
var (
	wrapper atomic.Bool
	mu      sync.Mutex
	srv     *pgserver.Server
	srvErr  error
	dbs     atomic.Int64
)

// New creates a fresh database on this binary's server, starting the
// server on first use, and returns its URL (postgres://, over the unix
// socket). The database is dropped when the test ends. When no server can
// start, the test fails under CI and is skipped elsewhere, with the
// server's log.
func New(t testing.TB) string {
	t.Helper()
	if !wrapper.Load() {
		t.Fatal("pgtest: the package's TestMain must run pgtest.Wrap(m).Run(), so the server stops with the tests")
	}
	s, err := start()
	if err != nil {
		ci.SkipOrFail(t, "pgtest: no PostgreSQL for this test: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	name := fmt.Sprintf("t%d_%d", os.Getpid(), dbs.Add(1))
	if err := s.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: create database: %v\n%s", err, s.Log())
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		// FORCE: a store a failed test did not close must not keep it.
		if err := s.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: drop database: %v", err)
		}
		if t.Failed() {
			t.Logf("pgtest: the server's log:\n%s", s.Log())
		}
	})
	return s.URL(name)
}

// start starts the server once; a failure is remembered, so every test
// of the binary reports it without trying again.
func start() (*pgserver.Server, error) {
	mu.Lock()
	defer mu.Unlock()
	if srv == nil && srvErr == nil {
		srv, srvErr = pgserver.Start()
	}
	return srv, srvErr
}

// stop shuts the server down and removes its directory.
func stop() error {
	mu.Lock()
	defer mu.Unlock()
	s := srv
	srv, srvErr = nil, errors.New("pgtest: the server was stopped")
	if s == nil {
		return nil
	}
	return s.Stop()
}

// BinDirEnv names the directory of the server binaries where they are
// not where BinDir looks.
const BinDirEnv = pgserver.BinDirEnv

// BinDir finds the directory of the server binaries (pgserver.BinDir).
func BinDir() (string, error) { return pgserver.BinDir() }
