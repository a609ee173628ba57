package server

import (
	"context"
	"crypto/x509"
	"errors"
	"strings"

	"connectrpc.com/connect"
	"golang.org/x/text/unicode/norm"

	kioskv1 "github.com/wardkiosk/kiosk/api/gen/kiosk/v1"
	"github.com/wardkiosk/kiosk/api/gen/kiosk/v1/kioskv1connect"
	"github.com/wardkiosk/kiosk/api/wire"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/sanitize"
	"github.com/wardkiosk/kiosk/smartcard/certs"
)

// handler implements the generated service over the auth core.
type handler struct {
	s *Server
}

var _ kioskv1connect.KioskServiceHandler = (*handler)(nil)

// terminal is the registered, enabled terminal of the caller's verified
// certificate, looked up afresh on every call.
func (h *handler) terminal(ctx context.Context) (auth.Terminal, error) {
	cert, _ := ctx.Value(certKey{}).(*x509.Certificate)
	if cert == nil {
		return auth.Terminal{}, auth.ErrTerminalRefused
	}
	return h.s.o.Service.TerminalFor(ctx, cert)
}

// fail is the Connect error for err; what the kiosk is not told is logged.
func (h *handler) fail(ctx context.Context, call string, term auth.Terminal, err error) error {
	ce := wire.Error(err)
	if ce.Code() == connect.CodeInternal {
		h.s.o.Log.ErrorContext(ctx, "kiosk API call failed", "call", call, "terminal", term.Name, "err", err)
	}
	return ce
}

// session opens the session token a kiosk presents.
func (h *handler) session(ctx context.Context, term auth.Terminal, token string) (auth.Session, error) {
	return h.s.o.Service.SessionFromToken(ctx, term.Name, token)
}

// sessionMsg is the wire form of a session granted, with its token.
func (h *handler) sessionMsg(sess auth.Session) (*kioskv1.Session, error) {
	tok, err := h.s.o.Service.SessionToken(sess)
	if err != nil {
		return nil, err
	}
	u := sess.User
	return &kioskv1.Session{
		User: &kioskv1.User{Username: u.Username, FirstName: u.FirstName, LastName: u.LastName, Email: u.Email,
			Role: u.Role, Ward: u.Ward, Language: string(u.Language)},
		Method: sess.Method, At: nanos(sess.At), PreviousAt: nanos(sess.PreviousAt),
		PreviousTerminal: sess.PreviousTerminal, Token: tok, Terminal: sess.Terminal,
	}, nil
}

func (h *handler) Login(ctx context.Context, req *connect.Request[kioskv1.LoginRequest]) (*connect.Response[kioskv1.LoginResponse], error) {
	term, err := h.terminal(ctx)
	if err != nil {
		return nil, h.fail(ctx, "Login", term, err)
	}
	sess, err := h.s.o.Service.Login(ctx, term.Name, req.Msg.GetUsername(), req.Msg.GetPassword())
	if err != nil {
		return nil, h.fail(ctx, "Login", term, err)
	}
	m, err := h.sessionMsg(sess)
	if err != nil {
		return nil, h.fail(ctx, "Login", term, err)
	}
	return connect.NewResponse(&kioskv1.LoginResponse{Session: m}), nil
}

// maxReason bounds a logout reason or card-removal action kept in the audit.
const maxReason = 64

func (h *handler) Logout(ctx context.Context, req *connect.Request[kioskv1.LogoutRequest]) (*connect.Response[kioskv1.LogoutResponse], error) {
	term, err := h.terminal(ctx)
	if err == nil {
		var sess auth.Session
		if sess, err = h.session(ctx, term, req.Msg.GetSessionToken()); err == nil {
			err = h.s.o.Service.Logout(ctx, sess, clip(req.Msg.GetReason(), maxReason))
		}
	}
	if err != nil {
		return nil, h.fail(ctx, "Logout", term, err)
	}
	return connect.NewResponse(&kioskv1.LogoutResponse{}), nil
}

func (h *handler) ForgotPassword(ctx context.Context, req *connect.Request[kioskv1.ForgotPasswordRequest]) (*connect.Response[kioskv1.ForgotPasswordResponse], error) {
	term, err := h.terminal(ctx)
	if err == nil {
		err = h.s.o.Service.ForgotPassword(ctx, term.Name, req.Msg.GetUsername(), req.Msg.GetEmail())
	}
	if err != nil {
		return nil, h.fail(ctx, "ForgotPassword", term, err)
	}
	return connect.NewResponse(&kioskv1.ForgotPasswordResponse{}), nil
}

func (h *handler) ForgotUsername(ctx context.Context, req *connect.Request[kioskv1.ForgotUsernameRequest]) (*connect.Response[kioskv1.ForgotUsernameResponse], error) {
	term, err := h.terminal(ctx)
	if err != nil {
		return nil, h.fail(ctx, "ForgotUsername", term, err)
	}
	// The screen refuses a malformed date before it calls; a bad one here
	// is a kiosk's mistake, and says nothing of any account.
	dob, err := auth.ParseDate(req.Msg.GetDateOfBirth())
	if err != nil {
		return nil, connect.NewError(connect.CodeInvalidArgument, errors.New("date_of_birth is not YYYY-MM-DD"))
	}
	if err := h.s.o.Service.ForgotUsername(ctx, term.Name, req.Msg.GetEmail(), dob); err != nil {
		return nil, h.fail(ctx, "ForgotUsername", term, err)
	}
	return connect.NewResponse(&kioskv1.ForgotUsernameResponse{}), nil
}

func (h *handler) Reset(ctx context.Context, req *connect.Request[kioskv1.ResetRequest]) (*connect.Response[kioskv1.ResetResponse], error) {
	term, err := h.terminal(ctx)
	if err != nil {
		return nil, h.fail(ctx, "Reset", term, err)
	}
	m := req.Msg
	u, err := h.s.o.Service.Reset(ctx, term.Name, m.GetCode(), m.GetUsername(), m.GetPassword(), m.GetConfirm())
	if err != nil {
		return nil, h.fail(ctx, "Reset", term, err)
	}
	return connect.NewResponse(&kioskv1.ResetResponse{Username: u.Username}), nil
}

func (h *handler) ChangePassword(ctx context.Context, req *connect.Request[kioskv1.ChangePasswordRequest]) (*connect.Response[kioskv1.ChangePasswordResponse], error) {
	term, err := h.terminal(ctx)
	if err == nil {
		var sess auth.Session
		m := req.Msg
		if sess, err = h.session(ctx, term, m.GetSessionToken()); err == nil {
			err = h.s.o.Service.ChangePassword(ctx, sess, m.GetCurrent(), m.GetPassword(), m.GetConfirm())
		}
	}
	if err != nil {
		return nil, h.fail(ctx, "ChangePassword", term, err)
	}
	return connect.NewResponse(&kioskv1.ChangePasswordResponse{}), nil
}

func (h *handler) Policy(ctx context.Context, _ *connect.Request[kioskv1.PolicyRequest]) (*connect.Response[kioskv1.PolicyResponse], error) {
	term, err := h.terminal(ctx)
	if err != nil {
		return nil, h.fail(ctx, "Policy", term, err)
	}
	words, err := h.s.o.Service.ForbiddenWords(ctx)
	if err != nil {
		return nil, h.fail(ctx, "Policy", term, err)
	}
	return connect.NewResponse(&kioskv1.PolicyResponse{Profile: wire.Profile(h.s.o.Service.Profile()),
		ForbiddenWords: words}), nil
}

func (h *handler) CheckPassword(ctx context.Context, req *connect.Request[kioskv1.CheckPasswordRequest]) (*connect.Response[kioskv1.CheckPasswordResponse], error) {
	term, err := h.terminal(ctx)
	if err != nil {
		return nil, h.fail(ctx, "CheckPassword", term, err)
	}
	// The subject is the signed-in user, or only the username typed: no
	// account is looked up for a username, so the answer says nothing of
	// whether it exists, and no history is read.
	subj := policy.Subject{Username: auth.NormalizeUsername(req.Msg.GetUsername())}
	if tok := req.Msg.GetSessionToken(); tok != "" {
		sess, err := h.session(ctx, term, tok)
		if err != nil {
			return nil, h.fail(ctx, "CheckPassword", term, err)
		}
		u := sess.User
		subj = policy.Subject{FirstName: u.FirstName, LastName: u.LastName, Username: u.Username, Email: u.Email,
			Role: u.Role, Ward: u.Ward}
	}
	pol, err := h.s.o.Service.Policy(ctx)
	if err != nil {
		return nil, h.fail(ctx, "CheckPassword", term, err)
	}
	pw, ok := policy.Prepare(req.Msg.GetPassword())
	if !ok {
		pw = norm.NFC.String(req.Msg.GetPassword()) // Check then names its invisible characters
	}
	return connect.NewResponse(&kioskv1.CheckPasswordResponse{Failures: wire.Failures(pol.Check(pw, subj))}), nil
}

func (h *handler) CardChallenge(ctx context.Context, _ *connect.Request[kioskv1.CardChallengeRequest]) (*connect.Response[kioskv1.CardChallengeResponse], error) {
	term, err := h.terminal(ctx)
	if err != nil {
		return nil, h.fail(ctx, "CardChallenge", term, err)
	}
	c, exp, err := h.s.o.Service.IssueChallenge(ctx, term.Name)
	if err != nil {
		return nil, h.fail(ctx, "CardChallenge", term, err)
	}
	return connect.NewResponse(&kioskv1.CardChallengeResponse{Challenge: c, ExpiresAt: nanos(exp)}), nil
}

func (h *handler) CardSignIn(ctx context.Context, req *connect.Request[kioskv1.CardSignInRequest]) (*connect.Response[kioskv1.CardSignInResponse], error) {
	term, err := h.terminal(ctx)
	if err != nil {
		return nil, h.fail(ctx, "CardSignIn", term, err)
	}
	trust, err := h.trust()
	if err != nil {
		h.s.o.Log.ErrorContext(ctx, "card sign-in: the Trust's CAs", "err", err)
	}
	if trust == nil {
		return nil, connect.NewError(connect.CodeFailedPrecondition, errors.New("card sign-in is not set up on the service"))
	}
	m := req.Msg
	card := proof{svc: h.s.o.Service, terminal: term.Name, trust: trust, now: h.s.o.Now,
		challenge: m.GetChallenge(), certificate: m.GetCertificate(), signature: m.GetSignature(),
		failure: m.GetCardFailure()}
	sess, err := h.s.o.Service.CardLogin(ctx, term.Name, card, "")
	if err != nil {
		return nil, h.fail(ctx, "CardSignIn", term, err)
	}
	msg, err := h.sessionMsg(sess)
	if err != nil {
		return nil, h.fail(ctx, "CardSignIn", term, err)
	}
	return connect.NewResponse(&kioskv1.CardSignInResponse{Session: msg}), nil
}

func (h *handler) CardRemoved(ctx context.Context, req *connect.Request[kioskv1.CardRemovedRequest]) (*connect.Response[kioskv1.CardRemovedResponse], error) {
	term, err := h.terminal(ctx)
	if err != nil {
		return nil, h.fail(ctx, "CardRemoved", term, err)
	}
	switch req.Msg.GetAction() {
	case "logout", "lock", "none":
	default:
		return nil, connect.NewError(connect.CodeInvalidArgument, errors.New("action is logout, lock or none"))
	}
	sess, err := h.session(ctx, term, req.Msg.GetSessionToken())
	if err == nil {
		err = h.s.o.Service.CardRemoved(ctx, sess, req.Msg.GetAction())
	}
	if err != nil {
		return nil, h.fail(ctx, "CardRemoved", term, err)
	}
	return connect.NewResponse(&kioskv1.CardRemovedResponse{}), nil
}

func (h *handler) Heartbeat(ctx context.Context, req *connect.Request[kioskv1.HeartbeatRequest]) (*connect.Response[kioskv1.HeartbeatResponse], error) {
	term, err := h.terminal(ctx)
	if err == nil {
		m := req.Msg
		err = h.s.o.Service.KioskHeartbeat(ctx, term.Name, auth.Beat{ReaderState: m.GetReaderState(), Version: m.GetVersion(),
			QueuedEvents: int(min(max(m.GetQueuedEvents(), 0), 1<<31-1))})
	}
	var head auth.KioskChainHead
	if err == nil {
		head, err = h.s.o.Service.KioskChainHead(ctx, term.Name)
	}
	if err != nil {
		return nil, h.fail(ctx, "Heartbeat", term, err)
	}
	res := &kioskv1.HeartbeatResponse{ServerTime: h.s.o.Now().UTC().UnixNano(),
		ChainSequence: head.Seq, ChainHash: head.Hash}
	if l, ok := h.s.o.Feed.(interface{ Last() int64 }); ok {
		res.LatestSequence = l.Last()
	}
	return connect.NewResponse(res), nil
}

// trust is the card CAs, or nil when card sign-in is not set up.
func (h *handler) trust() (*certs.Trust, error) {
	if h.s.o.Trust == nil {
		return nil, nil
	}
	return h.s.o.Trust()
}

// clip cuts a kiosk's free text to one sanitised line of at most n bytes.
func clip(s string, n int) string {
	s = sanitize.Line(s)
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return strings.TrimSpace(s[:n])
}
