package remote

import (
	"context"
	"time"

	"connectrpc.com/connect"

	kioskv1 "github.com/wardkiosk/kiosk/api/gen/kiosk/v1"
	"github.com/wardkiosk/kiosk/api/gen/kiosk/v1/kioskv1connect"
	"github.com/wardkiosk/kiosk/api/wire"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/text"
)

// maxTokens bounds the session tokens kept: a kiosk has one session at a
// time, and each ends with Logout, which drops its token.
const maxTokens = 16

// sessionKey names a session the service granted, as the screens hand it
// back: the session token stays here, never in what the screens hold.
type sessionKey struct {
	username, method string
	at               int64
}

func keyOf(s auth.Session) sessionKey {
	return sessionKey{username: s.User.Username, method: s.Method, at: s.At.UnixNano()}
}

// keep turns the service's session into the screens' and keeps its token.
func (c *Client) keep(m *kioskv1.Session) auth.Session {
	u := m.GetUser()
	s := auth.Session{
		User: auth.User{Username: u.GetUsername(), FirstName: u.GetFirstName(), LastName: u.GetLastName(),
			Email: u.GetEmail(), Role: u.GetRole(), Ward: u.GetWard(), Language: text.Lang(u.GetLanguage())},
		Terminal: m.GetTerminal(), Method: m.GetMethod(), At: fromNanos(m.GetAt()),
		PreviousAt: fromNanos(m.GetPreviousAt()), PreviousTerminal: m.GetPreviousTerminal(),
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.tokens) >= maxTokens {
		clear(c.tokens) // sessions never logged out (a crash of the screens): forget them
	}
	c.tokens[keyOf(s)] = m.GetToken()
	return s
}

// token is the service's token of a session; wire.ErrSession when it is
// not one this client was granted.
func (c *Client) token(s auth.Session) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.tokens[keyOf(s)]
	if !ok {
		return "", wire.ErrSession
	}
	return t, nil
}

// forget drops a session's token.
func (c *Client) forget(s auth.Session) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.tokens, keyOf(s))
}

// Login signs in at the service with a username and password. The
// terminal is the one the kiosk's certificate names; terminal is unused.
func (c *Client) Login(ctx context.Context, _, username, password string) (auth.Session, error) {
	res, err := call(ctx, c, c.o.SignInTimeout, func(ctx context.Context, api kioskv1connect.KioskServiceClient) (*kioskv1.LoginResponse, error) {
		r, err := api.Login(ctx, connect.NewRequest(&kioskv1.LoginRequest{Username: username, Password: password}))
		return msg(r, err)
	})
	if err != nil {
		return auth.Session{}, err
	}
	return c.keep(res.GetSession()), nil
}

// Logout records the end of the session at the service and forgets its
// token, whatever the service said.
func (c *Client) Logout(ctx context.Context, sess auth.Session, reason string) error {
	tok, err := c.token(sess)
	if err != nil {
		return err
	}
	defer c.forget(sess)
	_, err = call(ctx, c, c.o.CallTimeout, func(ctx context.Context, api kioskv1connect.KioskServiceClient) (*kioskv1.LogoutResponse, error) {
		r, err := api.Logout(ctx, connect.NewRequest(&kioskv1.LogoutRequest{SessionToken: tok, Reason: reason}))
		return msg(r, err)
	})
	return err
}

// ForgotPassword asks the service to email a reset code; it answers the
// same whatever matched.
func (c *Client) ForgotPassword(ctx context.Context, _, username, email string) error {
	_, err := call(ctx, c, c.o.CallTimeout, func(ctx context.Context, api kioskv1connect.KioskServiceClient) (*kioskv1.ForgotPasswordResponse, error) {
		r, err := api.ForgotPassword(ctx, connect.NewRequest(&kioskv1.ForgotPasswordRequest{Username: username, Email: email}))
		return msg(r, err)
	})
	return err
}

// ForgotUsername asks the service to email the username; it answers the
// same whatever matched.
func (c *Client) ForgotUsername(ctx context.Context, _, email string, dob time.Time) error {
	_, err := call(ctx, c, c.o.CallTimeout, func(ctx context.Context, api kioskv1connect.KioskServiceClient) (*kioskv1.ForgotUsernameResponse, error) {
		r, err := api.ForgotUsername(ctx, connect.NewRequest(&kioskv1.ForgotUsernameRequest{Email: email,
			DateOfBirth: dob.Format(time.DateOnly)}))
		return msg(r, err)
	})
	return err
}

// Reset sets a new password with an emailed code; the user returned has
// only the username, for the Login screen to fill in.
func (c *Client) Reset(ctx context.Context, _, code, username, password, confirm string) (auth.User, error) {
	res, err := call(ctx, c, c.o.SignInTimeout, func(ctx context.Context, api kioskv1connect.KioskServiceClient) (*kioskv1.ResetResponse, error) {
		r, err := api.Reset(ctx, connect.NewRequest(&kioskv1.ResetRequest{Code: code, Username: username,
			Password: password, Confirm: confirm}))
		return msg(r, err)
	})
	if err != nil {
		return auth.User{}, err
	}
	return auth.User{Username: res.GetUsername()}, nil
}

// ChangePassword changes the signed-in user's password at the service.
// It verifies the current password and checks history: a sign-in's time.
func (c *Client) ChangePassword(ctx context.Context, sess auth.Session, current, password, confirm string) error {
	tok, err := c.token(sess)
	if err != nil {
		return err
	}
	_, err = call(ctx, c, c.o.SignInTimeout, func(ctx context.Context, api kioskv1connect.KioskServiceClient) (*kioskv1.ChangePasswordResponse, error) {
		r, err := api.ChangePassword(ctx, connect.NewRequest(&kioskv1.ChangePasswordRequest{SessionToken: tok,
			Current: current, Password: password, Confirm: confirm}))
		return msg(r, err)
	})
	return err
}

// Policy is the service's policy in force, run here on the kiosk's own
// word lists for the live checklist; the service checks again on submit.
func (c *Client) Policy(ctx context.Context) (*policy.Policy, error) {
	res, err := c.policy(ctx)
	if err != nil {
		return nil, err
	}
	p := wire.FromProfile(res.GetProfile())
	c.profile.Store(&p)
	lists, err := c.o.Lists()
	if err != nil {
		return nil, err
	}
	return policy.New(p, lists, res.GetForbiddenWords()), nil
}

// policy asks the service for its policy.
func (c *Client) policy(ctx context.Context) (*kioskv1.PolicyResponse, error) {
	return call(ctx, c, c.o.CallTimeout, func(ctx context.Context, api kioskv1connect.KioskServiceClient) (*kioskv1.PolicyResponse, error) {
		r, err := api.Policy(ctx, connect.NewRequest(&kioskv1.PolicyRequest{}))
		return msg(r, err)
	})
}

// Reachable asks an instance of the service for nothing but an answer:
// nil when one answered and knows this terminal. It leaves no trace at
// the service (a heartbeat would record a reader state).
func (c *Client) Reachable(ctx context.Context) error {
	_, err := c.policy(ctx)
	return err
}

// Profile is the service's profile as last told, else the configured one.
func (c *Client) Profile() policy.Profile { return *c.profile.Load() }

// DemoHint is always "": a client kiosk has no demo user of its own.
func (c *Client) DemoHint(context.Context) (string, error) { return "", nil }

// msg is a response's message, or the error.
func msg[T any](r *connect.Response[T], err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	return r.Msg, nil
}

// fromNanos is a time from the wire: Unix nanoseconds, 0 for none.
func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}
