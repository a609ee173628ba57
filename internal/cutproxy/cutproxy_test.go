package cutproxy

import (
	"bufio"
	"errors"
	"io"
	"net"
	"os"
	"testing"
	"time"
)

// echo serves lines back until the test ends.
func echo(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { defer c.Close(); io.Copy(c, c) }()
		}
	}()
	return ln.Addr().String()
}

func start(t *testing.T) *Proxy {
	t.Helper()
	p, err := Start(echo(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// roundTrip sends a line and reads it back within wait.
func roundTrip(c net.Conn, r *bufio.Reader, wait time.Duration) (string, error) {
	c.SetDeadline(time.Now().Add(wait))
	if _, err := c.Write([]byte("ping\n")); err != nil {
		return "", err
	}
	return r.ReadString('\n')
}

func dial(t *testing.T, p *Proxy) (net.Conn, *bufio.Reader) {
	t.Helper()
	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, bufio.NewReader(c)
}

func TestPass(t *testing.T) {
	p := start(t)
	c, r := dial(t, p)
	if got, err := roundTrip(c, r, 2*time.Second); err != nil || got != "ping\n" {
		t.Fatalf("pass: %q, %v", got, err)
	}
}

// Refuse resets an open connection at once, and every new one.
func TestRefuse(t *testing.T) {
	p := start(t)
	c, r := dial(t, p)
	if _, err := roundTrip(c, r, 2*time.Second); err != nil {
		t.Fatal(err)
	}
	p.Set(Refuse)
	_, err := roundTrip(c, r, 2*time.Second)
	if err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("an open connection after refuse: %v, want it ended at once", err)
	}
	// The kernel accepts and the proxy resets: the dial itself may see it.
	start := time.Now()
	c2, err := net.DialTimeout("tcp", p.Addr(), 2*time.Second)
	if err == nil {
		defer c2.Close()
		_, err = roundTrip(c2, bufio.NewReader(c2), 2*time.Second)
	}
	if err == nil || errors.Is(err, os.ErrDeadlineExceeded) || time.Since(start) > time.Second {
		t.Fatalf("a new connection while refusing: %v after %v, want it ended at once", err, time.Since(start))
	}
	p.Set(Pass)
	c3, r3 := dial(t, p)
	if got, err := roundTrip(c3, r3, 2*time.Second); err != nil || got != "ping\n" {
		t.Fatalf("pass again: %q, %v", got, err)
	}
}

// BlackHole keeps connections, old and new, but nothing comes back until
// it passes again; then what was held arrives.
func TestBlackHole(t *testing.T) {
	p := start(t)
	c, r := dial(t, p)
	if _, err := roundTrip(c, r, 2*time.Second); err != nil {
		t.Fatal(err)
	}
	p.Set(BlackHole)
	if _, err := roundTrip(c, r, 300*time.Millisecond); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("an open connection black-holed: %v, want the caller's own deadline", err)
	}
	c2, r2 := dial(t, p)
	if _, err := roundTrip(c2, r2, 300*time.Millisecond); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("a new connection black-holed: %v, want the caller's own deadline", err)
	}
	p.Set(Pass)
	c2.SetDeadline(time.Now().Add(2 * time.Second))
	if got, err := r2.ReadString('\n'); err != nil || got != "ping\n" {
		t.Fatalf("the held line after pass: %q, %v", got, err)
	}
	c.SetDeadline(time.Now().Add(2 * time.Second))
	if got, err := r.ReadString('\n'); err != nil || got != "ping\n" {
		t.Fatalf("the held line on the old connection: %q, %v", got, err)
	}
	// Black-hole, then refuse: the held connection is reset.
	p.Set(BlackHole)
	c.Write([]byte("x\n"))
	time.Sleep(50 * time.Millisecond)
	p.Set(Refuse)
	c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := r.ReadString('\n'); err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("held connection after refuse: %v", err)
	}
}

func TestCloseEndsEverything(t *testing.T) {
	p := start(t)
	c, r := dial(t, p)
	p.Set(BlackHole)
	c.Write([]byte("x\n"))
	done := make(chan struct{})
	go func() { p.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("Close hangs on a black-holed connection")
	}
	c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := r.ReadString('\n'); err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("after Close: %v", err)
	}
}
