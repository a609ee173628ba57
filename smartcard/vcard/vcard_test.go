package vcard_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"io"
	"net"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/smartcard/apdu"
	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/smartcard/piv"
	"github.com/wardkiosk/kiosk/smartcard/vcard"
)

func newCard(t testing.TB, o vcard.Options) *vcard.Card {
	t.Helper()
	ca, err := issue.NewCA(rand.Reader, "Test CA", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cert, key, err := ca.Card(issue.Template{CommonName: "Jane"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := vcard.New(cert, key, "123456", o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func cmd(t testing.TB, c apdu.Command) []byte {
	b, err := c.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func status(b []byte) uint16 { return uint16(b[len(b)-2])<<8 | uint16(b[len(b)-1]) }

func TestProcess(t *testing.T) {
	c := newCard(t, vcard.Options{})
	sel := cmd(t, apdu.Command{INS: piv.InsSelect, P1: 4, Data: piv.AID[:5], Ne: 256})
	getData := cmd(t, apdu.Command{INS: piv.InsGetData, P1: 0x3F, P2: 0xFF, Data: []byte{0x5C, 3, 0x5F, 0xC1, 0x05}, Ne: 256})
	verify := func(pin string) []byte {
		b, _ := piv.PadPIN(pin)
		return cmd(t, apdu.Command{INS: piv.InsVerify, P2: 0x80, Data: b})
	}
	for _, step := range []struct {
		name string
		in   []byte
		want uint16
	}{
		{"before select", getData, apdu.SWInsNotSupported},
		{"bad CLA", []byte{0x80, 0xA4, 4, 0}, apdu.SWClaNotSupported},
		{"garbage", []byte{0, 1}, apdu.SWWrongLength},
		{"other AID", cmd(t, apdu.Command{INS: piv.InsSelect, P1: 4, Data: []byte{0xA0, 0, 0, 0, 0x62}}), apdu.SWFileNotFound},
		{"select by RID", sel, apdu.SWOK},
		{"other object", cmd(t, apdu.Command{INS: piv.InsGetData, P1: 0x3F, P2: 0xFF, Data: []byte{0x5C, 1, 0x7E}}), apdu.SWFileNotFound},
		{"unknown INS", []byte{0, 0x44, 0, 0}, apdu.SWInsNotSupported},
		{"PIN status", cmd(t, apdu.Command{INS: piv.InsVerify, P2: 0x80}), apdu.SWWarnCounter | 3},
		{"wrong PIN", verify("000000"), apdu.SWWarnCounter | 2},
		{"short PIN block", cmd(t, apdu.Command{INS: piv.InsVerify, P2: 0x80, Data: []byte{1}}), apdu.SWWrongLength},
		{"other key ref", cmd(t, apdu.Command{INS: piv.InsVerify, P2: 0x81, Data: make([]byte, 8)}), apdu.SWRefDataNotFound},
		{"sign unverified", cmd(t, apdu.Command{INS: piv.InsGeneralAuth, P1: 0x11, P2: 0x9A, Data: []byte{0x7C, 0x24, 0x82, 0, 0x81, 0x20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}}), apdu.SWSecurityStatus},
		{"right PIN", verify("123456"), apdu.SWOK},
		{"PIN status verified", cmd(t, apdu.Command{INS: piv.InsVerify, P2: 0x80}), apdu.SWOK},
		{"bad template", cmd(t, apdu.Command{INS: piv.InsGeneralAuth, P1: 0x11, P2: 0x9A, Data: []byte{0x7C, 0x02, 0x82, 0x00}}), apdu.SWIncorrectData},
		{"wrong alg", cmd(t, apdu.Command{INS: piv.InsGeneralAuth, P1: 0x07, P2: 0x9A, Data: []byte{0x7C, 0x02, 0x82, 0x00}}), apdu.SWIncorrectP1P2},
		{"get response with nothing", []byte{0, 0xC0, 0, 0, 0}, apdu.SWConditionsOfUse},
		{"reset verification", cmd(t, apdu.Command{INS: piv.InsVerify, P1: 0xFF, P2: 0x80}), apdu.SWOK},
	} {
		if got := status(c.Process(step.in)); got != step.want {
			t.Fatalf("%s: %04X, want %04X", step.name, got, step.want)
		}
	}
	// The certificate comes in two parts: 256 bytes and 61xx, then the rest.
	r := c.Process(getData)
	if status(r)>>8 != 0x61 || len(r) != 258 {
		t.Fatalf("first part: %d bytes, %04X", len(r), status(r))
	}
	rest := c.Process([]byte{0, 0xC0, 0, 0, r[len(r)-1]})
	if status(rest) != apdu.SWOK {
		t.Fatalf("rest: %04X", status(rest))
	}
	// A chain broken by another command is refused.
	c.Process(cmd(t, apdu.Command{CLA: 0x10, INS: piv.InsGeneralAuth, P1: 0x11, P2: 0x9A, Data: []byte{0x7C}}))
	if got := status(c.Process(cmd(t, apdu.Command{INS: piv.InsGeneralAuth, P1: 0x07, P2: 0x9A, Data: []byte{1}}))); got != apdu.SWLastCmdExpected {
		t.Fatalf("broken chain: %04X", got)
	}
	// Blocking: two more wrong PINs after the earlier reset to 3.
	for range 3 {
		c.Process(verify("000000"))
	}
	if got := status(c.Process(verify("123456"))); got != apdu.SWAuthBlocked || c.TriesLeft() != 0 {
		t.Fatalf("blocked: %04X, %d left", got, c.TriesLeft())
	}
}

func TestNewRefusesMismatch(t *testing.T) {
	ca, _ := issue.NewCA(rand.Reader, "CA", time.Now())
	cert, _, _ := ca.Card(issue.Template{CommonName: "a"})
	_, otherKey, _ := ca.Card(issue.Template{CommonName: "b"})
	if _, err := vcard.New(cert, otherKey, "123456", vcard.Options{}); err == nil {
		t.Fatal("a key of another certificate accepted")
	}
	_, key, _ := ca.Card(issue.Template{CommonName: "c"})
	if _, err := vcard.New(cert, key, "12", vcard.Options{}); err == nil {
		t.Fatal("a short PIN accepted")
	}
}

// TestVPCDProtocol plays vpcd: it accepts the card, asks for the ATR,
// powers it on and sends an APDU, in vpcd's framing.
func TestVPCDProtocol(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	c := newCard(t, vcard.Options{})
	var controls []byte
	got := make(chan byte, 8)
	l, err := vcard.Insert(context.Background(), ln.Addr().String(), c, vcard.Hooks{Control: func(b byte) { got <- b }})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	send := func(b []byte) {
		out := binary.BigEndian.AppendUint16(nil, uint16(len(b)))
		conn.Write(append(out, b...))
	}
	recv := func() []byte {
		var hdr [2]byte
		if _, err := io.ReadFull(conn, hdr[:]); err != nil {
			t.Fatal(err)
		}
		b := make([]byte, binary.BigEndian.Uint16(hdr[:]))
		if _, err := io.ReadFull(conn, b); err != nil {
			t.Fatal(err)
		}
		return b
	}
	send([]byte{4})
	if atr := recv(); !bytes.Equal(atr, c.ATR()) || atr[0] != 0x3B {
		t.Fatalf("ATR % X", atr)
	}
	send([]byte{1}) // power on: no answer
	send(cmd(t, apdu.Command{INS: piv.InsSelect, P1: 4, Data: piv.AID, Ne: 256}))
	if r := recv(); status(r) != apdu.SWOK {
		t.Fatalf("select: % X", r)
	}
	for range 2 {
		controls = append(controls, <-got)
	}
	if !bytes.Equal(controls, []byte{4, 1}) {
		t.Fatalf("controls % X", controls)
	}
	l.Remove()
	if _, err := conn.Read(make([]byte, 1)); err == nil {
		t.Fatal("connection still open after Remove")
	}
	if l.Err() != nil {
		t.Fatal(l.Err())
	}
}

// FuzzProcess: whatever a reader sends, the card answers with at least a
// status word and never panics.
func FuzzProcess(f *testing.F) {
	c := newCard(f, vcard.Options{})
	f.Add([]byte{0, 0xA4, 4, 0, 5, 0xA0, 0, 0, 3, 8, 0})
	f.Add([]byte{0x10, 0x87, 0x11, 0x9A, 2, 0x7C, 0x22})
	f.Add([]byte{0, 0xCB, 0x3F, 0xFF, 5, 0x5C, 3, 0x5F, 0xC1, 5, 0})
	f.Add([]byte{0, 0xC0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		if r := c.Process(b); len(r) < 2 {
			t.Fatalf("answer % X", r)
		}
	})
}
