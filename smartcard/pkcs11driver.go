package smartcard

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/wardkiosk/kiosk/smartcard/pkcs11"
	"github.com/wardkiosk/kiosk/text"
)

// PKCS11 is the Driver over a card vendor's PKCS#11 module (card_driver =
// "pkcs11"): pcscd still tells the kiosk of readers and cards, and the
// module, in the slot of the reader the card is in, does the sign-in.
//
// The module loads in the background, so a slow or broken one never
// holds up the screens: until it has loaded a sign-in waits for it, and
// if it did not load every sign-in is refused with ErrDriver (its cause
// in the error, for the log) while password sign-in goes on.
type PKCS11 struct {
	path string
	done chan struct{}

	// Set before done closes.
	m    *pkcs11.Module
	err  error
	took time.Duration

	closeOnce sync.Once
}

// callTimeout bounds one certificate read or sign-in in the module. A card
// answers in well under a second; a module stuck in a call (OpenSC 0.23
// can be, for good, after a card is pulled mid-command) must not hold the
// screen: the holder is told card sign-in is not working, the audit and
// the log say where the module is stuck.
var callTimeout = 10 * time.Second

// LoadPKCS11 starts loading the module at path (see pkcs11.Load for the
// checks it must pass first) and returns at once.
func LoadPKCS11(ctx context.Context, path string) *PKCS11 {
	d := &PKCS11{path: path, done: make(chan struct{})}
	go func() {
		defer close(d.done)
		start := time.Now()
		d.m, d.err = pkcs11.Load(context.WithoutCancel(ctx), path)
		d.took = time.Since(start)
	}()
	return d
}

// Name is "pkcs11".
func (d *PKCS11) Name() string { return "pkcs11" }

// Path is the module's path.
func (d *PKCS11) Path() string { return d.path }

// Wait waits until the module has loaded or failed to, and returns why it
// failed: one line for a maintainer.
func (d *PKCS11) Wait(ctx context.Context) error {
	_, err := d.module(ctx)
	return err
}

// Loaded reports, without waiting, whether the load has finished and
// how: done false while it goes on.
func (d *PKCS11) Loaded() (done bool, err error) {
	select {
	case <-d.done:
		return true, d.err
	default:
		return false, nil
	}
}

// Took is how long the load took, once Wait has returned.
func (d *PKCS11) Took() time.Duration {
	<-d.done
	return d.took
}

// Stuck names the call the module has been in for longer than a call
// may take (callTimeout), and for how long; "" when it is not stuck. Card
// sign-in is off until the kiosk restarts: the module cannot be asked
// anything else meanwhile.
func (d *PKCS11) Stuck() (op string, for_ time.Duration) {
	if done, err := d.Loaded(); !done || err != nil {
		return "", 0
	}
	op, since := d.m.Busy()
	if op == "" || time.Since(since) <= callTimeout {
		return "", 0
	}
	return op, time.Since(since)
}

// Info is what the module says of itself, once loaded: outside input,
// to be sanitised before display.
func (d *PKCS11) Info(ctx context.Context) (pkcs11.Info, error) {
	m, err := d.module(ctx)
	if err != nil {
		return pkcs11.Info{}, err
	}
	return m.Info(), nil
}

// Slots are the module's slots, once loaded.
func (d *PKCS11) Slots(ctx context.Context) (slots []pkcs11.Slot, err error) {
	err = d.call(ctx, func(ctx context.Context, m *pkcs11.Module) error {
		slots, err = m.Slots(ctx)
		return err
	})
	return slots, err
}

// module waits for the load.
func (d *PKCS11) module(ctx context.Context) (*pkcs11.Module, error) {
	select {
	case <-d.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if d.err != nil {
		return nil, fmt.Errorf("%w: %w", ErrDriver, d.err)
	}
	return d.m, nil
}

// call runs f on the loaded module within a call's time (callTimeout),
// and maps its error to the ones a screen shows.
func (d *PKCS11) call(ctx context.Context, f func(ctx context.Context, m *pkcs11.Module) error) error {
	m, err := d.module(ctx)
	if err != nil {
		return err
	}
	cctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	return stuckError(ctx, moduleError(f(cctx, m)))
}

// Certificate reads the sign-in certificate of the token in reader's slot.
func (d *PKCS11) Certificate(ctx context.Context, reader string) (cert *x509.Certificate, err error) {
	err = d.call(ctx, func(ctx context.Context, m *pkcs11.Module) error {
		cert, err = m.Certificate(ctx, reader)
		return err
	})
	return cert, err
}

// PasscodeState reads the token's locked flag, without logging in.
func (d *PKCS11) PasscodeState(ctx context.Context, reader string) (PasscodeState, error) {
	var pin pkcs11.PINStatus
	err := d.call(ctx, func(ctx context.Context, m *pkcs11.Module) (err error) {
		pin, err = m.PIN(ctx, reader)
		return err
	})
	if err != nil {
		return PasscodeState{}, err
	}
	// Only a locked token is told before typing: a module's final-try
	// flag can outlive the right passcode (OpenSC 0.23 keeps it after a
	// good login), and a false "last try" would only alarm.
	return PasscodeState{Left: LeftUnknown, Blocked: pin.Locked}, nil
}

// Sign logs in to the token in reader's slot with the passcode and signs;
// the module logs out and closes its session on every path.
func (d *PKCS11) Sign(ctx context.Context, reader, passcode string, check func(*x509.Certificate) error, challenge []byte) (cert *x509.Certificate, sig []byte, err error) {
	if reader == "" {
		return nil, nil, ErrNoReader
	}
	if passcode == "" {
		return nil, nil, ErrPasscodeFormat
	}
	err = d.call(ctx, func(ctx context.Context, m *pkcs11.Module) error {
		cert, sig, err = m.Sign(ctx, reader, passcode, check, challenge)
		return err
	})
	if errors.Is(err, ErrNotRecognised) && !errors.Is(err, pkcs11.ErrNoSlot) && !errors.Is(err, pkcs11.ErrNoCertificate) &&
		cardLeft(ctx, reader) {
		err = fmt.Errorf("%w (%w)", ErrCardRemoved, err)
	}
	return cert, sig, err
}

// stuckError turns the module's own deadline passing, the caller's not,
// into ErrDriver: the module is stuck, and card sign-in with it.
func stuckError(ctx context.Context, err error) error {
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
		return fmt.Errorf("%w: %w", ErrDriver, err)
	}
	return err
}

// cardLeft asks pcscd whether the card has left reader, waiting up to a
// second for its next poll of the reader (every 400 ms). A module may
// report a card pulled mid-call as any failure: OpenSC's is
// CKR_GENERAL_ERROR.
func cardLeft(ctx context.Context, reader string) bool {
	deadline := time.Now().Add(time.Second)
	for {
		st, err := ReadState()
		if err == nil {
			in := false
			for _, r := range st.Readers {
				in = in || r.Name == reader && r.Card
			}
			if !in {
				return true
			}
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Close unloads the module, once its load has finished.
func (d *PKCS11) Close() error {
	<-d.done
	var err error
	d.closeOnce.Do(func() {
		if d.m != nil {
			err = d.m.Close()
		}
	})
	return err
}

// moduleError maps the module's errors to the ones a screen shows, as
// cardError does the PIV client's: the token's PIN flags give the same
// words as PIV's tries left.
func moduleError(err error) error {
	var pe *pkcs11.PINError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &pe):
		switch {
		case pe.FinalTry:
			return &PasscodeError{Left: 1}
		case pe.CountLow:
			return &PasscodeError{Left: LeftUnknown, Few: true}
		}
		return &PasscodeError{Left: LeftUnknown}
	case errors.Is(err, pkcs11.ErrLocked):
		return fmt.Errorf("%w (%w)", ErrBlocked, err)
	case errors.Is(err, pkcs11.ErrPINLen):
		return fmt.Errorf("%w (%w)", ErrPasscodeFormat, err)
	case errors.Is(err, pkcs11.ErrRemoved):
		return fmt.Errorf("%w (%w)", ErrCardRemoved, err)
	case errors.Is(err, pkcs11.ErrNoToken):
		return fmt.Errorf("%w (%w)", ErrNoCard, err)
	case errors.Is(err, pkcs11.ErrKeyType):
		return fmt.Errorf("%w (%w)", ErrKeyType, err)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	// The certificate checks pass through as they are, with their words.
	// No slot for the reader, no certificate, or anything else the module
	// says: the card holder reads "not recognised", the log the cause.
	if _, ok := text.ForError(err); ok {
		return err
	}
	return &notRecognised{cause: err}
}
