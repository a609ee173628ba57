package e2e

import (
	"fmt"
	"io"
	"net"
	"sync"
	"testing"
	"time"
)

// Silent TCP connections from three addresses, each within the rate of
// new connections, keep no maintainer out: the real OpenSSH client gets
// in meanwhile, and SIGTERM still ends the server within 5 s. They once
// held every place for the whole 20 s handshake.
func TestSSHUnderFlood(t *testing.T) {
	needSSH(t)
	data, _ := demo(t)
	keys := t.TempDir()
	alice := sshKey(t, keys, "alice")
	authorise(t, data, alice)
	srv := startServe(t, data)
	addr := fmt.Sprintf("127.0.0.1:%d", srv.port)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	for _, from := range []string{"127.0.0.2", "127.0.0.3", "127.0.0.4"} {
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: time.Second}
		for range 20 {
			wg.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
					}
					c, err := d.Dial("tcp", addr)
					if err != nil {
						time.Sleep(20 * time.Millisecond)
						continue
					}
					closed := make(chan struct{})
					go func() {
						_, _ = io.Copy(io.Discard, c)
						close(closed)
					}()
					select {
					case <-stop:
					case <-closed:
					}
					c.Close()
				}
			})
		}
	}
	defer func() {
		close(stop)
		wg.Wait()
	}()
	time.Sleep(time.Second) // the flood spends its budget and holds what it can
	for i := range 3 {
		if out, errOut, code := srv.ssh(alice, "", "version"); code != 0 {
			t.Fatalf("maintainer's connection %d during the flood: exit %d, %q %q", i+1, code, out, errOut)
		}
	}
	start := time.Now()
	srv.stop()
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("SIGTERM took %v to end kiosk serve", d)
	}
}
