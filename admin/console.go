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
		sess = clampSession(sess)
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

// The largest terminal a console draws for: a client may ask for any
// size, and a 10000x10000 one once took the server past 11 GB. A larger
// terminal shows the console in its top left corner.
const (
	maxColumns = 500
	maxRows    = 200
)

// clampedSession is a session whose terminal reports no more than
// maxColumns x maxRows, at the start and at every change of size.
type clampedSession struct {
	ssh.Session
	winch chan ssh.Window
}

// clampSession wraps a session with a terminal so that the program sees
// its size clamped.
func clampSession(sess ssh.Session) ssh.Session {
	_, changes, ok := sess.Pty()
	if !ok {
		return sess
	}
	c := &clampedSession{Session: sess, winch: make(chan ssh.Window, 1)}
	go func() {
		// changes is closed when the session's requests end.
		for w := range changes {
			select {
			case c.winch <- clampWindow(w):
			case <-sess.Context().Done():
				return
			}
		}
	}()
	return c
}

// Pty is the session's terminal, its size clamped.
func (c *clampedSession) Pty() (ssh.Pty, <-chan ssh.Window, bool) {
	pty, _, ok := c.Session.Pty()
	pty.Window = clampWindow(pty.Window)
	return pty, c.winch, ok
}

func clampWindow(w ssh.Window) ssh.Window {
	w.Width = min(max(w.Width, 0), maxColumns)
	w.Height = min(max(w.Height, 0), maxRows)
	return w
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
