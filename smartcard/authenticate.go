package smartcard

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/ebfe/scard"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/smartcard/certs"
	"github.com/wardkiosk/kiosk/smartcard/piv"
)

// Authenticator has a card prove itself: the sign-in protocol of DESIGN §6.
type Authenticator struct {
	driver Driver
	trust  *certs.Trust
	now    func() time.Time
	rand   io.Reader
}

// NewAuthenticator checks cards against trust, through the built-in PIV
// driver until Using names another. now and rand may be nil for the
// system clock and crypto/rand.
func NewAuthenticator(trust *certs.Trust, now func() time.Time, random io.Reader) (*Authenticator, error) {
	if trust == nil {
		return nil, errors.New("smartcard: no Trust CAs (trust.ca_file)")
	}
	if now == nil {
		now = time.Now
	}
	if random == nil {
		random = rand.Reader
	}
	return &Authenticator{driver: PIV{}, trust: trust, now: now, rand: random}, nil
}

// Using returns a copy of a that reaches cards through d.
func (a *Authenticator) Using(d Driver) *Authenticator {
	b := *a
	b.driver = d
	return &b
}

// Reader returns the card in the named reader as the core's CardProver,
// for auth.Service.CardLogin.
func (a *Authenticator) Reader(name string) auth.CardProver { return readerCard{a: a, reader: name} }

type readerCard struct {
	a      *Authenticator
	reader string
}

func (r readerCard) Prove(ctx context.Context, passcode string) (*x509.Certificate, error) {
	return r.a.Authenticate(ctx, r.reader, passcode)
}

// Authenticate runs the sign-in protocol with the card in reader and
// returns its certificate, checked. On failure the certificate is
// returned too when it was read, for the audit.
func (a *Authenticator) Authenticate(ctx context.Context, reader, passcode string) (*x509.Certificate, error) {
	return a.prove(ctx, a.driver, reader, passcode)
}

// PasscodeState says what the card in reader says of its passcode before
// one is typed, for the Smartcard screen's warning.
func (a *Authenticator) PasscodeState(ctx context.Context, reader string) (PasscodeState, error) {
	return a.driver.PasscodeState(ctx, reader)
}

// Prove runs the protocol with a PIV card over any transmitter.
func (a *Authenticator) Prove(ctx context.Context, t piv.Transmitter, passcode string) (*x509.Certificate, error) {
	return a.prove(ctx, transmitterPIV{t}, "", passcode)
}

// prove reads and checks the certificate, has the card sign a fresh
// challenge once the passcode unlocks it, and checks the signature with
// the certificate's key. The certificate is checked before the passcode
// is sent, so a card that could never sign in does not cost its holder a
// try.
func (a *Authenticator) prove(ctx context.Context, d Driver, reader, passcode string) (*x509.Certificate, error) {
	challenge := make([]byte, 32)
	if _, err := io.ReadFull(a.rand, challenge); err != nil {
		return nil, fmt.Errorf("smartcard: challenge: %w", err)
	}
	cert, _, err := sign(ctx, d, reader, a.trust, a.now, passcode, challenge)
	return cert, err
}

// withCard runs fn inside a transaction with the card in reader, and
// resets the card after it.
func withCard(ctx context.Context, reader string, fn func(t piv.Transmitter) error) error {
	if reader == "" {
		return ErrNoReader
	}
	pc, err := scard.EstablishContext()
	if err != nil {
		return pcscError(err)
	}
	defer pc.Release()
	card, err := pc.Connect(reader, scard.ShareShared, scard.ProtocolAny)
	if err != nil {
		return pcscError(err)
	}
	// Reset on the way out: the PIN verified here must not stay verified
	// for whatever talks to the card next.
	defer card.Disconnect(scard.ResetCard)
	if err := card.BeginTransaction(); err != nil {
		return pcscError(err)
	}
	defer card.EndTransaction(scard.LeaveCard)
	return fn(ctxTransmitter{ctx: ctx, card: card})
}

// ctxTransmitter stops between APDUs once ctx ends and maps PC/SC errors.
type ctxTransmitter struct {
	ctx  context.Context
	card *scard.Card
}

func (t ctxTransmitter) Transmit(cmd []byte) ([]byte, error) {
	if err := t.ctx.Err(); err != nil {
		return nil, err
	}
	r, err := t.card.Transmit(cmd)
	if err != nil {
		return nil, pcscError(err)
	}
	return r, nil
}

// sign has the card in reader, through d, sign SHA-256(challenge) once the
// passcode unlocks it, and checks the signature with the certificate's
// key. With a trust, the certificate is checked before the passcode is
// sent; without one (a client kiosk: the service checks it), only its key.
func sign(ctx context.Context, d Driver, reader string, trust *certs.Trust, now func() time.Time, passcode string,
	challenge []byte) (*x509.Certificate, []byte, error) {
	check := certs.CheckKey
	if trust != nil {
		check = func(c *x509.Certificate) error { return trust.Check(c, now()) }
	}
	cert, sig, err := d.Sign(ctx, reader, passcode, check, challenge)
	if err != nil {
		return cert, nil, err
	}
	if VerifyChallenge(cert.PublicKey, challenge, sig) != nil {
		return cert, nil, ErrBadSignature
	}
	return cert, sig, ctx.Err()
}

// Signer has a card sign a challenge the Trust's service issued: a client
// kiosk's half of a card sign-in (DESIGN §10). The service checks the
// signature, chain, CRL and enrolment; the kiosk only unlocks the card.
type Signer struct {
	driver Driver
	trust  *certs.Trust
	now    func() time.Time
}

// NewSigner signs with cards, through the built-in PIV driver until Using
// names another. With trust (the kiosk's trust.ca_file), a card the Trust
// never issued is refused before its passcode costs a try; nil leaves
// every check to the service. now may be nil for the system clock.
func NewSigner(trust *certs.Trust, now func() time.Time) *Signer {
	if now == nil {
		now = time.Now
	}
	return &Signer{driver: PIV{}, trust: trust, now: now}
}

// Using returns a copy of s that reaches cards through d.
func (s *Signer) Using(d Driver) *Signer {
	c := *s
	c.driver = d
	return &c
}

// SignChallenge has the card in reader, unlocked by passcode, sign the
// challenge: its certificate and its signature of SHA-256(challenge), as
// CardSignIn wants them.
func (s *Signer) SignChallenge(ctx context.Context, reader, passcode string, challenge []byte) (*x509.Certificate, []byte, error) {
	return s.signWith(ctx, s.driver, reader, passcode, challenge)
}

// PasscodeState says what the card in reader says of its passcode before
// one is typed, for the Smartcard screen's warning.
func (s *Signer) PasscodeState(ctx context.Context, reader string) (PasscodeState, error) {
	return s.driver.PasscodeState(ctx, reader)
}

// Sign is SignChallenge with a PIV card over any transmitter.
func (s *Signer) Sign(ctx context.Context, t piv.Transmitter, passcode string, challenge []byte) (*x509.Certificate, []byte, error) {
	return s.signWith(ctx, transmitterPIV{t}, "", passcode, challenge)
}

func (s *Signer) signWith(ctx context.Context, d Driver, reader, passcode string, challenge []byte) (*x509.Certificate, []byte, error) {
	if len(challenge) == 0 {
		return nil, nil, errors.New("smartcard: no challenge to sign")
	}
	return sign(ctx, d, reader, s.trust, s.now, passcode, challenge)
}

// signingInput is what the card signs for a key: the digest for ECDSA
// P-256, the PKCS#1 v1.5 block of the SHA-256 DigestInfo for RSA 2048.
func signingInput(pub crypto.PublicKey, digest []byte) (piv.Algorithm, []byte, error) {
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		return piv.AlgECCP256, digest, nil
	case *rsa.PublicKey:
		block := make([]byte, k.Size())
		t := append(append([]byte{}, sha256Prefix...), digest...)
		if len(t)+11 > len(block) {
			return 0, nil, ErrKeyType
		}
		block[1] = 0x01
		for i := 2; i < len(block)-len(t)-1; i++ {
			block[i] = 0xFF
		}
		copy(block[len(block)-len(t):], t)
		return piv.AlgRSA2048, block, nil
	}
	return 0, nil, ErrKeyType
}

// sha256Prefix is the DER of a SHA-256 DigestInfo up to the digest
// (RFC 8017 §9.2 note 1).
var sha256Prefix = []byte{0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20}

func verifySignature(pub crypto.PublicKey, digest, sig []byte) bool {
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		return ecdsa.VerifyASN1(k, digest, sig)
	case *rsa.PublicKey:
		// PKCS#1 v1.5 as PIV cards sign, or PSS where a PKCS#11 key
		// allows only that (DESIGN §6).
		return rsa.VerifyPKCS1v15(k, crypto.SHA256, digest, sig) == nil ||
			rsa.VerifyPSS(k, crypto.SHA256, digest, sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto}) == nil
	}
	return false
}

// cardError maps the PIV client's errors to the ones a screen shows.
func cardError(err error) error {
	var pe *piv.PINError
	switch {
	case errors.As(err, &pe):
		return &PasscodeError{Left: pe.Left}
	case errors.Is(err, piv.ErrBlocked):
		return ErrBlocked
	case errors.Is(err, piv.ErrPINFormat):
		return ErrPasscodeFormat
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, ErrCardRemoved), errors.Is(err, ErrNoService), errors.Is(err, ErrNoReader), errors.Is(err, ErrNoCard):
		return err
	}
	// Not PIV, no certificate, a malformed answer or an unexpected status:
	// the cause stays for errors.Is, the text stays plain.
	return &notRecognised{cause: err}
}

// notRecognised is ErrNotRecognised with its cause kept for debugging.
type notRecognised struct{ cause error }

// Error names the cause too, for the audit and the log (a PKCS#11 module
// with no slot for the reader says which slots it has); the card holder
// reads only ErrNotRecognised's words.
func (e *notRecognised) Error() string { return ErrNotRecognised.Error() + ": " + e.cause.Error() }
func (e *notRecognised) Unwrap() []error {
	return []error{ErrNotRecognised, e.cause}
}

// pcscError maps PC/SC errors to the ones a screen shows.
func pcscError(err error) error {
	var e scard.Error
	if !errors.As(err, &e) {
		return err
	}
	switch e {
	case scard.ErrNoService, scard.ErrServiceStopped, scard.ErrCommError:
		return fmt.Errorf("%w (%w)", ErrNoService, err)
	case scard.ErrUnknownReader, scard.ErrReaderUnavailable, scard.ErrNoReadersAvailable:
		return fmt.Errorf("%w (%w)", ErrNoReader, err)
	case scard.ErrNoSmartcard:
		return fmt.Errorf("%w (%w)", ErrNoCard, err)
	case scard.ErrRemovedCard, scard.ErrResetCard:
		return fmt.Errorf("%w (%w)", ErrCardRemoved, err)
	}
	return &notRecognised{cause: err}
}

// VerifyChallenge checks a card's signature of SHA-256(challenge) with its
// certificate's key, as Prove does at the kiosk: the service checks a
// client kiosk's card sign-in with it (DESIGN §10).
func VerifyChallenge(pub crypto.PublicKey, challenge, sig []byte) error {
	digest := sha256.Sum256(challenge)
	if !verifySignature(pub, digest[:], sig) {
		return ErrBadSignature
	}
	return nil
}
