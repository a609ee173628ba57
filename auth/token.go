package auth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// SessionTokenLifetime bounds a session token: far beyond any shift at a
// kiosk, whose idle timeout ends a session within minutes.
const SessionTokenLifetime = 12 * time.Hour

// ErrSessionToken means a session token is forged, expired, or was
// granted to another terminal.
var ErrSessionToken = errors.New("auth: the session token is not valid here")

// tokenBody is what a session token carries; the user is read afresh
// from the store on every use.
type tokenBody struct {
	UserID   int64  `json:"u"`
	Terminal string `json:"t"`
	Method   string `json:"m"`
	At       int64  `json:"a"`
	Expires  int64  `json:"e"`
}

// tokenKey keys session tokens. It is derived from the reset code key,
// which every instance of the service shares already (a code emailed
// through one is checked by another), so a token made by one instance is
// good at all, and a copy of the database alone cannot make one.
func (s *Service) tokenKey() []byte {
	m := hmac.New(sha256.New, s.o.CodeKey)
	m.Write([]byte("ward-kiosk session token"))
	return m.Sum(nil)
}

// SessionToken seals a session the service granted, for the client kiosk
// to name it by in later calls (logout, change password, card removed).
func (s *Service) SessionToken(sess Session) (string, error) {
	b, err := json.Marshal(tokenBody{UserID: sess.User.ID, Terminal: sess.Terminal, Method: sess.Method,
		At: sess.At.UnixNano(), Expires: sess.At.Add(SessionTokenLifetime).UnixNano()})
	if err != nil {
		return "", err
	}
	body := base64.RawURLEncoding.EncodeToString(b)
	m := hmac.New(sha256.New, s.tokenKey())
	m.Write([]byte(body))
	return body + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil)), nil
}

// SessionFromToken opens a session token presented by terminal: the
// session, with the user as the store has them now; ErrSessionToken when
// the token is forged, expired or another terminal's.
func (s *Service) SessionFromToken(ctx context.Context, terminal, token string) (Session, error) {
	body, mac, ok := strings.Cut(token, ".")
	got, err := base64.RawURLEncoding.DecodeString(mac)
	if !ok || err != nil {
		return Session{}, ErrSessionToken
	}
	m := hmac.New(sha256.New, s.tokenKey())
	m.Write([]byte(body))
	if !hmac.Equal(got, m.Sum(nil)) {
		return Session{}, ErrSessionToken
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	var t tokenBody
	if err != nil || json.Unmarshal(raw, &t) != nil {
		return Session{}, ErrSessionToken
	}
	if t.Terminal != terminal || !s.now().Before(time.Unix(0, t.Expires)) {
		return Session{}, ErrSessionToken
	}
	u, err := read(ctx, s, func(tx ReadTx) (User, error) { return tx.UserByID(ctx, t.UserID) })
	if errors.Is(err, ErrNotFound) {
		return Session{}, ErrSessionToken
	}
	if err != nil {
		return Session{}, fmt.Errorf("auth: session: %w", err)
	}
	return Session{User: u, Terminal: t.Terminal, Method: t.Method, At: time.Unix(0, t.At).UTC()}, nil
}
