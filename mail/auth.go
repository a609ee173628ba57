package mail

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wneessen/go-mail/smtp"
)

// chooseAuth picks the SMTP AUTH mechanism when the relay has said which it
// offers (go-mail's own discovery ignores implicit TLS through a dial
// function, and so would never pick PLAIN there). PLAIN and LOGIN refuse
// to run on a clear connection to anything but loopback, so the password
// never crosses the network in clear.
type chooseAuth struct {
	user, pass, host string
	chosen           smtp.Auth
}

// mechanisms are tried in this order: the ones that never send the
// password first.
var mechanisms = []string{"SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN", "LOGIN", "CRAM-MD5"}

// Start picks a mechanism and starts it.
func (a *chooseAuth) Start(server *smtp.ServerInfo) (string, []byte, error) {
	offered := make([]string, len(server.Auth))
	for i, m := range server.Auth {
		offered[i] = strings.ToUpper(m)
	}
	for _, m := range mechanisms {
		if !slices.Contains(offered, m) {
			continue
		}
		switch m {
		case "SCRAM-SHA-256":
			a.chosen = smtp.ScramSHA256Auth(a.user, a.pass)
		case "SCRAM-SHA-1":
			a.chosen = smtp.ScramSHA1Auth(a.user, a.pass)
		case "PLAIN":
			a.chosen = smtp.PlainAuth("", a.user, a.pass, a.host, false)
		case "LOGIN":
			a.chosen = smtp.LoginAuth(a.user, a.pass, a.host, false)
		case "CRAM-MD5":
			a.chosen = smtp.CRAMMD5Auth(a.user, a.pass)
		}
		return a.chosen.Start(server)
	}
	if len(offered) == 0 {
		return "", nil, fmt.Errorf("a username is configured but the relay offers no AUTH")
	}
	return "", nil, fmt.Errorf("the relay offers no AUTH mechanism the kiosk supports (it offers %s)",
		strings.Join(offered, " "))
}

// Next continues the chosen mechanism's exchange.
func (a *chooseAuth) Next(fromServer []byte, more bool) ([]byte, error) {
	if a.chosen == nil {
		return nil, fmt.Errorf("AUTH exchange before a mechanism was chosen")
	}
	return a.chosen.Next(fromServer, more)
}
