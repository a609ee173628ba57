package remote

import (
	"context"
	"crypto/x509"
	"errors"

	"connectrpc.com/connect"

	kioskv1 "github.com/wardkiosk/kiosk/api/gen/kiosk/v1"
	"github.com/wardkiosk/kiosk/api/gen/kiosk/v1/kioskv1connect"
	"github.com/wardkiosk/kiosk/auth"
)

// CardSigner has the card in a reader, unlocked by its passcode, sign a
// challenge; *smartcard.Signer is one.
type CardSigner interface {
	SignChallenge(ctx context.Context, reader, passcode string, challenge []byte) (*x509.Certificate, []byte, error)
}

// ErrNoCards means card sign-in is not set up on this kiosk.
var ErrNoCards = errors.New("remote: smartcard sign-in is not set up")

// CardLogin proves the card in reader to the service: the service's
// challenge first (so an unreachable service costs no passcode try), then
// the card signs it once the passcode unlocks it, then the service checks
// the signature, chain, CRL and enrolment. A wrong passcode is the card's
// own answer, as standalone.
func (c *Client) CardLogin(ctx context.Context, reader, passcode string) (auth.Session, error) {
	if c.o.Signer == nil {
		return auth.Session{}, ErrNoCards
	}
	ch, err := call(ctx, c, c.o.CallTimeout, func(ctx context.Context, api kioskv1connect.KioskServiceClient) (*kioskv1.CardChallengeResponse, error) {
		r, err := api.CardChallenge(ctx, connect.NewRequest(&kioskv1.CardChallengeRequest{}))
		return msg(r, err)
	})
	if err != nil {
		return auth.Session{}, err
	}
	cert, sig, cardErr := c.o.Signer.SignChallenge(ctx, reader, passcode, ch.GetChallenge())
	if cardErr != nil {
		if cert != nil {
			// The service audits what the card said, as a standalone kiosk
			// does; staff read the card's own answer, here.
			_, _ = call(ctx, c, c.o.CallTimeout, func(ctx context.Context, api kioskv1connect.KioskServiceClient) (*kioskv1.CardSignInResponse, error) {
				r, err := api.CardSignIn(ctx, connect.NewRequest(&kioskv1.CardSignInRequest{Challenge: ch.GetChallenge(),
					Certificate: cert.Raw, CardFailure: cardErr.Error()}))
				return msg(r, err)
			})
		}
		return auth.Session{}, cardErr
	}
	res, err := call(ctx, c, c.o.SignInTimeout, func(ctx context.Context, api kioskv1connect.KioskServiceClient) (*kioskv1.CardSignInResponse, error) {
		r, err := api.CardSignIn(ctx, connect.NewRequest(&kioskv1.CardSignInRequest{Challenge: ch.GetChallenge(),
			Certificate: cert.Raw, Signature: sig}))
		return msg(r, err)
	})
	if err != nil {
		return auth.Session{}, err
	}
	return c.keep(res.GetSession()), nil
}

// CardRemoved records at the service a card pulled during its session,
// and what the kiosk did ("logout", "lock" or "none").
func (c *Client) CardRemoved(ctx context.Context, sess auth.Session, action string) error {
	tok, err := c.token(sess)
	if err != nil {
		return err
	}
	_, err = call(ctx, c, c.o.CallTimeout, func(ctx context.Context, api kioskv1connect.KioskServiceClient) (*kioskv1.CardRemovedResponse, error) {
		r, err := api.CardRemoved(ctx, connect.NewRequest(&kioskv1.CardRemovedRequest{SessionToken: tok, Action: action}))
		return msg(r, err)
	})
	return err
}
