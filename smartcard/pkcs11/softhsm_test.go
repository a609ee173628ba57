package pkcs11

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	p11 "github.com/miekg/pkcs11"

	"github.com/wardkiosk/kiosk/internal/ci"
	"github.com/wardkiosk/kiosk/smartcard/issue"
)

// SoftHSMModule is Debian softhsm2's PKCS#11 module.
const softHSMModule = "/usr/lib/softhsm/libsofthsm2.so"

const (
	testPIN = "123456"
	soPIN   = "87654321"
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
	t    *testing.T
	conf string
	ca   *issue.Authority
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
	requireTools(t, []string{softHSMModule}, "softhsm2-util", "pkcs11-tool")
	dir := t.TempDir()
	tokens := filepath.Join(dir, "tokens")
	if err := os.Mkdir(tokens, 0o700); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "softhsm2.conf")
	if err := os.WriteFile(conf, []byte("directories.tokendir = "+tokens+"\nobjectstore.backend = file\nlog.level = ERROR\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Before Load: the probe child inherits it.
	t.Setenv("SOFTHSM2_CONF", conf)
	ca, err := issue.NewCA(rand.Reader, "Test Trust Card CA", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return &softHSM{t: t, conf: conf, ca: ca}
}

func (h *softHSM) run(name string, args ...string) string {
	h.t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "SOFTHSM2_CONF="+h.conf)
	out, err := cmd.CombinedOutput()
	if err != nil {
		h.t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// token initialises a token and writes a fresh key of kind kt and its
// certificate under CKA_ID id; allowed limits the key's mechanisms
// (pkcs11-tool's names) when not empty.
func (h *softHSM) token(label string, kt issue.KeyType, id string, allowed string) hsmToken {
	h.t.Helper()
	h.run("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", soPIN, "--pin", testPIN)
	cert, key, err := h.ca.Card(issue.Template{CommonName: label, Key: kt})
	if err != nil {
		h.t.Fatal(err)
	}
	h.write(label, id, key, cert, allowed)
	return hsmToken{label: label, reader: h.reader(label), cert: cert, key: key}
}

// write puts a key (PKCS#8 DER) and its certificate on the token.
func (h *softHSM) write(label, id string, key crypto.Signer, cert *x509.Certificate, allowed string) {
	h.t.Helper()
	dir := h.t.TempDir()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		h.t.Fatal(err)
	}
	keyFile, certFile := filepath.Join(dir, "key.der"), filepath.Join(dir, "cert.der")
	if err := os.WriteFile(keyFile, der, 0o600); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(certFile, cert.Raw, 0o600); err != nil {
		h.t.Fatal(err)
	}
	base := []string{"--module", softHSMModule, "--token-label", label, "--login", "--pin", testPIN}
	keyArgs := append(base, "--write-object", keyFile, "--type", "privkey", "--id", id, "--label", label+" key", "--usage-sign")
	if allowed != "" {
		keyArgs = append(keyArgs, "--allowed-mechanisms", allowed)
	}
	h.run("pkcs11-tool", keyArgs...)
	h.run("pkcs11-tool", append(base, "--write-object", certFile, "--type", "cert", "--id", id, "--label", label+" cert")...)
}

// reader is the description of the token's slot, which SoftHSM names
// after the slot's ID.
func (h *softHSM) reader(label string) string {
	h.t.Helper()
	out := h.run("softhsm2-util", "--show-slots")
	var desc string
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		if d, ok := strings.CutPrefix(line, "Description:"); ok {
			desc = strings.TrimSpace(d)
		}
		if l, ok := strings.CutPrefix(line, "Label:"); ok && strings.TrimSpace(l) == label {
			return desc
		}
	}
	h.t.Fatalf("no slot for token %q in:\n%s", label, out)
	return ""
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
	d := sha256.Sum256(challenge)
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		if !ecdsa.VerifyASN1(k, d[:], sig) {
			t.Fatal("ECDSA signature does not verify")
		}
	case *rsa.PublicKey:
		var err error
		if pss {
			err = rsa.VerifyPSS(k, crypto.SHA256, d[:], sig, &rsa.PSSOptions{SaltLength: sha256.Size})
		} else {
			err = rsa.VerifyPKCS1v15(k, crypto.SHA256, d[:], sig)
		}
		if err != nil {
			t.Fatalf("RSA signature (pss %v): %v", pss, err)
		}
	default:
		t.Fatalf("key %T", pub)
	}
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
