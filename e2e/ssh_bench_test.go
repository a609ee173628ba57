package e2e

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	gossh "golang.org/x/crypto/ssh"
)

// benchServe is kiosk serve on the demo data with limits that let a
// benchmark connect as often as it likes, and alice's key authorised.
func benchServe(b *testing.B) (*sshServer, string) {
	b.Helper()
	needSSH(b)
	data, _ := demo(b)
	alice := sshKey(b, b.TempDir(), "alice")
	authorise(b, data, alice)
	srv := startServe(b, data, "KIOSK_SSH_CONNECTIONS_PER_MINUTE=10000", "KIOSK_SSH_MAX_SESSIONS=200")
	return srv, alice
}

// BenchmarkSSHConsoleFirstFrame: `ssh -tt` to the Dashboard drawn, with
// the real client in an 80x24 pseudo-terminal: process start, key
// exchange, public-key authentication and the console's first frame.
func BenchmarkSSHConsoleFirstFrame(b *testing.B) {
	srv, alice := benchServe(b)
	args := append([]string{"-tt"}, srv.sshArgs(alice, "maintainer@127.0.0.1")...)
	for b.Loop() {
		cmd := exec.Command("ssh", args...)
		cmd.Env = append(os.Environ(), "TERM=xterm-256color", "LANG=C.UTF-8")
		f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
		if err != nil {
			b.Fatal(err)
		}
		waitForOutput(b, f, "Latest audit events")
		b.StopTimer()
		cmd.Process.Kill()
		cmd.Wait()
		f.Close()
		b.StartTimer()
	}
}

// BenchmarkSSHCommand: a maintainer's command round trip with the real
// client, `ssh kiosk users show 382JSMITH01`, from process start to exit.
func BenchmarkSSHCommand(b *testing.B) {
	srv, alice := benchServe(b)
	args := srv.sshArgs(alice, "maintainer@127.0.0.1", "users", "show", "382JSMITH01")
	for b.Loop() {
		out, err := exec.Command("ssh", args...).Output()
		if err != nil || !bytes.Contains(out, []byte("Jane Smith")) {
			b.Fatalf("ssh: %v %q", err, out)
		}
	}
}

// BenchmarkSSHConsoles50 opens 50 console sessions at once (80x24, each
// drawn to its first frame) and reports the server's resident memory
// with all of them open, and what each session adds to a server with one
// console open. Between rounds the sessions close and the server is given
// time to let go of them, so every round measures 50, not 50 more.
func BenchmarkSSHConsoles50(b *testing.B) {
	const n = 50
	srv, alice := benchServe(b)
	raw, err := os.ReadFile(alice)
	if err != nil {
		b.Fatal(err)
	}
	signer, err := gossh.ParsePrivateKey(raw)
	if err != nil {
		b.Fatal(err)
	}
	opened := 0
	settle := func() {
		deadline := time.Now().Add(10 * time.Second)
		for strings.Count(srv.log.String(), "ssh console closed") < opened && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		time.Sleep(1200 * time.Millisecond) // a closed console's last tick
	}
	openConsoles(b, srv, signer, 1)()
	opened++
	settle()
	base := residentMiB(b, srv.cmd.Process.Pid)
	var total float64
	for b.Loop() {
		closeAll := openConsoles(b, srv, signer, n)
		b.StopTimer()
		total = max(total, residentMiB(b, srv.cmd.Process.Pid))
		closeAll()
		opened += n
		settle()
		b.StartTimer()
	}
	b.ReportMetric(total, "rss50-MiB")
	b.ReportMetric((total-base)/n, "session-MiB")
}

// openConsoles opens n consoles in parallel and waits for each one's
// first frame; the returned function closes them.
func openConsoles(b *testing.B, srv *sshServer, signer gossh.Signer, n int) func() {
	b.Helper()
	cfg := &gossh.ClientConfig{User: "maintainer", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second}
	addr := fmt.Sprintf("127.0.0.1:%d", srv.port)
	clients := make([]*gossh.Client, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	// At most 4 handshakes at once: connections not yet authenticated
	// have 8 places, and a ninth from one address displaces the oldest.
	handshakes := make(chan struct{}, 4)
	for i := range n {
		wg.Go(func() {
			handshakes <- struct{}{}
			c, err := gossh.Dial("tcp", addr, cfg)
			<-handshakes
			if err != nil {
				errs <- err
				return
			}
			clients[i] = c
			s, err := c.NewSession()
			if err != nil {
				errs <- err
				return
			}
			s.Setenv("LANG", "C.UTF-8")
			if err := s.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
				errs <- err
				return
			}
			out, err := s.StdoutPipe()
			if err != nil {
				errs <- err
				return
			}
			if err := s.Shell(); err != nil {
				errs <- err
				return
			}
			var seen bytes.Buffer
			buf := make([]byte, 16<<10)
			for !bytes.Contains(seen.Bytes(), []byte("Latest audit events")) {
				k, err := out.Read(buf)
				if err != nil {
					errs <- err
					return
				}
				seen.Write(buf[:k])
			}
			// Keep reading so the server is never blocked writing.
			go func() { _, _ = io.Copy(io.Discard, out) }()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	return func() {
		for _, c := range clients {
			if c != nil {
				c.Close()
			}
		}
	}
}
