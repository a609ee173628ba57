package pkcs11

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	p11 "github.com/miekg/pkcs11"

	"github.com/wardkiosk/kiosk/internal/ci"
	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/smartcard/pkcs11/softhsmtest"
)

// softHSMModule is Debian softhsm2's PKCS#11 module.
const softHSMModule = softhsmtest.Module

const (
	testPIN = softhsmtest.PIN
	soPIN   = softhsmtest.SOPIN
)

// hsmToken is a SoftHSM token the test made, with its sign-in key.
type hsmToken struct {
	label  string
	reader string // the slot's description: what a PC/SC reader name would be
	cert   *x509.Certificate
	key    crypto.Signer
}

// softHSM is a private SoftHSM2 set-up: its own configuration and token
// directory, tokens initialised with softhsm2-util and keys and
// certificates written with pkcs11-tool, as a maintainer would.
type softHSM struct {
	*softhsmtest.HSM
	t  *testing.T
	ca *issue.Authority
}

func requireTools(t testing.TB, files []string, bins ...string) {
	t.Helper()
	var missing []string
	for _, b := range bins {
		if _, err := exec.LookPath(b); err != nil {
			missing = append(missing, b)
		}
	}
	for _, f := range files {
		if _, err := os.Stat(f); err != nil {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		ci.SkipOrFail(t, "pkcs11 test needs %s; run scripts/install-deps.sh", strings.Join(missing, ", "))
	}
}

func newSoftHSM(t *testing.T) *softHSM {
	t.Helper()
	h := softhsmtest.New(t)
	ca, err := issue.NewCA(rand.Reader, "Test Trust Card CA", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return &softHSM{HSM: h, t: t, ca: ca}
}

// token initialises a token and writes a fresh key of kind kt and its
// certificate under CKA_ID id; allowed limits the key's mechanisms
// (pkcs11-tool's names) when not empty.
func (h *softHSM) token(label string, kt issue.KeyType, id string, allowed string) hsmToken {
	h.t.Helper()
	cert, key, err := h.ca.Card(issue.Template{CommonName: label, Key: kt})
	if err != nil {
		h.t.Fatal(err)
	}
	return hsmToken{label: label, reader: h.Token(label, id, key, cert, allowed), cert: cert, key: key}
}

func (h *softHSM) load() *Module {
	h.t.Helper()
	m, err := Load(context.Background(), softHSMModule)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { m.Close() })
	return m
}

// verify checks sig over SHA-256(challenge) with the key independently.
func verify(t testing.TB, pub crypto.PublicKey, challenge, sig []byte, pss bool) {
	t.Helper()
	if err := verifyErr(pub, challenge, sig, pss); err != nil {
		t.Fatal(err)
	}
}

func verifyErr(pub crypto.PublicKey, challenge, sig []byte, pss bool) error {
	d := sha256.Sum256(challenge)
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		if !ecdsa.VerifyASN1(k, d[:], sig) {
			return errors.New("ECDSA signature does not verify")
		}
		return nil
	case *rsa.PublicKey:
		if pss {
			return rsa.VerifyPSS(k, crypto.SHA256, d[:], sig, &rsa.PSSOptions{SaltLength: sha256.Size})
		}
		return rsa.VerifyPKCS1v15(k, crypto.SHA256, d[:], sig)
	}
	return fmt.Errorf("key %T", pub)
}

func challenge(t testing.TB) []byte {
	t.Helper()
	b := make([]byte, 32)
	rand.Read(b)
	return b
}

// clean fails the test when the module left a session open or the token
// logged in: a security officer login from a read-write session is refused
// while any read-only session is open (CKR_SESSION_READ_ONLY_EXISTS) or
// the user is logged in (CKR_USER_ANOTHER_ALREADY_LOGGED_IN).
func clean(t testing.TB, m *Module, reader string) {
	t.Helper()
	c := m.lib.ctx
	slot, err := findSlot(context.Background(), c, reader)
	if err != nil {
		t.Fatal(err)
	}
	sh, err := c.OpenSession(slot, p11.CKF_SERIAL_SESSION|p11.CKF_RW_SESSION)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseSession(sh)
	if err := c.Login(sh, p11.CKU_SO, soPIN); err != nil {
		t.Fatalf("a session is left open or logged in: SO login: %v", err)
	}
	c.Logout(sh)
}

func TestSoftHSMSign(t *testing.T) {
	h := newSoftHSM(t)
	ec := h.token("ward-ec", issue.ECDSAP256, "01", "")
	rsa15 := h.token("ward-rsa", issue.RSA2048, "02", "")
	pss := h.token("ward-rsa-pss", issue.RSA2048, "03", "RSA-PKCS-PSS,SHA256-RSA-PKCS-PSS")
	m := h.load()
	if i := m.Info(); !strings.Contains(i.Manufacturer, "SoftHSM") || i.Cryptoki == "" || i.Version == "" {
		t.Fatalf("info %+v", i)
	}
	for _, tc := range []struct {
		name string
		tok  hsmToken
		pss  bool
	}{{"P-256", ec, false}, {"RSA PKCS#1 v1.5", rsa15, false}, {"RSA allowed only PSS", pss, true}} {
		t.Run(tc.name, func(t *testing.T) {
			ch := challenge(t)
			var checked *x509.Certificate
			cert, sig, err := m.Sign(context.Background(), tc.tok.reader, testPIN, func(c *x509.Certificate) error {
				checked = c
				return nil
			}, ch)
			if err != nil {
				t.Fatal(err)
			}
			if !cert.Equal(tc.tok.cert) || !checked.Equal(cert) {
				t.Fatal("another certificate")
			}
			verify(t, tc.tok.cert.PublicKey, ch, sig, tc.pss)
			clean(t, m, tc.tok.reader)
		})
	}
}

// TestSoftHSMRefusals: a wrong PIN is a PINError (SoftHSM sets "count
// low" after one, and never locks); a check that fails stops Sign before
// the login, so even a wrong PIN costs nothing; a PIN outside the token's
// range is not tried; a reader with no slot is named.
func TestSoftHSMRefusals(t *testing.T) {
	h := newSoftHSM(t)
	tok := h.token("ward-ec", issue.ECDSAP256, "01", "")
	m := h.load()
	ctx := context.Background()
	ch := challenge(t)
	pinState := func() PINStatus {
		t.Helper()
		s, err := m.PIN(ctx, tok.reader)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := pinState(); s.CountLow || s.FinalTry || s.Locked || s.MinLen != 4 || s.MaxLen != 255 {
		t.Fatalf("fresh token: %+v", s)
	}

	t.Run("check before login", func(t *testing.T) {
		refused := errors.New("certificate not enrolled")
		cert, sig, err := m.Sign(ctx, tok.reader, "000000", func(*x509.Certificate) error { return refused }, ch)
		if !errors.Is(err, refused) || sig != nil || !cert.Equal(tok.cert) {
			t.Fatalf("got %v, sig %x", err, sig)
		}
		// The wrong PIN was never presented: no "count low".
		if s := pinState(); s.CountLow {
			t.Fatalf("a login was tried: %+v", s)
		}
		clean(t, m, tok.reader)
	})
	t.Run("PIN length", func(t *testing.T) {
		_, _, err := m.Sign(ctx, tok.reader, "12", nil, ch)
		if !errors.Is(err, ErrPINLen) {
			t.Fatalf("got %v", err)
		}
		if s := pinState(); s.CountLow {
			t.Fatalf("a login was tried: %+v", s)
		}
	})
	t.Run("wrong PIN", func(t *testing.T) {
		const wrong = "990011"
		_, sig, err := m.Sign(ctx, tok.reader, wrong, nil, ch)
		var pe *PINError
		if !errors.As(err, &pe) || !pe.CountLow || pe.FinalTry || sig != nil {
			t.Fatalf("got %v (%#v)", err, pe)
		}
		if strings.Contains(err.Error(), wrong) {
			t.Fatal("the PIN is in the error")
		}
		clean(t, m, tok.reader)
		// The right PIN still works, and clears the count.
		if _, _, err := m.Sign(ctx, tok.reader, testPIN, nil, ch); err != nil {
			t.Fatal(err)
		}
		if s := pinState(); s.CountLow {
			t.Fatalf("after the right PIN: %+v", s)
		}
	})
	t.Run("certificate without login", func(t *testing.T) {
		cert, err := m.Certificate(ctx, tok.reader)
		if err != nil || !cert.Equal(tok.cert) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("no slot", func(t *testing.T) {
		const reader = "Acme Reader 00 00"
		_, _, err := m.Sign(ctx, reader, testPIN, nil, ch)
		if !errors.Is(err, ErrNoSlot) || !strings.Contains(err.Error(), reader) || !strings.Contains(err.Error(), tok.reader) {
			t.Fatalf("got %v", err)
		}
		if _, err := m.Certificate(ctx, reader); !errors.Is(err, ErrNoSlot) {
			t.Fatalf("Certificate: %v", err)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, _, err := m.Sign(cctx, tok.reader, testPIN, nil, ch); !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v", err)
		}
		// Cancelled from check, between the certificate and the login.
		cctx, cancel = context.WithCancel(ctx)
		_, _, err := m.Sign(cctx, tok.reader, "000000", func(*x509.Certificate) error { cancel(); return nil }, ch)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v", err)
		}
		time.Sleep(50 * time.Millisecond) // the call finishes on its own
		if s := pinState(); s.CountLow {
			t.Fatalf("a login was tried after cancel: %+v", s)
		}
		clean(t, m, tok.reader)
	})
}

// TestSoftHSMNoCertificate: a token with a key but no certificate, and a
// certificate whose key cannot sign, give ErrNoCertificate.
func TestSoftHSMNoCertificate(t *testing.T) {
	h := newSoftHSM(t)
	h.Run("softhsm2-util", "--init-token", "--free", "--label", "empty", "--so-pin", soPIN, "--pin", testPIN)
	reader := h.Slot("empty")
	m := h.load()
	if _, err := m.Certificate(context.Background(), reader); !errors.Is(err, ErrNoCertificate) {
		t.Fatalf("empty token: %v", err)
	}
	if _, _, err := m.Sign(context.Background(), reader, testPIN, nil, challenge(t)); !errors.Is(err, ErrNoCertificate) {
		t.Fatalf("empty token: %v", err)
	}
	clean(t, m, reader)
}

// TestSoftHSMConcurrent signs from several goroutines on two tokens with
// two Modules of the same file: they share one initialised library.
func TestSoftHSMConcurrent(t *testing.T) {
	h := newSoftHSM(t)
	toks := []hsmToken{h.token("ward-a", issue.ECDSAP256, "01", ""), h.token("ward-b", issue.RSA2048, "01", "")}
	m1, m2 := h.load(), h.load()
	if m1.lib != m2.lib {
		t.Fatal("the same module file was initialised twice")
	}
	slots, err := m1.Slots(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string]bool{}
	for _, s := range slots {
		if s.Token {
			labels[s.Label] = true
		}
	}
	if !labels["ward-a"] || !labels["ward-b"] {
		t.Fatalf("slots %+v", slots)
	}
	errs := make(chan error, 16)
	for i := range 16 {
		go func() {
			m, tok := m1, toks[i%2]
			if i%4 >= 2 {
				m = m2
			}
			ch := challenge(t)
			_, sig, err := m.Sign(context.Background(), tok.reader, testPIN, nil, ch)
			if err == nil {
				err = verifyErr(tok.cert.PublicKey, ch, sig, false)
			}
			errs <- err
		}()
	}
	for range 16 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	// Closing one leaves the other working; closing twice is harmless.
	m1.Close()
	m1.Close()
	if _, _, err := m1.Sign(context.Background(), toks[0].reader, testPIN, nil, challenge(t)); !errors.Is(err, ErrClosed) {
		t.Fatalf("after Close: %v", err)
	}
	if _, _, err := m2.Sign(context.Background(), toks[0].reader, testPIN, nil, challenge(t)); err != nil {
		t.Fatal(err)
	}
	// The last Close finalises; a call after it is refused at once.
	m2.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := m2.Slots(ctx); !errors.Is(err, ErrClosed) {
		t.Fatalf("after the last Close: %v", err)
	}
}

// TestSoftHSMChoice: of several certificates, the one with key usage
// digitalSignature and a signing key; SoftHSM hides its private keys
// before login, so Sign chooses again after it, and checks that one too.
func TestSoftHSMChoice(t *testing.T) {
	h := newSoftHSM(t)
	ctx := context.Background()
	cert := func(cn string, usage x509.KeyUsage) (*x509.Certificate, crypto.Signer) {
		c, k, err := h.ca.Card(issue.Template{CommonName: cn, Key: issue.ECDSAP256, Usage: usage})
		if err != nil {
			t.Fatal(err)
		}
		return c, k
	}
	// Token A: 01 can only encipher, 02 signs.
	h.Run("softhsm2-util", "--init-token", "--free", "--label", "a", "--so-pin", soPIN, "--pin", testPIN)
	encCert, encKey := cert("enc", x509.KeyUsageKeyEncipherment)
	sigCert, sigKey := cert("sig", x509.KeyUsageDigitalSignature)
	h.Write("a", "01", encKey, encCert, "")
	h.Write("a", "02", sigKey, sigCert, "")
	// Token B: 01 is a certificate alone, 02 has its key.
	h.Run("softhsm2-util", "--init-token", "--free", "--label", "b", "--so-pin", soPIN, "--pin", testPIN)
	loneCert, _ := cert("lone", x509.KeyUsageDigitalSignature)
	keyedCert, keyedKey := cert("keyed", x509.KeyUsageDigitalSignature)
	dir := t.TempDir()
	lone := filepath.Join(dir, "lone.der")
	must(t, os.WriteFile(lone, loneCert.Raw, 0o600))
	h.Run("pkcs11-tool", "--module", softHSMModule, "--token-label", "b", "--login", "--pin", testPIN,
		"--write-object", lone, "--type", "cert", "--id", "01")
	h.Write("b", "02", keyedKey, keyedCert, "")
	a, b := h.Slot("a"), h.Slot("b")
	m := h.load()

	if c, err := m.Certificate(ctx, a); err != nil || !c.Equal(sigCert) {
		t.Fatalf("token a: %v %v", c.Subject, err)
	}
	ch := challenge(t)
	c, sig, err := m.Sign(ctx, a, testPIN, nil, ch)
	if err != nil || !c.Equal(sigCert) {
		t.Fatalf("token a: %v", err)
	}
	verify(t, sigCert.PublicKey, ch, sig, false)

	var checked []string
	c, sig, err = m.Sign(ctx, b, testPIN, func(c *x509.Certificate) error {
		checked = append(checked, c.Subject.CommonName)
		return nil
	}, ch)
	if err != nil || !c.Equal(keyedCert) {
		t.Fatalf("token b: %v", err)
	}
	verify(t, keyedCert.PublicKey, ch, sig, false)
	if strings.Join(checked, ",") != "lone,keyed" {
		t.Fatalf("checked %v", checked)
	}
	clean(t, m, b)
}
