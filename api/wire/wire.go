// Package wire is what the kiosk API's service and its client kiosks agree
// on beyond the generated messages: how a refusal travels. The service
// turns an error of the auth core into a Connect error whose ErrorDetail
// reason is the error's text ID; the kiosk turns it back into the same
// error, so its screens show exactly what they show standalone, and
// nothing more.
package wire

import (
	"context"
	"errors"
	"fmt"

	"connectrpc.com/connect"

	kioskv1 "github.com/wardkiosk/kiosk/api/gen/kiosk/v1"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/smartcard/certs"
	"github.com/wardkiosk/kiosk/text"
)

// RequestIDHeader carries a kiosk's id for one call: the same on every
// instance the kiosk tries, so that a call sent again after an instance
// died before answering changes nothing twice.
const RequestIDHeader = "Kiosk-Request-Id"

// Reasons of refusals that have no words for staff: the kiosk acts on them.
const (
	// ReasonTerminal: the calling terminal is not registered, or disabled.
	ReasonTerminal = "terminal.refused"
	// ReasonSession: a session token is forged, expired or another terminal's.
	ReasonSession = "session.invalid"
)

// Errors a kiosk acts on, from the reasons above.
var (
	// ErrTerminalRefused: this terminal may not use the service.
	ErrTerminalRefused = errors.New("the service refuses this terminal: it is not registered, or is disabled")
	// ErrSession: the service no longer knows this session.
	ErrSession = errors.New("the service does not know this session")
)

// sentinel is one error the screens know, with the code it travels under.
type sentinel struct {
	err  error
	code connect.Code
}

// sentinels are the core's and the card's errors with words for staff
// that the service can answer; their reason is their text ID.
var sentinels = []sentinel{
	{auth.ErrResetFailed, connect.CodePermissionDenied},
	{auth.ErrMismatch, connect.CodeInvalidArgument},
	{auth.ErrWrongPassword, connect.CodeUnauthenticated},
	{auth.ErrControlCharacters, connect.CodeInvalidArgument},
	{auth.ErrCardNotEnrolled, connect.CodePermissionDenied},
	{auth.ErrCardWithdrawn, connect.CodePermissionDenied},
	{auth.ErrCardAccount, connect.CodePermissionDenied},
	{smartcard.ErrBadSignature, connect.CodePermissionDenied},
	{smartcard.ErrNotRecognised, connect.CodeInvalidArgument},
	{certs.ErrExpired, connect.CodePermissionDenied},
	{certs.ErrNotYetValid, connect.CodePermissionDenied},
	{certs.ErrUntrusted, connect.CodePermissionDenied},
	{certs.ErrRevoked, connect.CodePermissionDenied},
	{certs.ErrKeyUsage, connect.CodePermissionDenied},
	{certs.ErrKeyType, connect.CodePermissionDenied},
}

// reasonOf is the text ID of a sentinel.
func reasonOf(err error) string {
	m, _ := text.ForError(err)
	return string(m.ID)
}

// Error is the Connect error the service answers for err. An error the
// screens know keeps its words (reason) and nothing else: its developer
// text, which may say more, stays in the service. Any other error is
// Internal with no detail; the caller logs it.
func Error(err error) *connect.Error {
	var ce *connect.Error
	if errors.As(err, &ce) {
		return ce
	}
	var le *auth.LoginError
	var pe *auth.PolicyError
	switch {
	case errors.Is(err, context.Canceled):
		return connect.NewError(connect.CodeCanceled, errors.New("canceled"))
	case errors.Is(err, context.DeadlineExceeded):
		return connect.NewError(connect.CodeDeadlineExceeded, errors.New("deadline exceeded"))
	case errors.As(err, &le):
		return withDetail(connect.CodeUnauthenticated, &kioskv1.ErrorDetail{Reason: string(text.LoginFailed), LockHint: le.Hint})
	case errors.As(err, &pe):
		return withDetail(connect.CodeInvalidArgument, &kioskv1.ErrorDetail{Reason: string(text.PasswordRefused),
			Failures: Failures(pe.Failures)})
	case errors.Is(err, auth.ErrTerminalRefused):
		return withDetail(connect.CodePermissionDenied, &kioskv1.ErrorDetail{Reason: ReasonTerminal})
	case errors.Is(err, auth.ErrSessionToken):
		return withDetail(connect.CodeUnauthenticated, &kioskv1.ErrorDetail{Reason: ReasonSession})
	}
	for _, s := range sentinels {
		if errors.Is(err, s.err) {
			return withDetail(s.code, &kioskv1.ErrorDetail{Reason: reasonOf(s.err)})
		}
	}
	return connect.NewError(connect.CodeInternal, errors.New("the service failed; try again"))
}

// withDetail is a Connect error whose message is the reason alone.
func withDetail(code connect.Code, d *kioskv1.ErrorDetail) *connect.Error {
	ce := connect.NewError(code, errors.New(d.Reason))
	if det, err := connect.NewErrorDetail(d); err == nil {
		ce.AddDetail(det)
	}
	return ce
}

// AuthError turns an error from a call to the service back into the error
// the standalone kiosk would have: an *auth.LoginError, *auth.PolicyError,
// one of the core's or the card's sentinels, ErrTerminalRefused or
// ErrSession. Any other error is returned as it is: it has no words for
// staff, so the screens say something general.
func AuthError(err error) error {
	var ce *connect.Error
	if !errors.As(err, &ce) {
		return err
	}
	var d *kioskv1.ErrorDetail
	for _, det := range ce.Details() {
		if v, verr := det.Value(); verr == nil {
			if x, ok := v.(*kioskv1.ErrorDetail); ok {
				d = x
				break
			}
		}
	}
	if d == nil {
		return err
	}
	switch d.Reason {
	case string(text.LoginFailed):
		return &auth.LoginError{Hint: d.LockHint}
	case string(text.PasswordRefused):
		return &auth.PolicyError{Failures: FromFailures(d.Failures)}
	case ReasonTerminal:
		return ErrTerminalRefused
	case ReasonSession:
		return ErrSession
	case ReasonVersion:
		return fmt.Errorf("%w: %s", ErrAPIVersion, ce.Message())
	}
	for _, s := range sentinels {
		if reasonOf(s.err) == d.Reason {
			return s.err
		}
	}
	return err
}

// Failures is the wire form of a policy check's failures.
func Failures(fs []policy.Failure) []*kioskv1.PolicyFailure {
	out := make([]*kioskv1.PolicyFailure, len(fs))
	for i, f := range fs {
		out[i] = &kioskv1.PolicyFailure{Rule: f.Rule, N: int32(f.N), MessageId: string(f.MessageID),
			GuidanceId: string(f.GuidanceID)}
	}
	return out
}

// FromFailures is a policy check's failures from their wire form.
func FromFailures(ps []*kioskv1.PolicyFailure) []policy.Failure {
	out := make([]policy.Failure, len(ps))
	for i, p := range ps {
		out[i] = policy.Failure{Rule: p.GetRule(), N: int(p.GetN()), MessageID: text.ID(p.GetMessageId()),
			GuidanceID: text.ID(p.GetGuidanceId())}
	}
	return out
}

// Profile is the wire form of a password policy profile.
func Profile(p policy.Profile) *kioskv1.Profile {
	return &kioskv1.Profile{Name: p.Name, MinLength: int32(p.MinLength), MaxLength: int32(p.MaxLength),
		LetterAndDigit: p.LetterAndDigit, History: int32(p.History), NoRepeat: p.NoRepeat, NoSequence: p.NoSequence,
		NoNames: p.NoNames, NoForbiddenWords: p.NoForbiddenWords, NotCommon: p.NotCommon}
}

// FromProfile is a password policy profile from its wire form.
func FromProfile(p *kioskv1.Profile) policy.Profile {
	return policy.Profile{Name: p.GetName(), MinLength: int(p.GetMinLength()), MaxLength: int(p.GetMaxLength()),
		LetterAndDigit: p.GetLetterAndDigit(), History: int(p.GetHistory()), NoRepeat: p.GetNoRepeat(),
		NoSequence: p.GetNoSequence(), NoNames: p.GetNoNames(), NoForbiddenWords: p.GetNoForbiddenWords(),
		NotCommon: p.GetNotCommon()}
}
