package smartcard_test

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/internal/ci"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/smartcard/certs"
	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/smartcard/pcsctest"
	"github.com/wardkiosk/kiosk/smartcard/vcard"
)

// TestIndependentClient has OpenSC, which shares no code with ours, read
// the virtual card's certificate through pcscd.
func TestIndependentClient(t *testing.T) {
	tool, err := exec.LookPath("pkcs15-tool")
	if err != nil {
		ci.SkipOrFail(t, "pkcs15-tool (opensc) is missing; run scripts/install-deps.sh")
	}
	d := pcsctest.Start(t)
	p := newPKI(t)
	card, cert, _ := p.card(t, "Jane Smith", issue.ECDSAP256, vcard.Options{})
	m := smartcard.StartMonitor(context.Background(), smartcard.MonitorOptions{})
	defer m.Close()
	insert(t, d.Addr(0), card)
	next(t, m, smartcard.CardInserted, 5*time.Second)
	list, err := exec.Command(tool, "--reader", "0", "--list-certificates").CombinedOutput()
	t.Logf("pkcs15-tool --list-certificates:\n%s", list)
	if err != nil {
		t.Fatalf("pkcs15-tool: %v", err)
	}
	if !strings.Contains(string(list), "PIV Authentication") {
		t.Fatal("pkcs15-tool did not list the PIV Authentication certificate")
	}
	// Read it back and compare it byte for byte with the one on the card.
	out, err := exec.Command(tool, "--reader", "0", "--read-certificate", "01").Output()
	if err != nil {
		t.Fatalf("pkcs15-tool --read-certificate: %v", err)
	}
	read, err := certs.ParseCertificate(out)
	if err != nil {
		t.Fatalf("pkcs15-tool gave no certificate: %v\n%s", err, out)
	}
	if !read.Equal(cert) {
		t.Fatal("pkcs15-tool read another certificate")
	}
}
