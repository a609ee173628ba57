package smartcard_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/smartcard/pcsctest"
	"github.com/wardkiosk/kiosk/smartcard/piv"
	"github.com/wardkiosk/kiosk/smartcard/pkcs11"
	"github.com/wardkiosk/kiosk/smartcard/pkcs11/softhsmtest"
	"github.com/wardkiosk/kiosk/smartcard/vcard"
	"github.com/wardkiosk/kiosk/text"
)

// openSC loads OpenSC's PKCS#11 module as card_driver = "pkcs11" does.
func openSC(t testing.TB) *smartcard.PKCS11 {
	t.Helper()
	pcsctest.RequireOpenSC(t)
	d := smartcard.LoadPKCS11(context.Background(), pcsctest.OpenSCModule)
	t.Cleanup(func() { d.Close() })
	if err := d.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	return d
}

// openSCBay is a private pcscd with its vpcd readers, OpenSC's module
// loaded, a card CA and a Monitor: what each OpenSC test starts from.
func openSCBay(t *testing.T) (*pcsctest.Daemon, *smartcard.PKCS11, *pki, *smartcard.Monitor) {
	t.Helper()
	d := pcsctest.Start(t)
	drv := openSC(t)
	m := smartcard.StartMonitor(context.Background(), smartcard.MonitorOptions{})
	t.Cleanup(func() { m.Close() })
	return d, drv, newPKI(t), m
}

// words is what the Smartcard screen shows for err, in English.
func words(t testing.TB, err error) string {
	t.Helper()
	m, ok := text.ForError(err)
	if !ok {
		t.Fatalf("%v has no words for the card holder", err)
	}
	return text.For(text.English).Text(m)
}

// TestPKCS11DriverOpenSC signs the project's virtual PIV card in through
// OpenSC's module, somebody else's middleware, over the real pcscd: both
// key types, the passcode's tries in the PIV client's words, and the same
// card through the built-in client in the same run.
func TestPKCS11DriverOpenSC(t *testing.T) {
	d, drv, p, m := openSCBay(t)
	ctx := context.Background()
	a := p.authenticator(t).Using(drv)

	for _, kt := range []issue.KeyType{issue.ECDSAP256, issue.RSA2048} {
		card, cert, _ := p.card(t, "Jane Smith", kt, vcard.Options{})
		l := insert(t, d.Addr(0), card)
		ev := next(t, m, smartcard.CardInserted, 5*time.Second)
		got, err := a.Authenticate(ctx, ev.Reader, pin)
		if err != nil {
			t.Fatalf("key %d: %v", kt, err)
		}
		if !got.Equal(cert) {
			t.Fatal("another certificate")
		}
		if got, err := drv.Certificate(ctx, ev.Reader); err != nil || !got.Equal(cert) {
			t.Fatalf("certificate without the passcode: %v", err)
		}
		// OpenSC says nothing of the tries until the last: then it is
		// the PIV client's "1 try left".
		_, err = a.Authenticate(ctx, ev.Reader, "000000")
		if !errors.Is(err, smartcard.ErrWrongPasscode) || words(t, err) != "The passcode is not right." {
			t.Fatalf("first wrong passcode: %v (%q)", err, words(t, err))
		}
		_, err = a.Authenticate(ctx, ev.Reader, "000000")
		if want := "The passcode is not right. 1 try left before the card is blocked."; words(t, err) != want {
			t.Fatalf("second wrong passcode: %v (%q)", err, words(t, err))
		}
		// Before the next passcode is typed, the PIV client says it is the
		// last try; a module says only a locked token, as OpenSC keeps its
		// final-try flag after a right passcode.
		if st, err := (smartcard.PIV{}).PasscodeState(ctx, ev.Reader); err != nil || st.Left != 1 {
			t.Fatalf("piv: passcode state after two wrong: %+v, %v", st, err)
		} else if w, ok := st.Warning(); !ok || w.ID != text.CardWarnLastTry {
			t.Fatalf("piv: no last-try warning: %+v", st)
		}
		if st, err := drv.PasscodeState(ctx, ev.Reader); err != nil || st.Blocked {
			t.Fatalf("pkcs11: passcode state after two wrong: %+v, %v", st, err)
		}
		if _, err := a.Authenticate(ctx, ev.Reader, pin); err != nil || card.TriesLeft() != vcard.DefaultTries {
			t.Fatalf("right passcode after two wrong: %v, %d tries", err, card.TriesLeft())
		}
		for name, d := range map[string]smartcard.Driver{"pkcs11": drv, "piv": smartcard.PIV{}} {
			if st, err := d.PasscodeState(ctx, ev.Reader); err != nil || st.Blocked || st.Left == 1 {
				t.Fatalf("%s: passcode state after the right one: %+v, %v", name, st, err)
			}
		}
		if _, err := p.authenticator(t).Authenticate(ctx, ev.Reader, pin); err != nil {
			t.Fatalf("the built-in PIV client after the module: %v", err)
		}
		if _, err := a.Authenticate(ctx, ev.Reader, pin); err != nil {
			t.Fatalf("the module after the built-in PIV client: %v", err)
		}
		l.Remove()
		next(t, m, smartcard.CardRemoved, 5*time.Second)
	}

	// A reader the module has no slot for is named in the log's words;
	// the card holder reads "not recognised".
	_, err := a.Authenticate(ctx, "No Such Reader 00 00", pin)
	if !errors.Is(err, pkcs11.ErrNoSlot) || words(t, err) != "This card is not recognised." {
		t.Fatalf("no slot: %v", err)
	}
}

// TestPKCS11DriverBlocked: the last wrong passcode locks the token, and
// the holder reads how to get it unblocked, as with PIV.
func TestPKCS11DriverBlocked(t *testing.T) {
	d, drv, p, m := openSCBay(t)
	ctx := context.Background()
	card, _, _ := p.card(t, "Jane Smith", issue.RSA2048, vcard.Options{Tries: 1})
	insert(t, d.Addr(0), card)
	ev := next(t, m, smartcard.CardInserted, 5*time.Second)
	a := p.authenticator(t).Using(drv)
	blocked := "This card is blocked: too many wrong passcodes; ask the service desk to unblock it."
	if _, err := a.Authenticate(ctx, ev.Reader, "111111"); !errors.Is(err, smartcard.ErrBlocked) || words(t, err) != blocked {
		t.Fatalf("last try: %v", err)
	}
	if _, err := a.Authenticate(ctx, ev.Reader, pin); !errors.Is(err, smartcard.ErrBlocked) || words(t, err) != blocked {
		t.Fatalf("right passcode on a blocked card: %v", err)
	}
	for name, d := range map[string]smartcard.Driver{"pkcs11": drv, "piv": smartcard.PIV{}} {
		if st, err := d.PasscodeState(ctx, ev.Reader); err != nil || !st.Blocked {
			t.Errorf("%s: a blocked card's passcode state: %+v, %v", name, st, err)
		}
	}
}

// TestPKCS11DriverRemovedMidSignIn pulls the card as it is asked to sign:
// the sign-in fails as removed, the module's session is closed, and the
// card signs in again once it is back.
func TestPKCS11DriverRemovedMidSignIn(t *testing.T) {
	d, drv, p, m := openSCBay(t)
	ctx := context.Background()
	card, cert, _ := p.card(t, "Jane Smith", issue.ECDSAP256, vcard.Options{})
	var pulled atomic.Bool
	l, err := vcard.Insert(ctx, d.Addr(0), card, vcard.Hooks{Pull: func(apdu []byte) bool {
		return len(apdu) > 1 && apdu[1] == piv.InsGeneralAuth && pulled.CompareAndSwap(false, true)
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Remove() })
	ev := next(t, m, smartcard.CardInserted, 5*time.Second)
	a := p.authenticator(t).Using(drv)
	_, err = a.Authenticate(ctx, ev.Reader, pin)
	if !pulled.Load() || !errors.Is(err, smartcard.ErrCardRemoved) && !errors.Is(err, smartcard.ErrNoCard) {
		t.Fatalf("pulled %v mid-sign-in: %v (%v)", pulled.Load(), err, causes(err))
	}
	next(t, m, smartcard.CardRemoved, 5*time.Second)
	insert(t, d.Addr(0), card)
	ev = next(t, m, smartcard.CardInserted, 5*time.Second)
	got, err := a.Authenticate(ctx, ev.Reader, pin)
	if err != nil || !got.Equal(cert) {
		t.Fatalf("back in the reader: %v", err)
	}
}

func causes(err error) []error {
	var out []error
	for err != nil {
		out = append(out, err)
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				out = append(out, causes(e)...)
			}
			return out
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		default:
			return out
		}
	}
	return out
}

// TestPKCS11DriverSoftHSM drives the whole sign-in path through SoftHSM2,
// a second PKCS#11 module independent of OpenSC, with no PC/SC at all:
// the slot's description stands where the reader's name goes. A P-256
// key, and an RSA key its token lets sign only with PSS, each sign in
// through the auth core; a wrong PIN is refused in the PIV words.
func TestPKCS11DriverSoftHSM(t *testing.T) {
	hsm := softhsmtest.New(t)
	p := newPKI(t)
	k := newKiosk(t)
	ctx := context.Background()
	type token struct{ slot, label string }
	var tokens []token
	for i, tc := range []struct {
		label   string
		kt      issue.KeyType
		allowed string
	}{
		{"jane-ec", issue.ECDSAP256, ""},
		{"jane-rsa-pss", issue.RSA2048, "RSA-PKCS-PSS,SHA256-RSA-PKCS-PSS"},
	} {
		cert, key, err := p.ca.Card(issue.Template{CommonName: "Jane Smith", Key: tc.kt})
		if err != nil {
			t.Fatal(err)
		}
		k.enrol(t, cert)
		tokens = append(tokens, token{hsm.Token(tc.label, fmt.Sprintf("%02x", i+1), key, cert, tc.allowed), tc.label})
	}
	drv := smartcard.LoadPKCS11(ctx, softhsmtest.Module)
	defer drv.Close()
	a := p.authenticator(t).Using(drv)
	for _, tok := range tokens {
		_, err := k.svc.CardLogin(ctx, "T1", a.Reader(tok.slot), "000000")
		if !errors.Is(err, smartcard.ErrWrongPasscode) || !strings.HasPrefix(words(t, err), "The passcode is not right.") {
			t.Fatalf("%s: wrong PIN: %v", tok.label, err)
		}
		sess, err := k.svc.CardLogin(ctx, "T1", a.Reader(tok.slot), softhsmtest.PIN)
		if err != nil || sess.User.ID != k.jane.ID || sess.Method != "smartcard" {
			t.Fatalf("%s: %+v, %v", tok.label, sess, err)
		}
	}
	evs, _ := k.svc.AuditEvents(ctx, 0)
	var got []string
	for _, e := range evs {
		got = append(got, e.Action)
	}
	want := "user.created card.enrolled card.enrolled card.login-failed login.ok card.login-failed login.ok"
	if strings.Join(got, " ") != want {
		t.Fatalf("audit %v, want %s", got, want)
	}
}
