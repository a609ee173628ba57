package auth_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
)

// distinctPasswords are passwords that pass every profile and differ from
// one another and from goodPassword, for walking a history.
var distinctPasswords = func() []string {
	words := []string{"Ember-Quilt-Sprocket", "Gravel-Tundra-Wisp", "Cobalt-Meadow-Flint", "Hatchet-Velvet-Crumb",
		"Juniper-Anvil-Drift", "Marble-Cinder-Perch", "Nimbus-Orchard-Slate", "Pewter-Quiver-Thistle",
		"Rustic-Sable-Timber", "Walnut-Zephyr-Beacon", "Bramble-Chisel-Dune", "Falcon-Garnet-Harvest",
		"Kestrel-Lantern-Mosaic", "Oyster-Prism-Tumble"}
	nums := []int{14, 25, 36, 47, 58, 69, 70, 81, 92, 13, 24, 35, 46, 57}
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = fmt.Sprintf("%s-%d", w, nums[i])
	}
	return out
}()

// TestHistoryDepth pins the not-previous depth of each profile: the
// password depth changes back is refused, one further back is accepted.
func TestHistoryDepth(t *testing.T) {
	for _, tt := range []struct {
		profile string
		depth   int
	}{{"esr-2019", 12}, {"esr-2021", 4}} {
		t.Run(tt.profile, func(t *testing.T) {
			p, err := policy.Lookup(tt.profile)
			if err != nil {
				t.Fatal(err)
			}
			if p.History != tt.depth {
				t.Fatalf("%s history = %d, want %d", tt.profile, p.History, tt.depth)
			}
			f := newFixture(t, func(o *auth.Options) { o.Profile = p })
			first := distinctPasswords[len(distinctPasswords)-1]
			u := f.addUser("Jane", "Smith", "jane.smith@example.nhs.uk", first)
			s, err := f.svc.Login(f.ctx, "T1", u.Username, first)
			if err != nil {
				t.Fatal(err)
			}
			cur := first
			change := func(next string) error {
				err := f.svc.ChangePassword(f.ctx, s, cur, next, next)
				if err == nil {
					cur = next
				}
				return err
			}
			// first is now 0 changes back; after depth changes it is depth back.
			for i := range tt.depth {
				if err := change(distinctPasswords[i]); err != nil {
					t.Fatalf("change %d: %v", i+1, err)
				}
			}
			var pe *auth.PolicyError
			if err := change(first); !errors.As(err, &pe) || pe.Failures[len(pe.Failures)-1].Rule != policy.NotPrevious {
				t.Fatalf("the password %d back: %v, want refused as not-previous", tt.depth, err)
			}
			if err := change(distinctPasswords[tt.depth]); err != nil {
				t.Fatal(err)
			}
			if err := change(first); err != nil {
				t.Fatalf("the password %d back: %v, want accepted", tt.depth+1, err)
			}
		})
	}
}

// TestCodeExpiryBoundary pins the lifetime: a code is good until just
// before 30:00 and refused at exactly 30:00.
func TestCodeExpiryBoundary(t *testing.T) {
	for _, tt := range []struct {
		name  string
		after time.Duration
		ok    bool
	}{
		{"just under 30:00", 30*time.Minute - time.Nanosecond, true},
		{"29:59", 29*time.Minute + 59*time.Second, true},
		{"exactly 30:00", 30 * time.Minute, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			u := f.jane()
			code := f.requestCode(u)
			f.clock.Advance(tt.after)
			_, err := f.svc.Reset(f.ctx, "T1", code, u.Username, newPassword, newPassword)
			if tt.ok && err != nil {
				t.Fatalf("after %v: %v, want accepted", tt.after, err)
			}
			if !tt.ok && !errors.Is(err, auth.ErrResetFailed) {
				t.Fatalf("after %v: %v, want ErrResetFailed", tt.after, err)
			}
		})
	}
}

// TestNoHistoryProfile: a profile without not-previous lets the current
// password be set again.
func TestNoHistoryProfile(t *testing.T) {
	p, err := policy.Lookup("nist-800-63b-4")
	if err != nil {
		t.Fatal(err)
	}
	if p.History != 0 {
		t.Fatalf("nist-800-63b-4 history = %d, want 0", p.History)
	}
	const pw = "Walnut-Zephyr-Beacon-Quartz-58"
	f := newFixture(t, func(o *auth.Options) { o.Profile = p })
	u := f.addUser("Jane", "Smith", "jane.smith@example.nhs.uk", pw)
	s, err := f.svc.Login(f.ctx, "T1", u.Username, pw)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.ChangePassword(f.ctx, s, pw, pw, pw); err != nil {
		t.Fatalf("the current password again, with no history rule: %v", err)
	}
	// `kiosk policy check --user` says the same.
	if fails, err := f.svc.CheckPassword(f.ctx, u.Username, p, pw, true); err != nil || len(fails) != 0 {
		t.Fatalf("policy check of the current password, with no history rule: %v, %v", fails, err)
	}
}

// TestAddForbiddenWord: a maintainer may forbid any one word of three or
// more characters, such as the Trust's initials, and passwords are checked
// against it from then on; anything else is refused as invalid.
func TestAddForbiddenWord(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	for _, w := range []string{"ab", "two words", "tab\tword", "ctl\x01x", "  "} {
		if err := f.svc.AddForbiddenWord(f.ctx, f.admin, w); !errors.Is(err, auth.ErrInvalid) {
			t.Errorf("forbid %q: %v, want ErrInvalid", w, err)
		}
	}
	const pw = "Brisk-Uhb-Lamp-48"
	if fails, err := f.svc.CheckPassword(f.ctx, u.Username, f.svc.Profile(), pw, false); err != nil || len(fails) != 0 {
		t.Fatalf("check before uhb is forbidden: %v, %v; want it accepted", fails, err)
	}
	if err := f.svc.AddForbiddenWord(f.ctx, f.admin, " UHB "); err != nil {
		t.Fatalf("forbid UHB: %v", err)
	}
	words, err := f.svc.ForbiddenWords(f.ctx)
	if err != nil || !slices.Contains(words, "uhb") || slices.Contains(words, "ab") {
		t.Fatalf("forbidden words %q, %v; want uhb and not ab", words, err)
	}
	fails, err := f.svc.CheckPassword(f.ctx, u.Username, f.svc.Profile(), pw, false)
	if err != nil || len(fails) != 1 || fails[0].Rule != policy.NoForbiddenWords {
		t.Fatalf("check with uhb forbidden: %v, %v; want %s", fails, err, policy.NoForbiddenWords)
	}
}
