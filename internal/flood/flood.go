// Package flood is a test tool: silent TCP connections that hold a
// server's places for as long as it lets them, as an attacker without a
// key would, to prove the maintainers' SSH server still lets maintainers in.
package flood

import (
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Flood is a running flood.
type Flood struct {
	stop   chan struct{}
	wg     sync.WaitGroup
	closed atomic.Int64
}

// Start opens per connections to addr from each loopback address in from,
// never saying a word, and opens a new one as soon as the server closes
// one, until Stop.
func Start(addr string, from []string, per int) *Flood {
	f := &Flood{stop: make(chan struct{})}
	for _, ip := range from {
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: time.Second}
		for range per {
			f.wg.Go(func() { f.hold(d, addr) })
		}
	}
	return f
}

// hold keeps one connection open at a time until Stop.
func (f *Flood) hold(d net.Dialer, addr string) {
	for {
		select {
		case <-f.stop:
			return
		default:
		}
		c, err := d.Dial("tcp", addr)
		if err != nil {
			select {
			case <-f.stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			continue
		}
		gone := make(chan struct{})
		go func() {
			_, _ = io.Copy(io.Discard, c) // until the server closes it
			close(gone)
		}()
		select {
		case <-f.stop:
			c.Close()
			return
		case <-gone:
			f.closed.Add(1)
			c.Close()
		}
	}
}

// Closed counts the connections the server has closed so far: once it is
// above zero the server has spent what it gives strangers and is turning
// them away.
func (f *Flood) Closed() int64 { return f.closed.Load() }

// Stop closes every connection and waits for the flood to end.
func (f *Flood) Stop() {
	close(f.stop)
	f.wg.Wait()
}
