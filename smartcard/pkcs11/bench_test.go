package pkcs11

import (
	"context"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/smartcard/vcard"
)

// BenchmarkSignOpenSC is a P-256 sign-in through OpenSC over the virtual
// card: slot lookup, session, certificate, login, sign, verify, logout.
func BenchmarkSignOpenSC(b *testing.B) {
	o := newOpenSC(b)
	card, cert, _ := o.card(issue.ECDSAP256, vcard.Options{})
	o.insert(card, cert)
	ch := make([]byte, 32)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for b.Loop() {
		if _, _, err := o.m.Sign(ctx, o.reader, testPIN, nil, ch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/sign")
}
