package vcard

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/subtle"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/wardkiosk/kiosk/smartcard/apdu"
	"github.com/wardkiosk/kiosk/smartcard/piv"
	"github.com/wardkiosk/kiosk/smartcard/tlv"
)

// DefaultTries is how many wrong PINs in a row block the card.
const DefaultTries = 3

// Card is the PIV application of a virtual card: slot 9A holds the key
// and certificate, one PIN guards it. It is safe for concurrent use.
type Card struct {
	cert *x509.Certificate
	key  crypto.Signer
	alg  piv.Algorithm
	rand io.Reader

	mu       sync.Mutex
	pin      []byte // padded to 8 bytes
	maxTries int
	tries    int
	selected bool
	verified bool
	pending  []byte        // response data still to be fetched with GET RESPONSE
	chain    *apdu.Command // command data gathered from a chain so far
}

// Options tune a card; the zero value is a fresh card.
type Options struct {
	// Tries left before the PIN blocks; 0 means DefaultTries, -1 blocked.
	Tries int
	// Rand is the randomness ECDSA signing uses; nil means crypto/rand.
	Rand io.Reader
}

// New makes a card holding cert and its private key, guarded by pin.
func New(cert *x509.Certificate, key crypto.Signer, pin string, o Options) (*Card, error) {
	c := &Card{cert: cert, key: key, rand: o.Rand, maxTries: DefaultTries, tries: DefaultTries}
	if c.rand == nil {
		c.rand = rand.Reader
	}
	switch k := key.Public().(type) {
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P256() {
			return nil, errors.New("vcard: only the P-256 curve is supported")
		}
		c.alg = piv.AlgECCP256
	case *rsa.PublicKey:
		if k.N.BitLen() != 2048 {
			return nil, errors.New("vcard: only 2048-bit RSA is supported")
		}
		c.alg = piv.AlgRSA2048
	default:
		return nil, fmt.Errorf("vcard: unsupported key %T", k)
	}
	if pk, ok := cert.PublicKey.(interface{ Equal(crypto.PublicKey) bool }); !ok || !pk.Equal(key.Public()) {
		return nil, errors.New("vcard: the key does not belong to the certificate")
	}
	var err error
	if c.pin, err = piv.PadPIN(pin); err != nil {
		return nil, fmt.Errorf("vcard: %w", err)
	}
	switch {
	case o.Tries < 0:
		c.tries = 0
	case o.Tries > 0:
		c.tries = min(o.Tries, 15)
		c.maxTries = max(c.maxTries, c.tries)
	}
	return c, nil
}

// ATR is the card's answer to reset: T=1, historical bytes "WardKioskPIV".
func (c *Card) ATR() []byte {
	hist := []byte("WardKioskPIV")
	atr := []byte{0x3B, 0x80 | byte(len(hist)), 0x80, 0x01}
	atr = append(atr, hist...)
	tck := byte(0)
	for _, b := range atr[1:] {
		tck ^= b
	}
	return append(atr, tck)
}

// Reset is a power cycle: the application is deselected and the PIN must
// be presented again. Tries left survive, as on a real card.
func (c *Card) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.selected, c.verified, c.pending, c.chain = false, false, nil, nil
}

// TriesLeft is how many wrong PINs the card still takes.
func (c *Card) TriesLeft() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tries
}

// Process answers one command APDU. It never fails: a bad command gets a
// status word saying so.
func (c *Card) Process(raw []byte) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	cmd, err := apdu.ParseCommand(raw)
	if err != nil {
		return sw(apdu.SWWrongLength)
	}
	if cmd.INS == piv.InsGetResponse && cmd.CLA == 0x00 {
		return c.getResponse(cmd.Ne)
	}
	c.pending = nil
	if cmd.CLA&^0x10 != 0x00 {
		c.chain = nil
		return sw(apdu.SWClaNotSupported)
	}
	if cmd.CLA&0x10 != 0 {
		if c.chain != nil && (c.chain.INS != cmd.INS || c.chain.P1 != cmd.P1 || c.chain.P2 != cmd.P2) {
			c.chain = nil
			return sw(apdu.SWLastCmdExpected)
		}
		if c.chain == nil {
			c.chain = &apdu.Command{INS: cmd.INS, P1: cmd.P1, P2: cmd.P2}
		}
		if len(c.chain.Data)+len(cmd.Data) > 4096 {
			c.chain = nil
			return sw(apdu.SWWrongLength)
		}
		c.chain.Data = append(c.chain.Data, cmd.Data...)
		return sw(apdu.SWOK)
	}
	if c.chain != nil {
		if c.chain.INS != cmd.INS || c.chain.P1 != cmd.P1 || c.chain.P2 != cmd.P2 {
			c.chain = nil
			return sw(apdu.SWLastCmdExpected)
		}
		cmd.Data = append(c.chain.Data, cmd.Data...)
		c.chain = nil
	}
	data, status := c.dispatch(cmd)
	return c.respond(data, status, cmd.Ne)
}

// respond sends at most ne bytes now and keeps the rest for GET RESPONSE.
func (c *Card) respond(data []byte, status uint16, ne int) []byte {
	if status != apdu.SWOK || len(data) == 0 {
		return sw(status)
	}
	if ne == 0 {
		ne = apdu.MaxShortNe
	}
	if len(data) <= ne {
		return apdu.Response{Data: data, SW: status}.Bytes()
	}
	c.pending = data[ne:]
	return apdu.Response{Data: data[:ne], SW: apdu.SWBytesRemaining | uint16(min(len(c.pending), 256)&0xFF)}.Bytes()
}

func (c *Card) getResponse(ne int) []byte {
	if c.pending == nil {
		return sw(apdu.SWConditionsOfUse)
	}
	data := c.pending
	c.pending = nil
	return c.respond(data, apdu.SWOK, ne)
}

func (c *Card) dispatch(cmd apdu.Command) ([]byte, uint16) {
	if cmd.INS == piv.InsSelect {
		return c.selectApp(cmd)
	}
	if !c.selected {
		return nil, apdu.SWInsNotSupported
	}
	switch cmd.INS {
	case piv.InsGetData:
		return c.getData(cmd)
	case piv.InsVerify:
		return nil, c.verify(cmd)
	case piv.InsGeneralAuth:
		return c.generalAuthenticate(cmd)
	}
	return nil, apdu.SWInsNotSupported
}

func (c *Card) selectApp(cmd apdu.Command) ([]byte, uint16) {
	if cmd.P1 != 0x04 || cmd.P2 != 0x00 {
		return nil, apdu.SWIncorrectP1P2
	}
	if len(cmd.Data) < len(piv.RID) || !bytes.HasPrefix(piv.AID, cmd.Data) {
		c.selected = false
		return nil, apdu.SWFileNotFound
	}
	c.selected = true
	algs := tlv.Append(nil, 0x80, []byte{byte(c.alg)})
	algs = tlv.Append(algs, 0x06, nil)
	prop := tlv.Append(nil, piv.TagAppAID, piv.AID[len(piv.RID):])
	prop = tlv.Append(prop, 0x79, tlv.Encode(piv.TagAppAID, piv.RID))
	prop = tlv.Append(prop, 0x50, []byte("Ward Kiosk virtual PIV"))
	prop = tlv.Append(prop, 0xAC, algs)
	return tlv.Encode(piv.TagAppProp, prop), apdu.SWOK
}

func (c *Card) getData(cmd apdu.Command) ([]byte, uint16) {
	if cmd.P1 != 0x3F || cmd.P2 != 0xFF {
		return nil, apdu.SWIncorrectP1P2
	}
	want, err := tlv.Only(cmd.Data, piv.TagDataList)
	if err != nil {
		return nil, apdu.SWIncorrectData
	}
	obj, _ := piv.SlotAuthentication.Object()
	if !bytes.Equal(want, []byte{byte(obj >> 16), byte(obj >> 8), byte(obj)}) {
		return nil, apdu.SWFileNotFound
	}
	v := tlv.Append(nil, piv.TagCert, c.cert.Raw)
	v = tlv.Append(v, piv.TagCertInfo, []byte{0})
	v = tlv.Append(v, piv.TagLRC, nil)
	return tlv.Encode(piv.TagData, v), apdu.SWOK
}

func (c *Card) verify(cmd apdu.Command) uint16 {
	if cmd.P2 != piv.PINRef {
		return apdu.SWRefDataNotFound
	}
	switch {
	case cmd.P1 == 0xFF && len(cmd.Data) == 0:
		c.verified = false
		return apdu.SWOK
	case cmd.P1 != 0x00:
		return apdu.SWIncorrectP1P2
	case c.tries == 0:
		return apdu.SWAuthBlocked
	case len(cmd.Data) == 0:
		if c.verified {
			return apdu.SWOK
		}
		return apdu.SWWarnCounter | uint16(c.tries)
	case len(cmd.Data) != piv.PINLen:
		return apdu.SWWrongLength
	}
	if subtle.ConstantTimeCompare(cmd.Data, c.pin) == 1 {
		c.tries, c.verified = c.maxTries, true
		return apdu.SWOK
	}
	c.tries--
	c.verified = false
	return apdu.SWWarnCounter | uint16(c.tries)
}

func (c *Card) generalAuthenticate(cmd apdu.Command) ([]byte, uint16) {
	if piv.Slot(cmd.P2) != piv.SlotAuthentication {
		return nil, apdu.SWRefDataNotFound
	}
	if piv.Algorithm(cmd.P1) != c.alg {
		return nil, apdu.SWIncorrectP1P2
	}
	tmpl, err := tlv.Only(cmd.Data, piv.TagDynAuth)
	if err != nil {
		return nil, apdu.SWIncorrectData
	}
	objs, err := tlv.Parse(tmpl)
	if err != nil {
		return nil, apdu.SWIncorrectData
	}
	resp, okResp := tlv.Find(objs, piv.TagResponse)
	chal, okChal := tlv.Find(objs, piv.TagChall)
	if !okResp || len(resp) != 0 || !okChal || len(objs) != 2 {
		return nil, apdu.SWIncorrectData
	}
	if !c.verified {
		return nil, apdu.SWSecurityStatus
	}
	var sig []byte
	switch c.alg {
	case piv.AlgECCP256:
		if len(chal) != 32 {
			return nil, apdu.SWIncorrectData
		}
		sig, err = c.key.Sign(c.rand, chal, crypto.SHA256)
	case piv.AlgRSA2048:
		// The block must be PKCS#1 v1.5 signature padding: 00 01 FF.. 00 T.
		// Signing T with no hash redoes that padding, so the result is
		// the raw private-key operation on the block, as a card does it.
		t, ok := unpadPKCS1(chal, 256)
		if !ok {
			return nil, apdu.SWIncorrectData
		}
		sig, err = c.key.Sign(c.rand, t, crypto.Hash(0))
	}
	if err != nil {
		return nil, apdu.SWIncorrectData
	}
	return tlv.Encode(piv.TagDynAuth, tlv.Encode(piv.TagResponse, sig)), apdu.SWOK
}

// unpadPKCS1 takes T out of a k-byte block 00 01 FF{8,} 00 T.
func unpadPKCS1(b []byte, k int) ([]byte, bool) {
	if len(b) != k || b[0] != 0x00 || b[1] != 0x01 {
		return nil, false
	}
	i := 2
	for i < len(b) && b[i] == 0xFF {
		i++
	}
	if i < 10 || i >= len(b) || b[i] != 0x00 {
		return nil, false
	}
	return b[i+1:], true
}

func sw(s uint16) []byte { return []byte{byte(s >> 8), byte(s)} }
