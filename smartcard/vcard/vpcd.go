package vcard

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"syscall"
)

// DefaultAddr is where vpcd waits for the card of its first reader; the
// second reader's card connects to the next port.
const DefaultAddr = "127.0.0.1:35963"

// vpcd control codes, sent as 1-byte frames.
const (
	ctrlOff   = 0
	ctrlOn    = 1
	ctrlReset = 2
	ctrlATR   = 4
)

// Link is a card inserted into a vpcd reader: a live connection.
type Link struct {
	conn net.Conn
	done chan struct{}
	err  error
	once sync.Once
}

// Hooks let tests and benchmarks watch the link; nil fields are skipped.
type Hooks struct {
	// Control is called with each control code as it arrives, before the
	// card answers: the first ATR request is when pcscd's poll saw the card.
	Control func(code byte)
	// Pull is called with each command APDU before the card answers it;
	// true pulls the card instead, as a hand does mid-sign-in.
	Pull func(apdu []byte) bool
}

// Insert connects the card to the vpcd reader at addr and serves it until
// Remove, the reader going away, or ctx ending.
func Insert(ctx context.Context, addr string, c *Card, h Hooks) (*Link, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("vcard: insert into %s: %w", addr, err)
	}
	c.Reset()
	l := &Link{conn: conn, done: make(chan struct{})}
	go func() {
		select {
		case <-ctx.Done():
			conn.Close()
		case <-l.done:
		}
	}()
	go func() {
		defer close(l.done)
		l.err = serve(conn, c, h)
		l.once.Do(func() { conn.Close() }) // a pulled card leaves the reader
	}()
	return l, nil
}

// Remove pulls the card: the connection closes and pcscd reports the card
// gone at its next poll. It waits for the serving goroutine.
func (l *Link) Remove() error {
	l.once.Do(func() { l.conn.Close() })
	<-l.done
	return nil
}

// Done is closed when the link has ended, by Remove or by the reader.
func (l *Link) Done() <-chan struct{} { return l.done }

// Err is why the link ended, once Done is closed; nil after Remove.
func (l *Link) Err() error {
	<-l.done
	if errors.Is(l.err, net.ErrClosed) || errors.Is(l.err, io.EOF) {
		return nil
	}
	return l.err
}

// serve answers frames until the connection ends.
func serve(conn net.Conn, c *Card, h Hooks) error {
	var hdr [2]byte
	buf := make([]byte, 0, 512)
	for {
		quickACK(conn)
		if _, err := io.ReadFull(conn, hdr[:]); err != nil {
			return err
		}
		n := int(binary.BigEndian.Uint16(hdr[:]))
		if cap(buf) < n {
			buf = make([]byte, 0, n)
		}
		frame := buf[:n]
		quickACK(conn)
		if _, err := io.ReadFull(conn, frame); err != nil {
			return err
		}
		var reply []byte
		if n == 1 {
			if h.Control != nil {
				h.Control(frame[0])
			}
			switch frame[0] {
			case ctrlOff, ctrlOn, ctrlReset:
				c.Reset() // vpcd expects no answer
				continue
			case ctrlATR:
				reply = c.ATR()
			default:
				continue
			}
		} else {
			if h.Pull != nil && h.Pull(frame) {
				return net.ErrClosed // Err reads it as a removal
			}
			reply = c.Process(append([]byte(nil), frame...))
		}
		if err := write(conn, reply); err != nil {
			return err
		}
	}
}

// write sends one frame in one write, so it leaves in one segment.
func write(conn net.Conn, b []byte) error {
	out := make([]byte, 2+len(b))
	binary.BigEndian.PutUint16(out, uint16(len(b)))
	copy(out[2:], b)
	_, err := conn.Write(out)
	return err
}

// quickACK turns delayed ACKs off for the next read. Linux turns them back
// on by itself, so it is set before every read; without it each APDU
// waits ~40 ms for the ACK of vpcd's two small writes (length, then body).
func quickACK(conn net.Conn) {
	tc, ok := conn.(*net.TCPConn)
	if !ok {
		return
	}
	raw, err := tc.SyscallConn()
	if err != nil {
		return
	}
	raw.Control(func(fd uintptr) {
		syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_QUICKACK, 1)
	})
}
