package wire

import (
	"errors"
	"strings"
	"testing"

	"connectrpc.com/connect"
)

// The service accepts its own API version and the one before (a kiosk
// sending no header speaks version 1), and refuses older, newer and
// garbage, saying what to upgrade; the kiosk reads the refusal back as
// ErrAPIVersion.
func TestCheckAPIVersion(t *testing.T) {
	for _, tc := range []struct {
		header string
		ok     bool
		says   string
	}{
		{"", MinAPIVersion == 1, ""},
		{"2", true, ""},
		{"1", true, ""},
		{"0", false, "upgrade the kiosk"},
		{"3", false, "upgrade the service first"},
		{"two", false, "not a version number"},
		{"-1", false, "not a version number"},
	} {
		err := CheckAPIVersion(tc.header)
		if (err == nil) != tc.ok {
			t.Errorf("%q: %v", tc.header, err)
			continue
		}
		if err == nil {
			continue
		}
		if err.Code() != connect.CodeFailedPrecondition || !strings.Contains(err.Message(), tc.says) {
			t.Errorf("%q: %v, want it to say %q", tc.header, err, tc.says)
		}
		if back := AuthError(err); !errors.Is(back, ErrAPIVersion) || !strings.Contains(back.Error(), tc.says) {
			t.Errorf("%q: the kiosk reads %v", tc.header, back)
		}
	}
}
