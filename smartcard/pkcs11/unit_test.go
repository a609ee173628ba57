package pkcs11

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	p11 "github.com/miekg/pkcs11"
)

func TestMatches(t *testing.T) {
	long := "Identiv uTrust 3700 F Contactless Reader with a Very Long Name 00 00 (extra)"
	for _, tc := range []struct {
		reader, desc string
		want         bool
	}{
		{"Virtual PCD 00 00", "Virtual PCD 00 00", true},
		{"Virtual PCD 00 00", "Virtual PCD 00 01", false},
		{"Virtual PCD 00 00", "Virtual PCD 00", false},
		{"Virtual PCD 00 00", "", false},
		{"", "", false},
		{long, strings.TrimRight(long[:64], " "), true}, // the 64-byte field holds the start
		{long, strings.TrimRight(long[:60], " "), false},
		{long[:64], long[:63], false},
	} {
		if got := matches(tc.reader, tc.desc); got != tc.want {
			t.Errorf("matches(%q, %q) = %v", tc.reader, tc.desc, got)
		}
	}
}

func TestChooseMechanism(t *testing.T) {
	ec := &ecdsa.PublicKey{Curve: elliptic.P256()}
	rk := &rsa.PublicKey{}
	all := []uint{p11.CKM_ECDSA, p11.CKM_ECDSA_SHA256, p11.CKM_RSA_PKCS, p11.CKM_SHA256_RSA_PKCS, p11.CKM_RSA_PKCS_PSS, p11.CKM_SHA256_RSA_PKCS_PSS}
	for _, tc := range []struct {
		name           string
		pub            any
		token, allowed []uint
		want           uint // 0: ErrKeyType
	}{
		{"EC raw first", ec, all, nil, p11.CKM_ECDSA},
		{"EC hash on token", ec, []uint{p11.CKM_ECDSA_SHA256, p11.CKM_RSA_PKCS}, nil, p11.CKM_ECDSA_SHA256},
		{"EC key allows only hashing", ec, all, []uint{p11.CKM_ECDSA_SHA256}, p11.CKM_ECDSA_SHA256},
		{"EC nothing", ec, []uint{p11.CKM_RSA_PKCS}, nil, 0},
		{"RSA PKCS#1 first", rk, all, nil, p11.CKM_RSA_PKCS},
		{"RSA hash on token", rk, []uint{p11.CKM_SHA256_RSA_PKCS, p11.CKM_RSA_PKCS_PSS}, nil, p11.CKM_SHA256_RSA_PKCS},
		{"RSA allowed PSS", rk, all, []uint{p11.CKM_RSA_PKCS_PSS, p11.CKM_SHA256_RSA_PKCS_PSS}, p11.CKM_RSA_PKCS_PSS},
		{"RSA PSS on token only", rk, []uint{p11.CKM_SHA256_RSA_PKCS_PSS}, nil, p11.CKM_SHA256_RSA_PKCS_PSS},
		{"RSA allowed none offered", rk, []uint{p11.CKM_RSA_PKCS}, []uint{p11.CKM_RSA_PKCS_PSS}, 0},
		{"other key", "ed25519?", all, nil, 0},
	} {
		m, err := chooseMechanism(tc.pub, tc.token, tc.allowed)
		if tc.want == 0 {
			if !errors.Is(err, ErrKeyType) {
				t.Errorf("%s: got %v, %v", tc.name, m.Name, err)
			}
			continue
		}
		if err != nil || m.Type != tc.want {
			t.Errorf("%s: got %s (%v), want 0x%x", tc.name, m.Name, err, tc.want)
		}
	}
}

// TestMechanismInput: what each mechanism hands the token, and a raw
// ECDSA r||s becomes a DER signature that verifies; a bad one does not.
func TestMechanismInput(t *testing.T) {
	ch := []byte("challenge")
	d := sha256.Sum256(ch)
	for _, m := range append(append([]mechanism{}, ecMechs...), rsaMechs...) {
		in := m.input(ch)
		switch {
		case m.Info:
			if len(in) != 51 || string(in[19:]) != string(d[:]) {
				t.Errorf("%s: %x", m.Name, in)
			}
		case m.Prehash:
			if string(in) != string(d[:]) {
				t.Errorf("%s: %x", m.Name, in)
			}
		default:
			if string(in) != string(ch) {
				t.Errorf("%s: %x", m.Name, in)
			}
		}
	}
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	r, s, err := ecdsa.Sign(rand.Reader, key, d[:])
	if err != nil {
		t.Fatal(err)
	}
	raw := make([]byte, 64)
	r.FillBytes(raw[:32])
	s.FillBytes(raw[32:])
	der, err := ecMechs[0].finish(&key.PublicKey, ch, raw)
	if err != nil || !ecdsa.VerifyASN1(&key.PublicKey, d[:], der) {
		t.Fatalf("DER: %v", err)
	}
	raw[5] ^= 1
	if _, err := ecMechs[0].finish(&key.PublicKey, ch, raw); err == nil {
		t.Fatal("a bad signature verified")
	}
	if _, err := ecMechs[0].finish(&key.PublicKey, ch, raw[:63]); err == nil {
		t.Fatal("a short signature passed")
	}
}

func TestULongs(t *testing.T) {
	b := make([]byte, 16)
	binary.NativeEndian.PutUint64(b, p11.CKM_RSA_PKCS_PSS)
	binary.NativeEndian.PutUint64(b[8:], p11.CKM_SHA256_RSA_PKCS_PSS)
	if got := ulongs(b); len(got) != 2 || got[0] != p11.CKM_RSA_PKCS_PSS || got[1] != p11.CKM_SHA256_RSA_PKCS_PSS {
		t.Fatalf("got %v", got)
	}
	if got := ulongs(nil); len(got) != 0 {
		t.Fatalf("got %v", got)
	}
}

func TestCrashSignal(t *testing.T) {
	for in, want := range map[string]string{
		"fatal error: unexpected signal during runtime execution\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x7f]\n": "segmentation fault",
		"SIGABRT: abort\nPC=0x7f m=0 sigcode=18446744073709551610\n":                                                                    "aborted",
		"SIGBUS: bus error\n": "bus error",
		"panic: something\n":  "",
	} {
		if got := crashSignal(in); got != want {
			t.Errorf("crashSignal(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestErrorMapping: the CKR_ codes callers act on become this package's
// errors, with the code kept for the log.
func TestErrorMapping(t *testing.T) {
	for code, want := range map[p11.Error]error{
		p11.CKR_DEVICE_REMOVED:         ErrRemoved,
		p11.CKR_TOKEN_NOT_PRESENT:      ErrRemoved,
		p11.CKR_SESSION_CLOSED:         ErrRemoved,
		p11.CKR_SESSION_HANDLE_INVALID: ErrRemoved,
		p11.CKR_PIN_LOCKED:             ErrLocked,
		p11.CKR_PIN_LEN_RANGE:          ErrPINLen,
	} {
		err := wrap("C_Login", code)
		var pe p11.Error
		if !errors.Is(err, want) || !errors.As(err, &pe) || pe != code {
			t.Errorf("0x%x: %v", uint(code), err)
		}
	}
	err := wrap("C_Sign", p11.Error(p11.CKR_FUNCTION_FAILED))
	var pe p11.Error
	if !errors.As(err, &pe) || errors.Is(err, ErrRemoved) || !strings.Contains(err.Error(), "CKR_FUNCTION_FAILED") {
		t.Errorf("other: %v", err)
	}
	if err := signError("C_SignInit", p11.Error(p11.CKR_KEY_FUNCTION_NOT_PERMITTED)); !errors.Is(err, ErrKeyType) {
		t.Errorf("not permitted: %v", err)
	}
}

// FuzzModuleAnswers feeds what a module returns (an ECDSA signature, a
// CKA_ALLOWED_MECHANISMS value, a slot description) to their parsers.
func FuzzModuleAnswers(f *testing.F) {
	f.Add(make([]byte, 64), "Virtual PCD 00 00")
	f.Add([]byte{1, 2, 3}, "")
	f.Fuzz(func(t *testing.T, b []byte, desc string) {
		if der, err := ecdsaDER(b, 32); err == nil && len(der) == 0 {
			t.Fatal("empty DER")
		}
		if n := len(ulongs(b)); n != len(b)/8 {
			t.Fatalf("%d values from %d bytes", n, len(b))
		}
		// A reader's name matches the slot named after it, cut to the
		// 64 bytes of a slot description and trimmed.
		reader := string(b) + desc
		slot := reader
		if len(slot) > slotDescLen {
			slot = slot[:slotDescLen]
		}
		if slot = trim(slot); slot != "" && !matches(reader, slot) && len(reader) > slotDescLen {
			t.Fatalf("reader %q does not match its slot %q", reader, slot)
		}
	})
}
