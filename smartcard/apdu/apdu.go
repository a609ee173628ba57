// Package apdu encodes and parses ISO/IEC 7816-4 command and response
// APDUs, short and extended. A card's response, and on the card side a
// reader's command, is outside input: parsing is strict and never panics.
package apdu

import (
	"errors"
	"fmt"
)

// ErrMalformed is a command or response that does not follow ISO 7816-4.
var ErrMalformed = errors.New("malformed APDU")

// Limits of the two encodings.
const (
	MaxShortData    = 255
	MaxShortNe      = 256
	MaxExtendedData = 65535
	MaxExtendedNe   = 65536
)

// Command is a command APDU. Ne is the most response data expected: 0
// means no Le field, 256 in a short APDU is encoded as 00.
type Command struct {
	CLA, INS, P1, P2 byte
	Data             []byte
	Ne               int
}

// Bytes encodes the command, short when data and Ne fit, else extended.
func (c Command) Bytes() ([]byte, error) {
	if len(c.Data) > MaxExtendedData || c.Ne < 0 || c.Ne > MaxExtendedNe {
		return nil, fmt.Errorf("%w: %d data bytes, Ne %d", ErrMalformed, len(c.Data), c.Ne)
	}
	b := make([]byte, 0, 4+3+len(c.Data)+3)
	b = append(b, c.CLA, c.INS, c.P1, c.P2)
	if len(c.Data) <= MaxShortData && c.Ne <= MaxShortNe {
		if len(c.Data) > 0 {
			b = append(b, byte(len(c.Data)))
			b = append(b, c.Data...)
		}
		if c.Ne > 0 {
			b = append(b, byte(c.Ne)) // 256 wraps to 00, as the standard says
		}
		return b, nil
	}
	b = append(b, 0)
	if len(c.Data) > 0 {
		b = append(b, byte(len(c.Data)>>8), byte(len(c.Data)))
		b = append(b, c.Data...)
	}
	if c.Ne > 0 {
		b = append(b, byte(c.Ne>>8), byte(c.Ne)) // 65536 wraps to 0000
	}
	return b, nil
}

// ParseCommand decodes a command APDU in any of the seven cases of ISO
// 7816-3 §12.1.3; anything else is ErrMalformed.
func ParseCommand(b []byte) (Command, error) {
	if len(b) < 4 {
		return Command{}, fmt.Errorf("%w: %d bytes, want at least 4", ErrMalformed, len(b))
	}
	c := Command{CLA: b[0], INS: b[1], P1: b[2], P2: b[3]}
	body := b[4:]
	switch {
	case len(body) == 0: // case 1
		return c, nil
	case len(body) == 1: // case 2S
		c.Ne = shortNe(body[0])
		return c, nil
	case body[0] != 0: // case 3S or 4S
		n := int(body[0])
		switch len(body) {
		case 1 + n:
			c.Data = body[1:]
		case 2 + n:
			c.Data, c.Ne = body[1:1+n], shortNe(body[1+n])
		default:
			return Command{}, fmt.Errorf("%w: Lc %d with %d bytes after it", ErrMalformed, n, len(body)-1)
		}
		return c, nil
	case len(body) == 3: // case 2E
		c.Ne = extNe(body[1], body[2])
		return c, nil
	case len(body) > 3: // case 3E or 4E
		n := int(body[1])<<8 | int(body[2])
		if n == 0 {
			return Command{}, fmt.Errorf("%w: extended Lc of 0", ErrMalformed)
		}
		switch len(body) {
		case 3 + n:
			c.Data = body[3:]
		case 5 + n:
			c.Data, c.Ne = body[3:3+n], extNe(body[3+n], body[4+n])
		default:
			return Command{}, fmt.Errorf("%w: extended Lc %d with %d bytes after it", ErrMalformed, n, len(body)-3)
		}
		return c, nil
	}
	return Command{}, fmt.Errorf("%w: %d-byte body", ErrMalformed, len(body))
}

func shortNe(b byte) int {
	if b == 0 {
		return MaxShortNe
	}
	return int(b)
}

func extNe(hi, lo byte) int {
	if n := int(hi)<<8 | int(lo); n != 0 {
		return n
	}
	return MaxExtendedNe
}

// Response is a response APDU: data, then the status word SW1 SW2.
type Response struct {
	Data []byte
	SW   uint16
}

// ParseResponse splits a response into data and status word. The data is
// a copy, so the caller's buffer may be reused.
func ParseResponse(b []byte) (Response, error) {
	if len(b) < 2 {
		return Response{}, fmt.Errorf("%w: %d-byte response, want at least the status word", ErrMalformed, len(b))
	}
	n := len(b) - 2
	return Response{Data: append([]byte(nil), b[:n]...), SW: uint16(b[n])<<8 | uint16(b[n+1])}, nil
}

// Bytes encodes the response.
func (r Response) Bytes() []byte {
	b := make([]byte, 0, len(r.Data)+2)
	b = append(b, r.Data...)
	return append(b, byte(r.SW>>8), byte(r.SW))
}

// SW1 is the status word's first byte.
func (r Response) SW1() byte { return byte(r.SW >> 8) }

// SW2 is the status word's second byte.
func (r Response) SW2() byte { return byte(r.SW) }

// Status words used by the PIV client and the virtual card.
const (
	SWOK               uint16 = 0x9000
	SWBytesRemaining   uint16 = 0x6100 // SW2: how many
	SWWarnCounter      uint16 = 0x63C0 // SW2 low nibble: tries left
	SWWrongLength      uint16 = 0x6700
	SWSecurityStatus   uint16 = 0x6982
	SWAuthBlocked      uint16 = 0x6983
	SWConditionsOfUse  uint16 = 0x6985
	SWChainingUnsupp   uint16 = 0x6884
	SWIncorrectData    uint16 = 0x6A80
	SWFuncNotSupported uint16 = 0x6A81
	SWFileNotFound     uint16 = 0x6A82
	SWIncorrectP1P2    uint16 = 0x6A86
	SWRefDataNotFound  uint16 = 0x6A88
	SWWrongLe          uint16 = 0x6C00 // SW2: the right Le
	SWInsNotSupported  uint16 = 0x6D00
	SWClaNotSupported  uint16 = 0x6E00
	SWLastCmdExpected  uint16 = 0x6883
)

// StatusError is an unexpected status word.
type StatusError struct {
	SW uint16
}

func (e *StatusError) Error() string { return fmt.Sprintf("card answered %04X", e.SW) }
