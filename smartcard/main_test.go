package smartcard_test

import (
	"os"
	"testing"

	"github.com/wardkiosk/kiosk/smartcard/pkcs11"
)

// TestMain serves the PKCS#11 module probe, which Load runs in a child
// of this test binary.
func TestMain(m *testing.M) {
	pkcs11.ServeProbe()
	os.Exit(m.Run())
}
