package fleetbench

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"connectrpc.com/connect"
	"golang.org/x/crypto/argon2"

	kioskv1 "github.com/wardkiosk/kiosk/api/gen/kiosk/v1"
	"github.com/wardkiosk/kiosk/api/gen/kiosk/v1/kioskv1connect"
	"github.com/wardkiosk/kiosk/app"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/internal/pgtest"
	"github.com/wardkiosk/kiosk/internal/syncbuf"
	"github.com/wardkiosk/kiosk/smartcard/issue"
)

// password is every simulated user's password.
const password = "Brisk-Owl-Lamp-48"

// fleet is one service instance (`kiosk serve`, a process of its own) on
// a PostgreSQL database, and a second instance's service opened in the
// benchmark on the same database and key files, which sets the fleet up
// and commits the changes the kiosks watch for, as a maintainer's command
// on another instance would.
type fleet struct {
	b     *testing.B
	ctx   context.Context
	dir   string
	data  string
	cfg   config.Config
	ca    *issue.Authority
	roots *x509.CertPool
	k     *app.Kiosk

	cmd  *exec.Cmd
	log  *syncbuf.Buffer
	done chan error
}

// newFleet creates the database, the Trust's terminal CA, the service's
// certificate and the data directory; start runs the service.
func newFleet(b *testing.B) *fleet {
	b.Helper()
	ctx := context.Background()
	dir := b.TempDir()
	f := &fleet{b: b, ctx: ctx, dir: dir, data: filepath.Join(dir, "data")}
	var err error
	if f.ca, err = issue.NewCA(rand.Reader, "Trust terminal CA", time.Now()); err != nil {
		b.Fatal(err)
	}
	f.roots = x509.NewCertPool()
	f.roots.AddCert(f.ca.Cert)
	if err := os.WriteFile(filepath.Join(dir, "ca.pem"), issue.CertPEM(f.ca.Cert), 0o600); err != nil {
		b.Fatal(err)
	}
	srv, srvKey, err := f.ca.Server("127.0.0.1")
	if err != nil {
		b.Fatal(err)
	}
	if _, _, err := issue.WriteFiles(dir, "api", srv, srvKey); err != nil {
		b.Fatal(err)
	}

	f.cfg = config.Default()
	f.cfg.Store.URL = pgtest.New(b)
	f.cfg.Terminal = "BENCH-ADMIN"
	f.cfg.SSH.Listen = freeAddr(b)
	f.cfg.API = config.API{Listen: freeAddr(b), CertFile: filepath.Join(dir, "api.pem"),
		KeyFile: filepath.Join(dir, "api.key"), ClientCAFile: filepath.Join(dir, "ca.pem")}
	if err := f.cfg.Validate(); err != nil {
		b.Fatal(err)
	}
	if f.k, err = app.Open(ctx, f.cfg, f.data, auth.Options{Log: slog.New(slog.DiscardHandler)}); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.k.Close() })
	return f
}

// kiosk is a simulated client kiosk: its terminal's certificate and its
// own connection to the service.
type kiosk struct {
	name string
	cert tls.Certificate
	tr   *http.Transport
	c    kioskv1connect.KioskServiceClient
}

// terminals issues n terminal certificates and registers them through
// the store in one transaction, as n `kiosk terminals add` would one by
// one; the terminals are named prefix-0000 and on.
func (f *fleet) terminals(prefix string, n int) []*kiosk {
	f.b.Helper()
	ks := make([]*kiosk, n)
	now := time.Now().UTC()
	err := f.k.Store.Tx(f.ctx, func(tx auth.Tx) error {
		for i := range ks {
			k := &kiosk{name: fmt.Sprintf("%s-%04d", prefix, i)}
			cert, key, err := f.ca.Card(issue.Template{CommonName: k.name})
			if err != nil {
				return err
			}
			k.cert = issue.TLS(cert, key)
			t := auth.Terminal{Name: k.name, Ward: fmt.Sprintf("Ward%d", i%40), AddedAt: now, AddedBy: "bench",
				Fingerprint: auth.CertificateFingerprint(k.cert.Leaf)}
			if err := tx.RegisterTerminal(f.ctx, t); err != nil {
				return err
			}
			ks[i] = k
		}
		return nil
	})
	if err != nil {
		f.b.Fatalf("registering %d terminals: %v", n, err)
	}
	return ks
}

// users creates n users, each with password.
func (f *fleet) users(n int) []string {
	f.b.Helper()
	names := make([]string, n)
	for i := range names {
		u, err := f.k.Auth.CreateUser(f.ctx, auth.Actor{Name: "bench", Terminal: "BENCH-ADMIN"}, auth.NewUser{
			FirstName: "Alex", LastName: "Bench" + string(rune('a'+i/26%26)) + string(rune('a'+i%26)),
			Email: fmt.Sprintf("bench%d@example.nhs.uk", i), DOB: time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC),
			Role: "Staff Nurse", Ward: "Ward 7", Password: password})
		if err != nil {
			f.b.Fatalf("user %d: %v", i, err)
		}
		names[i] = u.Username
	}
	return names
}

// start runs `kiosk serve` with the kiosk API on loopback and waits until
// it answers. It is stopped with SIGTERM when the benchmark ends.
func (f *fleet) start() {
	f.b.Helper()
	f.log, f.done = &syncbuf.Buffer{}, make(chan error, 1)
	f.cmd = exec.Command(kioskBin, "--data", f.data, "serve")
	f.cmd.Env = append(os.Environ(),
		"KIOSK_STORE_URL="+f.cfg.Store.URL,
		"KIOSK_TERMINAL=BENCH-SERVE",
		"KIOSK_SSH_LISTEN="+f.cfg.SSH.Listen,
		"KIOSK_API_LISTEN="+f.cfg.API.Listen,
		"KIOSK_API_CERT_FILE="+f.cfg.API.CertFile,
		"KIOSK_API_KEY_FILE="+f.cfg.API.KeyFile,
		"KIOSK_API_CLIENT_CA_FILE="+f.cfg.API.ClientCAFile)
	f.cmd.Stdout, f.cmd.Stderr = f.log, f.log
	// Should the benchmark die, the service dies with it.
	f.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := f.cmd.Start(); err != nil {
		f.b.Fatal(err)
	}
	go func() { f.done <- f.cmd.Wait() }()
	f.b.Cleanup(f.stop)
	probe := f.kiosks(f.terminals("PROBE", 1))[0]
	defer probe.tr.CloseIdleConnections()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		_, err := probe.c.Heartbeat(f.ctx, connect.NewRequest(&kioskv1.HeartbeatRequest{Version: "bench"}))
		if err == nil {
			return
		}
		select {
		case err := <-f.done:
			f.done <- err
			f.b.Fatalf("kiosk serve exited: %v\n%s", err, f.log.String())
		default:
		}
		if time.Now().After(deadline) {
			f.b.Fatalf("kiosk serve's API did not answer: %v\n%s", err, f.log.String())
		}
	}
}

// stop sends SIGTERM and waits for the service to exit.
func (f *fleet) stop() {
	f.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-f.done:
		if err != nil {
			f.b.Errorf("kiosk serve after SIGTERM: %v\n%s", err, f.log.String())
		}
	case <-time.After(30 * time.Second):
		f.cmd.Process.Kill()
		<-f.done
		f.b.Errorf("kiosk serve ignored SIGTERM")
	}
}

// kiosks gives each kiosk its own transport, so its own TLS connection
// to the service, as real kiosks have.
func (f *fleet) kiosks(ks []*kiosk) []*kiosk {
	for _, k := range ks {
		k.tr = &http.Transport{
			TLSClientConfig:   &tls.Config{MinVersion: tls.VersionTLS13, RootCAs: f.roots, Certificates: []tls.Certificate{k.cert}},
			ForceAttemptHTTP2: true,
		}
		k.c = kioskv1connect.NewKioskServiceClient(&http.Client{Transport: k.tr}, "https://"+f.cfg.API.Listen)
	}
	return ks
}

// connect opens every kiosk's connection with a heartbeat, a few at a
// time, and fails the benchmark on the first refusal.
func (f *fleet) connect(ks []*kiosk) {
	f.b.Helper()
	f.kiosks(ks)
	f.b.Cleanup(func() {
		for _, k := range ks {
			k.tr.CloseIdleConnections()
		}
	})
	var wg sync.WaitGroup
	sem := make(chan struct{}, 16)
	errs := make(chan error, len(ks))
	for _, k := range ks {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if _, err := k.c.Heartbeat(f.ctx, connect.NewRequest(&kioskv1.HeartbeatRequest{Version: "bench"})); err != nil {
				errs <- fmt.Errorf("%s: %w", k.name, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		f.b.Fatalf("connecting the kiosks: %v\n%s", err, f.log.String())
	}
}

// memory reads the service's resident memory now (VmRSS) and at its
// highest (VmHWM), in MiB.
func (f *fleet) memory() (rss, hwm float64) {
	f.b.Helper()
	file, err := os.Open(fmt.Sprintf("/proc/%d/status", f.cmd.Process.Pid))
	if err != nil {
		f.b.Fatal(err)
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		key, val, _ := strings.Cut(sc.Text(), ":")
		fs := strings.Fields(val)
		if len(fs) != 2 || fs[1] != "kB" {
			continue
		}
		kb, _ := strconv.ParseFloat(fs[0], 64)
		switch key {
		case "VmRSS":
			rss = kb / 1024
		case "VmHWM":
			hwm = kb / 1024
		}
	}
	return rss, hwm
}

// cpu is the processor time the service has used so far, user and
// system, from /proc/PID/stat (in clock ticks of 10 ms, Linux's USER_HZ).
func (f *fleet) cpu() time.Duration {
	f.b.Helper()
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", f.cmd.Process.Pid))
	if err != nil {
		f.b.Fatal(err)
	}
	// The command name, in parentheses, may hold spaces: count from after it.
	_, rest, _ := strings.Cut(string(stat), ") ")
	fs := strings.Fields(rest)
	utime, _ := strconv.ParseInt(fs[11], 10, 64)
	stime, _ := strconv.ParseInt(fs[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// sampleMemory reads the service's resident memory every few
// milliseconds until stop, and returns the highest seen.
func (f *fleet) sampleMemory() (stop func() float64) {
	quit, out := make(chan struct{}), make(chan float64)
	go func() {
		peak := 0.0
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			rss, _ := f.memory()
			peak = max(peak, rss)
			select {
			case <-quit:
				out <- peak
				return
			case <-t.C:
			}
		}
	}()
	return func() float64 { close(quit); return <-out }
}

// verifyTime is the median of a few argon2id verifies with the service's
// parameters, timed in this process.
func verifyTime() time.Duration {
	a := auth.DefaultArgon2
	salt := make([]byte, a.SaltLen)
	ts := make([]time.Duration, 9)
	for i := range ts {
		start := time.Now()
		argon2.IDKey([]byte("Wrong-Guess-Again-58"), salt, a.Time, a.Memory, a.Threads, a.KeyLen)
		ts[i] = time.Since(start)
	}
	slices.Sort(ts)
	return ts[len(ts)/2]
}

// quantile is the q-th quantile of sorted durations, in milliseconds.
func quantile(sorted []time.Duration, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := min(len(sorted)-1, int(q*float64(len(sorted))))
	return float64(sorted[i]) / 1e6
}

// freeAddr is a loopback address nobody listens on right now.
func freeAddr(b *testing.B) string {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
