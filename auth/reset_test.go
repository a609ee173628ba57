package auth_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
)

const newPassword = "Gravel-Tundra-Wisp-61"

func TestForgotPasswordSameAnswer(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	cases := []struct {
		name, user, email string
		sends             bool
	}{
		{"match", u.Username, u.Email, true},
		{"match, other case and spaces", " 382jsmith01", " JANE.SMITH@example.nhs.uk ", true},
		{"wrong email", u.Username, "someone@example.nhs.uk", false},
		{"unknown user", "382NOBODY01", u.Email, false},
		{"empty", "", "", false},
	}
	for _, c := range cases {
		before := len(f.messages())
		f.slept = nil
		if err := f.svc.ForgotPassword(f.ctx, "T1", c.user, c.email); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if sent := len(f.messages()) > before; sent != c.sends {
			t.Errorf("%s: sent = %v, want %v", c.name, sent, c.sends)
		}
		// The test clock stands still, so the whole floor is slept.
		if len(f.slept) != 1 || f.slept[0] != 250*time.Millisecond {
			t.Errorf("%s: slept %v, want the 250ms floor", c.name, f.slept)
		}
		f.clock.Advance(21 * time.Minute) // stay under the hourly limit
	}
	m := f.messages()[0]
	if m.To != u.Email || m.Kind != auth.KindResetCode || m.Status != auth.MessageQueued {
		t.Fatalf("message = %+v", m)
	}
	if !codeRE.MatchString(m.Body) || !strings.Contains(m.Body, "WARD7-T1") && !strings.Contains(m.Body, "T1") {
		t.Fatalf("body lacks the code on a line of its own or the terminal:\n%s", m.Body)
	}
}

func TestForgotUsername(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	dob := time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		email string
		dob   time.Time
		sends bool
	}{
		{u.Email, dob, true},
		{"JANE.SMITH@EXAMPLE.NHS.UK", dob, true},
		{u.Email, dob.AddDate(0, 0, 1), false},
		{"nobody@example.nhs.uk", dob, false},
	} {
		before := len(f.messages())
		if err := f.svc.ForgotUsername(f.ctx, "T1", c.email, c.dob); err != nil {
			t.Fatal(err)
		}
		if sent := len(f.messages()) > before; sent != c.sends {
			t.Errorf("%s %s: sent = %v, want %v", c.email, c.dob.Format(time.DateOnly), sent, c.sends)
		}
	}
	ms := f.messages()
	m := ms[len(ms)-1]
	if m.Kind != auth.KindUsernameReminder || !strings.Contains(m.Body, "\n"+u.Username+"\n") {
		t.Fatalf("reminder lacks the username on its own line:\n%s", m.Body)
	}
	// The newest reminder's code works, as the staff guide says.
	code := f.lastCode()
	if _, err := f.svc.Reset(f.ctx, "T1", code, u.Username, newPassword, newPassword); err != nil {
		t.Fatalf("reset with the reminder's code: %v", err)
	}
}

func TestAssistanceRateLimit(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	for range 5 {
		f.svc.ForgotPassword(f.ctx, "T1", u.Username, u.Email)
		f.clock.Advance(time.Minute)
	}
	f.svc.ForgotUsername(f.ctx, "T1", u.Email, u.DOB)
	if n := len(f.messages()); n != 3 {
		t.Fatalf("%d emails in an hour, want 3", n)
	}
	f.clock.Advance(time.Hour)
	f.svc.ForgotUsername(f.ctx, "T1", u.Email, u.DOB)
	if n := len(f.messages()); n != 4 {
		t.Fatalf("after an hour another email may go: %d", n)
	}
}

func TestResetSuccessUnlocksAndNotifies(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	for range 5 {
		f.svc.Login(f.ctx, "T1", u.Username, "wrong")
	}
	code := f.requestCode(u)
	typed := strings.ToLower(strings.ReplaceAll(code, "-", " ")) // any case, spaces
	got, err := f.svc.Reset(f.ctx, "T1", typed, strings.ToLower(u.Username), newPassword, newPassword)
	if err != nil {
		t.Fatalf("reset: %v", err)
	}
	if got.Username != u.Username {
		t.Fatalf("reset returned %q", got.Username)
	}
	if _, err := f.svc.Login(f.ctx, "T1", u.Username, newPassword); err != nil {
		t.Fatalf("a reset unlocks: %v", err)
	}
	ms := f.messages()
	if last := ms[len(ms)-1]; last.Kind != auth.KindPasswordChanged || codeRE.MatchString(last.Body) {
		t.Fatalf("want a password-changed email without a code, got %+v", last)
	}
}

func TestResetCodeRules(t *testing.T) {
	tests := []struct {
		name string
		run  func(f *fixture, u auth.User, code string) error
	}{
		{"used twice", func(f *fixture, u auth.User, code string) error {
			if _, err := f.svc.Reset(f.ctx, "T1", code, u.Username, newPassword, newPassword); err != nil {
				return err
			}
			_, err := f.svc.Reset(f.ctx, "T1", code, u.Username, "Ember-Quilt-Sprocket-75", "Ember-Quilt-Sprocket-75")
			return err
		}},
		{"expired after 30 minutes", func(f *fixture, u auth.User, code string) error {
			f.clock.Advance(30*time.Minute + time.Second)
			_, err := f.svc.Reset(f.ctx, "T1", code, u.Username, newPassword, newPassword)
			return err
		}},
		{"5 wrong tries kill it", func(f *fixture, u auth.User, code string) error {
			for range 5 {
				f.svc.Reset(f.ctx, "T1", "AAAA-AAAA-AAAA", u.Username, newPassword, newPassword)
			}
			_, err := f.svc.Reset(f.ctx, "T1", code, u.Username, newPassword, newPassword)
			return err
		}},
		{"a new request revokes it", func(f *fixture, u auth.User, code string) error {
			f.requestCode(u)
			_, err := f.svc.Reset(f.ctx, "T1", code, u.Username, newPassword, newPassword)
			return err
		}},
		{"a login revokes it", func(f *fixture, u auth.User, code string) error {
			if _, err := f.svc.Login(f.ctx, "T1", u.Username, goodPassword); err != nil {
				return err
			}
			_, err := f.svc.Reset(f.ctx, "T1", code, u.Username, newPassword, newPassword)
			return err
		}},
		{"a password change revokes it", func(f *fixture, u auth.User, _ string) error {
			s, err := f.svc.Login(f.ctx, "T1", u.Username, goodPassword)
			if err != nil {
				return err
			}
			// The login revoked the first code: ask for one that only the
			// password change can revoke.
			code := f.requestCode(u)
			if err := f.svc.ChangePassword(f.ctx, s, goodPassword, "Ember-Quilt-Sprocket-75", "Ember-Quilt-Sprocket-75"); err != nil {
				return err
			}
			_, err = f.svc.Reset(f.ctx, "T1", code, u.Username, newPassword, newPassword)
			return err
		}},
		{"another account's username", func(f *fixture, u auth.User, code string) error {
			amir := f.addUser("Amir", "Khan", "amir.khan@example.nhs.uk", "Quiet-Cobalt-Fern-93")
			f.requestCode(amir)
			_, err := f.svc.Reset(f.ctx, "T1", code, amir.Username, newPassword, newPassword)
			return err
		}},
		{"unknown username", func(f *fixture, u auth.User, code string) error {
			_, err := f.svc.Reset(f.ctx, "T1", code, "382NOBODY01", newPassword, newPassword)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			u := f.jane()
			code := f.requestCode(u)
			if err := tt.run(f, u, code); !errors.Is(err, auth.ErrResetFailed) {
				t.Fatalf("err = %v, want ErrResetFailed", err)
			}
		})
	}
}

func TestResetFourWrongTriesLeaveTheCode(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	code := f.requestCode(u)
	for range 4 {
		f.svc.Reset(f.ctx, "T1", "AAAA-AAAA-AAAA", u.Username, newPassword, newPassword)
	}
	// Crockford reading: O for 0, I and L for 1, no hyphens.
	typed := strings.NewReplacer("-", "", "0", "o", "1", "l").Replace(code)
	if _, err := f.svc.Reset(f.ctx, "T1", typed, u.Username, newPassword, newPassword); err != nil {
		t.Fatalf("the fifth try with the right code: %v", err)
	}
}

func TestResetPolicyAndHistory(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	code := f.requestCode(u)
	_, err := f.svc.Reset(f.ctx, "T1", code, u.Username, newPassword, newPassword+"x")
	if !errors.Is(err, auth.ErrMismatch) {
		t.Fatalf("mismatch: %v", err)
	}
	var pe *auth.PolicyError
	_, err = f.svc.Reset(f.ctx, "T1", code, u.Username, "abc", "abc")
	if !errors.As(err, &pe) || len(pe.Failures) < 2 {
		t.Fatalf("weak password: %v", err)
	}
	_, err = f.svc.Reset(f.ctx, "T1", code, u.Username, goodPassword, goodPassword)
	if !errors.As(err, &pe) || pe.Failures[len(pe.Failures)-1].Rule != policy.NotPrevious {
		t.Fatalf("the current password again: %v", err)
	}
	if _, err := f.svc.Reset(f.ctx, "T1", code, u.Username, newPassword, newPassword); err != nil {
		t.Fatalf("policy failures must not use up the code: %v", err)
	}
	// The old password is now history.
	s, err := f.svc.Login(f.ctx, "T1", u.Username, newPassword)
	if err != nil {
		t.Fatal(err)
	}
	err = f.svc.ChangePassword(f.ctx, s, newPassword, goodPassword, goodPassword)
	if !errors.As(err, &pe) || pe.Failures[0].Rule != policy.NotPrevious {
		t.Fatalf("a previous password: %v", err)
	}
}

func TestChangePassword(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	s, err := f.svc.Login(f.ctx, "T1", u.Username, goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.ChangePassword(f.ctx, s, "wrong", newPassword, newPassword); !errors.Is(err, auth.ErrWrongPassword) {
		t.Fatalf("wrong current: %v", err)
	}
	if err := f.svc.ChangePassword(f.ctx, s, goodPassword, newPassword, newPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Login(f.ctx, "T1", u.Username, newPassword); err != nil {
		t.Fatalf("new password: %v", err)
	}
	if _, err := f.svc.Login(f.ctx, "T1", u.Username, goodPassword); err == nil {
		t.Fatal("the old password still works")
	}
}

func TestUsernames(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct{ first, last, email, want string }{
		{"Jane", "Smith", "a@example.nhs.uk", "382JSMITH01"},
		{"John", "Smith", "b@example.nhs.uk", "382JSMITH02"},
		{"Christopher", "Montgomery-Wyatt", "c@example.nhs.uk", "382CMONTGO01"},
		{"Zoë", "Ångström", "d@example.nhs.uk", "382ZANGSTR01"},
		{"Siobhan", "O'Brien", "e@example.nhs.uk", "382SOBRIEN01"},
		{"Al", "Li", "f@example.nhs.uk", "382ALI01"},
	} {
		u, err := f.svc.CreateUser(f.ctx, f.admin, auth.NewUser{FirstName: c.first, LastName: c.last,
			Email: c.email, DOB: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		if u.Username != c.want || len(u.Username) > auth.MaxUsernameLen {
			t.Errorf("%s %s: username %q, want %q", c.first, c.last, u.Username, c.want)
		}
	}
}

// TestUsernamesFitAnyOrgCode: a longer org code leaves fewer letters of
// the surname, so a username is never longer than MaxUsernameLen; one
// that leaves no room for two letters is refused.
func TestUsernamesFitAnyOrgCode(t *testing.T) {
	for _, c := range []struct{ org, want string }{
		{"382", "382JSMITH01"},
		{"38201", "38201JSMIT01"},
		{"12345678", "12345678JS01"},
		{"123456789", ""},
	} {
		f := newFixture(t, func(o *auth.Options) { o.OrgCode = c.org })
		u, err := f.svc.CreateUser(f.ctx, f.admin, auth.NewUser{FirstName: "Jane", LastName: "Smith",
			Email: "jane.smith@example.nhs.uk", DOB: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)})
		if c.want == "" {
			if !errors.Is(err, auth.ErrInvalid) {
				t.Errorf("org code %s: %q, %v; want ErrInvalid", c.org, u.Username, err)
			}
			continue
		}
		if err != nil || u.Username != c.want {
			t.Errorf("org code %s: username %q, %v; want %q", c.org, u.Username, err, c.want)
		}
	}
}

func TestCreateUserRefusesBadInput(t *testing.T) {
	f := newFixture(t)
	f.jane()
	dob := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, n := range []auth.NewUser{
		{FirstName: "A", LastName: "B", Email: "not-an-email", DOB: dob},
		{FirstName: "A", LastName: "B", Email: "Name <a@b.uk>", DOB: dob},
		{FirstName: "A", LastName: "B", Email: "a@b.uk", DOB: f.clock.Now().AddDate(1, 0, 0)},
		{FirstName: "", LastName: "B", Email: "a@b.uk", DOB: dob},
		{FirstName: "A\x1b[2J", LastName: "B", Email: "a@b.uk", DOB: dob},
		{FirstName: "123", LastName: "456", Email: "a@b.uk", DOB: dob}, // no letters for a username
	} {
		if _, err := f.svc.CreateUser(f.ctx, f.admin, n); !errors.Is(err, auth.ErrInvalid) {
			t.Errorf("%+v: err = %v, want ErrInvalid", n, err)
		}
	}
	_, err := f.svc.CreateUser(f.ctx, f.admin, auth.NewUser{FirstName: "J", LastName: "S",
		Email: "JANE.SMITH@example.nhs.uk", DOB: dob})
	if !errors.Is(err, auth.ErrConflict) {
		t.Errorf("a taken email: %v", err)
	}
	if us, _ := f.svc.Users(f.ctx); len(us) != 1 {
		t.Fatalf("refused users were written: %d users", len(us))
	}
}

// A wrong current password counts towards the lockout as a failed sign-in
// does: at the threshold the account locks, and a locked account cannot
// change its password, so Change password is no endless guessing oracle
// for whoever finds a signed-in session.
func TestChangePasswordLocksOut(t *testing.T) {
	f := newFixture(t)
	u := f.jane()
	s, err := f.svc.Login(f.ctx, "T1", u.Username, goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if err := f.svc.ChangePassword(f.ctx, s, fmt.Sprintf("wrong-%d", i), newPassword, newPassword); !errors.Is(err, auth.ErrWrongPassword) {
			t.Fatalf("wrong current %d: %v", i, err)
		}
	}
	// The account is locked at this terminal (DESIGN §4: only here).
	if _, err := f.svc.Login(f.ctx, "T1", u.Username, goodPassword); !errors.Is(err, auth.ErrLoginFailed) {
		t.Fatalf("login while locked: %v", err)
	}
	// The right current password does not get past the lock either.
	if err := f.svc.ChangePassword(f.ctx, s, goodPassword, newPassword, newPassword); !errors.Is(err, auth.ErrWrongPassword) {
		t.Fatalf("change while locked: %v", err)
	}
	evs, err := f.svc.AuditEvents(f.ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	locked := false
	for _, e := range evs {
		locked = locked || e.Action == auth.ActAccountLocked
	}
	if !locked {
		t.Fatal("the lock was not audited")
	}
	// Once the lock is over the right password works again.
	f.clock.Advance(16 * time.Minute)
	if err := f.svc.ChangePassword(f.ctx, s, goodPassword, newPassword, newPassword); err != nil {
		t.Fatalf("after the lock: %v", err)
	}
}
