// Package fleetbench measures the Trust-wide service from outside, as
// DESIGN §9's fleet rows ask: the real `kiosk serve` binary over a real
// PostgreSQL (internal/pgtest), driven on loopback by simulated kiosks,
// each with its own certificate and its own TLS connection, as real
// kiosks connect. It holds benchmarks only: under `go test` without
// -bench it builds nothing and starts nothing.
package fleetbench

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/wardkiosk/kiosk/internal/pgtest"
)

// kioskBin is the kiosk binary, built once when benchmarks run.
var kioskBin string

func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.bench"); f == nil || f.Value.String() == "" {
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "kiosk-fleetbench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	kioskBin = filepath.Join(dir, "kiosk")
	build := exec.Command("go", "build", "-o", kioskBin, "github.com/wardkiosk/kiosk/cmd/kiosk")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "fleetbench: building the kiosk:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := pgtest.Wrap(m).Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
