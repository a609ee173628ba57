package config

import (
	"reflect"
	"strings"
	"testing"
)

func TestRedactedRoundTrips(t *testing.T) {
	full, err := Load(writeFile(t, designFile), nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]Config{"default": Default(), "full": full} {
		t.Run(name, func(t *testing.T) {
			text := c.Redacted()
			got, err := Load(writeFile(t, text), nil)
			if err != nil {
				t.Fatalf("Redacted output does not load: %v\n%s", err, text)
			}
			if !reflect.DeepEqual(got, c) {
				t.Errorf("round trip:\n got %+v\nwant %+v\n%s", got, c, text)
			}
		})
	}
}

func TestRedactedShape(t *testing.T) {
	c := Default()
	text := c.Redacted()
	for _, want := range []string{`idle_timeout = "5m"`, "[smtp]\n", `from = "ESR Kiosk <no-reply@example.nhs.uk>"`, "kiosk_mode is not set",
		"[offline]\ncard = true\npassword = false\nroster_days = 14\nmax_sync_age = \"72h\"\nmax_crl_age = \"168h\"\n" +
			"password_window = \"24h\"\npassword_cache = 25\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("Redacted() lacks %q:\n%s", want, text)
		}
	}
	c.KioskMode = boolPtr(false)
	if text := c.Redacted(); !strings.Contains(text, "kiosk_mode = false") || strings.Contains(text, "not set") {
		t.Errorf("Redacted() with kiosk_mode = false:\n%s", text)
	}
}

func TestRedactedHidesSecrets(t *testing.T) {
	c := Default()
	c.Reset.ResetURL = "https://user:hunter2@kiosk.example/reset"
	c.SMTP.PasswordFile = "/run/secrets/smtp"
	text := c.Redacted()
	if strings.Contains(text, "hunter2") {
		t.Errorf("Redacted() shows the password in reset_url:\n%s", text)
	}
	if !strings.Contains(text, `password_file = "/run/secrets/smtp"`) {
		t.Errorf("Redacted() should show the password_file path:\n%s", text)
	}
}

// `config show` never prints the database password, wherever the URL
// holds it.
func TestRedactedHidesTheStorePassword(t *testing.T) {
	for _, u := range []string{
		"postgres://kiosk:hunter2@db.example.nhs.uk/kiosk",
		"postgresql://db.example.nhs.uk/kiosk?user=kiosk&password=hunter2&sslmode=verify-full",
		"postgres://kiosk:hunter2@db.example.nhs.uk:bad/kiosk", // does not parse
	} {
		c := Default()
		c.Store.URL = u
		text := c.Redacted()
		if strings.Contains(text, "hunter2") {
			t.Errorf("Redacted() shows the password of %s:\n%s", u, text)
		}
		if !strings.Contains(text, "[store]") {
			t.Errorf("Redacted() lacks [store]:\n%s", text)
		}
	}
	c := Default()
	c.Store.URL = "postgres://kiosk@db.example.nhs.uk/kiosk?sslmode=verify-full"
	if text := c.Redacted(); !strings.Contains(text, `url = "postgres://kiosk@db.example.nhs.uk/kiosk?sslmode=verify-full"`) {
		t.Errorf("Redacted() changed a URL without a password:\n%s", text)
	}
}

// A bad store.url is reported without repeating it: it may hold a
// password.
func TestValidateDoesNotRepeatTheStoreURL(t *testing.T) {
	c := Default()
	c.Store.URL = "mysql://kiosk:hunter2@db.example/kiosk"
	err := c.Validate()
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("Validate: %v", err)
	}
}
