package admin

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/colorprofile"

	"github.com/wardkiosk/kiosk/admin/console"
	"github.com/wardkiosk/kiosk/cli"
	"github.com/wardkiosk/kiosk/setup"
	"github.com/wardkiosk/kiosk/smartcard/certs"
	"github.com/wardkiosk/kiosk/ui/theme"
)

// handle is the session handler: a command runs the command tree, no
// command with a terminal opens the console.
func (s *Server) handle(ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		s.sessions.add()
		defer s.sessions.done()
		conn := sess.Context().SessionID()
		if !s.enter(conn) {
			fmt.Fprintf(sess.Stderr(), "kiosk: at most %d sessions on one connection\n", maxSessionsPerConn)
			sess.Exit(cli.ExitFailed)
			return
		}
		defer s.exit(conn)
		// The key that authenticated this connection, looked up again: the
		// file may have changed, and a removed key ends here.
		m, ok := s.keys.Lookup(sess.PublicKey())
		if !ok {
			fmt.Fprintln(sess.Stderr(), "kiosk: your key is no longer authorised")
			sess.Exit(cli.ExitFailed)
			return
		}
		_, _, tty := sess.Pty()
		base := s.base
		if tty && sess.RawCommand() == "" {
			base = s.consoles
		}
		if base.Err() != nil {
			fmt.Fprintln(sess.Stderr(), "kiosk: the maintenance server is shutting down")
			sess.Exit(cli.ExitFailed)
			return
		}
		ctx, cancel := context.WithCancel(base)
		defer cancel()
		stop := context.AfterFunc(sess.Context(), cancel)
		defer stop()

		addr := hostOf(sess.RemoteAddr())
		args, err := ParseCommand(sess.RawCommand())
		if err != nil {
			s.log.Info("ssh command refused", "maintainer", m.Name, "remote", addr, "error", err)
			fmt.Fprintf(sess.Stderr(), "kiosk: %v\n", err)
			sess.Exit(cli.ExitUsage)
			return
		}
		switch {
		case len(args) > 0:
			code := s.command(ctx, sess, m, addr, args)
			s.log.Info("ssh command", "maintainer", m.Name, "key", m.Fingerprint, "remote", addr,
				"command", commandName(args), "exit", code)
			sess.Exit(code)
		case tty:
			s.log.Info("ssh console opened", "maintainer", m.Name, "key", m.Fingerprint, "remote", addr)
			s.console(ctx, sess, m, addr)
			s.log.Info("ssh console closed", "maintainer", m.Name, "remote", addr)
			sess.Exit(cli.ExitOK)
		default:
			fmt.Fprintln(sess.Stderr(), "kiosk: no terminal: connect with ssh -t for the console, or give a command (try help)")
			sess.Exit(cli.ExitUsage)
		}
	}
}

// command runs one command of the tree, as the local CLI would, with the
// maintainer as the actor and the output plain.
func (s *Server) command(ctx context.Context, sess ssh.Session, m Maintainer, addr string, args []string) int {
	env := &cli.Env{
		Stdin:   sess,
		Stdout:  sess,
		Stderr:  sess.Stderr(),
		Actor:   m.Actor(addr),
		Open:    func(context.Context) (*setup.Kiosk, error) { return s.o.Kiosk, nil },
		Version: s.o.Version,
		Remote:  true,
	}
	return cli.Run(ctx, env, args)
}

// commandWord is what may name a command in the log; arguments never go
// there, as a mistyped one could be a password.
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

// console runs the admin console over the session, drawn for the
// session's own terminal: its size, its TERM and locale, its colours.
func (s *Server) console(ctx context.Context, sess ssh.Session, m Maintainer, addr string) {
	pty, winch, _ := sess.Pty()
	environ := append(sess.Environ(), "TERM="+pty.Term)
	profile := sessionProfile(environ)
	k := s.o.Kiosk
	t := theme.FromEnv(k.Config.Theme, environ)
	model := console.New(&console.Env{
		Ctx:             ctx,
		Service:         k.Auth,
		Feed:            s.feed,
		Theme:           t,
		Maintainer:      m.Name,
		Fingerprint:     m.Fingerprint,
		Actor:           m.Actor(addr),
		Kiosk:           k.Config.Terminal,
		ConfiguredWords: k.Config.Policy.ForbiddenWords,
		Trust:           s.trust,
		Now:             s.o.Now,
		IdleTimeout:     s.o.IdleTimeout,
		Poll:            s.o.Poll,
	})
	opts := append(bubbletea.MakeOptions(sess),
		tea.WithColorProfile(profile),
		// The server owns the process's signals; a session ends by its
		// own context.
		tea.WithoutSignalHandler(),
	)
	p := tea.NewProgram(model, opts...)
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			select {
			case <-done:
				return
			case <-sess.Context().Done():
				p.Kill()
				return
			case w, ok := <-winch:
				if !ok {
					return
				}
				p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
			}
		}
	}()
	if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		s.log.Warn("ssh console failed", "maintainer", m.Name, "error", err)
	}
	if bye := model.Goodbye(); bye != "" {
		fmt.Fprintln(sess, bye)
	}
}

// trust is the Trust's card CAs, or nil when none is configured.
func (s *Server) trust() (*certs.Trust, error) {
	t, err := s.o.Kiosk.CardTrust()
	if errors.Is(err, setup.ErrNoTrust) {
		return nil, nil
	}
	return t, err
}

// sessionProfile is the colour profile of the session's terminal. A
// terminal that takes no colour (TERM=dumb, NO_COLOR) still shows bold
// and reverse video, which is how focus shows without colour.
func sessionProfile(environ []string) colorprofile.Profile {
	p := colorprofile.Env(environ)
	if p < colorprofile.ASCII {
		p = colorprofile.ASCII
	}
	return p
}
