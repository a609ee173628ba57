// Package softhsmtest makes SoftHSM2 tokens for tests the way a Trust's
// maintainer would: softhsm2-util initialises a token, pkcs11-tool
// writes a key and its certificate. SoftHSM is a second PKCS#11 module,
// independent of OpenSC, with no card and no PC/SC: its slots are named
// "SoftHSM slot ID 0x…", which the tests pass where a reader's name goes.
package softhsmtest

import (
	"crypto"
	"crypto/x509"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wardkiosk/kiosk/internal/ci"
)

// Module is Debian softhsm2's PKCS#11 module.
const Module = "/usr/lib/softhsm/libsofthsm2.so"

// The PINs of every token made here.
const (
	PIN   = "123456"
	SOPIN = "87654321"
)

// HSM is a private SoftHSM2 set-up: its own configuration and token
// directory, named by SOFTHSM2_CONF for the test (and so for a module
// probe's child process).
type HSM struct {
	t    testing.TB
	conf string
}

// New makes the set-up. Without softhsm2 or pkcs11-tool the test skips,
// or under CI=true fails.
func New(t testing.TB) *HSM {
	t.Helper()
	var missing []string
	for _, b := range []string{"softhsm2-util", "pkcs11-tool"} {
		if _, err := exec.LookPath(b); err != nil {
			missing = append(missing, b)
		}
	}
	if _, err := os.Stat(Module); err != nil {
		missing = append(missing, Module)
	}
	if len(missing) > 0 {
		ci.SkipOrFail(t, "this test needs %s (softhsm2, opensc); run scripts/install-deps.sh", strings.Join(missing, ", "))
	}
	dir := t.TempDir()
	tokens := filepath.Join(dir, "tokens")
	if err := os.Mkdir(tokens, 0o700); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "softhsm2.conf")
	if err := os.WriteFile(conf, []byte("directories.tokendir = "+tokens+"\nobjectstore.backend = file\nlog.level = ERROR\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SOFTHSM2_CONF", conf) // before the module loads: its probe child inherits it
	return &HSM{t: t, conf: conf}
}

// Run runs a SoftHSM or OpenSC tool on this set-up and returns its output.
func (h *HSM) Run(name string, args ...string) string {
	h.t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "SOFTHSM2_CONF="+h.conf)
	out, err := cmd.CombinedOutput()
	if err != nil {
		h.t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// Token initialises a token labelled label, writes key and cert on it
// under CKA_ID id, and returns its slot's description. allowed limits the
// key's mechanisms (pkcs11-tool's names, comma-separated) when not empty.
func (h *HSM) Token(label, id string, key crypto.Signer, cert *x509.Certificate, allowed string) (slot string) {
	h.t.Helper()
	h.Run("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", SOPIN, "--pin", PIN)
	h.Write(label, id, key, cert, allowed)
	return h.Slot(label)
}

// Write puts a key (as PKCS#8) and its certificate on the token.
func (h *HSM) Write(label, id string, key crypto.Signer, cert *x509.Certificate, allowed string) {
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
	base := []string{"--module", Module, "--token-label", label, "--login", "--pin", PIN}
	keyArgs := append(base, "--write-object", keyFile, "--type", "privkey", "--id", id, "--label", label+" key", "--usage-sign")
	if allowed != "" {
		keyArgs = append(keyArgs, "--allowed-mechanisms", allowed)
	}
	h.Run("pkcs11-tool", keyArgs...)
	h.Run("pkcs11-tool", append(base, "--write-object", certFile, "--type", "cert", "--id", id, "--label", label+" cert")...)
}

// Slot is the description of the token's slot, which SoftHSM names after
// the slot's ID: what a PC/SC reader's name would be.
func (h *HSM) Slot(label string) string {
	h.t.Helper()
	out := h.Run("softhsm2-util", "--show-slots")
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
