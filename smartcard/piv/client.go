package piv

import (
	"bytes"
	"compress/gzip"
	"crypto/x509"
	"errors"
	"fmt"
	"io"

	"github.com/wardkiosk/kiosk/smartcard/apdu"
	"github.com/wardkiosk/kiosk/smartcard/tlv"
)

// Transmitter sends one command APDU and returns the card's response,
// status word included. A PC/SC card handle is one.
type Transmitter interface {
	Transmit(cmd []byte) ([]byte, error)
}

// maxResponse bounds a chained response: the largest PIV object is well
// under it, and a card that keeps answering 61xx is not believed forever.
const maxResponse = 16 << 10

// maxChain bounds GET RESPONSE round trips for one command.
const maxChain = 128

// Client talks PIV to one card.
type Client struct {
	t Transmitter
}

// New returns a client over t.
func New(t Transmitter) *Client { return &Client{t: t} }

// Select selects the PIV application.
func (c *Client) Select() error {
	r, err := c.do(apdu.Command{CLA: 0x00, INS: InsSelect, P1: 0x04, P2: 0x00, Data: AID, Ne: 256})
	if err != nil {
		return err
	}
	switch r.SW {
	case apdu.SWOK:
	case apdu.SWFileNotFound, apdu.SWInsNotSupported, apdu.SWClaNotSupported, apdu.SWFuncNotSupported, apdu.SWIncorrectP1P2:
		return ErrNotPIV
	default:
		return fmt.Errorf("%w: select: %w", ErrNotPIV, &apdu.StatusError{SW: r.SW})
	}
	// The answer is optional in practice, but when present it must be an
	// application property template naming PIV.
	if len(r.Data) == 0 {
		return nil
	}
	tmpl, err := tlv.Only(r.Data, TagAppProp)
	if err != nil {
		return fmt.Errorf("%w: select: %w", ErrMalformed, err)
	}
	objs, err := tlv.Parse(tmpl)
	if err != nil {
		return fmt.Errorf("%w: select: %w", ErrMalformed, err)
	}
	if aid, ok := tlv.Find(objs, TagAppAID); ok && !bytes.HasPrefix(AID[len(RID):], aid) && !bytes.HasPrefix(AID, aid) {
		return ErrNotPIV
	}
	return nil
}

// Certificate reads the certificate of a slot.
func (c *Client) Certificate(s Slot) (*x509.Certificate, error) {
	obj, err := s.Object()
	if err != nil {
		return nil, err
	}
	data, err := c.GetData(obj)
	if err != nil {
		return nil, err
	}
	der, err := ParseCertObject(data)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("%w: certificate: %w", ErrMalformed, err)
	}
	return cert, nil
}

// GetData reads a data object and returns the value of its 53 container.
func (c *Client) GetData(obj uint32) ([]byte, error) {
	tag := []byte{byte(obj >> 16), byte(obj >> 8), byte(obj)}
	r, err := c.do(apdu.Command{CLA: 0x00, INS: InsGetData, P1: 0x3F, P2: 0xFF, Data: tlv.Encode(TagDataList, tag), Ne: 256})
	if err != nil {
		return nil, err
	}
	switch r.SW {
	case apdu.SWOK:
	case apdu.SWFileNotFound:
		return nil, ErrNoCertificate
	default:
		return nil, fmt.Errorf("piv: get data: %w", &apdu.StatusError{SW: r.SW})
	}
	v, err := tlv.Only(r.Data, TagData)
	if err != nil {
		return nil, fmt.Errorf("%w: get data: %w", ErrMalformed, err)
	}
	return v, nil
}

// ParseCertObject takes the certificate's DER out of a certificate
// object's value: 70 the certificate, 71 its info (compressed or not), FE
// the LRC; any other tag, a repeat or a missing 70 is malformed.
func ParseCertObject(v []byte) ([]byte, error) {
	objs, err := tlv.Parse(v)
	if err != nil {
		return nil, fmt.Errorf("%w: certificate object: %w", ErrMalformed, err)
	}
	var der []byte
	info := byte(0)
	seen := map[uint32]bool{}
	for _, o := range objs {
		if seen[o.Tag] {
			return nil, fmt.Errorf("%w: certificate object: tag %X twice", ErrMalformed, o.Tag)
		}
		seen[o.Tag] = true
		switch o.Tag {
		case TagCert:
			der = o.Value
		case TagCertInfo:
			if len(o.Value) != 1 || o.Value[0] > 1 {
				return nil, fmt.Errorf("%w: certificate info % X", ErrMalformed, o.Value)
			}
			info = o.Value[0]
		case TagLRC:
		default:
			return nil, fmt.Errorf("%w: certificate object: unexpected tag %X", ErrMalformed, o.Tag)
		}
	}
	if len(der) == 0 {
		return nil, ErrNoCertificate
	}
	if info == 1 {
		return gunzip(der)
	}
	return der, nil
}

// gunzip inflates a compressed certificate, refusing one that grows past
// maxResponse: a card does not get to fill our memory.
func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%w: compressed certificate: %w", ErrMalformed, err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, maxResponse+1))
	if err != nil {
		return nil, fmt.Errorf("%w: compressed certificate: %w", ErrMalformed, err)
	}
	if len(out) > maxResponse {
		return nil, fmt.Errorf("%w: compressed certificate too large", ErrMalformed)
	}
	return out, nil
}

// Verify presents the PIN. A wrong PIN is a *PINError with the tries left;
// a blocked PIN is ErrBlocked.
func (c *Client) Verify(pin string) error {
	block, err := PadPIN(pin)
	if err != nil {
		return err
	}
	defer clear(block)
	r, err := c.do(apdu.Command{CLA: 0x00, INS: InsVerify, P1: 0x00, P2: PINRef, Data: block})
	if err != nil {
		return err
	}
	return pinStatus(r.SW)
}

// Tries asks the card how many wrong PINs it still takes, without
// presenting one (VERIFY with no data). A PIN verified already in this
// session answers SWOK: 0 and no error then means "not said". A blocked
// PIN is ErrBlocked.
func (c *Client) Tries() (int, error) {
	r, err := c.do(apdu.Command{CLA: 0x00, INS: InsVerify, P1: 0x00, P2: PINRef})
	if err != nil {
		return 0, err
	}
	var pe *PINError
	switch err := pinStatus(r.SW); {
	case err == nil:
		return 0, nil
	case errors.As(err, &pe):
		return pe.Left, nil
	default:
		return 0, err
	}
}

// pinStatus reads a VERIFY status word.
func pinStatus(sw uint16) error {
	switch {
	case sw == apdu.SWOK:
		return nil
	case sw&0xFFF0 == apdu.SWWarnCounter:
		if left := int(sw & 0x0F); left > 0 {
			return &PINError{Left: left}
		}
		return ErrBlocked
	case sw == apdu.SWAuthBlocked:
		return ErrBlocked
	}
	return fmt.Errorf("piv: verify: %w", &apdu.StatusError{SW: sw})
}

// PadPIN checks that pin is 6 to 8 digits and pads it with FF to 8 bytes.
func PadPIN(pin string) ([]byte, error) {
	if len(pin) < PINMinLen || len(pin) > PINLen {
		return nil, ErrPINFormat
	}
	b := bytes.Repeat([]byte{0xFF}, PINLen)
	for i := 0; i < len(pin); i++ {
		if pin[i] < '0' || pin[i] > '9' {
			clear(b)
			return nil, ErrPINFormat
		}
		b[i] = pin[i]
	}
	return b, nil
}

// Sign has the card sign input with the key in slot: for ECC P-256 the
// 32-byte digest, for RSA 2048 the 256-byte padded block. It returns the
// signature as the card gives it (DER for ECDSA, the raw block for RSA).
func (c *Client) Sign(s Slot, alg Algorithm, input []byte) ([]byte, error) {
	tmpl := tlv.Append(nil, TagResponse, nil)
	tmpl = tlv.Append(tmpl, TagChall, input)
	r, err := c.do(apdu.Command{CLA: 0x00, INS: InsGeneralAuth, P1: byte(alg), P2: byte(s), Data: tlv.Encode(TagDynAuth, tmpl), Ne: 256})
	if err != nil {
		return nil, err
	}
	switch r.SW {
	case apdu.SWOK:
	case apdu.SWSecurityStatus:
		return nil, fmt.Errorf("piv: sign: the PIN is not verified: %w", &apdu.StatusError{SW: r.SW})
	default:
		return nil, fmt.Errorf("piv: sign: %w", &apdu.StatusError{SW: r.SW})
	}
	return ParseSignResponse(r.Data)
}

// ParseSignResponse takes the signature out of a GENERAL AUTHENTICATE
// answer: 7C holding exactly one non-empty 82.
func ParseSignResponse(b []byte) ([]byte, error) {
	v, err := tlv.Only(b, TagDynAuth)
	if err != nil {
		return nil, fmt.Errorf("%w: general authenticate: %w", ErrMalformed, err)
	}
	sig, err := tlv.Only(v, TagResponse)
	if err != nil {
		return nil, fmt.Errorf("%w: general authenticate: %w", ErrMalformed, err)
	}
	if len(sig) == 0 {
		return nil, fmt.Errorf("%w: general authenticate: empty signature", ErrMalformed)
	}
	return sig, nil
}

// do sends a command, chaining its data in short APDUs when it is longer
// than 255 bytes, and collects a response sent in parts (61xx + GET
// RESPONSE), resending once with the right Le after a 6Cxx.
func (c *Client) do(cmd apdu.Command) (apdu.Response, error) {
	data := cmd.Data
	for len(data) > apdu.MaxShortData {
		part := cmd
		part.CLA |= 0x10
		part.Data, part.Ne = data[:apdu.MaxShortData], 0
		r, err := c.send(part)
		if err != nil {
			return apdu.Response{}, err
		}
		if r.SW != apdu.SWOK {
			return r, nil
		}
		data = data[apdu.MaxShortData:]
	}
	cmd.Data = data
	r, err := c.send(cmd)
	if err != nil {
		return apdu.Response{}, err
	}
	if r.SW1() == byte(apdu.SWWrongLe>>8) {
		cmd.Ne = int(r.SW2())
		if cmd.Ne == 0 {
			cmd.Ne = 256
		}
		if r, err = c.send(cmd); err != nil {
			return apdu.Response{}, err
		}
	}
	out := r.Data
	for i := 0; r.SW1() == byte(apdu.SWBytesRemaining>>8); i++ {
		if i == maxChain {
			return apdu.Response{}, fmt.Errorf("%w: response never ends", ErrMalformed)
		}
		ne := int(r.SW2())
		if ne == 0 {
			ne = 256
		}
		if r, err = c.send(apdu.Command{CLA: 0x00, INS: InsGetResponse, Ne: ne}); err != nil {
			return apdu.Response{}, err
		}
		out = append(out, r.Data...)
		if len(out) > maxResponse {
			return apdu.Response{}, fmt.Errorf("%w: response longer than %d bytes", ErrMalformed, maxResponse)
		}
	}
	r.Data = out
	return r, nil
}

// send transmits one APDU and parses the answer.
func (c *Client) send(cmd apdu.Command) (apdu.Response, error) {
	b, err := cmd.Bytes()
	if err != nil {
		return apdu.Response{}, err
	}
	raw, err := c.t.Transmit(b)
	if cmd.INS == InsVerify {
		clear(b) // the PIN: keep no copy of it longer than needed
	}
	if err != nil {
		return apdu.Response{}, fmt.Errorf("piv: transmit: %w", err)
	}
	r, err := apdu.ParseResponse(raw)
	if err != nil {
		return apdu.Response{}, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	if len(r.Data) > maxResponse {
		return apdu.Response{}, fmt.Errorf("%w: response longer than %d bytes", ErrMalformed, maxResponse)
	}
	return r, nil
}
