package admin

import (
	"context"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/colorprofile"

	"github.com/wardkiosk/kiosk/admin/console"
	"github.com/wardkiosk/kiosk/ui/theme"
)

// console is the bubbletea link of the chain: it runs the admin console
// over a session with a terminal, and once the program has given the
// terminal back, says why it closed. The bubbletea middleware follows the
// window's size and quits the program when the session ends.
func (s *Server) console(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		// The console's own context ends as soon as shutdown begins, so
		// that it can say goodbye before its connection is closed.
		ctx, cancel := s.scope(s.consoles, sess)
		defer cancel()
		var model *console.Model
		program := func(sess ssh.Session) *tea.Program {
			model = s.newConsole(ctx, sess)
			return tea.NewProgram(model, append(bm.MakeOptions(sess),
				// A console lives no longer than the server: one still
				// open when shutdown's grace is over is killed.
				tea.WithContext(s.base),
				tea.WithColorProfile(sessionProfile(environ(sess))),
				// The server owns the process's signals.
				tea.WithoutSignalHandler(),
			)...)
		}
		goodbye := func(sess ssh.Session) {
			if st := stateOf(sess.Context()); st != nil && st.isRevoked() {
				wish.Println(sess, "Your key was removed from the authorised keys: this session is closed.")
			} else if bye := model.Goodbye(); bye != "" {
				wish.Println(sess, bye)
			}
			next(sess)
		}
		bm.MiddlewareWithProgramHandler(program)(goodbye)(sess)
	}
}

// newConsole is the console for one session, drawn with the glyphs its
// locale can show.
func (s *Server) newConsole(ctx context.Context, sess ssh.Session) *console.Model {
	env := environ(sess)
	m := maintainerOf(sess)
	return console.New(&console.Env{
		Ctx:             ctx,
		Service:         s.o.Service,
		Feed:            s.feed,
		Theme:           theme.FromEnv(s.o.Theme, env),
		Maintainer:      m.Name,
		Fingerprint:     m.Fingerprint,
		Actor:           m.Actor(hostOf(sess.RemoteAddr())),
		Kiosk:           s.o.Terminal,
		ConfiguredWords: s.o.ForbiddenWords,
		Trust:           s.o.Trust,
		Now:             s.o.Now,
		IdleTimeout:     s.o.IdleTimeout,
		Poll:            s.o.Poll,
	})
}

// environ is the session's environment with its terminal's TERM.
func environ(sess ssh.Session) []string {
	pty, _, _ := sess.Pty()
	return append(sess.Environ(), "TERM="+pty.Term)
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
