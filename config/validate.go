package config

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxTerminal is the longest terminal name, in characters.
const maxTerminal = 32

// Validate reports every problem at once, each as
// "config: <dotted.key>: <problem>".
func (c Config) Validate() error {
	return errors.Join(c.problems()...)
}

// problems is Validate's list, so that Load can join it with env errors.
func (c Config) problems() []error {
	var p problems
	if s := c.OrgCode; s == "" {
		p.add("org_code", `is empty (want 1 to 5 digits, e.g. "382")`)
	} else if len(s) > 5 || strings.Trim(s, "0123456789") != "" {
		p.add("org_code", "%q is not 1 to 5 digits", s)
	}
	if msg := terminalProblem(c.Terminal); msg != "" {
		p.add("terminal", "%s", msg)
	}
	p.oneOf("theme", "theme", c.Theme, "default", "high-contrast")
	p.oneOf("language", "language", c.Language, "en", "cy")
	if c.IdleTimeout.Duration <= 0 {
		p.add("idle_timeout", "must be more than 0 (got %s)", c.IdleTimeout)
	}
	switch w := c.IdleWarning.Duration; {
	case w < 0:
		p.add("idle_warning", "must not be negative (got %s)", c.IdleWarning)
	case c.IdleTimeout.Duration > 0 && w >= c.IdleTimeout.Duration:
		p.add("idle_warning", "must be less than idle_timeout (got %s, idle_timeout %s)", c.IdleWarning, c.IdleTimeout)
	}
	p.oneOf("card_removal", "value", c.CardRemoval, "logout", "lock", "none")
	if p.oneOf("card_driver", "driver", c.CardDriver, "piv", "pkcs11") && c.CardDriver == "pkcs11" {
		// Without smartcard = true nothing loads it; a module set is still checked.
		switch m := c.PKCS11.Module; {
		case m == "" && c.Smartcard:
			p.add("pkcs11.module", `is required with card_driver = "pkcs11" (the card vendor's module, e.g. "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so")`)
		case m != "" && !filepath.IsAbs(m):
			p.add("pkcs11.module", "%q is not an absolute path", m)
		}
	}

	p.oneOf("policy.profile", "profile", c.Policy.Profile, "esr-2019", "esr-2021", "nist-800-63b-4")
	for i, w := range c.Policy.ForbiddenWords {
		if strings.TrimSpace(w) == "" {
			p.add("policy.forbidden_words", "word %d is empty", i+1)
		}
	}

	p.intRange("lockout.threshold", c.Lockout.Threshold, 1, 100)
	if c.Lockout.Duration.Duration <= 0 {
		p.add("lockout.duration", "must be more than 0 (got %s)", c.Lockout.Duration)
	}

	if d := c.Reset.CodeLifetime; d.Duration < time.Minute || d.Duration > 24*time.Hour {
		p.add("reset.code_lifetime", "must be between 1m and 24h (got %s)", d)
	}
	p.intRange("reset.max_emails_per_hour", c.Reset.MaxEmailsPerHour, 1, 100)
	if s := c.Reset.ResetURL; s != "" {
		if u, err := url.Parse(s); err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
			p.add("reset.reset_url", "%q is not an absolute http or https URL", s)
		}
	}

	if h := c.SMTP.Host; h != "" && !validHost(h) {
		p.add("smtp.host", "%q is not a host name or IP address (put the port in smtp.port)", h)
	}
	p.intRange("smtp.port", c.SMTP.Port, 1, 65535)
	if p.oneOf("smtp.tls", "value", c.SMTP.TLS, "tls", "starttls", "starttls-optional", "none") &&
		c.SMTP.TLS == "none" && !isLoopback(c.SMTP.Host) {
		p.add("smtp.tls", `"none" sends mail and passwords in clear; it is only allowed when smtp.host is loopback (localhost, 127.x.x.x or ::1), not %q`, c.SMTP.Host)
	}
	if _, err := mail.ParseAddress(c.SMTP.From); err != nil {
		p.add("smtp.from", "%q is not an email address (want e.g. \"ESR Kiosk <no-reply@example.nhs.uk>\")", c.SMTP.From)
	}
	p.smtpRetries(c.SMTP)
	if msg := trustNameProblem(c.Trust.Name); msg != "" {
		p.add("trust.name", "%s", msg)
	}

	if msg := storeURLProblem(c.Store.URL); msg != "" {
		p.add("store.url", "%s", msg)
	}

	if _, port, err := net.SplitHostPort(c.SSH.Listen); err != nil {
		p.add("ssh.listen", "%q is not host:port (want e.g. \":2222\")", c.SSH.Listen)
	} else if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		p.add("ssh.listen", "port %q is not a number from 1 to 65535", port)
	}
	p.intRange("ssh.max_sessions", c.SSH.MaxSessions, 1, 1000)
	p.intRange("ssh.connections_per_minute", c.SSH.ConnectionsPerMinute, 1, 10000)
	if d := c.SSH.IdleTimeout.Duration; d < time.Minute || d > 24*time.Hour {
		p.add("ssh.idle_timeout", "must be between 1m and 24h (got %s)", c.SSH.IdleTimeout)
	}
	p.api(c.API)
	p.metrics(c.Metrics)
	p.server(c.Server)
	p.offline(c.Offline)
	if c.Client() && c.Store.URL != "" {
		p.add("server.urls", "is set with store.url: a client kiosk keeps no store of the Trust's (unset one of them)")
	}
	return p
}

// server checks a client kiosk's service: https URLs, and then every file
// its mutual TLS needs.
func (p *problems) server(s Server) {
	if len(s.URLs) == 0 {
		return
	}
	for _, raw := range s.URLs {
		u, err := url.Parse(raw)
		switch {
		case err != nil || u.Host == "" || u.Hostname() == "":
			p.add("server.urls", "%q is not a URL (want e.g. \"https://kiosk-api.trust.nhs.uk:8443\")", raw)
		case u.Scheme != "https":
			p.add("server.urls", "%q is not https (the service is reached over TLS only)", raw)
		case u.User != nil || u.RawQuery != "" || u.Fragment != "":
			p.add("server.urls", "%q has a user, query or fragment (want scheme, host, port and path only)", raw)
		}
	}
	for _, f := range []struct{ key, value, what string }{
		{"server.ca_file", s.CAFile, "the CA of the service's certificate"},
		{"server.cert_file", s.CertFile, "this terminal's certificate"},
		{"server.key_file", s.KeyFile, "this terminal's private key"},
	} {
		if strings.TrimSpace(f.value) == "" {
			p.add(f.key, "is empty (server.urls is set, so %s is needed)", f.what)
		}
	}
}

// offline checks the offline limits: ages that let something through, and
// a roster and verifier cache of a sane size.
func (p *problems) offline(o Offline) {
	p.intRange("offline.roster_days", o.RosterDays, 1, 90)
	for _, d := range []struct {
		key string
		d   Duration
	}{
		{"offline.max_sync_age", o.MaxSyncAge},
		{"offline.max_crl_age", o.MaxCRLAge},
		{"offline.password_window", o.PasswordWindow},
	} {
		if d.d.Duration <= 0 {
			p.add(d.key, "must be more than 0 (got %s)", d.d)
		}
	}
	p.intRange("offline.password_cache", o.PasswordCache, 1, 1000)
}

// api checks the kiosk API: a listen address, and then every file it needs.
func (p *problems) api(a API) {
	if a.Listen == "" {
		return
	}
	if _, port, err := net.SplitHostPort(a.Listen); err != nil {
		p.add("api.listen", "%q is not host:port (want e.g. \":8443\")", a.Listen)
	} else if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		p.add("api.listen", "port %q is not a number from 1 to 65535", port)
	}
	for _, f := range []struct{ key, value, what string }{
		{"api.cert_file", a.CertFile, "the service's certificate"},
		{"api.key_file", a.KeyFile, "the service's private key"},
		{"api.client_ca_file", a.ClientCAFile, "the CA that issues terminal certificates"},
	} {
		if strings.TrimSpace(f.value) == "" {
			p.add(f.key, "is empty (api.listen is set, so %s is needed)", f.what)
		}
	}
}

// metrics checks the metrics listen address.
func (p *problems) metrics(m Metrics) {
	if m.Listen == "" {
		return
	}
	if _, port, err := net.SplitHostPort(m.Listen); err != nil {
		p.add("metrics.listen", "%q is not host:port (want e.g. \"127.0.0.1:9464\")", m.Listen)
	} else if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		p.add("metrics.listen", "port %q is not a number from 1 to 65535", port)
	}
}

// problems collects keyErrors.
type problems []error

func (p *problems) add(key, format string, args ...any) {
	*p = append(*p, &keyError{key: key, problem: fmt.Sprintf(format, args...)})
}

// oneOf checks s against the allowed values and reports whether it is one.
func (p *problems) oneOf(key, what, s string, allowed ...string) bool {
	for _, a := range allowed {
		if s == a {
			return true
		}
	}
	p.add(key, "unknown %s %q (want %s)", what, s, orList(allowed))
	return false
}

func (p *problems) intRange(key string, n, lo, hi int) {
	if n < lo || n > hi {
		p.add(key, "must be between %d and %d (got %d)", lo, hi, n)
	}
}

// orList writes "a, b or c".
func orList(s []string) string {
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// terminalProblem says what is wrong with a terminal name, or "".
func terminalProblem(s string) string {
	switch {
	case s == "":
		return "is empty (want a name for this kiosk, e.g. \"WARD7-T1\")"
	case !utf8.ValidString(s):
		return fmt.Sprintf("%q is not valid UTF-8", s)
	case utf8.RuneCountInString(s) > maxTerminal:
		return fmt.Sprintf("%q is %d characters long (at most %d)", s, utf8.RuneCountInString(s), maxTerminal)
	case strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0:
		return fmt.Sprintf("%q contains a character that cannot be printed", s)
	}
	return ""
}

// validHost accepts a host name or an IP address (IPv6 optionally in
// brackets), but not a port or a URL.
func validHost(h string) bool {
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	if net.ParseIP(h) != nil {
		return true
	}
	if len(h) > 253 {
		return false
	}
	for label := range strings.SplitSeq(strings.TrimSuffix(h, "."), ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return false
			}
		}
	}
	return true
}

// isLoopback reports whether host is this machine: localhost, 127.0.0.0/8 or ::1.
func isLoopback(host string) bool {
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// storeURLProblem says what is wrong with store.url, or "". The message
// never repeats the URL: it may hold a password.
func storeURLProblem(s string) string {
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "postgres" && u.Scheme != "postgresql" || u.Opaque != "" {
		return `is not a PostgreSQL URL (want "" for SQLite in the data directory, or postgres://host/database)`
	}
	return ""
}
