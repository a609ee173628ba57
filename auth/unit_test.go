package auth

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/wardkiosk/kiosk/auth/policy"
)

func TestNewCodeShape(t *testing.T) {
	seen := map[string]bool{}
	for i := range 200 {
		c, err := newCode(bytes.NewReader(bytes.Repeat([]byte{byte(i), byte(i * 7)}, 4)))
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != 14 || c[4] != '-' || c[9] != '-' || NormalizeCode(c) != strings.ReplaceAll(c, "-", "") {
			t.Fatalf("code %q is not three groups of four", c)
		}
		seen[c] = true
	}
	if len(seen) < 150 {
		t.Fatalf("codes repeat: %d distinct of 200", len(seen))
	}
}

func TestNormalizeCode(t *testing.T) {
	for in, want := range map[string]string{
		"K7Q2-M9XD-4TZP":    "K7Q2M9XD4TZP",
		"k7q2 m9xd 4tzp":    "K7Q2M9XD4TZP",
		" k7q2m9xd4tzp ":    "K7Q2M9XD4TZP",
		"IL0O-0000-0000":    "11000000000" + "0",
		"K7Q2-M9XD-4TZ":     "",
		"K7Q2-M9XD-4TZPP":   "",
		"K7Q2-M9XD-4TZU":    "",
		"K7Q2-M9XD-4TZ\x00": "",
		"Ｋ7Q2-M9XD-4TZP":    "",
	} {
		if got := NormalizeCode(in); got != want {
			t.Errorf("NormalizeCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzNormalizeCode(f *testing.F) {
	for _, s := range []string{"K7Q2-M9XD-4TZP", "iloo", "", "----"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeCode(s)
		if n != "" && (len(n) != codeLen || NormalizeCode(n) != n) {
			t.Fatalf("NormalizeCode(%q) = %q", s, n)
		}
	})
}

func TestPHCRoundTrip(t *testing.T) {
	p := Argon2{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	h, err := p.hash(bytes.NewReader(make([]byte, 16)), "pässword")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("not PHC: %s", h)
	}
	ok, stale, err := verify(h, "pässword", p)
	if !ok || stale || err != nil {
		t.Fatalf("verify = %v %v %v", ok, stale, err)
	}
	if ok, _, _ := verify(h, "password", p); ok {
		t.Fatal("a different password verified")
	}
	if _, stale, _ := verify(h, "pässword", DefaultArgon2); !stale {
		t.Fatal("weaker parameters must be stale")
	}
}

func FuzzParsePHC(f *testing.F) {
	f.Add("$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5aw")
	f.Add("$argon2id$v=19$m=0,t=0,p=0$$")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := parsePHC(s)
		if err == nil && (h.params.Memory == 0 || h.params.Time == 0 || h.params.Threads == 0 || len(h.key) < 16) {
			t.Fatalf("accepted %q as %+v", s, h.params)
		}
	})
}

func FuzzUsernameStem(f *testing.F) {
	f.Add("382", "Jane", "Smith")
	f.Add("382", "Zoë", "O'Brien-Ångström")
	f.Add("1", "", "x")
	f.Fuzz(func(t *testing.T, org, first, last string) {
		if len(org) > 5 {
			return
		}
		stem, err := usernameStem(org, first, last)
		if err != nil {
			return
		}
		if len(stem)+2 > MaxUsernameLen {
			t.Fatalf("stem %q too long", stem)
		}
		for _, r := range stem[len(org):] {
			if r < 'A' || r > 'Z' {
				t.Fatalf("stem %q holds %q", stem, r)
			}
		}
	})
}

// TestNewNeedsStoreListsAndKey: a service needs a store, word lists and
// a reset code key of at least 16 bytes.
func TestNewNeedsStoreListsAndKey(t *testing.T) {
	type store struct{ Store } // New only keeps it
	lists := func() (*policy.Lists, error) { return nil, nil }
	for _, c := range []struct {
		name string
		o    Options
		ok   bool
	}{
		{"a key of 16 bytes", Options{Store: store{}, Lists: lists, CodeKey: make([]byte, 16)}, true},
		{"a key of 15 bytes", Options{Store: store{}, Lists: lists, CodeKey: make([]byte, 15)}, false},
		{"no key", Options{Store: store{}, Lists: lists}, false},
		{"no store", Options{Lists: lists, CodeKey: make([]byte, 32)}, false},
		{"no lists", Options{Store: store{}, CodeKey: make([]byte, 32)}, false},
	} {
		if _, err := New(c.o); (err == nil) != c.ok {
			t.Errorf("%s: New: %v, want ok %v", c.name, err, c.ok)
		}
	}
}

// TestPickUsername: the suffixes run from 01 to 99, the lowest free one
// first; with all 99 taken the stem is full.
func TestPickUsername(t *testing.T) {
	var taken []string
	for i := 1; i <= 98; i++ {
		taken = append(taken, fmt.Sprintf("382JSMITH%02d", i))
	}
	if u, err := pickUsername("382JSMITH", taken[1:]); err != nil || u != "382JSMITH01" {
		t.Errorf("01 free: %q, %v", u, err)
	}
	if u, err := pickUsername("382JSMITH", taken); err != nil || u != "382JSMITH99" {
		t.Errorf("01 to 98 taken: %q, %v; want 382JSMITH99", u, err)
	}
	taken = append(taken, "382JSMITH99")
	if u, err := pickUsername("382JSMITH", taken); !errors.Is(err, ErrConflict) {
		t.Errorf("01 to 99 taken: %q, %v; want ErrConflict", u, err)
	}
}

func TestLockDuration(t *testing.T) {
	s := &Service{o: Options{LockDuration: 15 * 60e9, LockMax: 24 * 3600e9}}
	want := []float64{15, 30, 60, 120, 240, 480, 960, 1440, 1440}
	for i, w := range want {
		if got := s.lockDuration(i).Minutes(); got != w {
			t.Errorf("lock %d: %v minutes, want %v", i+1, got, w)
		}
	}
}

// BenchmarkArgon2Verify is one verify with the real parameters: the unit
// the login target is measured in.
func BenchmarkArgon2Verify(b *testing.B) {
	h, err := DefaultArgon2.hash(bytes.NewReader(make([]byte, 64)), "Brisk-Owl-Lamp-48")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		verify(h, "Wrong-Guess-Again-58", DefaultArgon2)
	}
}

// TestPreviousForms pins the forms not-previous verifies and their bound.
func TestPreviousForms(t *testing.T) {
	got := previousForms(" Grove-Tiger-47 ")
	want := []string{" Grove-Tiger-47 ", "Grove-Tiger-47", "grove-tiger-47", "GROVE-TIGER-47", "Grove-tiger-47", "gROVE-tIGER-47"}
	if !slices.Equal(got, want) {
		t.Errorf("previousForms = %q, want %q", got, want)
	}
	if got := previousForms("   "); !slices.Equal(got, []string{"   "}) {
		t.Errorf("previousForms(spaces) = %q", got)
	}
	if n := len(previousForms(" mIxEd cAsE 1 ")); n > maxPreviousForms {
		t.Errorf("%d forms, want at most %d", n, maxPreviousForms)
	}
}

// BenchmarkIsPreviousWorstCase measures not-previous at esr-2019's depth
// with the real argon2id parameters for a new password that matches none:
// every form against the current hash and 12 remembered ones.
func BenchmarkIsPreviousWorstCase(b *testing.B) {
	var hashes []string
	for i := range 13 {
		h, err := DefaultArgon2.hash(rand.Reader, fmt.Sprintf("Old-Password-%d", i))
		if err != nil {
			b.Fatal(err)
		}
		hashes = append(hashes, h)
	}
	for b.Loop() {
		if same, _ := isPrevious(context.Background(), nil, "Grove-Tiger-47", hashes[0], hashes[1:]); same {
			b.Fatal("matched")
		}
	}
	b.ReportMetric(float64(len(previousForms("Grove-Tiger-47"))*len(hashes)), "verifies/op")
}

// TestVerifyPasswordBeforePRECIS checks that a password set before
// passwords were prepared with PRECIS, with a no-break space in it, still
// signs in and is marked for rehashing, and that the prepared form (a plain
// space) matches a hash made now.
func TestVerifyPasswordBeforePRECIS(t *testing.T) {
	p := Argon2{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	old, err := p.hash(rand.Reader, "Gravel\u00a0Tundra-61") // NFC alone, as stored before
	if err != nil {
		t.Fatal(err)
	}
	if ok, stale, err := verifyPassword(old, "Gravel\u00a0Tundra-61", p); !ok || !stale || err != nil {
		t.Errorf("old hash, same password: ok %v stale %v err %v, want a match to rehash", ok, stale, err)
	}
	if ok, _, _ := verifyPassword(old, "Gravel Tundra-61x", p); ok {
		t.Error("old hash, another password matches")
	}
	now, err := p.hash(rand.Reader, normalizePassword("Gravel\u00a0Tundra-61"))
	if err != nil {
		t.Fatal(err)
	}
	for _, typed := range []string{"Gravel\u00a0Tundra-61", "Gravel Tundra-61", "Gravel\u2009Tundra-61"} {
		if ok, stale, err := verifyPassword(now, typed, p); !ok || stale || err != nil {
			t.Errorf("new hash, %+q: ok %v stale %v err %v", typed, ok, stale, err)
		}
	}
}
