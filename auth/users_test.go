package auth_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// Real staff records: long work emails, and names written only in a
// non-Latin script, which give a username in A-Z and keep the name as
// written.
func TestCreateUserTakesRealStaffData(t *testing.T) {
	f := newFixture(t)
	long := "alexandra.konstantinopoulou-fitzgerald@" + strings.Repeat("x", 20) + ".example-valley.nhs.uk"
	if len(long) <= 64 {
		t.Fatalf("the test email is only %d characters", len(long))
	}
	u := f.addUser("Alexandra", "Konstantinopoulou-Fitzgerald", long, goodPassword)
	if f.stored(u.Username).Email != long {
		t.Fatalf("email stored as %q", f.stored(u.Username).Email)
	}
	for _, tt := range []struct{ first, last, want string }{
		{"Дмитрий", "Иванов", "DIVANOV01"},
		{"Γιώργος", "Παπαδόπουλος", "GPAPADO01"},
		{"伟", "张", "WZHANG01"},
		{"さくら", "たなか", "STANAKA01"},
	} {
		u := f.addUser(tt.first, tt.last, strings.ToLower(tt.want)+"@example.nhs.uk", "")
		if !strings.HasSuffix(u.Username, tt.want) {
			t.Errorf("%s %s: username %s, want ...%s", tt.first, tt.last, u.Username, tt.want)
		}
		if s := f.stored(u.Username); s.FirstName != tt.first || s.LastName != tt.last {
			t.Errorf("%s %s stored as %q %q", tt.first, tt.last, s.FirstName, s.LastName)
		}
	}
}

// The limits of an address are the wire's: 64 before the @, 254 in all.
func TestEmailLimits(t *testing.T) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	dob := time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC)
	domain := "@" + strings.Repeat("d", 61) + "." + strings.Repeat("e", 60) + "." + strings.Repeat("f", 60) + ".nhs.uk"
	for _, tt := range []struct {
		email string
		ok    bool
	}{
		{strings.Repeat("a", 64) + "@example.nhs.uk", true},
		{strings.Repeat("a", 65) + "@example.nhs.uk", false},
		{strings.Repeat("a", 63) + domain, true},  // 254 in all
		{strings.Repeat("a", 64) + domain, false}, // 255 in all
	} {
		err := auth.NewUser{FirstName: "Jane", LastName: "Smith", Email: tt.email, DOB: dob}.Validate(now)
		if ok := err == nil; ok != tt.ok || (err != nil && !errors.Is(err, auth.ErrInvalid)) {
			t.Errorf("%d characters (%d before the @): %v", len(tt.email), strings.IndexByte(tt.email, '@'), err)
		}
	}
}
