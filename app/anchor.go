package app

import (
	"context"
	"errors"
	"github.com/wardkiosk/kiosk/internal/periodic"
	"io"
	"log/slog"
	"log/syslog"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// AuditKeyFile holds the key the audit chain is keyed under (HMAC-SHA256).
// Like KeyFile it lives beside the database, not in it, so that writing
// the database is not enough to forge or re-chain the audit.
const AuditKeyFile = "audit-chain.key"

// AnchorEvery is how often a long-running process writes the audit head
// to the system log, beside the head written on every lockout.
const AnchorEvery = 15 * time.Minute

// systemLog is the system log: syslog, which on a systemd host is the
// journal, tagged ward-kiosk. With no syslog socket (a container, a test),
// records are dropped: the audit itself is unaffected. The closer closes
// the connection.
func systemLog() (*slog.Logger, io.Closer) {
	w, err := syslog.New(syslog.LOG_INFO|syslog.LOG_AUTH, "ward-kiosk")
	if err != nil {
		return slog.New(slog.DiscardHandler), io.NopCloser(nil)
	}
	// syslog stamps the time itself.
	h := slog.NewTextHandler(w, &slog.HandlerOptions{ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) == 0 && a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}})
	return slog.New(h), w
}

// keyAuditChain re-chains a chain written before it was keyed, once. An old
// chain found broken is left for `audit verify` to report rather than
// stopping the kiosk: sign-in matters more than the audit's past.
func keyAuditChain(ctx context.Context, svc *auth.Service, log *slog.Logger) error {
	n, err := svc.KeyAuditChain(ctx, auth.Actor{Name: "kiosk"})
	var ce *auth.ChainError
	if errors.As(err, &ce) {
		log.Error("audit chain not keyed: the unkeyed chain is broken", "event", ce.ID)
		return nil
	}
	if err == nil && n > 0 {
		_, err = svc.LogAuditHead(ctx, log, "keyed")
	}
	return err
}

// StartAnchor writes the audit head to log now and every interval until
// stopped, as every long-running kiosk process should; log nil is the
// system log. It returns the function that stops it and waits.
func (k *Kiosk) StartAnchor(ctx context.Context, log *slog.Logger, every time.Duration) (stop func()) {
	if log == nil {
		log = k.log
	}
	return periodic.Start(ctx, every, func(ctx context.Context, first bool) {
		why := "periodic"
		if first {
			why = "start"
		}
		// A failed read is tried again at the next tick.
		k.Auth.LogAuditHead(ctx, log, why)
	})
}
