package auth_test

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/text"
)

func TestLockoutQueuesEmail(t *testing.T) {
	f := newFixture(t, func(o *auth.Options) { o.TrustName = "Example Valley NHS Trust" })
	u := f.jane()
	for range 4 {
		f.svc.Login(f.ctx, "WARD7-T2", u.Username, "wrong")
	}
	if n := len(f.messages()); n != 0 {
		t.Fatalf("%d emails before the lock, want none", n)
	}
	f.svc.Login(f.ctx, "WARD7-T2", u.Username, "wrong")
	ms := f.messages()
	if len(ms) != 1 {
		t.Fatalf("%d emails after the lock, want 1", len(ms))
	}
	m := ms[0]
	if m.Kind != auth.KindAccountLocked || m.To != u.Email || m.Subject != "Your ESR account was locked" {
		t.Fatalf("got %s to %s %q", m.Kind, m.To, m.Subject)
	}
	for _, want := range []string{u.Username, "WARD7-T2", "15 minutes", "wasn't you", "Example Valley NHS Trust"} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("the lock email lacks %q:\n%s", want, m.Body)
		}
	}
	if codeRE.MatchString(m.Body) || strings.Contains(m.Body, "wrong") {
		t.Errorf("the lock email holds a code or a typed password:\n%s", m.Body)
	}
	// Failures against a locked account queue nothing more.
	f.svc.Login(f.ctx, "WARD7-T2", u.Username, "wrong")
	if n := len(f.messages()); n != 1 {
		t.Fatalf("%d emails, want still 1", n)
	}
}

func TestEmailsNameTrustAndTerminal(t *testing.T) {
	f := newFixture(t, func(o *auth.Options) { o.TrustName = "Example Valley NHS Trust" })
	u := f.jane()
	f.requestCode(u)
	if err := f.svc.ForgotUsername(f.ctx, "WARD7-T1", u.Email, u.DOB); err != nil {
		t.Fatal(err)
	}
	code := f.lastCode()
	if _, err := f.svc.Reset(f.ctx, "WARD7-T1", code, u.Username, newPassword, newPassword); err != nil {
		t.Fatal(err)
	}
	ms := f.messages()
	if len(ms) != 3 {
		t.Fatalf("%d emails, want 3", len(ms))
	}
	for _, m := range ms {
		for _, want := range []string{"Example Valley NHS Trust", "WARD7-T1", "wasn't you", "IT service desk"} {
			if !strings.Contains(m.Body, want) {
				t.Errorf("%s lacks %q:\n%s", m.Kind, want, m.Body)
			}
		}
		if strings.Contains(m.Body, goodPassword) || strings.Contains(m.Body, newPassword) {
			t.Errorf("%s holds a password", m.Kind)
		}
	}
}

// Invisible and bidirectional characters in a name, the Trust's name or a
// terminal's label reach neither the account nor an email: kept, they let
// two accounts look the same and reorder what a reader sees.
func TestEmailsAndNamesHoldNoInvisibleCharacters(t *testing.T) {
	f := newFixture(t, func(o *auth.Options) { o.TrustName = "Example\u2066 Valley\u200b NHS Trust" })
	u := f.addUser("Ja\u200bne\u202e", "Sm\u200dith", "jane.smith@example.nhs.uk", goodPassword)
	if u.FirstName != "Jane" || u.LastName != "Smith" {
		t.Fatalf("stored name %q %q", u.FirstName, u.LastName)
	}
	if err := f.svc.ForgotPassword(f.ctx, "WARD7\u200b-T1\u202e", u.Username, u.Email); err != nil {
		t.Fatal(err)
	}
	ms := f.messages()
	if len(ms) != 1 {
		t.Fatalf("%d emails, want 1", len(ms))
	}
	for _, want := range []string{"Jane", "Example Valley NHS Trust", "WARD7-T1"} {
		if !strings.Contains(ms[0].Body, want) {
			t.Errorf("email lacks %q:\n%q", want, ms[0].Body)
		}
	}
	if i := strings.IndexFunc(ms[0].Body, func(r rune) bool { return unicode.Is(unicode.Cf, r) }); i >= 0 {
		t.Errorf("email holds an invisible character at %d:\n%q", i, ms[0].Body)
	}
}

// An email speaks its reader's language, not the terminal's: a Welsh
// speaker's reset code, username reminder and lock notice are in Welsh.
func TestEmailsInTheUsersLanguage(t *testing.T) {
	f := newFixture(t)
	u, err := f.svc.CreateUser(f.ctx, f.admin, auth.NewUser{FirstName: "Siân", LastName: "Prys",
		Email: "sian.prys@example.nhs.uk", DOB: time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC),
		Password: goodPassword, Language: text.Welsh})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.stored(u.Username).Language; got != text.Welsh {
		t.Fatalf("stored language %q, want cy", got)
	}
	f.requestCode(u)
	if err := f.svc.ForgotUsername(f.ctx, "WARD7-T1", u.Email, u.DOB); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		f.svc.Login(f.ctx, "WARD7-T2", u.Username, "wrong")
	}
	ms := f.messages()
	if len(ms) != 3 {
		t.Fatalf("%d emails, want 3", len(ms))
	}
	cy, en := text.For(text.Welsh), text.For(text.English)
	subjects := map[string]text.ID{auth.KindResetCode: text.EmailResetCodeSubject,
		auth.KindUsernameReminder: text.EmailUsernameReminderSubject, auth.KindAccountLocked: text.EmailAccountLockedSubject}
	bodies := map[string]text.ID{auth.KindResetCode: text.EmailResetCodeBody,
		auth.KindUsernameReminder: text.EmailUsernameReminderBody, auth.KindAccountLocked: text.EmailAccountLockedBody}
	for _, m := range ms {
		if m.Subject != cy.T(subjects[m.Kind]) {
			t.Errorf("%s subject %q, want the Welsh %q", m.Kind, m.Subject, cy.T(subjects[m.Kind]))
		}
		// The body's first line greets the reader: Welsh words, not English.
		first, _, _ := strings.Cut(m.Body, "\n")
		d := text.EmailData{First: u.FirstName}
		welshBody, _ := cy.Email(bodies[m.Kind], d)
		englishBody, _ := en.Email(bodies[m.Kind], d)
		wantFirst, _, _ := strings.Cut(welshBody, "\n")
		notFirst, _, _ := strings.Cut(englishBody, "\n")
		if first != wantFirst || first == notFirst {
			t.Errorf("%s starts %q, want the Welsh %q (English %q)", m.Kind, first, wantFirst, notFirst)
		}
	}
	// Someone with no language set reads English.
	jane := f.jane()
	if got := f.stored(jane.Username).Language; got != text.English {
		t.Errorf("a user added with no language has %q, want en", got)
	}
}

func TestCreateUserRefusesAnUnknownLanguage(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.CreateUser(f.ctx, f.admin, auth.NewUser{FirstName: "Jane", LastName: "Smith",
		Email: "jane.smith@example.nhs.uk", DOB: time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC), Language: "fr"})
	if !errors.Is(err, auth.ErrInvalid) || !strings.Contains(err.Error(), "language") {
		t.Fatalf("CreateUser(fr) = %v, want ErrInvalid naming the language", err)
	}
}
