package config

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/BurntSushi/toml"
)

// Redacted returns the effective configuration as TOML, as `kiosk config
// show` prints it. The struct holds no password, and a password in
// reset_url or store.url is masked; the password_file path is shown.
func (c Config) Redacted() string {
	if u, err := url.Parse(c.Reset.ResetURL); err == nil && u.User != nil {
		c.Reset.ResetURL = u.Redacted()
	}
	c.Store.URL = RedactURL(c.Store.URL)
	var b strings.Builder
	b.WriteString("# Effective kiosk configuration (secrets are not shown).\n")
	if c.KioskMode == nil {
		b.WriteString("# kiosk_mode is not set: on when started on a Linux virtual console.\n")
	}
	enc := toml.NewEncoder(&b)
	enc.Indent = ""
	if err := enc.Encode(c); err != nil {
		fmt.Fprintf(&b, "# cannot show the configuration: %v\n", err)
	}
	return b.String()
}

// RedactURL masks the password of a database URL, in its user part and in
// a password parameter, for showing it; a URL that does not parse is
// masked whole, as it may hold a password where a parser would not look.
func RedactURL(s string) string {
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil {
		return "xxxxx"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}
