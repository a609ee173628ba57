package admin

import (
	"regexp"
	"strings"

	"charm.land/ssh"
)

// logged is the logging link of the chain: a console when it opens and
// closes, a command by its name and exit status once it has run. A
// command's arguments and stdin never reach the log, as a mistyped
// argument could be a password.
func (s *Server) logged(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		m := maintainerOf(sess)
		addr := hostOf(sess.RemoteAddr())
		start := s.o.Now()
		args, console, err := request(sess)
		if console {
			s.log.Info("ssh console opened", "maintainer", m.Name, "key", m.Fingerprint, "remote", addr)
			next(sess)
			s.log.Info("ssh console closed", "maintainer", m.Name, "remote", addr, "duration", s.o.Now().Sub(start))
			return
		}
		exit := &exitStatus{Session: sess}
		next(exit)
		attrs := []any{"maintainer", m.Name, "key", m.Fingerprint, "remote", addr,
			"command", commandName(args), "exit", exit.code, "duration", s.o.Now().Sub(start)}
		if err != nil {
			attrs = append(attrs, "error", err)
		}
		s.log.Info("ssh command", attrs...)
	}
}

// exitStatus remembers the status its session exits with, for the log.
type exitStatus struct {
	ssh.Session
	code int
}

// Exit records code and exits the session with it.
func (e *exitStatus) Exit(code int) error {
	e.code = code
	return e.Session.Exit(code)
}

// commandWord is what may name a command in the log.
var commandWord = regexp.MustCompile(`^[a-z]{2,12}$`)

// commandName is the command's leading words, for the log.
func commandName(args []string) string {
	var words []string
	for _, a := range args[:min(2, len(args))] {
		if !commandWord.MatchString(a) {
			break
		}
		words = append(words, a)
	}
	if len(words) == 0 {
		return "?"
	}
	return strings.Join(words, " ")
}

// clip keeps logged client-chosen text short and on one line.
func clip(s string) string {
	r := []rune(s)
	if len(r) > 32 {
		r = r[:32]
	}
	out := make([]rune, 0, len(r))
	for _, c := range r {
		if c < 0x20 || c == 0x7f {
			c = '?'
		}
		out = append(out, c)
	}
	return string(out)
}
