package config

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestValidateDelivery(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *Config)
		key    string
		want   string
	}{
		{"timeout short", func(c *Config) { c.SMTP.Timeout = Duration{500 * time.Millisecond} }, "smtp.timeout", "between 1s and 10m (got 500ms)"},
		{"timeout long", func(c *Config) { c.SMTP.Timeout = Duration{11 * time.Minute} }, "smtp.timeout", "between 1s and 10m"},
		{"max_attempts 0", func(c *Config) { c.SMTP.MaxAttempts = 0 }, "smtp.max_attempts", "between 1 and 100 (got 0)"},
		{"max_attempts 101", func(c *Config) { c.SMTP.MaxAttempts = 101 }, "smtp.max_attempts", "between 1 and 100"},
		{"retry_backoff 0", func(c *Config) { c.SMTP.RetryBackoff = Duration{} }, "smtp.retry_backoff", "between 1s and 24h (got 0s)"},
		{"retry_max below backoff", func(c *Config) { c.SMTP.RetryMax = Duration{10 * time.Second} }, "smtp.retry_max", "not be less than smtp.retry_backoff (got 10s, retry_backoff 30s)"},
		{"retry_max long", func(c *Config) { c.SMTP.RetryMax = Duration{200 * time.Hour} }, "smtp.retry_max", "at most 168h"},
		{"trust.name newline", func(c *Config) { c.Trust.Name = "A Trust\nBcc: x" }, "trust.name", "cannot be printed"},
		{"trust.name long", func(c *Config) { c.Trust.Name = strings.Repeat("x", 101) }, "trust.name", "101 characters long (at most 100)"},
		{"trust.name spaces", func(c *Config) { c.Trust.Name = " A Trust" }, "trust.name", "starts or ends with a space"},
		{"trust.name bad utf-8", func(c *Config) { c.Trust.Name = "A\xff" }, "trust.name", "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.change(&c)
			err := c.Validate()
			if keys := errorKeys(t, err); !reflect.DeepEqual(keys, []string{tt.key}) {
				t.Fatalf("keys %v, want [%s] (err %v)", keys, tt.key, err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "config: "+tt.key+": ") || !strings.Contains(msg, tt.want) {
				t.Errorf("error %q, want \"config: %s: ...%s...\"", msg, tt.key, tt.want)
			}
		})
	}
}

func TestValidateDeliveryAccepts(t *testing.T) {
	c := Default()
	c.SMTP.Host, c.SMTP.TLS, c.SMTP.Port = "127.0.0.1", "none", 1025
	c.SMTP.Timeout, c.SMTP.MaxAttempts = Duration{time.Second}, 1
	c.SMTP.RetryBackoff, c.SMTP.RetryMax = Duration{time.Second}, Duration{time.Second}
	c.Trust.Name = "Example Valley NHS Foundation Trust"
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
}

// The password is never a config key, so no printing of the config shows it.
func TestRedactedHasNoSMTPPassword(t *testing.T) {
	c := Default()
	c.SMTP.Host, c.SMTP.Username, c.SMTP.PasswordFile = "smtp.example.nhs.uk", "kiosk", "/etc/kiosk/smtp-password"
	pw, err := c.SMTPPassword(nil, env(map[string]string{"KIOSK_SMTP_PASSWORD": "s3cret-Relay-pw"}))
	if err != nil || pw != "s3cret-Relay-pw" {
		t.Fatalf("password %q, %v", pw, err)
	}
	out := c.Redacted()
	if strings.Contains(out, "s3cret") {
		t.Fatalf("the SMTP password is printed:\n%s", out)
	}
	for _, want := range []string{`password_file = "/etc/kiosk/smtp-password"`, `retry_max = "1h"`, `timeout = "30s"`} {
		if !strings.Contains(out, want) {
			t.Errorf("config show lacks %s:\n%s", want, out)
		}
	}
}
