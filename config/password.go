package config

import (
	"fmt"
	"os"
	"strings"
)

// passwordEnv overrides smtp.password_file; it is not a config key, so it
// never lands in the struct nor in Redacted.
const passwordEnv = "KIOSK_SMTP_PASSWORD"

// SMTPPassword returns the SMTP password from KIOSK_SMTP_PASSWORD if set,
// else the trimmed contents of smtp.password_file, else "" (no AUTH). A nil
// readFile means os.ReadFile; a nil lookupEnv means no environment. Errors
// name the file, never its contents.
func (c Config) SMTPPassword(readFile func(string) ([]byte, error), lookupEnv func(string) (string, bool)) (string, error) {
	if lookupEnv != nil {
		if v, ok := lookupEnv(passwordEnv); ok {
			return v, nil
		}
	}
	path := c.SMTP.PasswordFile
	if path == "" {
		return "", nil
	}
	if readFile == nil {
		readFile = os.ReadFile
	}
	b, err := readFile(path)
	if err != nil {
		return "", fmt.Errorf("config: smtp.password_file: %w", err)
	}
	pw := strings.TrimSpace(string(b))
	if pw == "" {
		return "", fmt.Errorf("config: smtp.password_file: %s is empty", path)
	}
	return pw, nil
}
