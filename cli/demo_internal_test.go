package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/text"
)

// The example in Login Assistance's bad-date message is no demo user's
// date of birth: an example must not tell anyone whose birthday it is.
func TestBadDateExampleIsNoDemoBirthday(t *testing.T) {
	msg := text.For(text.English).T(text.AssistBadDOB)
	for _, d := range demoStaff {
		dob, err := time.Parse(time.DateOnly, d.dob)
		if err != nil {
			t.Fatal(err)
		}
		for _, layout := range []string{"02/01/2006", "2/1/2006", "02-01-2006", "02.01.2006", "02012006"} {
			if strings.Contains(msg, dob.Format(layout)) {
				t.Errorf("%q gives %s %s's date of birth", msg, d.first, d.last)
			}
		}
	}
}
