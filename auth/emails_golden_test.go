package auth

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/internal/golden"
	"github.com/wardkiosk/kiosk/text"
)

// TestEmailWords pins the subject and body of every email, with and
// without a reset link, and the lifetimes in words: moving the words to
// the catalogue must not change a letter of what staff receive.
func TestEmailWords(t *testing.T) {
	now := time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)
	u := User{ID: 7, FirstName: "Jane", Username: "382JSMITH01", Email: "jane.smith@example.nhs.uk"}
	var b strings.Builder
	for _, url := range []string{"", "https://esr.example.nhs.uk/reset"} {
		s := &Service{o: Options{TrustName: "Example Valley NHS Trust", ResetURL: url, CodeLifetime: 30 * time.Minute,
			Now: func() time.Time { return now }}}
		for _, kind := range []string{KindResetCode, KindUsernameReminder, KindPasswordChanged, KindAccountLocked} {
			m, err := s.composeLocked(kind, u, "WARD7-T1", "K7Q2-M9XD-4TZP", 15*time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "=== %s (url %q)\nSubject: %s\n%s\n", kind, url, m.Subject, m.Body)
		}
	}
	for _, d := range []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 30 * time.Minute, time.Hour,
		90 * time.Minute, 2 * time.Hour, 24 * time.Hour} {
		fmt.Fprintf(&b, "%v = %s\n", d, text.For(text.English).Duration(d))
	}
	golden.Check(t, "emails.golden", b.String())
}
