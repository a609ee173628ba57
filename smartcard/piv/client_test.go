package piv_test

import (
	"bytes"
	"compress/gzip"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"errors"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/smartcard/apdu"
	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/smartcard/piv"
	"github.com/wardkiosk/kiosk/smartcard/tlv"
	"github.com/wardkiosk/kiosk/smartcard/vcard"
)

// cardTransmitter talks to a virtual card in process and counts APDUs.
type cardTransmitter struct {
	c *vcard.Card
	n int
}

func (t *cardTransmitter) Transmit(b []byte) ([]byte, error) {
	t.n++
	return t.c.Process(b), nil
}

// script answers each APDU with the next canned response.
type script struct {
	answers [][]byte
	sent    [][]byte
}

func (s *script) Transmit(b []byte) ([]byte, error) {
	s.sent = append(s.sent, append([]byte(nil), b...))
	if len(s.answers) == 0 {
		return nil, errors.New("no more answers")
	}
	a := s.answers[0]
	s.answers = s.answers[1:]
	return a, nil
}

func newCard(t *testing.T, kt issue.KeyType) (*vcard.Card, *issue.Authority) {
	t.Helper()
	ca, err := issue.NewCA(rand.Reader, "Test CA", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cert, key, err := ca.Card(issue.Template{CommonName: "Jane Smith", Key: kt})
	if err != nil {
		t.Fatal(err)
	}
	c, err := vcard.New(cert, key, "123456", vcard.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return c, ca
}

func TestAgainstVirtualCard(t *testing.T) {
	for _, kt := range []issue.KeyType{issue.ECDSAP256, issue.RSA2048} {
		card, _ := newCard(t, kt)
		tr := &cardTransmitter{c: card}
		c := piv.New(tr)
		if err := c.Select(); err != nil {
			t.Fatal(err)
		}
		cert, err := c.Certificate(piv.SlotAuthentication)
		if err != nil {
			t.Fatal(err)
		}
		digest := sha256.Sum256([]byte("challenge"))
		if _, err := c.Sign(piv.SlotAuthentication, piv.AlgECCP256, digest[:]); err == nil {
			t.Fatal("signed before the PIN")
		}
		err = c.Verify("654321")
		var pe *piv.PINError
		if !errors.As(err, &pe) || pe.Left != 2 || !errors.Is(err, piv.ErrWrongPIN) {
			t.Fatalf("wrong PIN: %v", err)
		}
		if err := c.Verify("123456"); err != nil {
			t.Fatal(err)
		}
		switch k := cert.PublicKey.(type) {
		case *ecdsa.PublicKey:
			sig, err := c.Sign(piv.SlotAuthentication, piv.AlgECCP256, digest[:])
			if err != nil || !ecdsa.VerifyASN1(k, digest[:], sig) {
				t.Fatalf("ECDSA: %v", err)
			}
		case *rsa.PublicKey:
			block := pkcs1Block(digest[:])
			before := tr.n
			sig, err := c.Sign(piv.SlotAuthentication, piv.AlgRSA2048, block)
			if err != nil || rsa.VerifyPKCS1v15(k, crypto.SHA256, digest[:], sig) != nil {
				t.Fatalf("RSA: %v", err)
			}
			// 256 bytes of input chain over two commands, 256 of answer over two responses.
			if tr.n-before < 3 {
				t.Fatalf("RSA signing took %d APDUs: no chaining?", tr.n-before)
			}
		}
	}
}

// pkcs1Block pads a SHA-256 DigestInfo to 256 bytes.
func pkcs1Block(digest []byte) []byte {
	prefix := []byte{0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20}
	t := append(prefix, digest...)
	b := bytes.Repeat([]byte{0xFF}, 256)
	b[0], b[1] = 0, 1
	b[256-len(t)-1] = 0
	copy(b[256-len(t):], t)
	return b
}

func TestPINStatus(t *testing.T) {
	for _, tc := range []struct {
		sw   []byte
		want error
		left int
	}{
		{[]byte{0x90, 0}, nil, 0},
		{[]byte{0x63, 0xC2}, piv.ErrWrongPIN, 2},
		{[]byte{0x63, 0xC0}, piv.ErrBlocked, 0},
		{[]byte{0x69, 0x83}, piv.ErrBlocked, 0},
	} {
		err := piv.New(&script{answers: [][]byte{tc.sw}}).Verify("123456")
		if !errors.Is(err, tc.want) && !(err == nil && tc.want == nil) {
			t.Fatalf("% X: %v", tc.sw, err)
		}
		var pe *piv.PINError
		if errors.As(err, &pe) && pe.Left != tc.left {
			t.Fatalf("% X: %d left", tc.sw, pe.Left)
		}
	}
	err := piv.New(&script{answers: [][]byte{{0x6A, 0x80}}}).Verify("123456")
	var se *apdu.StatusError
	if !errors.As(err, &se) || se.SW != 0x6A80 {
		t.Fatalf("unexpected status: %v", err)
	}
	for _, bad := range []string{"", "12345", "123456789", "12345a", "１２３４５６"} {
		s := &script{}
		if err := piv.New(s).Verify(bad); !errors.Is(err, piv.ErrPINFormat) || len(s.sent) != 0 {
			t.Fatalf("PIN %q: %v, %d APDUs", bad, err, len(s.sent))
		}
	}
}

func TestSelect(t *testing.T) {
	if err := piv.New(&script{answers: [][]byte{{0x6A, 0x82}}}).Select(); !errors.Is(err, piv.ErrNotPIV) {
		t.Fatalf("not PIV: %v", err)
	}
	if err := piv.New(&script{answers: [][]byte{{0x90, 0x00}}}).Select(); err != nil {
		t.Fatalf("empty answer: %v", err)
	}
	other := append(tlv.Encode(0x61, tlv.Encode(0x4F, []byte{1, 2, 3})), 0x90, 0)
	if err := piv.New(&script{answers: [][]byte{other}}).Select(); !errors.Is(err, piv.ErrNotPIV) {
		t.Fatalf("another application: %v", err)
	}
	if err := piv.New(&script{answers: [][]byte{{0x61, 0x05, 0x90, 0x00}}}).Select(); !errors.Is(err, piv.ErrMalformed) {
		t.Fatalf("malformed: %v", err)
	}
}

func TestChainingAndLe(t *testing.T) {
	// 6Cxx: resend with the right Le; then 61xx: fetch the rest.
	obj := tlv.Encode(0x53, tlv.Append(tlv.Encode(0x70, []byte{1, 2, 3}), 0xFE, nil))
	s := &script{answers: [][]byte{{0x6C, byte(len(obj))}, append(append([]byte{}, obj[:3]...), 0x61, byte(len(obj)-3)),
		append(append([]byte{}, obj[3:]...), 0x90, 0)}}
	v, err := piv.New(s).GetData(0x5FC105)
	if err != nil || len(s.sent) != 3 || s.sent[1][len(s.sent[1])-1] != byte(len(obj)) || s.sent[2][1] != piv.InsGetResponse {
		t.Fatalf("%v, sent % X", err, s.sent)
	}
	if _, err := piv.ParseCertObject(v); err != nil {
		t.Fatal(err)
	}
	// A card that never stops answering 61xx is cut off.
	var loop [][]byte
	for range 200 {
		loop = append(loop, []byte{0xAA, 0x61, 0x01})
	}
	if _, err := piv.New(&script{answers: loop}).GetData(0x5FC105); !errors.Is(err, piv.ErrMalformed) {
		t.Fatalf("endless chain: %v", err)
	}
	if _, err := piv.New(&script{answers: [][]byte{{0x6A, 0x82}}}).GetData(0x5FC105); !errors.Is(err, piv.ErrNoCertificate) {
		t.Fatalf("no object: %v", err)
	}
	if _, err := piv.New(&script{answers: [][]byte{{0x90}}}).GetData(0x5FC105); !errors.Is(err, piv.ErrMalformed) {
		t.Fatalf("1-byte answer: %v", err)
	}
}

func TestParseCertObject(t *testing.T) {
	der := []byte{0x30, 0x03, 1, 2, 3}
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(der)
	zw.Close()
	for _, tc := range []struct {
		name string
		in   []byte
		want []byte
		err  error
	}{
		{"plain", tlv.Append(tlv.Append(tlv.Encode(0x70, der), 0x71, []byte{0}), 0xFE, nil), der, nil},
		{"no info", tlv.Encode(0x70, der), der, nil},
		{"gzip", tlv.Append(tlv.Encode(0x70, z.Bytes()), 0x71, []byte{1}), der, nil},
		{"bad gzip", tlv.Append(tlv.Encode(0x70, der), 0x71, []byte{1}), nil, piv.ErrMalformed},
		{"bad info", tlv.Append(tlv.Encode(0x70, der), 0x71, []byte{2}), nil, piv.ErrMalformed},
		{"twice", tlv.Append(tlv.Encode(0x70, der), 0x70, der), nil, piv.ErrMalformed},
		{"stray tag", tlv.Append(tlv.Encode(0x70, der), 0x72, nil), nil, piv.ErrMalformed},
		{"empty", tlv.Encode(0x70, nil), nil, piv.ErrNoCertificate},
		{"none", nil, nil, piv.ErrNoCertificate},
	} {
		got, err := piv.ParseCertObject(tc.in)
		if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) || !bytes.Equal(got, tc.want) {
			t.Errorf("%s: % X, %v", tc.name, got, err)
		}
	}
	// A gzip bomb is refused.
	z.Reset()
	zw = gzip.NewWriter(&z)
	zw.Write(make([]byte, 1<<20))
	zw.Close()
	if _, err := piv.ParseCertObject(tlv.Append(tlv.Encode(0x70, z.Bytes()), 0x71, []byte{1})); !errors.Is(err, piv.ErrMalformed) {
		t.Fatalf("gzip bomb: %v", err)
	}
}

func TestParseSignResponse(t *testing.T) {
	good := tlv.Encode(0x7C, tlv.Encode(0x82, []byte{1, 2}))
	if sig, err := piv.ParseSignResponse(good); err != nil || !bytes.Equal(sig, []byte{1, 2}) {
		t.Fatal(sig, err)
	}
	for _, bad := range [][]byte{
		nil,
		tlv.Encode(0x7C, nil),
		tlv.Encode(0x7C, tlv.Encode(0x82, nil)),
		tlv.Encode(0x7C, tlv.Append(tlv.Encode(0x82, []byte{1}), 0x81, nil)),
		append(good, 0),
		tlv.Encode(0x7D, tlv.Encode(0x82, []byte{1})),
	} {
		if _, err := piv.ParseSignResponse(bad); !errors.Is(err, piv.ErrMalformed) {
			t.Errorf("% X: %v", bad, err)
		}
	}
}

func FuzzParseCertObject(f *testing.F) {
	f.Add(tlv.Append(tlv.Encode(0x70, []byte{0x30, 0}), 0x71, []byte{0}))
	f.Fuzz(func(t *testing.T, b []byte) {
		der, err := piv.ParseCertObject(b)
		if err == nil && len(der) == 0 {
			t.Fatal("no error and no certificate")
		}
	})
}

func FuzzParseSignResponse(f *testing.F) {
	f.Add(tlv.Encode(0x7C, tlv.Encode(0x82, []byte{1, 2})))
	f.Fuzz(func(t *testing.T, b []byte) {
		sig, err := piv.ParseSignResponse(b)
		if err == nil && len(sig) == 0 {
			t.Fatal("empty signature accepted")
		}
	})
}

// FuzzClient feeds the whole client card answers from the fuzzer: whatever
// they are, it returns (an error or not) and never panics.
func FuzzClient(f *testing.F) {
	f.Add([]byte{0x90, 0x00}, []byte{0x61, 0x02, 0x90, 0x00}, []byte{0x63, 0xC1})
	f.Add([]byte{0x61, 0x00}, []byte{0x53, 0x82, 0xFF, 0xFF, 0x90, 0x00}, []byte{0x7C, 0x02, 0x82, 0x00, 0x90, 0x00})
	f.Fuzz(func(t *testing.T, a, b, c []byte) {
		answers := [][]byte{a, b, c, a, b, c}
		c1 := piv.New(&script{answers: answers})
		c1.Select()
		c1.Certificate(piv.SlotAuthentication)
		c1.Verify("123456")
		c1.Sign(piv.SlotAuthentication, piv.AlgECCP256, make([]byte, 32))
	})
}
