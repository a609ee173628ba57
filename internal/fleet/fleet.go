// Package fleet starts a Trust on one machine: a private PostgreSQL, a
// throwaway CA with the service's and the terminals' certificates, the
// terminals registered, and service instances of the kiosk binary over
// the one database. `make fleet` runs it for a demonstration, and the
// end-to-end tests for the fleet's journeys. Client kiosks are started by
// the caller with ClientEnv.
package fleet

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/wardkiosk/kiosk/internal/pgserver"
	"github.com/wardkiosk/kiosk/smartcard/issue"
)

// Terminal is a client kiosk to register.
type Terminal struct {
	Name, Ward string
}

// Options say what to start.
type Options struct {
	Kiosk     string     // the kiosk binary
	Dir       string     // where everything is kept; it must exist and be empty
	Instances int        // service instances over the one database; 2 if 0
	Terminals []Terminal // the client kiosks to register
	// SMTPPort is a plain SMTP server on 127.0.0.1 for the instances'
	// mail (mailpit); 0 leaves mail in the outbox.
	SMTPPort int
	Env      []string  // more environment for every instance
	Log      io.Writer // the instances' output; nil discards it
}

// Fleet is a running Trust.
type Fleet struct {
	o         Options
	PG        *pgserver.Server
	StoreURL  string
	CAFile    string // the CA of the service's and terminals' certificates
	Instances []*Instance
	Terminals map[string]Certificate // by terminal name
}

// Certificate is a certificate and key file pair.
type Certificate struct{ CertFile, KeyFile string }

// Instance is one `kiosk serve` of the service.
type Instance struct {
	Name string
	Data string // its data directory
	URL  string // the kiosk API, https://127.0.0.1:port
	// MetricsURL serves /metrics, /healthz and /readyz: http://127.0.0.1:port.
	MetricsURL string
	SSHPort    int
	env        []string
	cmd        *exec.Cmd
	exited     chan struct{}
	o          *Options
}

// Start starts the database, issues the certificates, prepares the
// instances' data directories (one set of service keys shared by all),
// registers the terminals, creates the demo data set and starts the
// instances, waiting until each serves. demo is what `kiosk demo` printed.
func Start(ctx context.Context, o Options) (f *Fleet, demo string, err error) {
	if o.Instances == 0 {
		o.Instances = 2
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	f = &Fleet{o: o, Terminals: map[string]Certificate{}}
	defer func() {
		if err != nil {
			f.Stop()
		}
	}()
	if f.PG, err = pgserver.Start(); err != nil {
		return f, "", err
	}
	if err := f.PG.Exec(ctx, "CREATE DATABASE kiosk"); err != nil {
		return f, "", fmt.Errorf("fleet: create database: %w", err)
	}
	f.StoreURL = f.PG.URL("kiosk")
	svc, err := f.issue()
	if err != nil {
		return f, "", err
	}
	for i := range o.Instances {
		in, err := f.prepare(ctx, i, svc)
		if err != nil {
			return f, "", err
		}
		f.Instances = append(f.Instances, in)
	}
	first := f.Instances[0]
	for _, t := range o.Terminals {
		if _, err := first.Run(ctx, "terminals", "add", t.Name, "--ward", t.Ward, "--cert", f.Terminals[t.Name].CertFile); err != nil {
			return f, "", err
		}
	}
	if demo, err = first.Run(ctx, "demo"); err != nil {
		return f, "", err
	}
	for _, in := range f.Instances {
		if err := in.Start(); err != nil {
			return f, "", err
		}
	}
	return f, demo, nil
}

// issue makes the CA, the service's certificate and each terminal's.
func (f *Fleet) issue() (Certificate, error) {
	ca, err := issue.NewCA(rand.Reader, "Ward Kiosk Fleet Demo CA", time.Now())
	if err != nil {
		return Certificate{}, err
	}
	f.CAFile = filepath.Join(f.o.Dir, "ca.pem")
	if err := os.WriteFile(f.CAFile, issue.CertPEM(ca.Cert), 0o644); err != nil {
		return Certificate{}, err
	}
	cert, key, err := ca.Server("127.0.0.1", "localhost")
	if err != nil {
		return Certificate{}, err
	}
	svc, err := write(f.o.Dir, "service", cert, key)
	if err != nil {
		return Certificate{}, err
	}
	for _, t := range f.o.Terminals {
		cert, key, err := ca.Card(issue.Template{CommonName: t.Name})
		if err != nil {
			return Certificate{}, err
		}
		if f.Terminals[t.Name], err = write(f.o.Dir, t.Name, cert, key); err != nil {
			return Certificate{}, err
		}
	}
	return svc, nil
}

// write writes name.pem and name.key (0600) in dir.
func write(dir, name string, cert *x509.Certificate, key crypto.Signer) (Certificate, error) {
	c, k, err := issue.WriteFiles(dir, name, cert, key)
	return Certificate{CertFile: c, KeyFile: k}, err
}

// prepare makes instance i's data directory and environment. The first
// instance's data directory makes the service keys; the others get copies,
// as every instance must sign reset codes and chain the audit alike.
func (f *Fleet) prepare(ctx context.Context, i int, svc Certificate) (*Instance, error) {
	name := string(rune('a' + i))
	in := &Instance{Name: name, Data: filepath.Join(f.o.Dir, "service-"+name), o: &f.o, exited: make(chan struct{})}
	api, err := freePort()
	if err != nil {
		return nil, err
	}
	if in.SSHPort, err = freePort(); err != nil {
		return nil, err
	}
	metrics, err := freePort()
	if err != nil {
		return nil, err
	}
	in.MetricsURL = "http://127.0.0.1:" + strconv.Itoa(metrics)
	in.URL = "https://127.0.0.1:" + strconv.Itoa(api)
	in.env = append([]string{
		"KIOSK_STORE_URL=" + f.StoreURL,
		"KIOSK_TERMINAL=SERVICE-" + strings.ToUpper(name),
		"KIOSK_API_LISTEN=127.0.0.1:" + strconv.Itoa(api),
		"KIOSK_API_CERT_FILE=" + svc.CertFile,
		"KIOSK_API_KEY_FILE=" + svc.KeyFile,
		"KIOSK_API_CLIENT_CA_FILE=" + f.CAFile,
		"KIOSK_SSH_LISTEN=127.0.0.1:" + strconv.Itoa(in.SSHPort),
		"KIOSK_METRICS_LISTEN=127.0.0.1:" + strconv.Itoa(metrics),
		// The instances are not the unit that started this process.
		"NOTIFY_SOCKET=",
	}, f.o.Env...)
	if f.o.SMTPPort != 0 {
		in.env = append(in.env, "KIOSK_SMTP_HOST=127.0.0.1", "KIOSK_SMTP_PORT="+strconv.Itoa(f.o.SMTPPort), "KIOSK_SMTP_TLS=none")
	}
	if i == 0 {
		// Any command opens the data directory, making its keys.
		_, err := in.Run(ctx, "terminals", "list")
		return in, err
	}
	if err := os.Mkdir(in.Data, 0o700); err != nil {
		return nil, err
	}
	for _, key := range []string{"reset-code.key", "audit-chain.key"} {
		b, err := os.ReadFile(filepath.Join(f.Instances[0].Data, key))
		if err != nil {
			return nil, fmt.Errorf("fleet: the service keys: %w", err)
		}
		if err := os.WriteFile(filepath.Join(in.Data, key), b, 0o600); err != nil {
			return nil, err
		}
	}
	return in, nil
}

// Run runs a kiosk command on the instance's data and configuration and
// returns its output.
func (in *Instance) Run(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, in.o.Kiosk, append([]string{"--data", in.Data}, args...)...)
	cmd.Env = append(os.Environ(), in.env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return string(out), fmt.Errorf("fleet: kiosk %s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out), nil
}

// Start starts `kiosk serve` and waits until its API accepts connections.
func (in *Instance) Start() error {
	in.exited = make(chan struct{})
	in.cmd = exec.Command(in.o.Kiosk, "--data", in.Data, "serve")
	in.cmd.Env = append(os.Environ(), in.env...)
	in.cmd.Stdout, in.cmd.Stderr = in.o.Log, in.o.Log
	// Should this process die, the instance goes with it.
	in.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := in.cmd.Start(); err != nil {
		return fmt.Errorf("fleet: instance %s: %w", in.Name, err)
	}
	exited := in.exited
	go func() { in.cmd.Wait(); close(exited) }()
	addr := strings.TrimPrefix(in.URL, "https://")
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		select {
		case <-exited:
			return fmt.Errorf("fleet: instance %s ended at start", in.Name)
		default:
		}
		if time.Now().After(deadline) {
			in.Kill()
			return fmt.Errorf("fleet: instance %s does not serve at %s", in.Name, addr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Stop ends the instance as its service manager does, with SIGTERM.
func (in *Instance) Stop() error { return in.end(syscall.SIGTERM) }

// Kill ends the instance at once, as a crash does.
func (in *Instance) Kill() error { return in.end(syscall.SIGKILL) }

func (in *Instance) end(sig syscall.Signal) error {
	if in.cmd == nil || in.cmd.Process == nil {
		return nil
	}
	select {
	case <-in.exited:
		return nil
	default:
	}
	in.cmd.Process.Signal(sig)
	select {
	case <-in.exited:
		return nil
	case <-time.After(10 * time.Second):
		in.cmd.Process.Kill()
		<-in.exited
		return fmt.Errorf("fleet: instance %s did not end on %v: killed", in.Name, sig)
	}
}

// URLs are every instance's API, for server.urls.
func (f *Fleet) URLs() []string {
	var us []string
	for _, in := range f.Instances {
		us = append(us, in.URL)
	}
	return us
}

// ClientEnv is the environment of a client kiosk for a registered
// terminal: every instance, the CA, and the terminal's certificate.
func (f *Fleet) ClientEnv(terminal string) []string {
	c := f.Terminals[terminal]
	return []string{
		"KIOSK_TERMINAL=" + terminal,
		"KIOSK_SERVER_URLS=" + strings.Join(f.URLs(), ","),
		"KIOSK_SERVER_CA_FILE=" + f.CAFile,
		"KIOSK_SERVER_CERT_FILE=" + c.CertFile,
		"KIOSK_SERVER_KEY_FILE=" + c.KeyFile,
	}
}

// Stop stops the instances, then the database.
func (f *Fleet) Stop() error {
	var errs []error
	for _, in := range f.Instances {
		errs = append(errs, in.Stop())
	}
	if f.PG != nil {
		errs = append(errs, f.PG.Stop())
	}
	return errors.Join(errs...)
}

// freePort is a TCP port on 127.0.0.1 free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
