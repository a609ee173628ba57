package remote_test

import (
	"context"
	"crypto/x509"
	"errors"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/smartcard/certs"
	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/smartcard/pcsctest"
	"github.com/wardkiosk/kiosk/smartcard/vcard"
)

// A card sign-in at a client kiosk with the virtual card in a vpcd reader
// through a real pcscd: the service's challenge, signed by the card once
// its passcode unlocks it, checked at the service. Then the same card
// through OpenSC's PKCS#11 module (card_driver = "pkcs11"): the service
// cannot tell which driver answered.
func TestCardSignInThroughPcscd(t *testing.T) {
	d := pcsctest.Start(t)
	f := newFleet(t)
	cert, key, err := f.cardCA.Card(issue.Template{CommonName: "Jane Smith", Key: issue.RSA2048})
	if err != nil {
		t.Fatal(err)
	}
	card, err := vcard.New(cert, key, "123456", vcard.Options{})
	if err != nil {
		t.Fatal(err)
	}
	trust, _ := certs.New([]*x509.Certificate{f.cardCA.Cert})
	if _, err := f.a.svc.EnrolCard(f.ctx, auth.Actor{Name: "test"}, f.user.Username, cert.Raw, trust); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	mon := smartcard.StartMonitor(ctx, smartcard.MonitorOptions{})
	defer mon.Close()
	link, err := vcard.Insert(ctx, d.Addr(0), card, vcard.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	defer link.Remove()
	reader := ""
	for deadline := time.After(5 * time.Second); reader == ""; {
		select {
		case ev := <-mon.Events():
			if ev.Kind == smartcard.CardInserted {
				reader = ev.Reader
			}
		case <-deadline:
			t.Fatal("the card was not seen inserted")
		}
	}

	c := f.kiosk(f.register("WARD7-T1"), smartcard.NewSigner(nil, nil), f.a.url, f.b.url)
	sess, err := c.CardLogin(ctx, reader, "123456")
	if err != nil {
		t.Fatalf("card sign-in through pcscd: %v", err)
	}
	if sess.Method != "smartcard" || sess.User.Username != f.user.Username {
		t.Fatalf("session %+v", sess)
	}
	if evs, _ := f.b.svc.FindAuditEvents(ctx, auth.EventFilter{Action: auth.ActLoginOK}); len(evs) != 1 ||
		evs[0].Terminal != "WARD7-T1" {
		t.Errorf("sign-in audited %+v", evs)
	}

	pcsctest.RequireOpenSC(t)
	drv := smartcard.LoadPKCS11(ctx, pcsctest.OpenSCModule)
	defer drv.Close()
	c2 := f.kiosk(f.register("WARD7-T2"), smartcard.NewSigner(nil, nil).Using(drv), f.a.url, f.b.url)
	if _, err := c2.CardLogin(ctx, reader, "654321"); !errors.Is(err, smartcard.ErrWrongPasscode) {
		t.Fatalf("a wrong passcode through OpenSC: %v", err)
	}
	sess, err = c2.CardLogin(ctx, reader, "123456")
	if err != nil || sess.Method != "smartcard" || sess.User.Username != f.user.Username {
		t.Fatalf("card sign-in through OpenSC's PKCS#11 module: %+v, %v", sess, err)
	}
	if evs, _ := f.b.svc.FindAuditEvents(ctx, auth.EventFilter{Action: auth.ActLoginOK}); len(evs) != 2 ||
		evs[1].Terminal != "WARD7-T2" {
		t.Errorf("sign-in audited %+v", evs)
	}
}
