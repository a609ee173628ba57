package config

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestEnvOverrides(t *testing.T) {
	tests := []struct {
		name  string
		value string
		check func(c Config) bool
	}{
		{"KIOSK_ORG_CODE", "12345", func(c Config) bool { return c.OrgCode == "12345" }},
		{"KIOSK_TERMINAL", "WARD9-T2", func(c Config) bool { return c.Terminal == "WARD9-T2" }},
		{"KIOSK_KIOSK_MODE", "true", func(c Config) bool { return c.KioskMode != nil && *c.KioskMode }},
		{"KIOSK_KIOSK_MODE", "1", func(c Config) bool { return c.KioskMode != nil && *c.KioskMode }},
		{"KIOSK_KIOSK_MODE", "FALSE", func(c Config) bool { return c.KioskMode != nil && !*c.KioskMode }},
		{"KIOSK_KIOSK_MODE", "0", func(c Config) bool { return c.KioskMode != nil && !*c.KioskMode }},
		{"KIOSK_KIOSK_MODE", "auto", func(c Config) bool { return c.KioskMode == nil }},
		{"KIOSK_KIOSK_MODE", "", func(c Config) bool { return c.KioskMode == nil }},
		{"KIOSK_THEME", "high-contrast", func(c Config) bool { return c.Theme == "high-contrast" }},
		{"KIOSK_LANGUAGE", "cy", func(c Config) bool { return c.Language == "cy" }},
		{"KIOSK_IDLE_TIMEOUT", "10m", func(c Config) bool { return c.IdleTimeout.Duration == 10*time.Minute }},
		{"KIOSK_IDLE_WARNING", "0s", func(c Config) bool { return c.IdleWarning.Duration == 0 }},
		{"KIOSK_SMARTCARD", "true", func(c Config) bool { return c.Smartcard }},
		{"KIOSK_CARD_REMOVAL", "none", func(c Config) bool { return c.CardRemoval == "none" }},
		{"KIOSK_CARD_DRIVER", "pkcs11", func(c Config) bool { return c.CardDriver == "pkcs11" }},
		{"KIOSK_PKCS11_MODULE", "/opt/vendor/p11.so", func(c Config) bool { return c.PKCS11.Module == "/opt/vendor/p11.so" }},
		{"KIOSK_POLICY_PROFILE", "esr-2021", func(c Config) bool { return c.Policy.Profile == "esr-2021" }},
		{"KIOSK_POLICY_FORBIDDEN_WORDS", " ward , ,hospital,", func(c Config) bool {
			return reflect.DeepEqual(c.Policy.ForbiddenWords, []string{"ward", "hospital"})
		}},
		{"KIOSK_POLICY_FORBIDDEN_WORDS", "", func(c Config) bool { return len(c.Policy.ForbiddenWords) == 0 }},
		{"KIOSK_LOCKOUT_THRESHOLD", "10", func(c Config) bool { return c.Lockout.Threshold == 10 }},
		{"KIOSK_LOCKOUT_DURATION", "1h", func(c Config) bool { return c.Lockout.Duration.Duration == time.Hour }},
		{"KIOSK_RESET_CODE_LIFETIME", "2h", func(c Config) bool { return c.Reset.CodeLifetime.Duration == 2*time.Hour }},
		{"KIOSK_RESET_MAX_EMAILS_PER_HOUR", " 7 ", func(c Config) bool { return c.Reset.MaxEmailsPerHour == 7 }},
		{"KIOSK_RESET_RESET_URL", "https://r.example/", func(c Config) bool { return c.Reset.ResetURL == "https://r.example/" }},
		{"KIOSK_SMTP_HOST", "mail.example", func(c Config) bool { return c.SMTP.Host == "mail.example" }},
		{"KIOSK_SMTP_PORT", "25", func(c Config) bool { return c.SMTP.Port == 25 }},
		{"KIOSK_SMTP_TLS", "starttls-optional", func(c Config) bool { return c.SMTP.TLS == "starttls-optional" }},
		{"KIOSK_SMTP_USERNAME", "kiosk", func(c Config) bool { return c.SMTP.Username == "kiosk" }},
		{"KIOSK_SMTP_PASSWORD_FILE", "/run/secrets/smtp", func(c Config) bool { return c.SMTP.PasswordFile == "/run/secrets/smtp" }},
		{"KIOSK_SMTP_FROM", "k@example.nhs.uk", func(c Config) bool { return c.SMTP.From == "k@example.nhs.uk" }},
		{"KIOSK_SMTP_TIMEOUT", "5s", func(c Config) bool { return c.SMTP.Timeout.Duration == 5*time.Second }},
		{"KIOSK_SMTP_MAX_ATTEMPTS", "3", func(c Config) bool { return c.SMTP.MaxAttempts == 3 }},
		{"KIOSK_SMTP_RETRY_BACKOFF", "1m", func(c Config) bool { return c.SMTP.RetryBackoff.Duration == time.Minute }},
		{"KIOSK_SMTP_RETRY_MAX", "2h", func(c Config) bool { return c.SMTP.RetryMax.Duration == 2*time.Hour }},
		{"KIOSK_TRUST_NAME", "Example NHS Trust", func(c Config) bool { return c.Trust.Name == "Example NHS Trust" }},
		{"KIOSK_TRUST_CA_FILE", "/ca.pem", func(c Config) bool { return c.Trust.CAFile == "/ca.pem" }},
		{"KIOSK_TRUST_CRL_FILE", "/ca.crl", func(c Config) bool { return c.Trust.CRLFile == "/ca.crl" }},
		{"KIOSK_SSH_LISTEN", "[::1]:22", func(c Config) bool { return c.SSH.Listen == "[::1]:22" }},
		{"KIOSK_SSH_HOST_KEY", "/k", func(c Config) bool { return c.SSH.HostKey == "/k" }},
		{"KIOSK_SSH_AUTHORIZED_KEYS", "/a", func(c Config) bool { return c.SSH.AuthorizedKeys == "/a" }},
		{"KIOSK_SSH_MAX_SESSIONS", "3", func(c Config) bool { return c.SSH.MaxSessions == 3 }},
		{"KIOSK_SSH_CONNECTIONS_PER_MINUTE", "100", func(c Config) bool { return c.SSH.ConnectionsPerMinute == 100 }},
		{"KIOSK_SSH_IDLE_TIMEOUT", "2m", func(c Config) bool { return c.SSH.IdleTimeout.Duration == 2*time.Minute }},
		{"KIOSK_STORE_URL", "postgres:///kiosk?host=/run/postgresql", func(c Config) bool {
			return c.Store.URL == "postgres:///kiosk?host=/run/postgresql"
		}},
		// A listen address alone is refused (TestEnvAPI sets all four).
		{"KIOSK_API_LISTEN", "", func(c Config) bool { return c.API.Listen == "" }},
		{"KIOSK_API_CERT_FILE", "/c", func(c Config) bool { return c.API.CertFile == "/c" }},
		{"KIOSK_API_KEY_FILE", "/k", func(c Config) bool { return c.API.KeyFile == "/k" }},
		{"KIOSK_API_CLIENT_CA_FILE", "/ca", func(c Config) bool { return c.API.ClientCAFile == "/ca" }},
		{"KIOSK_METRICS_LISTEN", "127.0.0.1:9464", func(c Config) bool { return c.Metrics.Listen == "127.0.0.1:9464" }},
		// URLs alone are refused (TestEnvServer sets all four).
		{"KIOSK_SERVER_URLS", "", func(c Config) bool { return len(c.Server.URLs) == 0 }},
		{"KIOSK_SERVER_CA_FILE", "/ca", func(c Config) bool { return c.Server.CAFile == "/ca" }},
		{"KIOSK_SERVER_CERT_FILE", "/c", func(c Config) bool { return c.Server.CertFile == "/c" }},
		{"KIOSK_SERVER_KEY_FILE", "/k", func(c Config) bool { return c.Server.KeyFile == "/k" }},
		{"KIOSK_OFFLINE_CARD", "false", func(c Config) bool { return !c.Offline.Card }},
		{"KIOSK_OFFLINE_PASSWORD", "true", func(c Config) bool { return c.Offline.Password }},
		{"KIOSK_OFFLINE_ROSTER_DAYS", "7", func(c Config) bool { return c.Offline.RosterDays == 7 }},
		{"KIOSK_OFFLINE_MAX_SYNC_AGE", "12h", func(c Config) bool { return c.Offline.MaxSyncAge.Duration == 12*time.Hour }},
		{"KIOSK_OFFLINE_MAX_CRL_AGE", "96h", func(c Config) bool { return c.Offline.MaxCRLAge.Duration == 96*time.Hour }},
		{"KIOSK_OFFLINE_PASSWORD_WINDOW", "8h", func(c Config) bool { return c.Offline.PasswordWindow.Duration == 8*time.Hour }},
		{"KIOSK_OFFLINE_PASSWORD_CACHE", "100", func(c Config) bool { return c.Offline.PasswordCache == 100 }},
	}
	covered := make(map[string]bool)
	for _, tt := range tests {
		covered[tt.name] = true
		t.Run(tt.name+"="+tt.value, func(t *testing.T) {
			c, err := Load("", env(map[string]string{tt.name: tt.value}))
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(c) {
				t.Errorf("%s=%q not applied: %+v", tt.name, tt.value, c)
			}
		})
	}
	var c Config
	for _, f := range fields(&c) {
		if name := envName(f.path); !f.table && !covered[name] {
			t.Errorf("no test for %s (%s)", name, f.path)
		}
	}
}

func TestEnvOverridesFile(t *testing.T) {
	path := writeFile(t, "kiosk_mode = true\n[policy]\nforbidden_words = [\"a\"]\n")
	c, err := Load(path, env(map[string]string{"KIOSK_KIOSK_MODE": "auto", "KIOSK_POLICY_FORBIDDEN_WORDS": "b,c"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.KioskMode != nil || !reflect.DeepEqual(c.Policy.ForbiddenWords, []string{"b", "c"}) {
		t.Errorf("kiosk_mode %v, forbidden_words %v; want nil and [b c]", c.KioskMode, c.Policy.ForbiddenWords)
	}
}

func TestEnvBadValues(t *testing.T) {
	tests := []struct {
		name, value, want string
	}{
		{"KIOSK_SMTP_PORT", "abc", `config: KIOSK_SMTP_PORT (smtp.port): "abc" is not a number`},
		{"KIOSK_SMTP_PORT", "", `config: KIOSK_SMTP_PORT (smtp.port): "" is not a number`},
		{"KIOSK_SMTP_PORT", "99999999999999999999", `config: KIOSK_SMTP_PORT (smtp.port): "99999999999999999999" is out of range`},
		{"KIOSK_LOCKOUT_THRESHOLD", "5.5", `config: KIOSK_LOCKOUT_THRESHOLD (lockout.threshold): "5.5" is not a number`},
		{"KIOSK_SMARTCARD", "yes", `config: KIOSK_SMARTCARD (smartcard): "yes" is not a boolean (want true, false, 1 or 0)`},
		{"KIOSK_KIOSK_MODE", "on", `config: KIOSK_KIOSK_MODE (kiosk_mode): "on" is not a boolean (want true, false, 1, 0 or auto)`},
		{"KIOSK_IDLE_TIMEOUT", "5", `config: KIOSK_IDLE_TIMEOUT (idle_timeout): "5" is not a duration`},
		{"KIOSK_LOCKOUT_DURATION", "a while", `config: KIOSK_LOCKOUT_DURATION (lockout.duration): "a while" is not a duration`},
	}
	for _, tt := range tests {
		t.Run(tt.name+"="+tt.value, func(t *testing.T) {
			_, err := Load("", env(map[string]string{tt.name: tt.value}))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("error = %v, want prefix %q", err, tt.want)
			}
		})
	}
}

func TestEnvReportsEveryProblem(t *testing.T) {
	_, err := Load("", env(map[string]string{
		"KIOSK_SMTP_PORT":      "abc",
		"KIOSK_IDLE_TIMEOUT":   "soon",
		"KIOSK_POLICY_PROFILE": "x", // a valid env value that fails Validate
	}))
	want := []string{"idle_timeout", "policy.profile", "smtp.port"}
	if keys := errorKeys(t, err); !reflect.DeepEqual(keys, want) {
		t.Errorf("keys %v, want %v (err %v)", keys, want, err)
	}
}

func TestEnvNotConfigKeys(t *testing.T) {
	// KIOSK_DATA and KIOSK_SMTP_PASSWORD belong to the CLI and SMTPPassword;
	// they must neither change the config nor be refused.
	got, err := Load("", env(map[string]string{
		"KIOSK_DATA":          "/var/lib/kiosk",
		"KIOSK_SMTP_PASSWORD": "s3cr3t-pw",
		"KIOSK_CONFIG":        "/etc/kiosk.toml",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if want := Default(); !reflect.DeepEqual(got, want) {
		t.Errorf("Load = %+v, want Default()", got)
	}
	if strings.Contains(got.Redacted(), "s3cr3t-pw") {
		t.Error("KIOSK_SMTP_PASSWORD leaked into Redacted")
	}
}

func TestEnvNamesUnique(t *testing.T) {
	var c Config
	seen := map[string]string{"KIOSK_DATA": "(data directory)", passwordEnv: "(SMTP password)"}
	for _, f := range fields(&c) {
		if f.table {
			continue
		}
		name := envName(f.path)
		if other, ok := seen[name]; ok {
			t.Errorf("%s and %s both map to %s", f.path, other, name)
		}
		seen[name] = f.path
	}
}

func TestEnvName(t *testing.T) {
	for path, want := range map[string]string{
		"policy.profile":         "KIOSK_POLICY_PROFILE",
		"idle_timeout":           "KIOSK_IDLE_TIMEOUT",
		"smtp.port":              "KIOSK_SMTP_PORT",
		"policy.forbidden_words": "KIOSK_POLICY_FORBIDDEN_WORDS",
		"kiosk_mode":             "KIOSK_KIOSK_MODE",
	} {
		if got := envName(path); got != want {
			t.Errorf("envName(%q) = %q, want %q", path, got, want)
		}
	}
}

// The kiosk API is set up from the environment alone, all four keys at once.
func TestEnvAPI(t *testing.T) {
	c, err := Load("", env(map[string]string{"KIOSK_API_LISTEN": ":8443", "KIOSK_API_CERT_FILE": "/c",
		"KIOSK_API_KEY_FILE": "/k", "KIOSK_API_CLIENT_CA_FILE": "/ca"}))
	if err != nil {
		t.Fatal(err)
	}
	if want := (API{Listen: ":8443", CertFile: "/c", KeyFile: "/k", ClientCAFile: "/ca"}); c.API != want {
		t.Errorf("api = %+v, want %+v", c.API, want)
	}
}

// A client kiosk is set up from the environment alone; the URLs are a
// comma-separated list.
func TestEnvServer(t *testing.T) {
	c, err := Load("", env(map[string]string{"KIOSK_SERVER_URLS": "https://a:8443, https://b:8443",
		"KIOSK_SERVER_CA_FILE": "/ca", "KIOSK_SERVER_CERT_FILE": "/c", "KIOSK_SERVER_KEY_FILE": "/k"}))
	if err != nil {
		t.Fatal(err)
	}
	want := Server{URLs: []string{"https://a:8443", "https://b:8443"}, CAFile: "/ca", CertFile: "/c", KeyFile: "/k"}
	if !reflect.DeepEqual(c.Server, want) || !c.Client() {
		t.Errorf("server = %+v (client %v), want %+v", c.Server, c.Client(), want)
	}
	if _, err := Load("", env(map[string]string{"KIOSK_SERVER_URLS": "https://a:8443"})); err == nil ||
		!strings.Contains(err.Error(), "server.cert_file") {
		t.Errorf("urls without files: %v, want server.cert_file named", err)
	}
}
