package apdu

import (
	"bytes"
	"errors"
	"testing"
)

func TestCommandRoundTrip(t *testing.T) {
	long := bytes.Repeat([]byte{0xAB}, 300)
	for _, c := range []Command{
		{CLA: 0, INS: 0xA4, P1: 4},                        // case 1
		{INS: 0xC0, Ne: 256},                              // case 2S, Le 00
		{INS: 0xC0, Ne: 17},                               // case 2S
		{INS: 0x20, P2: 0x80, Data: []byte{1, 2, 3}},      // case 3S
		{INS: 0xCB, Data: []byte{0x5C, 1, 0x7E}, Ne: 256}, // case 4S
		{INS: 0xC0, Ne: 1000},                             // case 2E
		{INS: 0x87, Data: long},                           // case 3E
		{INS: 0x87, Data: long, Ne: 65536},                // case 4E
		{INS: 0x87, Data: []byte{1}, Ne: 257},             // short data, extended Ne
		{CLA: 0x10, INS: 0x87, P1: 0x11, P2: 0x9A, Data: long[:255]},
	} {
		b, err := c.Bytes()
		if err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
		got, err := ParseCommand(b)
		if err != nil {
			t.Fatalf("% X: %v", b, err)
		}
		if got.CLA != c.CLA || got.INS != c.INS || got.P1 != c.P1 || got.P2 != c.P2 || !bytes.Equal(got.Data, c.Data) || got.Ne != c.Ne {
			t.Fatalf("round trip %+v -> % X -> %+v", c, b, got)
		}
	}
}

func TestCommandEncoding(t *testing.T) {
	b, _ := Command{INS: 0xA4, P1: 4, Data: []byte{0xA0, 0}, Ne: 256}.Bytes()
	if !bytes.Equal(b, []byte{0, 0xA4, 4, 0, 2, 0xA0, 0, 0}) {
		t.Fatalf("% X", b)
	}
	if _, err := (Command{Ne: 70000}).Bytes(); !errors.Is(err, ErrMalformed) {
		t.Fatal("Ne too large accepted")
	}
}

func TestParseCommandRejects(t *testing.T) {
	for _, b := range [][]byte{
		{},
		{0, 0xA4, 4},
		{0, 0xA4, 4, 0, 3, 1, 2},             // Lc 3, two bytes
		{0, 0xA4, 4, 0, 2, 1, 2, 3, 4},       // one byte too many
		{0, 0xA4, 4, 0, 0, 0},                // extended, 2 bytes after 00
		{0, 0xA4, 4, 0, 0, 0, 0, 1},          // extended Lc 0
		{0, 0xA4, 4, 0, 0, 0, 2, 1},          // extended Lc 2, one byte
		{0, 0xA4, 4, 0, 0, 0, 1, 9, 0, 0, 0}, // extended, bad Le length
	} {
		if c, err := ParseCommand(b); !errors.Is(err, ErrMalformed) {
			t.Errorf("% X accepted as %+v", b, c)
		}
	}
}

func TestResponse(t *testing.T) {
	r, err := ParseResponse([]byte{1, 2, 0x61, 0x10})
	if err != nil || !bytes.Equal(r.Data, []byte{1, 2}) || r.SW != 0x6110 || r.SW1() != 0x61 || r.SW2() != 0x10 {
		t.Fatalf("%+v %v", r, err)
	}
	if !bytes.Equal(r.Bytes(), []byte{1, 2, 0x61, 0x10}) {
		t.Fatal("bytes")
	}
	if _, err := ParseResponse([]byte{0x90}); !errors.Is(err, ErrMalformed) {
		t.Fatal("1-byte response accepted")
	}
}

// FuzzParseCommand: any input parses or is refused, and what parses
// encodes back to an equivalent command.
func FuzzParseCommand(f *testing.F) {
	f.Add([]byte{0, 0xA4, 4, 0, 2, 0xA0, 0, 0})
	f.Add([]byte{0, 0xC0, 0, 0, 0})
	f.Add([]byte{0, 0x87, 0x11, 0x9A, 0, 1, 0, 5})
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseCommand(b)
		if err != nil {
			return
		}
		enc, err := c.Bytes()
		if err != nil {
			t.Fatalf("parsed %+v does not encode: %v", c, err)
		}
		c2, err := ParseCommand(enc)
		if err != nil || !bytes.Equal(c2.Data, c.Data) || c2.Ne != c.Ne || c2.INS != c.INS {
			t.Fatalf("% X -> %+v -> % X -> %+v %v", b, c, enc, c2, err)
		}
	})
}

func FuzzParseResponse(f *testing.F) {
	f.Add([]byte{0x90, 0})
	f.Add([]byte{1, 2, 3, 0x61, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseResponse(b)
		if err != nil {
			return
		}
		if !bytes.Equal(r.Bytes(), b) {
			t.Fatalf("% X -> %+v", b, r)
		}
	})
}
