package mail_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/mail"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	kmail "github.com/wardkiosk/kiosk/mail"
)

// stallRelay is an SMTP server that keeps every message it is given and,
// while stall is set, never answers the end of DATA: the message is taken
// but the sender cannot know, as when it is killed at that moment.
type stallRelay struct {
	ln    net.Listener
	stall atomic.Bool
	taken chan struct{} // one signal per message taken

	mu  sync.Mutex
	got []string // each message's text as received
}

func startStallRelay(t *testing.T) *stallRelay {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &stallRelay{ln: ln, taken: make(chan struct{}, 100)}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go r.serve(c)
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return r
}

func (r *stallRelay) port() int { return r.ln.Addr().(*net.TCPAddr).Port }

func (r *stallRelay) serve(c net.Conn) {
	defer c.Close()
	br := bufio.NewReader(c)
	say := func(s string) { fmt.Fprintf(c, "%s\r\n", s) }
	say("220 relay.test ESMTP")
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"):
			say("250-relay.test")
			say("250 8BITMIME")
		case cmd == "DATA":
			say("354 go ahead")
			var b strings.Builder
			for {
				l, err := br.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			r.mu.Lock()
			r.got = append(r.got, b.String())
			r.mu.Unlock()
			r.taken <- struct{}{}
			if r.stall.Load() {
				io.Copy(io.Discard, c) // until the sender is gone
				return
			}
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

// messageIDs lists the Message-ID of each message received, in order.
func (r *stallRelay) messageIDs(t *testing.T) []string {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, raw := range r.got {
		m, err := mail.ReadMessage(strings.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m.Header.Get("Message-Id"))
	}
	return out
}

// The flush environment of TestFlushChild: the data directory and the
// relay's port.
const (
	flushDir  = "KIOSK_TEST_FLUSH_DIR"
	flushPort = "KIOSK_TEST_FLUSH_PORT"
)

// Killing `outbox flush` mid-send: the relay has the first message, the
// outbox does not know. The next flush on the machine sends it again at
// once under the same Message-ID, so the reader's mail client shows it
// once, and the rest with it, not after the dead worker's lease (about
// seven minutes at the default relay timeout).
func TestFlushKilledMidSendIsTakenOverAtOnce(t *testing.T) {
	k := openKiosk(t, "")
	k.queue(3)
	relay := startStallRelay(t)
	relay.stall.Store(true)

	child := exec.Command(os.Args[0], "-test.run=^TestFlushChild$", "-test.count=1")
	child.Env = append(os.Environ(), flushDir+"="+k.dir, flushPort+"="+strconv.Itoa(relay.port()))
	child.Stdout, child.Stderr = os.Stderr, os.Stderr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer child.Process.Kill()
	select {
	case <-relay.taken:
	case <-time.After(30 * time.Second):
		t.Fatal("the child flush sent nothing")
	}
	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	child.Wait()
	relay.stall.Store(false)

	w := k.newWorker(kmail.Relay{Host: "127.0.0.1", Port: relay.port(), TLS: kmail.TLSNone})
	start := time.Now()
	res, err := w.Flush(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 {
		t.Fatalf("the next flush sent %d of 3 messages (%v after)", len(res), time.Since(start))
	}
	ids := relay.messageIDs(t)
	if len(ids) != 4 || ids[0] == "" || ids[0] != ids[1] || ids[1] == ids[2] || ids[2] == ids[3] {
		t.Fatalf("Message-IDs as received: %q", ids)
	}
}

// TestFlushChild is `outbox flush` in a process of its own, for
// TestFlushKilledMidSendIsTakenOverAtOnce to kill.
func TestFlushChild(t *testing.T) {
	dir := os.Getenv(flushDir)
	if dir == "" {
		return // only a child process that TestFlushKilledMidSendIsTakenOverAtOnce starts does the work
	}
	port, _ := strconv.Atoi(os.Getenv(flushPort))
	k := openKiosk(t, dir)
	w := k.newWorker(kmail.Relay{Host: "127.0.0.1", Port: port, TLS: kmail.TLSNone, Timeout: 30 * time.Second})
	w.Flush(context.Background(), false)
	t.Fatal("not killed")
}
