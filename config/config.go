// Package config holds the kiosk's settings: one struct with defaults that
// work with no file, one TOML file, KIOSK_* environment overrides and
// validation whose errors name the key (DESIGN §8).
package config

import (
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Config is the whole kiosk configuration; the toml tags are the key names
// and, upper-cased with a KIOSK_ prefix, the environment variable names.
type Config struct {
	// OrgCode is the ESR organisation code shown at login, 1 to 5 digits.
	OrgCode string `toml:"org_code"`
	// Terminal names this kiosk in the audit log; the host name by default.
	Terminal string `toml:"terminal"`
	// KioskMode forces locked-down kiosk mode on or off; nil means decide
	// at start-up with Config.Kiosk.
	KioskMode *bool `toml:"kiosk_mode"`
	// Theme is "default" or "high-contrast".
	Theme string `toml:"theme"`
	// Language is the terminal's own language, "en" or "cy" (DESIGN §12):
	// its screens before sign-in speak it, and return to it after every
	// sign-out; a key switches for one visit.
	Language string `toml:"language"`
	// IdleTimeout logs an idle session out.
	IdleTimeout Duration `toml:"idle_timeout"`
	// IdleWarning is how long before IdleTimeout the warning appears; 0 turns it off.
	IdleWarning Duration `toml:"idle_warning"`
	// Smartcard enables login via a PC/SC smartcard reader.
	Smartcard bool `toml:"smartcard"`
	// CardRemoval is what pulling the card does: "logout", "lock" or "none".
	CardRemoval string `toml:"card_removal"`
	// CardDriver is what signs a card in: "piv", the built-in PIV client,
	// or "pkcs11", the card vendor's module named in [pkcs11].
	CardDriver string `toml:"card_driver"`

	// Policy is the password policy.
	Policy Policy `toml:"policy"`
	// Lockout is the failed-login lockout.
	Lockout Lockout `toml:"lockout"`
	// Reset is the emailed password reset.
	Reset Reset `toml:"reset"`
	// SMTP is how outbox mail is delivered.
	SMTP SMTP `toml:"smtp"`
	// Trust holds the certificate files smartcards are checked against.
	Trust Trust `toml:"trust"`
	// PKCS11 is the card vendor's PKCS#11 module, for card_driver = "pkcs11".
	PKCS11 PKCS11 `toml:"pkcs11"`
	// SSH is the maintainers' SSH server.
	SSH SSH `toml:"ssh"`
	// Store is where the data lives (DESIGN §10).
	Store Store `toml:"store"`
	// API is the service's kiosk API (DESIGN §10), served by `kiosk serve`.
	API API `toml:"api"`
	// Metrics is the service's Prometheus endpoint and health checks.
	Metrics Metrics `toml:"metrics"`
	// Server makes this kiosk a client of the Trust's service (DESIGN §10).
	Server Server `toml:"server"`
	// Offline is how a client kiosk signs staff in while it cannot reach
	// the service (DESIGN §10).
	Offline Offline `toml:"offline"`
}

// Policy selects the password policy; the rules themselves live in auth/policy.
type Policy struct {
	// Profile is "esr-2019", "esr-2021" or "nist-800-63b-4".
	Profile string `toml:"profile"`
	// ForbiddenWords may not appear in a password.
	ForbiddenWords []string `toml:"forbidden_words"`
}

// Lockout says how many failed logins lock an account and for how long.
type Lockout struct {
	// Threshold is the number of consecutive failures that locks, 1 to 100.
	Threshold int `toml:"threshold"`
	// Duration is how long the lock lasts.
	Duration Duration `toml:"duration"`
}

// Reset configures Login Assistance and the emailed reset code.
type Reset struct {
	// CodeLifetime is how long an emailed code stays valid, 1m to 24h.
	CodeLifetime Duration `toml:"code_lifetime"`
	// MaxEmailsPerHour caps reset emails per user asked for at one
	// terminal, 1 to 100; all terminals together may ask for at least 10.
	MaxEmailsPerHour int `toml:"max_emails_per_hour"`
	// ResetURL, if set, is put in the email as an absolute http(s) link.
	ResetURL string `toml:"reset_url"`
}

// SMTP is the mail relay; an empty Host keeps mail in the outbox.
type SMTP struct {
	// Host is the relay's host name or IP address, without a port.
	Host string `toml:"host"`
	// Port is the relay's TCP port.
	Port int `toml:"port"`
	// TLS is "tls", "starttls", "starttls-optional" or "none" (loopback only).
	TLS string `toml:"tls"`
	// Username is the SMTP AUTH user; empty means no AUTH.
	Username string `toml:"username"`
	// PasswordFile holds the SMTP password; see SMTPPassword.
	PasswordFile string `toml:"password_file"`
	// From is the sender address, e.g. "ESR Kiosk <no-reply@example.nhs.uk>".
	From string `toml:"from"`
	// Timeout bounds connecting to the relay and each SMTP command.
	Timeout Duration `toml:"timeout"`
	// MaxAttempts is how many times a message is tried before it is dead.
	MaxAttempts int `toml:"max_attempts"`
	// RetryBackoff is the wait after a first failed attempt; it doubles
	// after each further failure, up to RetryMax.
	RetryBackoff Duration `toml:"retry_backoff"`
	// RetryMax caps the wait between attempts.
	RetryMax Duration `toml:"retry_max"`
}

// Trust names the NHS Trust in emails, and the CA and CRL files for
// smartcard certificates; whether those must be present is the smartcard
// feature's decision, not this package's.
type Trust struct {
	// Name is the Trust as staff know it, e.g. "Example Valley NHS Trust";
	// it signs every email. Empty means a generic "your NHS Trust".
	Name string `toml:"name"`
	// CAFile is a PEM bundle of the issuing CAs.
	CAFile string `toml:"ca_file"`
	// CRLFile is a certificate revocation list.
	CRLFile string `toml:"crl_file"`
}

// PKCS11 is how a card_driver = "pkcs11" kiosk reaches its cards (DESIGN §6).
type PKCS11 struct {
	// Module is the absolute path of the vendor's PKCS#11 module, a shared
	// library the kiosk loads: it must be owned by root and not writable
	// by group or others.
	Module string `toml:"module"`
}

// SSH configures `kiosk serve`.
type SSH struct {
	// Listen is the host:port to listen on.
	Listen string `toml:"listen"`
	// HostKey is the host key file; empty means <data>/ssh_host_ed25519_key.
	HostKey string `toml:"host_key"`
	// AuthorizedKeys lists the maintainers' public keys, comment = name;
	// empty means <data>/authorized_keys.
	AuthorizedKeys string `toml:"authorized_keys"`
	// MaxSessions caps concurrent connections; more are refused.
	MaxSessions int `toml:"max_sessions"`
	// ConnectionsPerMinute caps new connections from one address.
	ConnectionsPerMinute int `toml:"connections_per_minute"`
	// IdleTimeout closes a connection, or a console nobody types in.
	IdleTimeout Duration `toml:"idle_timeout"`
}

// Store chooses the database: SQLite in the data directory, the
// standalone kiosk's, or the PostgreSQL that every instance of the
// Trust-wide service shares.
type Store struct {
	// URL is "" for SQLite, or a postgres:// or postgresql:// URL. A
	// password in it is never shown (see Redacted); better, leave it out
	// and give it in a ~/.pgpass file or PGPASSWORD.
	URL string `toml:"url"`
}

// API is the kiosk API the service serves to client kiosks: HTTPS with
// TLS 1.3, each kiosk presenting a certificate the client CA issued.
type API struct {
	// Listen is the host:port to listen on; "" serves no API.
	Listen string `toml:"listen"`
	// CertFile and KeyFile are the service's certificate and key (PEM).
	CertFile string `toml:"cert_file"`
	KeyFile  string `toml:"key_file"`
	// ClientCAFile is the PEM bundle of the CA that issues terminal
	// certificates; a kiosk without one of its certificates is refused in
	// the TLS handshake.
	ClientCAFile string `toml:"client_ca_file"`
}

// Metrics is where `kiosk serve` answers /metrics, /healthz and /readyz:
// plain HTTP, so a loopback or management-network address only.
type Metrics struct {
	// Listen is the host:port to listen on; "" serves none.
	Listen string `toml:"listen"`
}

// Server is where a client kiosk finds the Trust's service: every
// instance's URL, tried in turn, and the certificates of its mutual TLS.
// No URLs: the kiosk is standalone.
type Server struct {
	// URLs are the service's instances, https:// only.
	URLs []string `toml:"urls"`
	// CAFile is the PEM bundle of the CA that issued the service's
	// certificate.
	CAFile string `toml:"ca_file"`
	// CertFile and KeyFile are this terminal's certificate and key (PEM),
	// registered at the service with `kiosk terminals add`.
	CertFile string `toml:"cert_file"`
	KeyFile  string `toml:"key_file"`
}

// Offline sets the limits of a client kiosk's offline sign-in (DESIGN
// §10): a Trust tightens or loosens them here, and each kiosk applies them
// to what it keeps of its ward.
type Offline struct {
	// Card allows offline card sign-in for users on the ward's roster.
	Card bool `toml:"card"`
	// Password allows offline password sign-in, against verifiers the
	// kiosk derives itself; off unless the Trust turns it on.
	Password bool `toml:"password"`
	// RosterDays keeps on the roster users who signed in online on this
	// ward within that many days, 1 to 90.
	RosterDays int `toml:"roster_days"`
	// MaxSyncAge refuses offline sign-in once the last roster sync is
	// older.
	MaxSyncAge Duration `toml:"max_sync_age"`
	// MaxCRLAge refuses offline card sign-in once the cached CRL is older.
	MaxCRLAge Duration `toml:"max_crl_age"`
	// PasswordWindow limits offline password sign-in to users who signed
	// in online on this kiosk within it.
	PasswordWindow Duration `toml:"password_window"`
	// PasswordCache is the most password verifiers kept, 1 to 1000; the
	// least recently used go first.
	PasswordCache int `toml:"password_cache"`
}

// Client reports whether the kiosk is a client of the Trust's service.
func (c Config) Client() bool { return len(c.Server.URLs) > 0 }

// Default returns the configuration used when there is no file: a kiosk
// that works out of the box, keeping mail in the outbox.
func Default() Config {
	return Config{
		OrgCode:     "382",
		Terminal:    defaultTerminal(os.Hostname),
		Theme:       "default",
		Language:    "en",
		IdleTimeout: Duration{5 * time.Minute},
		IdleWarning: Duration{30 * time.Second},
		CardRemoval: "logout",
		CardDriver:  "piv",
		Policy: Policy{
			Profile:        "esr-2019",
			ForbiddenWords: []string{"esr", "nhs", "password", "kiosk", "trust"},
		},
		Lockout: Lockout{Threshold: 5, Duration: Duration{15 * time.Minute}},
		Reset:   Reset{CodeLifetime: Duration{30 * time.Minute}, MaxEmailsPerHour: 3},
		SMTP: SMTP{Port: 587, TLS: "starttls", From: "ESR Kiosk <no-reply@example.nhs.uk>",
			Timeout: Duration{30 * time.Second}, MaxAttempts: 10,
			RetryBackoff: Duration{30 * time.Second}, RetryMax: Duration{time.Hour}},
		SSH: SSH{Listen: ":2222", MaxSessions: 16, ConnectionsPerMinute: 20,
			IdleTimeout: Duration{15 * time.Minute}},
		Offline: Offline{Card: true, RosterDays: 14, MaxSyncAge: Duration{72 * time.Hour},
			MaxCRLAge: Duration{168 * time.Hour}, PasswordWindow: Duration{24 * time.Hour}, PasswordCache: 25},
	}
}

// fallbackTerminal names the terminal when the host name is unusable.
const fallbackTerminal = "kiosk"

// defaultTerminal derives a terminal name from the host name that always
// passes Validate: a long FQDN is cut to its first label, then to 32 runes.
func defaultTerminal(hostname func() (string, error)) string {
	name, err := hostname()
	name = strings.TrimSpace(name)
	if err != nil || !utf8.ValidString(name) {
		return fallbackTerminal
	}
	if utf8.RuneCountInString(name) > maxTerminal {
		if short, _, ok := strings.Cut(name, "."); ok && short != "" {
			name = short
		}
	}
	if r := []rune(name); len(r) > maxTerminal {
		name = string(r[:maxTerminal])
	}
	if terminalProblem(name) != "" {
		return fallbackTerminal
	}
	return name
}

// Kiosk reports whether to run locked down: KioskMode if set, else whether
// the kiosk was started on a Linux virtual console.
func (c Config) Kiosk(onConsole bool) bool {
	if c.KioskMode != nil {
		return *c.KioskMode
	}
	return onConsole
}

// OnVirtualConsole reports whether ttyName (as from ttyname(3)) is a Linux
// virtual console, /dev/tty1 to /dev/tty63; pseudo-terminals are not.
func OnVirtualConsole(ttyName string) bool {
	n, ok := strings.CutPrefix(ttyName, "/dev/tty")
	if !ok || len(n) > 2 {
		return false
	}
	v, err := strconv.Atoi(n)
	return err == nil && v >= 1 && v <= 63 && strconv.Itoa(v) == n
}
