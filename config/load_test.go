package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// designFile is the file of DESIGN §8, with every key set away from its
// default where the key allows it.
const designFile = `
org_code = "123"
terminal = "WARD7-T1"        # default: the host name
kiosk_mode = true            # default: true on a Linux virtual console
theme = "high-contrast"      # or "high-contrast"; NO_COLOR is respected
language = "cy"               # the terminal's language: "en" or "cy"
idle_timeout = "10m"
idle_warning = "1m"
smartcard = true
card_removal = "lock"        # "lock", "none"
card_driver = "pkcs11"
[policy]
profile = "nist-800-63b-4"   # "esr-2021", "nist-800-63b-4"
forbidden_words = ["ward", "hospital"]
[lockout]
threshold = 3
duration = "1h"
[reset]
code_lifetime = "45m"
max_emails_per_hour = 5
reset_url = "https://kiosk.example.nhs.uk/reset"
[smtp]                       # host = "" keeps mail in the outbox
host = "smtp.example.nhs.uk"
port = 465
tls = "tls"                  # "tls", "starttls-optional", "none" (loopback only)
username = "kiosk"
password_file = "/etc/kiosk/smtp-password"
from = "Ward 7 Kiosk <ward7@example.nhs.uk>"
timeout = "1m"
max_attempts = 5
retry_backoff = "10s"
retry_max = "30m"
[trust]
name = "Example Valley NHS Trust"
ca_file = "/etc/kiosk/ca.pem"
crl_file = "/etc/kiosk/ca.crl"
[pkcs11]
module = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"
[ssh]
listen = "127.0.0.1:2022"
host_key = "/var/lib/kiosk/ssh_host_ed25519_key"
authorized_keys = "/etc/kiosk/authorized_keys"   # maintainers' public keys, comment = name
max_sessions = 4
connections_per_minute = 6
idle_timeout = "5m"
[store]
url = "postgres://kiosk@db.example.nhs.uk/kiosk"
[api]
listen = ":8443"
cert_file = "/etc/kiosk/api.pem"
key_file = "/etc/kiosk/api.key"
client_ca_file = "/etc/kiosk/terminals-ca.pem"
[metrics]
listen = "127.0.0.1:9464"
[server]
urls = []
ca_file = "/etc/kiosk/service-ca.pem"
cert_file = "/etc/kiosk/terminal.pem"
key_file = "/etc/kiosk/terminal.key"
[offline]
card = false
password = true
roster_days = 30
max_sync_age = "24h"
max_crl_age = "48h"
password_window = "12h"
password_cache = 50
`

func TestLoadFullFile(t *testing.T) {
	got, err := Load(writeFile(t, designFile), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		OrgCode:     "123",
		Terminal:    "WARD7-T1",
		KioskMode:   boolPtr(true),
		Language:    "cy",
		Theme:       "high-contrast",
		IdleTimeout: Duration{10 * time.Minute},
		IdleWarning: Duration{time.Minute},
		Smartcard:   true,
		CardRemoval: "lock",
		CardDriver:  "pkcs11",
		PKCS11:      PKCS11{Module: "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"},
		Policy:      Policy{Profile: "nist-800-63b-4", ForbiddenWords: []string{"ward", "hospital"}},
		Lockout:     Lockout{Threshold: 3, Duration: Duration{time.Hour}},
		Reset: Reset{
			CodeLifetime:     Duration{45 * time.Minute},
			MaxEmailsPerHour: 5,
			ResetURL:         "https://kiosk.example.nhs.uk/reset",
		},
		SMTP: SMTP{
			Host:         "smtp.example.nhs.uk",
			Port:         465,
			TLS:          "tls",
			Username:     "kiosk",
			PasswordFile: "/etc/kiosk/smtp-password",
			From:         "Ward 7 Kiosk <ward7@example.nhs.uk>",
			Timeout:      Duration{time.Minute},
			MaxAttempts:  5,
			RetryBackoff: Duration{10 * time.Second},
			RetryMax:     Duration{30 * time.Minute},
		},
		Trust: Trust{Name: "Example Valley NHS Trust", CAFile: "/etc/kiosk/ca.pem", CRLFile: "/etc/kiosk/ca.crl"},
		SSH: SSH{
			Listen:               "127.0.0.1:2022",
			HostKey:              "/var/lib/kiosk/ssh_host_ed25519_key",
			AuthorizedKeys:       "/etc/kiosk/authorized_keys",
			MaxSessions:          4,
			ConnectionsPerMinute: 6,
			IdleTimeout:          Duration{5 * time.Minute},
		},
		Store: Store{URL: "postgres://kiosk@db.example.nhs.uk/kiosk"},
		API: API{Listen: ":8443", CertFile: "/etc/kiosk/api.pem", KeyFile: "/etc/kiosk/api.key",
			ClientCAFile: "/etc/kiosk/terminals-ca.pem"},
		Metrics: Metrics{Listen: "127.0.0.1:9464"},
		Server: Server{URLs: []string{}, CAFile: "/etc/kiosk/service-ca.pem", CertFile: "/etc/kiosk/terminal.pem",
			KeyFile: "/etc/kiosk/terminal.key"},
		Offline: Offline{Card: false, Password: true, RosterDays: 30, MaxSyncAge: Duration{24 * time.Hour},
			MaxCRLAge: Duration{48 * time.Hour}, PasswordWindow: Duration{12 * time.Hour}, PasswordCache: 50},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Load:\n got %+v\nwant %+v", got, want)
	}
	// Every key of the struct is in the file, so a key added to Config
	// without a place in DESIGN §8 (and here) is noticed.
	for _, f := range fields(&want) {
		leaf := f.path[strings.LastIndex(f.path, ".")+1:]
		if !strings.Contains(designFile, leaf+" =") && !strings.Contains(designFile, "["+leaf+"]") {
			t.Errorf("key %s is missing from the full file", f.path)
		}
	}
}

func TestLoadNoFile(t *testing.T) {
	got, err := Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := Default(); !reflect.DeepEqual(got, want) {
		t.Errorf("Load(\"\") = %+v, want Default() %+v", got, want)
	}
}

func TestLoadPartialFileKeepsDefaults(t *testing.T) {
	got, err := Load(writeFile(t, "[smtp]\nhost = \"localhost\"\ntls = \"none\"\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.SMTP.Host, want.SMTP.TLS = "localhost", "none"
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Load = %+v, want %+v", got, want)
	}
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.toml")
	_, err := Load(path, nil)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), path) {
		t.Fatalf("Load(missing) = %v, want a not-exist error naming %s", err, path)
	}
}

func TestLoadFileErrors(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string // substrings of the error, after "config: <path>"
	}{
		{"unknown key", "org_code = \"1\"\ncolour = \"red\"\n", []string{`: unknown key "colour"`}},
		{"unknown nested key", "[smtp]\nhots = \"x\"\n", []string{`unknown key "smtp.hots" (did you mean "smtp.host"?)`}},
		{"unknown table", "[printer]\nname = \"x\"\nduplex = true\n", []string{`unknown key "printer"`}},
		{"wrong case", "ORG_CODE = \"1\"\n", []string{`unknown key "ORG_CODE" (did you mean "org_code"?)`}},
		{"several unknown keys", "a = 1\n[policy]\nprofil = \"x\"\n", []string{`unknown key "a"`, `unknown key "policy.profil" (did you mean "policy.profile"?)`}},
		{"syntax error", "org_code = \"1\"\ntheme = \n", []string{":2: "}},
		{"bad duration", "org_code = \"1\"\n\nidle_timeout = \"5x\"\n", []string{`:3: idle_timeout: "5x" is not a duration`}},
		{"bare number duration", "[lockout]\nduration = 15\n", []string{`:2: lockout.duration: "15" is not a duration`}},
		{"wrong type", "[smtp]\nport = \"587\"\n", []string{":2: smtp.port: ", "incompatible types"}},
		{"table as value", "smtp = 1\n", []string{":1: smtp: "}},
		{"value as table", "[theme]\nx = 1\n", []string{"theme"}},
		{"duplicate key", "theme = \"default\"\ntheme = \"default\"\n", []string{":2: "}},
		{"int overflow", "[smtp]\nport = 99999999999999999999\n", []string{":2: "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.body)
			_, err := Load(path, nil)
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			msg := err.Error()
			t.Log(msg)
			if !strings.HasPrefix(msg, "config: "+path) {
				t.Errorf("error %q does not start with config: %s", msg, path)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
		})
	}
}

func TestLoadUnknownTableReportedOnce(t *testing.T) {
	path := writeFile(t, "[printer]\nname = \"x\"\nduplex = true\n")
	_, err := Load(path, nil)
	if n := len(flatten(err)); n != 1 {
		t.Errorf("got %d errors, want 1 for the table: %v", n, err)
	}
}

func TestLoadFileThenEnvThenValidate(t *testing.T) {
	path := writeFile(t, "theme = \"high-contrast\"\n[smtp]\nport = 25\n")
	got, err := Load(path, env(map[string]string{"KIOSK_SMTP_PORT": "2525"}))
	if err != nil {
		t.Fatal(err)
	}
	if got.Theme != "high-contrast" || got.SMTP.Port != 2525 {
		t.Errorf("theme %q port %d, want the file's theme and the env's port", got.Theme, got.SMTP.Port)
	}

	// A value only valid after the env override still loads, and one the
	// env makes invalid is caught.
	path = writeFile(t, "[smtp]\nport = 0\n")
	if _, err := Load(path, env(map[string]string{"KIOSK_SMTP_PORT": "25"})); err != nil {
		t.Errorf("env fixing the file: %v", err)
	}
	_, err = Load("", env(map[string]string{"KIOSK_LOCKOUT_THRESHOLD": "0"}))
	if keys := errorKeys(t, err); !reflect.DeepEqual(keys, []string{"lockout.threshold"}) {
		t.Errorf("env breaking validation: keys %v, err %v", keys, err)
	}
}

func TestLoadValidates(t *testing.T) {
	_, err := Load(writeFile(t, "org_code = \"abc\"\n[policy]\nprofile = \"x\"\n"), nil)
	want := []string{"org_code", "policy.profile"}
	if keys := errorKeys(t, err); !reflect.DeepEqual(keys, want) {
		t.Errorf("keys %v, want %v (err %v)", keys, want, err)
	}
}

// A file that never ends, or is far too large to be a configuration, is a
// clear error, read no further than the bound: --config /dev/zero once
// ran the process out of memory.
func TestLoadTooLargeFile(t *testing.T) {
	path := writeFile(t, "org_code = \"123\"\n"+strings.Repeat("# a comment line\n", 2<<20/17))
	_, err := Load(path, nil)
	if err == nil || !strings.Contains(err.Error(), "config: "+path+": larger than 1024 KiB") {
		t.Fatalf("Load(2 MiB file) = %v", err)
	}
	if _, serr := os.Stat("/dev/zero"); serr != nil {
		t.Skip("no /dev/zero here")
	}
	_, err = Load("/dev/zero", nil)
	if err == nil || !strings.Contains(err.Error(), "config: /dev/zero: larger than 1024 KiB") {
		t.Errorf("Load(/dev/zero) = %v", err)
	}
}
