package doctor

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/mail"
)

// checkSMTP connects to the relay as the outbox would, and sends nothing.
func checkSMTP(ctx context.Context, cfg config.Config) Result {
	const name = "smtp"
	c := cfg.SMTP
	relay := fmt.Sprintf("%s port %d (%s)", c.Host, c.Port, c.TLS)
	password, err := cfg.SMTPPassword(nil, os.LookupEnv)
	if err != nil {
		return fail(name, "%s; fix: check smtp.password_file exists and the kiosk's user can read it", errText(err))
	}
	if c.Username != "" && password == "" {
		return fail(name, "smtp.username is set but there is no password; fix: set smtp.password_file (0600, owned by wardkiosk) or KIOSK_SMTP_PASSWORD")
	}
	timeout := c.Timeout.Duration
	if d, ok := ctx.Deadline(); ok && (timeout <= 0 || time.Until(d) < timeout) {
		timeout = time.Until(d)
	}
	err = mail.Probe(ctx, mail.Relay{Host: c.Host, Port: c.Port, TLS: c.TLS, Username: c.Username, Password: password, Timeout: timeout})
	if err != nil {
		return fail(name, "%s: %s; fix: check the relay is up and reachable from here (nc -vz %s %d), and smtp.* in the configuration; mail waits in the outbox meanwhile (kiosk outbox list)", relay, errText(err), c.Host, c.Port)
	}
	return ok(name, "%s answers; nothing was sent", relay)
}
