package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSMTPPassword(t *testing.T) {
	files := map[string]string{
		"/run/secrets/smtp": "  hunter2\n",
		"/run/secrets/none": " \n",
	}
	readFile := func(name string) ([]byte, error) {
		if s, ok := files[name]; ok {
			return []byte(s), nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	tests := []struct {
		name    string
		file    string
		env     map[string]string
		want    string
		wantErr string
	}{
		{"nothing", "", nil, "", ""},
		{"file", "/run/secrets/smtp", nil, "hunter2", ""},
		{"env wins", "/run/secrets/smtp", map[string]string{"KIOSK_SMTP_PASSWORD": "from-env"}, "from-env", ""},
		{"env without file", "", map[string]string{"KIOSK_SMTP_PASSWORD": "from-env"}, "from-env", ""},
		{"env set but empty", "/run/secrets/smtp", map[string]string{"KIOSK_SMTP_PASSWORD": ""}, "", ""},
		{"missing file", "/run/secrets/gone", nil, "", "config: smtp.password_file: open /run/secrets/gone"},
		{"empty file", "/run/secrets/none", nil, "", "config: smtp.password_file: /run/secrets/none is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			c.SMTP.PasswordFile = tt.file
			got, err := c.SMTPPassword(readFile, env(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want prefix %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("SMTPPassword = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestSMTPPasswordDefaults(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(path, []byte("pw-from-disk\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := Default()
	c.SMTP.PasswordFile = path
	got, err := c.SMTPPassword(nil, nil)
	if err != nil || got != "pw-from-disk" {
		t.Fatalf("SMTPPassword(nil, nil) = %q, %v", got, err)
	}
	c.SMTP.PasswordFile = filepath.Join(t.TempDir(), "gone")
	if _, err := c.SMTPPassword(nil, nil); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing file: %v, want fs.ErrNotExist", err)
	}
}
