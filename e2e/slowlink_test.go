package e2e

import (
	"io"
	"net"
	"sync"
	"testing"
	"time"
)

// slowLink is a TCP proxy in the test process that holds every read from
// the kiosk for a while before passing it to the service, as a slow ward
// link does; answers come back at once. It gives an upload of several
// requests a middle wide enough for a test to act in, without a knob in
// the kiosk.
type slowLink struct {
	ln     net.Listener
	target string
	delay  time.Duration

	mu    sync.Mutex
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

// startSlowLink listens on a free port of 127.0.0.1 and forwards to
// target until the test ends.
func startSlowLink(t *testing.T, target string, delay time.Duration) *slowLink {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := &slowLink{ln: ln, target: target, delay: delay, conns: map[net.Conn]struct{}{}}
	l.wg.Go(l.serve)
	t.Cleanup(l.close)
	return l
}

// Addr is the link's own address.
func (l *slowLink) Addr() string { return l.ln.Addr().String() }

func (l *slowLink) close() {
	l.ln.Close()
	l.mu.Lock()
	for c := range l.conns {
		c.Close()
	}
	l.mu.Unlock()
	l.wg.Wait()
}

func (l *slowLink) track(cs ...net.Conn) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range cs {
		l.conns[c] = struct{}{}
	}
}

func (l *slowLink) serve() {
	for {
		c, err := l.ln.Accept()
		if err != nil {
			return
		}
		up, err := net.Dial("tcp", l.target)
		if err != nil {
			c.Close()
			continue
		}
		l.track(c, up)
		l.wg.Go(func() {
			defer c.Close()
			defer up.Close()
			buf := make([]byte, 32<<10)
			for {
				n, err := c.Read(buf)
				if n > 0 {
					time.Sleep(l.delay) // the slow part of the link: this is what it simulates
					if _, werr := up.Write(buf[:n]); werr != nil {
						return
					}
				}
				if err != nil {
					return
				}
			}
		})
		l.wg.Go(func() {
			io.Copy(c, up)
			c.Close()
		})
	}
}
