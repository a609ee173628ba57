package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/internal/flood"
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

	fl := flood.Start(addr, []string{"127.0.0.2", "127.0.0.3", "127.0.0.4"}, 20)
	defer fl.Stop()
	// Wait until the flood has spent what the server gives strangers.
	deadline := time.Now().Add(10 * time.Second)
	for fl.Closed() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the server closed none of the flood's connections")
		}
		time.Sleep(10 * time.Millisecond)
	}
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
