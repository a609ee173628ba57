package admin

import (
	"bytes"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// BenchmarkCommandSession: the server's part of a command's round trip,
// a new session on an open connection running `users show`, so the
// client's own start-up and key exchange are left out.
func BenchmarkCommandSession(b *testing.B) {
	f := newFixture(b)
	f.jane()
	c := f.client()
	for b.Loop() {
		s, err := c.NewSession()
		if err != nil {
			b.Fatal(err)
		}
		out, err := s.CombinedOutput("users show 382JSMITH01")
		if err != nil || !bytes.Contains(out, []byte("Jane Smith")) {
			b.Fatalf("%v %q", err, out)
		}
		s.Close()
	}
}

// BenchmarkConsoleConnect: a new connection (key exchange and public-key
// authentication) to the console's first frame, with an in-process client.
func BenchmarkConsoleConnect(b *testing.B) {
	f := newFixture(b)
	for b.Loop() {
		c, err := f.dial(gossh.PublicKeys(f.alice))
		if err != nil {
			b.Fatal(err)
		}
		s, err := c.NewSession()
		if err != nil {
			b.Fatal(err)
		}
		if err := s.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
			b.Fatal(err)
		}
		out, err := s.StdoutPipe()
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Shell(); err != nil {
			b.Fatal(err)
		}
		var seen bytes.Buffer
		buf := make([]byte, 16<<10)
		for !bytes.Contains(seen.Bytes(), []byte("Latest audit events")) {
			n, err := out.Read(buf)
			if err != nil {
				b.Fatal(err)
			}
			seen.Write(buf[:n])
		}
		c.Close()
	}
}
