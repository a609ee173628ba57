package cli_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wardkiosk/kiosk/internal/golden"
)

// TestPolicyOutput pins, byte for byte, what `policy check` and `policy
// show` print for passwords that break every rule of every profile: the
// "FAIL <rule-id>: <message>" lines are a contract (DESIGN §7) that
// maintainers' scripts read, so moving the words to the catalogue must
// not change them.
func TestPolicyOutput(t *testing.T) {
	k := open(t)
	const janePassword = "Brisk-Owl-Lamp-48"
	if _, _, code := run(t, k, false, janePassword+"\n", "users", "add", "--first", "Jane", "--last", "Smith",
		"--email", "jane.smith@example.nhs.uk", "--dob", "1985-03-14", "--role", "Staff Nurse", "--ward", "Ward 7",
		"--password-stdin"); code != 0 {
		t.Fatal("users add failed")
	}

	var b strings.Builder
	for _, profile := range []string{"esr-2019", "esr-2021", "nist-800-63b-4"} {
		for _, c := range []struct{ user, password string }{
			{"", "abc12"},
			{"", "aa"},
			{"", "abcdefghij"},
			{"", "London2024"},
			{"", "password1"},
			{"", "Velvet-Pylon-99"},
			{"", "Velvet\x01Pylon-9"},
			{"", strings.Repeat("Xq7", 43)},
			{"", "Velvet-Pylon-9"},
			{"382JSMITH01", "Xjsmith-Pylon-47"},
			{"382JSMITH01", "Nurse7Ward-Kite"},
			{"382JSMITH01", janePassword},
		} {
			args := []string{"policy", "check", "--profile", profile}
			if c.user != "" {
				args = append(args, "--user", c.user)
			}
			out, stderr, code := run(t, k, false, c.password+"\n", args...)
			fmt.Fprintf(&b, "$ %s <<< %q\nexit %d\n%s%s", strings.Join(args, " "), c.password, code, out, stderr)
		}
		args := []string{"policy", "show", "--profile", profile}
		out, stderr, code := run(t, k, false, "", args...)
		fmt.Fprintf(&b, "$ %s\nexit %d\n%s%s", strings.Join(args, " "), code, out, stderr)
	}

	golden.Check(t, "policy-output.golden", b.String())
}
