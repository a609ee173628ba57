package e2e

import (
	"bytes"
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

	"github.com/wardkiosk/kiosk/internal/syncbuf"
)

// sshServer is `kiosk serve` running on loopback for a test.
type sshServer struct {
	t    testing.TB
	data string
	port int
	cmd  *exec.Cmd
	log  *syncbuf.Buffer
	done chan error
}

// needSSH checks for the OpenSSH client and ssh-keygen.
func needSSH(t testing.TB) {
	t.Helper()
	need(t, "ssh")
	need(t, "ssh-keygen")
}

// sshKey makes an ed25519 key pair named for its maintainer and returns
// the private key's path.
func sshKey(t testing.TB, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path).CombinedOutput()
	if err != nil {
		t.Fatalf("ssh-keygen: %v: %s", err, out)
	}
	return path
}

// sshFingerprint is a key's SHA256 fingerprint as ssh-keygen prints it.
func sshFingerprint(t testing.TB, key string) string {
	t.Helper()
	out, err := exec.Command("ssh-keygen", "-l", "-E", "sha256", "-f", key+".pub").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(out))[1]
}

// authorise writes the maintainers' keys to <data>/authorized_keys.
func authorise(t testing.TB, data string, keys ...string) {
	t.Helper()
	var lines []string
	for _, k := range keys {
		b, err := os.ReadFile(k + ".pub")
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.TrimSpace(string(b)))
	}
	if err := os.WriteFile(filepath.Join(data, "authorized_keys"), []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}

// freePort finds a loopback port nobody listens on right now.
func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// startServe runs `kiosk serve` on a free loopback port and waits until
// it listens. It is stopped with SIGTERM at the end of the test, and must
// then exit 0.
func startServe(t testing.TB, data string, env ...string) *sshServer {
	t.Helper()
	for try := 0; ; try++ {
		s := &sshServer{t: t, data: data, port: freePort(t), log: &syncbuf.Buffer{}, done: make(chan error, 1)}
		s.cmd = exec.Command(kioskBin, "--data", data, "serve")
		// As on a terminal, even when the tests run under systemd: text
		// logs, no notifications; a test's env may say otherwise.
		s.cmd.Env = append(os.Environ(), append([]string{fmt.Sprintf("KIOSK_SSH_LISTEN=127.0.0.1:%d", s.port),
			"KIOSK_TERMINAL=E2E-SERVE", "INVOCATION_ID=", "JOURNAL_STREAM=", "NOTIFY_SOCKET="}, env...)...)
		s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
		if err := s.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() { s.done <- s.cmd.Wait() }()
		if s.waitListening() {
			t.Cleanup(func() { s.stop() })
			return s
		}
		if try == 3 || !strings.Contains(s.log.String(), "address already in use") {
			t.Fatalf("kiosk serve did not start:\n%s", s.log.String())
		}
	}
}

// waitListening waits for the server's "listening" line, or its exit.
func (s *sshServer) waitListening() bool {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(s.log.String(), "kiosk serve listening") {
			return true
		}
		select {
		case err := <-s.done:
			s.done <- err
			return false
		case <-time.After(20 * time.Millisecond):
		}
	}
	return false
}

// stop sends SIGTERM and waits for a clean exit.
func (s *sshServer) stop() {
	if s.cmd.ProcessState != nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		if err != nil {
			s.t.Errorf("kiosk serve after SIGTERM: %v\n%s", err, s.log.String())
		}
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
		s.t.Errorf("kiosk serve ignored SIGTERM:\n%s", s.log.String())
	}
}

// sshArgs are the client options of every test connection: no config
// files, no agent, no host key prompts, nothing interactive.
func (s *sshServer) sshArgs(key string, extra ...string) []string {
	args := []string{"-F", "/dev/null", "-p", fmt.Sprint(s.port),
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
		"-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10"}
	if key != "" {
		args = append(args, "-i", key)
	}
	return append(args, extra...)
}

// ssh runs a command over SSH and returns its stdout, stderr and exit status.
func (s *sshServer) ssh(key, stdin string, command ...string) (string, string, int) {
	s.t.Helper()
	args := append(s.sshArgs(key), append([]string{"maintainer@127.0.0.1"}, command...)...)
	cmd := exec.Command("ssh", args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return out.String(), errb.String(), 0
	case errors.As(err, &ee):
		return out.String(), errb.String(), ee.ExitCode()
	}
	s.t.Fatalf("ssh: %v", err)
	return "", "", -1
}

// startSSHConsole opens the console with `ssh -tt` in a tmux window.
func startSSHConsole(t *testing.T, s *sshServer, key string, w, h int, env ...string) *term {
	t.Helper()
	need(t, "tmux")
	tm := &term{t: t, socket: fmt.Sprintf("kiosk-e2e-ssh-%d-%d", os.Getpid(), sessions.Add(1))}
	args := append([]string{"env", "TERM=xterm-256color", "LANG=C.UTF-8"}, env...)
	args = append(args, "ssh", "-tt")
	args = append(args, s.sshArgs(key, "-o", "SendEnv=LANG")...)
	args = append(args, "maintainer@127.0.0.1")
	// The pause keeps the pane, and what ssh printed last, after ssh exits:
	// tmux 3.3 may drop a dead pane's final output.
	cmd := strings.Join(args, " ") + "; sleep 30"
	tm.tmux("new-session", "-d", "-s", "kiosk", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), cmd)
	tm.tmux("set-option", "-t", "kiosk", "remain-on-exit", "on")
	t.Cleanup(func() { exec.Command("tmux", "-L", tm.socket, "kill-server").Run() })
	return tm
}
