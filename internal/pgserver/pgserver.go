// Package pgserver starts a private PostgreSQL from Debian's server
// binaries in a directory of its own: unix socket only, no TCP, run as the
// postgres user when started by root (initdb refuses root). Tests start
// one through internal/pgtest; `make fleet` starts one for a fleet on one
// machine. Nothing is downloaded.
package pgserver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Server is a running postmaster.
type Server struct {
	dir     string // the temporary directory: data, socket, log
	bin     string
	cmd     *exec.Cmd
	exited  chan struct{} // closed when the postmaster has exited
	connURL string        // the maintenance database "postgres"
}

// BinDirEnv names the directory of the server binaries where they are
// not where BinDir looks.
const BinDirEnv = "KIOSK_PG_BINDIR"

// BinDir finds the directory of the server binaries (initdb, postgres):
// $KIOSK_PG_BINDIR if set, else the newest /usr/lib/postgresql/N/bin,
// which Debian does not put on the PATH, else `pg_config --bindir` when
// that directory has them.
func BinDir() (string, error) {
	if d := os.Getenv(BinDirEnv); d != "" {
		if isExec(filepath.Join(d, "initdb")) && isExec(filepath.Join(d, "postgres")) {
			return d, nil
		}
		return "", fmt.Errorf("%s=%s has no initdb and postgres", BinDirEnv, d)
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dirs = append(dirs, strings.TrimSpace(string(out)))
	}
	for _, d := range dirs {
		if isExec(filepath.Join(d, "initdb")) && isExec(filepath.Join(d, "postgres")) {
			return d, nil
		}
	}
	return "", errors.New("no initdb and postgres found in /usr/lib/postgresql/*/bin or pg_config --bindir " +
		"(install Debian's postgresql package: scripts/install-deps.sh)")
}

// version reads N from /usr/lib/postgresql/N/bin.
func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

func isExec(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// Start creates a cluster in a new temporary directory and starts its
// postmaster, listening on a unix socket in that directory only. Its
// durability is traded for speed (fsync off): it is for tests and demos.
// Should this process die without Stop, the kernel stops the postmaster.
func Start() (*Server, error) {
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(parentDir(), "kiosk-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir, bin: bin, exited: make(chan struct{})}
	cred, err := credential(dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust",
		"--encoding=UTF8", "--locale=C", "--no-sync")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	initdb.Dir = dir
	if out, err := initdb.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	logf, err := os.OpenFile(s.logPath(), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	// Speed over durability: the data lives as long as this process.
	s.cmd = exec.Command(filepath.Join(bin, "postgres"), "-D", data,
		"-c", "listen_addresses=", "-c", "unix_socket_directories="+dir,
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
		"-c", "max_connections=300", "-c", "shared_buffers=32MB")
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	s.cmd.Dir = dir
	// Should this process die without stopping it (a panic, a timeout),
	// the kernel stops the postmaster: SIGQUIT is its immediate shutdown.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT, Setpgid: true}
	started := make(chan error, 1)
	go func() {
		// The parent-death signal follows the thread that started the
		// child, not the process: this goroutine keeps its thread until
		// the postmaster has exited.
		runtime.LockOSThread()
		err := s.cmd.Start()
		started <- err
		if err == nil {
			s.cmd.Wait()
		}
		logf.Close()
		close(s.exited)
	}()
	if err := <-started; err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("postgres: %w", err)
	}
	s.connURL = s.URL("postgres")
	if err := s.waitReady(30 * time.Second); err != nil {
		log := s.Log()
		s.Stop()
		return nil, fmt.Errorf("%w\nthe server's log:\n%s", err, log)
	}
	return s, nil
}

// parentDir is where the server's directory is made: the temporary
// directory, unless the socket's path in it would be too long for a unix
// socket (108 bytes) or, as root, the postgres user could not reach it;
// then /tmp.
func parentDir() string {
	dir := os.TempDir()
	if len(dir) > 60 || os.Geteuid() == 0 && !traversable(dir) {
		return "/tmp"
	}
	return dir
}

// traversable reports whether anyone may pass through dir and each
// directory above it.
func traversable(dir string) bool {
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil || fi.Mode().Perm()&0o001 == 0 {
			return false
		}
		if d == filepath.Dir(d) {
			return true
		}
	}
}

// credential is the user to run initdb and postgres as: this process's
// own, or the postgres user when this process is root, which initdb
// refuses. The directory is given to that user.
func credential(dir string) (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root, and initdb refuses root: no postgres user to run it as: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chown(dir, uid, gid); err != nil {
		return nil, err
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), NoSetGroups: true}, nil
}

// Dir is the server's directory: its data, socket and log.
func (s *Server) Dir() string { return s.dir }

// PID is the postmaster's process id.
func (s *Server) PID() int { return s.cmd.Process.Pid }

// URL is the URL of database name over the socket.
func (s *Server) URL(name string) string {
	q := url.Values{"host": {s.dir}, "user": {"postgres"}, "sslmode": {"disable"}}
	return "postgres:///" + name + "?" + q.Encode()
}

func (s *Server) logPath() string { return filepath.Join(s.dir, "postgres.log") }

// Log is the server's log so far.
func (s *Server) Log() string {
	b, err := os.ReadFile(s.logPath())
	if err != nil {
		return fmt.Sprintf("(no log: %v)", err)
	}
	return string(bytes.TrimSpace(b))
}

// waitReady polls until the server accepts a connection.
func (s *Server) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := s.Exec(ctx, "SELECT 1")
		cancel()
		if err == nil {
			return nil
		}
		select {
		case <-s.exited:
			return errors.New("postgres exited at start")
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres not ready after %v: %w", limit, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Exec runs one statement in the maintenance database.
func (s *Server) Exec(ctx context.Context, sql string) error {
	conn, err := pgx.Connect(ctx, s.connURL)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(ctx, sql)
	return err
}

// Stop asks for a fast shutdown, waits, kills if need be, and
// removes the directory.
func (s *Server) Stop() error {
	var errs []error
	if s.cmd.Process != nil {
		s.cmd.Process.Signal(syscall.SIGINT) // fast shutdown: ends the sessions, checkpoints
		select {
		case <-s.exited:
		case <-time.After(20 * time.Second):
			errs = append(errs, errors.New("postgres did not stop in 20s: killed"))
			syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
			<-s.exited
		}
	}
	if err := os.RemoveAll(s.dir); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
