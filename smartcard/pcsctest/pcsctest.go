// Package pcsctest runs a private pcscd with two vsmartcard-vpcd readers
// for tests, the way httptest runs a server.
//
// Each daemon runs in its own mount namespace, where /run/pcscd is a
// directory of the test's, so it neither meets the machine's own pcscd nor
// another test binary's; this process finds it through
// PCSCLITE_CSOCK_NAME. Its readers listen on a free pair of ports (vpcd
// gives reader N port base+N). It needs root, unshare, pcscd and
// vsmartcard-vpcd: when one is missing a test skips, except under CI=true,
// where it fails.
package pcsctest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ebfe/scard"

	"github.com/wardkiosk/kiosk/internal/ci"
)

// VPCDDriver is the vsmartcard-vpcd reader driver Debian installs.
const VPCDDriver = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"

// OpenSCModule is OpenSC's PKCS#11 module as Debian's opensc-pkcs11
// installs it: somebody else's middleware over the same virtual card.
const OpenSCModule = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"

// RequireOpenSC skips the test, or under CI=true fails it, without
// OpenSC's PKCS#11 module.
func RequireOpenSC(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(OpenSCModule); err != nil {
		ci.SkipOrFail(t, "this test needs OpenSC's PKCS#11 module (%s); run scripts/install-deps.sh", OpenSCModule)
	}
}

// Readers are the names pcscd gives vpcd's two slots.
var Readers = [2]string{"Virtual PCD 00 00", "Virtual PCD 00 01"}

// Daemon is a running pcscd.
type Daemon struct {
	t    testing.TB
	dir  string // holds conf/, run/ (the daemon's /run/pcscd) and pcscd.log
	base int    // the first reader's vpcd port
	cmd  *exec.Cmd
	exit chan error
}

// SocketDir is where this process's daemons put their socket. It is fixed
// for the process because libpcsclite reads PCSCLITE_CSOCK_NAME once.
func SocketDir() string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("wardkiosk-pcsc-%d", os.Getpid()))
}

// Require skips the test, or under CI=true fails it, when pcscd, vpcd or
// the rights to run them privately are missing.
func Require(t testing.TB) {
	t.Helper()
	var missing []string
	for _, bin := range []string{"pcscd", "unshare", "mount"} {
		if _, err := exec.LookPath(bin); err != nil {
			missing = append(missing, bin)
		}
	}
	if _, err := os.Stat(VPCDDriver); err != nil {
		missing = append(missing, "vsmartcard-vpcd ("+VPCDDriver+")")
	}
	if os.Geteuid() != 0 {
		missing = append(missing, "root (to give pcscd a private /run/pcscd)")
	}
	if len(missing) == 0 {
		return
	}
	msg := "smartcard integration test needs " + strings.Join(missing, ", ") + "; run scripts/install-deps.sh"
	ci.SkipOrFail(t, "%s", msg)
}

// Start starts pcscd --foreground with two vpcd readers and waits until
// both are listed. It is stopped with SIGTERM at the end of the test.
func Start(t testing.TB) *Daemon {
	t.Helper()
	Require(t)
	dir := SocketDir()
	for _, sub := range []string{"conf", "run"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	base, err := freePortPair()
	if err != nil {
		t.Fatal(err)
	}
	conf := fmt.Sprintf("FRIENDLYNAME \"Virtual PCD\"\nDEVICENAME   /dev/null:%d\nLIBPATH      %s\nCHANNELID    %d\n",
		base, VPCDDriver, base)
	if err := os.WriteFile(filepath.Join(dir, "conf", "vpcd"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Setenv("PCSCLITE_CSOCK_NAME", filepath.Join(dir, "run", "pcscd.comm")); err != nil {
		t.Fatal(err)
	}
	// /run/pcscd must exist to be mounted over.
	if err := os.MkdirAll("/run/pcscd", 0o755); err != nil {
		t.Fatal(err)
	}
	d := &Daemon{t: t, dir: dir, base: base}
	d.start()
	t.Cleanup(func() {
		d.Stop()
		if t.Failed() {
			if b, err := os.ReadFile(d.LogFile()); err == nil {
				t.Logf("pcscd log (last 3000 bytes):\n%s", tail(b, 3000))
			}
		}
	})
	return d
}

// LogFile is where pcscd's output goes.
func (d *Daemon) LogFile() string { return filepath.Join(d.dir, "pcscd.log") }

// Addr is where a virtual card connects to be inserted in reader i (0 or 1).
func (d *Daemon) Addr(i int) string { return fmt.Sprintf("127.0.0.1:%d", d.base+i) }

func (d *Daemon) start() {
	d.t.Helper()
	os.Remove(filepath.Join(d.dir, "run", "pcscd.comm"))
	os.Remove(filepath.Join(d.dir, "run", "pcscd.pid"))
	log, err := os.OpenFile(d.LogFile(), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		d.t.Fatal(err)
	}
	// unshare execs sh, which execs pcscd: one process, so TERM reaches it.
	// Never --auto-exit: the tests decide when the daemon goes.
	d.cmd = exec.Command("unshare", "--mount", "--propagation", "private", "--",
		"sh", "-c", `mount --bind "$0" /run/pcscd && exec pcscd --foreground --info -c "$1"`,
		filepath.Join(d.dir, "run"), filepath.Join(d.dir, "conf"))
	d.cmd.Stdout, d.cmd.Stderr = log, log
	if err := d.cmd.Start(); err != nil {
		log.Close()
		d.t.Fatalf("start pcscd: %v", err)
	}
	log.Close()
	d.exit = make(chan error, 1)
	go func(c *exec.Cmd, exit chan error) { exit <- c.Wait() }(d.cmd, d.exit)
	t0 := time.Now()
	defer func() { d.t.Logf("pcscd ready in %v", time.Since(t0)) }()
	if err := d.waitReady(10 * time.Second); err != nil {
		d.Stop()
		b, _ := os.ReadFile(d.LogFile())
		d.t.Fatalf("pcscd did not come up: %v\n%s", err, tail(b, 3000))
	}
}

// waitReady waits until pcscd lists both readers.
func (d *Daemon) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	var last error
	for time.Now().Before(deadline) {
		select {
		case err := <-d.exit:
			d.exit <- err
			return fmt.Errorf("pcscd exited: %v", err)
		default:
		}
		ctx, err := scard.EstablishContext()
		if err == nil {
			names, lerr := ctx.ListReaders()
			ctx.Release()
			if lerr == nil && len(names) == len(Readers) {
				return nil
			}
			last = fmt.Errorf("readers %q: %v", names, lerr)
		} else {
			last = err
		}
		time.Sleep(20 * time.Millisecond)
	}
	return last
}

// Stop sends SIGTERM and waits for pcscd to exit (SIGKILL after 5s).
func (d *Daemon) Stop() {
	d.signal(syscall.SIGTERM)
}

// Kill kills pcscd with SIGKILL, as a crash would, and waits.
func (d *Daemon) Kill() {
	d.signal(syscall.SIGKILL)
}

func (d *Daemon) signal(sig syscall.Signal) {
	if d.cmd == nil {
		return
	}
	t0 := time.Now()
	defer func() { d.t.Logf("pcscd stopped in %v", time.Since(t0)) }()
	d.cmd.Process.Signal(sig)
	select {
	case <-d.exit:
	case <-time.After(5 * time.Second):
		d.cmd.Process.Kill()
		<-d.exit
	}
	d.cmd = nil
}

// Restart starts pcscd again after Stop or Kill, with the same readers.
func (d *Daemon) Restart() {
	d.t.Helper()
	if d.cmd != nil {
		d.Stop()
	}
	d.start()
}

// Pid is pcscd's process id, 0 when stopped.
func (d *Daemon) Pid() int {
	if d.cmd == nil {
		return 0
	}
	return d.cmd.Process.Pid
}

// freePortPair finds two free consecutive TCP ports.
func freePortPair() (int, error) {
	for range 50 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		p := l.Addr().(*net.TCPAddr).Port
		l2, err := net.Listen("tcp", fmt.Sprintf("0.0.0.0:%d", p+1))
		l.Close()
		if err != nil {
			continue
		}
		l2.Close()
		if p+1 < 65536 {
			return p, nil
		}
	}
	return 0, errors.New("pcsctest: no free pair of ports")
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
