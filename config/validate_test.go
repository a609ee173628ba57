package config

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestValidateNamesKey(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *Config)
		key    string
		want   string // substring of the message
	}{
		{"org_code empty", func(c *Config) { c.OrgCode = "" }, "org_code", "is empty"},
		{"org_code letters", func(c *Config) { c.OrgCode = "38a" }, "org_code", `"38a" is not 1 to 5 digits`},
		{"org_code long", func(c *Config) { c.OrgCode = "123456" }, "org_code", "not 1 to 5 digits"},
		{"org_code unicode digit", func(c *Config) { c.OrgCode = "٣٨٢" }, "org_code", "not 1 to 5 digits"},
		{"terminal empty", func(c *Config) { c.Terminal = "" }, "terminal", "is empty"},
		{"terminal long", func(c *Config) { c.Terminal = strings.Repeat("x", 33) }, "terminal", "33 characters long (at most 32)"},
		{"terminal control", func(c *Config) { c.Terminal = "T1\x1b[2J" }, "terminal", "cannot be printed"},
		{"terminal newline", func(c *Config) { c.Terminal = "T1\n" }, "terminal", "cannot be printed"},
		{"terminal bad utf-8", func(c *Config) { c.Terminal = "T\xff" }, "terminal", "not valid UTF-8"},
		{"theme", func(c *Config) { c.Theme = "dark" }, "theme", `unknown theme "dark" (want default or high-contrast)`},
		{"language", func(c *Config) { c.Language = "fr" }, "language", `unknown language "fr" (want en or cy)`},
		{"idle_timeout zero", func(c *Config) { c.IdleTimeout = Duration{} }, "idle_timeout", "must be more than 0"},
		{"idle_timeout negative", func(c *Config) { c.IdleTimeout = Duration{-time.Minute} }, "idle_timeout", "must be more than 0 (got -1m)"},
		{"idle_warning negative", func(c *Config) { c.IdleWarning = Duration{-time.Second} }, "idle_warning", "must not be negative"},
		{"idle_warning equal", func(c *Config) { c.IdleWarning = c.IdleTimeout }, "idle_warning", "must be less than idle_timeout"},
		{"idle_warning longer", func(c *Config) { c.IdleWarning = Duration{time.Hour} }, "idle_warning", "(got 1h, idle_timeout 5m)"},
		{"card_removal", func(c *Config) { c.CardRemoval = "eject" }, "card_removal", `unknown value "eject" (want logout, lock or none)`},
		{"card_driver", func(c *Config) { c.CardDriver = "opensc" }, "card_driver", `unknown driver "opensc" (want piv or pkcs11)`},
		{"pkcs11 without a module", func(c *Config) { c.Smartcard, c.CardDriver = true, "pkcs11" }, "pkcs11.module", `is required with card_driver = "pkcs11"`},
		{"pkcs11 module relative", func(c *Config) { c.CardDriver, c.PKCS11.Module = "pkcs11", "opensc-pkcs11.so" }, "pkcs11.module", `"opensc-pkcs11.so" is not an absolute path`},
		{"policy.profile", func(c *Config) { c.Policy.Profile = "x" }, "policy.profile", `unknown profile "x" (want esr-2019, esr-2021 or nist-800-63b-4)`},
		{"policy.profile case", func(c *Config) { c.Policy.Profile = "ESR-2019" }, "policy.profile", "unknown profile"},
		{"policy.forbidden_words", func(c *Config) { c.Policy.ForbiddenWords = []string{"a", " "} }, "policy.forbidden_words", "word 2 is empty"},
		{"lockout.threshold low", func(c *Config) { c.Lockout.Threshold = 0 }, "lockout.threshold", "between 1 and 100 (got 0)"},
		{"lockout.threshold high", func(c *Config) { c.Lockout.Threshold = 101 }, "lockout.threshold", "between 1 and 100"},
		{"lockout.duration", func(c *Config) { c.Lockout.Duration = Duration{} }, "lockout.duration", "must be more than 0"},
		{"reset.code_lifetime short", func(c *Config) { c.Reset.CodeLifetime = Duration{59 * time.Second} }, "reset.code_lifetime", "between 1m and 24h (got 59s)"},
		{"reset.code_lifetime long", func(c *Config) { c.Reset.CodeLifetime = Duration{25 * time.Hour} }, "reset.code_lifetime", "between 1m and 24h"},
		{"reset.max_emails_per_hour", func(c *Config) { c.Reset.MaxEmailsPerHour = 0 }, "reset.max_emails_per_hour", "between 1 and 100"},
		{"reset.reset_url relative", func(c *Config) { c.Reset.ResetURL = "/reset" }, "reset.reset_url", "not an absolute http or https URL"},
		{"reset.reset_url scheme", func(c *Config) { c.Reset.ResetURL = "ftp://x/reset" }, "reset.reset_url", "not an absolute http or https URL"},
		{"reset.reset_url no host", func(c *Config) { c.Reset.ResetURL = "https:///reset" }, "reset.reset_url", "not an absolute"},
		{"smtp.host with port", func(c *Config) { c.SMTP.Host = "mail.example:25" }, "smtp.host", "put the port in smtp.port"},
		{"smtp.host url", func(c *Config) { c.SMTP.Host = "smtp://mail.example" }, "smtp.host", "not a host name"},
		{"smtp.port low", func(c *Config) { c.SMTP.Port = 0 }, "smtp.port", "between 1 and 65535"},
		{"smtp.port high", func(c *Config) { c.SMTP.Port = 65536 }, "smtp.port", "between 1 and 65535"},
		{"smtp.tls", func(c *Config) { c.SMTP.TLS = "ssl" }, "smtp.tls", `unknown value "ssl" (want tls, starttls, starttls-optional or none)`},
		{"smtp.tls none remote", func(c *Config) { c.SMTP.Host, c.SMTP.TLS = "mail.example", "none" }, "smtp.tls", "only allowed when smtp.host is loopback"},
		{"smtp.tls none no host", func(c *Config) { c.SMTP.TLS = "none" }, "smtp.tls", "only allowed when smtp.host is loopback"},
		{"smtp.tls none lan", func(c *Config) { c.SMTP.Host, c.SMTP.TLS = "10.0.0.1", "none" }, "smtp.tls", "loopback"},
		{"smtp.from empty", func(c *Config) { c.SMTP.From = "" }, "smtp.from", "is not an email address"},
		{"smtp.from bad", func(c *Config) { c.SMTP.From = "ESR Kiosk" }, "smtp.from", `"ESR Kiosk" is not an email address`},
		{"ssh.listen no port", func(c *Config) { c.SSH.Listen = "2222" }, "ssh.listen", `"2222" is not host:port`},
		{"ssh.listen empty", func(c *Config) { c.SSH.Listen = "" }, "ssh.listen", "is not host:port"},
		{"ssh.listen port 0", func(c *Config) { c.SSH.Listen = ":0" }, "ssh.listen", "not a number from 1 to 65535"},
		{"ssh.listen named port", func(c *Config) { c.SSH.Listen = ":ssh" }, "ssh.listen", `port "ssh"`},
		{"api.listen bad", func(c *Config) { c.API = API{Listen: "8443", CertFile: "c", KeyFile: "k", ClientCAFile: "ca"} }, "api.listen", `"8443" is not host:port`},
		{"api.cert_file", func(c *Config) { c.API = API{Listen: ":8443", KeyFile: "k", ClientCAFile: "ca"} }, "api.cert_file", "api.listen is set"},
		{"api.key_file", func(c *Config) { c.API = API{Listen: ":8443", CertFile: "c", ClientCAFile: "ca"} }, "api.key_file", "api.listen is set"},
		{"api.client_ca_file", func(c *Config) { c.API = API{Listen: ":8443", CertFile: "c", KeyFile: "k"} }, "api.client_ca_file", "api.listen is set"},
		{"server.urls http", func(c *Config) {
			c.Server = Server{URLs: []string{"http://a:8443"}, CAFile: "ca", CertFile: "c", KeyFile: "k"}
		}, "server.urls", "is not https"},
		{"server.urls no host", func(c *Config) {
			c.Server = Server{URLs: []string{"https://"}, CAFile: "ca", CertFile: "c", KeyFile: "k"}
		}, "server.urls", "is not a URL"},
		{"server.urls user", func(c *Config) {
			c.Server = Server{URLs: []string{"https://u:p@a"}, CAFile: "ca", CertFile: "c", KeyFile: "k"}
		}, "server.urls", "has a user"},
		{"server.urls with store.url", func(c *Config) {
			c.Server = Server{URLs: []string{"https://a"}, CAFile: "ca", CertFile: "c", KeyFile: "k"}
			c.Store.URL = "postgres://db/kiosk"
		}, "server.urls", "is set with store.url"},
		{"server.ca_file", func(c *Config) { c.Server = Server{URLs: []string{"https://a"}, CertFile: "c", KeyFile: "k"} }, "server.ca_file", "server.urls is set"},
		{"server.cert_file", func(c *Config) { c.Server = Server{URLs: []string{"https://a"}, CAFile: "ca", KeyFile: "k"} }, "server.cert_file", "server.urls is set"},
		{"server.key_file", func(c *Config) { c.Server = Server{URLs: []string{"https://a"}, CAFile: "ca", CertFile: "c"} }, "server.key_file", "server.urls is set"},
		{"ssh.max_sessions 0", func(c *Config) { c.SSH.MaxSessions = 0 }, "ssh.max_sessions", "between 1 and 1000"},
		{"ssh.connections_per_minute 0", func(c *Config) { c.SSH.ConnectionsPerMinute = 0 }, "ssh.connections_per_minute", "between 1 and 10000"},
		{"store.url scheme", func(c *Config) { c.Store.URL = "mysql://db.example/kiosk" }, "store.url", "not a PostgreSQL URL"},
		{"store.url key=value", func(c *Config) { c.Store.URL = "host=db.example dbname=kiosk" }, "store.url", "not a PostgreSQL URL"},
		{"store.url opaque", func(c *Config) { c.Store.URL = "postgres:db.example" }, "store.url", "not a PostgreSQL URL"},
		{"ssh.idle_timeout short", func(c *Config) { c.SSH.IdleTimeout = Duration{time.Second} }, "ssh.idle_timeout", "between 1m and 24h"},
		{"offline.roster_days 0", func(c *Config) { c.Offline.RosterDays = 0 }, "offline.roster_days", "between 1 and 90 (got 0)"},
		{"offline.roster_days 91", func(c *Config) { c.Offline.RosterDays = 91 }, "offline.roster_days", "between 1 and 90 (got 91)"},
		{"offline.max_sync_age 0", func(c *Config) { c.Offline.MaxSyncAge = Duration{} }, "offline.max_sync_age", "must be more than 0 (got 0s)"},
		{"offline.max_sync_age negative", func(c *Config) { c.Offline.MaxSyncAge = Duration{-time.Hour} }, "offline.max_sync_age", "must be more than 0 (got -1h)"},
		{"offline.max_crl_age", func(c *Config) { c.Offline.MaxCRLAge = Duration{-time.Hour} }, "offline.max_crl_age", "must be more than 0"},
		{"offline.password_window", func(c *Config) { c.Offline.PasswordWindow = Duration{} }, "offline.password_window", "must be more than 0"},
		{"offline.password_cache 0", func(c *Config) { c.Offline.PasswordCache = 0 }, "offline.password_cache", "between 1 and 1000 (got 0)"},
		{"offline.password_cache 1001", func(c *Config) { c.Offline.PasswordCache = 1001 }, "offline.password_cache", "between 1 and 1000 (got 1001)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.change(&c)
			err := c.Validate()
			if keys := errorKeys(t, err); !reflect.DeepEqual(keys, []string{tt.key}) {
				t.Fatalf("keys %v, want [%s] (err %v)", keys, tt.key, err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "config: "+tt.key+": ") || !strings.Contains(msg, tt.want) {
				t.Errorf("error %q, want \"config: %s: ...%s...\"", msg, tt.key, tt.want)
			}
		})
	}
}

func TestValidateAccepts(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *Config)
	}{
		{"one-digit org_code", func(c *Config) { c.OrgCode = "7" }},
		{"five-digit org_code", func(c *Config) { c.OrgCode = "01234" }},
		{"32-character terminal", func(c *Config) { c.Terminal = strings.Repeat("é", 32) }},
		{"terminal with spaces", func(c *Config) { c.Terminal = "Ward 7 bay 2" }},
		{"no idle warning", func(c *Config) { c.IdleWarning = Duration{} }},
		{"empty forbidden words", func(c *Config) { c.Policy.ForbiddenWords = nil }},
		{"reset_url http", func(c *Config) { c.Reset.ResetURL = "http://kiosk.local/reset?x=1" }},
		{"tls none localhost", func(c *Config) { c.SMTP.Host, c.SMTP.TLS = "localhost", "none" }},
		{"tls none LOCALHOST.", func(c *Config) { c.SMTP.Host, c.SMTP.TLS = "LOCALHOST.", "none" }},
		{"tls none 127.0.0.1", func(c *Config) { c.SMTP.Host, c.SMTP.TLS = "127.0.0.1", "none" }},
		{"tls none 127.1.2.3", func(c *Config) { c.SMTP.Host, c.SMTP.TLS = "127.1.2.3", "none" }},
		{"tls none ::1", func(c *Config) { c.SMTP.Host, c.SMTP.TLS = "::1", "none" }},
		{"tls none [::1]", func(c *Config) { c.SMTP.Host, c.SMTP.TLS = "[::1]", "none" }},
		{"smtp host IPv6", func(c *Config) { c.SMTP.Host = "2001:db8::25" }},
		{"smtp starttls-optional", func(c *Config) { c.SMTP.TLS = "starttls-optional" }},
		{"bare from address", func(c *Config) { c.SMTP.From = "kiosk@example.nhs.uk" }},
		{"ssh listen IPv6", func(c *Config) { c.SSH.Listen = "[::]:22" }},
		{"lockout bounds", func(c *Config) { c.Lockout.Threshold = 100 }},
		{"store.url postgres", func(c *Config) { c.Store.URL = "postgres://kiosk@db.example.nhs.uk:5432/kiosk?sslmode=verify-full" }},
		{"store.url postgresql", func(c *Config) { c.Store.URL = "postgresql:///kiosk?host=/run/postgresql" }},
		{"code lifetime bounds", func(c *Config) { c.Reset.CodeLifetime = Duration{24 * time.Hour} }},
		{"offline bounds low", func(c *Config) {
			c.Offline = Offline{RosterDays: 1, MaxSyncAge: Duration{time.Second}, MaxCRLAge: Duration{time.Second},
				PasswordWindow: Duration{time.Second}, PasswordCache: 1}
		}},
		{"offline bounds high", func(c *Config) {
			c.Offline = Offline{Card: true, Password: true, RosterDays: 90, MaxSyncAge: Duration{720 * time.Hour},
				MaxCRLAge: Duration{720 * time.Hour}, PasswordWindow: Duration{720 * time.Hour}, PasswordCache: 1000}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.change(&c)
			if err := c.Validate(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	c := Default()
	c.OrgCode = "x"
	c.Theme = "dark"
	c.Policy.Profile = "x"
	c.SMTP.Port = 0
	c.SSH.Listen = "nowhere"
	err := c.Validate()
	want := []string{"org_code", "policy.profile", "smtp.port", "ssh.listen", "theme"}
	if keys := errorKeys(t, err); !reflect.DeepEqual(keys, want) {
		t.Fatalf("keys %v, want %v (err %v)", keys, want, err)
	}
	if lines := strings.Split(err.Error(), "\n"); len(lines) != len(want) {
		t.Errorf("want one line per problem, got %q", lines)
	}
}

func TestValidateZeroConfig(t *testing.T) {
	// The zero Config is not a usable one; every required key says so.
	err := Config{}.Validate()
	for _, key := range []string{"org_code", "terminal", "theme", "idle_timeout", "card_removal", "policy.profile",
		"lockout.threshold", "lockout.duration", "reset.code_lifetime", "reset.max_emails_per_hour",
		"smtp.port", "smtp.tls", "smtp.from", "ssh.listen", "offline.roster_days", "offline.max_sync_age",
		"offline.max_crl_age", "offline.password_window", "offline.password_cache"} {
		if !strings.Contains(err.Error(), "config: "+key+": ") {
			t.Errorf("zero config: no error for %s in\n%v", key, err)
		}
	}
}
