package smartcard_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ebfe/scard"

	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/smartcard/pcsctest"
	"github.com/wardkiosk/kiosk/smartcard/vcard"
)

// BenchmarkCardInserted is a card going into a vpcd reader until the
// Monitor delivers CardInserted (DESIGN §9: <= pcscd's detection + 50 ms).
// detect-ms is pcscd's part: it polls vpcd readers every 400 ms, and the
// card sees the poll as an ATR request; notify-ms is the rest: pcscd
// powering the card and telling clients, then the Monitor.
func BenchmarkCardInserted(b *testing.B) {
	d := pcsctest.Start(b)
	p := newPKI(b)
	card, _, _ := p.card(b, "Jane Smith", issue.ECDSAP256, vcard.Options{})
	m := smartcard.StartMonitor(context.Background(), smartcard.MonitorOptions{})
	defer m.Close()
	next(b, m, smartcard.ReaderAdded, 5*time.Second)
	var detected atomic.Int64
	hooks := vcard.Hooks{Control: func(code byte) {
		if code == 4 {
			detected.CompareAndSwap(0, time.Now().UnixNano())
		}
	}}
	var detect, notify time.Duration
	b.ResetTimer()
	for range b.N {
		detected.Store(0)
		start := time.Now()
		l, err := vcard.Insert(context.Background(), d.Addr(0), card, hooks)
		if err != nil {
			b.Fatal(err)
		}
		ev := next(b, m, smartcard.CardInserted, 5*time.Second)
		seen := time.Unix(0, detected.Load())
		detect += seen.Sub(start)
		notify += ev.At.Sub(seen)
		b.StopTimer()
		l.Remove()
		next(b, m, smartcard.CardRemoved, 5*time.Second)
		b.StartTimer()
	}
	b.ReportMetric(float64(detect.Milliseconds())/float64(b.N), "detect-ms")
	b.ReportMetric(float64(notify.Microseconds())/1000/float64(b.N), "notify-ms")
}

// BenchmarkPasscodeToSession is a passcode submitted until the auth core
// returns the session: the whole card protocol through pcscd to the
// virtual card, the certificate checks and the SQLite transaction
// (DESIGN §9: passcode -> portal <= 100 ms; drawing the portal is the
// screen's part).
func BenchmarkPasscodeToSession(b *testing.B) {
	d := pcsctest.Start(b)
	p := newPKI(b)
	k := newKiosk(b)
	m := smartcard.StartMonitor(context.Background(), smartcard.MonitorOptions{})
	defer m.Close()
	a := p.authenticator(b)
	// Set up once, outside b.Run, which runs its function more than once:
	// a card pulled and put back between runs would look inserted to a
	// new Monitor until pcscd's next poll.
	for i, kt := range []issue.KeyType{issue.ECDSAP256, issue.RSA2048} {
		card, cert, _ := p.card(b, "Jane Smith", kt, vcard.Options{})
		k.enrol(b, cert)
		insert(b, d.Addr(i), card)
		if ev := next(b, m, smartcard.CardInserted, 5*time.Second); ev.Reader != pcsctest.Readers[i] {
			b.Fatalf("inserted into %q", ev.Reader)
		}
	}
	for i, name := range []string{"ecdsa-p256", "rsa-2048"} {
		b.Run(name, func(b *testing.B) {
			for range b.N {
				if _, err := k.svc.CardLogin(context.Background(), "T1", a.Reader(pcsctest.Readers[i]), pin); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	// The same cards through OpenSC's PKCS#11 module (card_driver =
	// "pkcs11"), taking turns with the built-in PIV client so that both
	// see the same machine: the ratio is the module's cost.
	pa := a.Using(openSC(b))
	for i, name := range []string{"pkcs11-ecdsa-p256", "pkcs11-rsa-2048"} {
		b.Run(name, func(b *testing.B) {
			var piv, p11 time.Duration
			for range b.N {
				start := time.Now()
				if _, err := k.svc.CardLogin(context.Background(), "T1", pa.Reader(pcsctest.Readers[i]), pin); err != nil {
					b.Fatal(err)
				}
				p11 += time.Since(start)
				b.StopTimer()
				start = time.Now()
				if _, err := k.svc.CardLogin(context.Background(), "T1", a.Reader(pcsctest.Readers[i]), pin); err != nil {
					b.Fatal(err)
				}
				piv += time.Since(start)
				b.StartTimer()
			}
			b.ReportMetric(float64(piv.Microseconds())/1000/float64(b.N), "piv-ms")
			b.ReportMetric(float64(p11)/float64(piv), "piv-x")
		})
	}
}

// BenchmarkPKCS11Load is OpenSC's module loaded at start-up with pcscd
// running, as card_driver = "pkcs11" does it: the file checks, the probe
// in a child process, then C_Initialize here; and unloaded again.
func BenchmarkPKCS11Load(b *testing.B) {
	pcsctest.Start(b)
	pcsctest.RequireOpenSC(b)
	for range b.N {
		d := smartcard.LoadPKCS11(context.Background(), pcsctest.OpenSCModule)
		if err := d.Wait(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		d.Close()
		b.StartTimer()
	}
}

// BenchmarkAPDU is one APDU's round trip: libpcsclite, pcscd, vpcd, TCP,
// the virtual card and back.
func BenchmarkAPDU(b *testing.B) {
	d := pcsctest.Start(b)
	p := newPKI(b)
	card, _, _ := p.card(b, "Jane Smith", issue.ECDSAP256, vcard.Options{})
	m := smartcard.StartMonitor(context.Background(), smartcard.MonitorOptions{})
	defer m.Close()
	insert(b, d.Addr(0), card)
	ev := next(b, m, smartcard.CardInserted, 5*time.Second)
	ctx, err := scard.EstablishContext()
	if err != nil {
		b.Fatal(err)
	}
	defer ctx.Release()
	c, err := ctx.Connect(ev.Reader, scard.ShareShared, scard.ProtocolAny)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Disconnect(scard.ResetCard)
	sel := []byte{0x00, 0xA4, 0x04, 0x00, 0x05, 0xA0, 0x00, 0x00, 0x03, 0x08, 0x00}
	b.ResetTimer()
	for range b.N {
		r, err := c.Transmit(sel)
		if err != nil || len(r) < 2 || r[len(r)-2] != 0x90 {
			b.Fatalf("% X %v", r, err)
		}
	}
}
