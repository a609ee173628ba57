package pkcs11

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	ServeProbe()
	os.Exit(m.Run())
}
