package admin

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/ssh"

	"github.com/wardkiosk/kiosk/cli"
)

// command is the commands link of the chain: a command line runs the
// kiosk's command tree, as the local CLI would, with the maintainer as the
// actor and the output plain. A session with a terminal and no command
// goes on to the console.
func (s *Server) command(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		args, console, err := request(sess)
		switch {
		case err != nil:
			refuse(sess, cli.ExitUsage, err.Error())
		case console:
			next(sess)
		case len(args) == 0:
			refuse(sess, cli.ExitUsage, "no terminal: connect with ssh -t for the console, or give a command (try help)")
		default:
			ctx, cancel := s.scope(s.base, sess)
			defer cancel()
			env := &cli.Env{
				Stdin:   sess,
				Stdout:  sess,
				Stderr:  sess.Stderr(),
				Actor:   maintainerOf(sess).Actor(hostOf(sess.RemoteAddr())),
				Open:    s.open,
				Version: s.o.Version,
				Remote:  true,
				Now:     s.o.Now,
				Doctor:  s.o.Doctor,
				// The card is in this kiosk's reader: a maintainer on the
				// ward enrols it from their laptop.
				ReadCard: s.o.ReadCard,
			}
			_ = sess.Exit(cli.Run(ctx, env, args))
		}
	}
}

// open is the kiosk the commands act on; a client kiosk has none.
func (s *Server) open(context.Context) (*cli.Kiosk, error) {
	if s.kiosk == nil {
		return nil, ErrClient
	}
	return s.kiosk, nil
}

// request is what a session asks for: the words of its command line, or
// (with a terminal and no command) the console.
func request(sess ssh.Session) (args []string, console bool, err error) {
	args, err = ParseCommand(sess.RawCommand())
	_, _, tty := sess.Pty()
	return args, err == nil && len(args) == 0 && tty, err
}

// Bounds on a command sent over SSH: a maintainer's command line is short.
const (
	maxCommandLen = 4096
	maxWords      = 64
	maxWordLen    = 1024
)

// ErrCommand wraps every refusal of a command line: bad usage, exit 2.
var ErrCommand = errors.New("bad command line")

// ParseCommand splits the command line an SSH client sent into words, as
// a POSIX shell would split a simple command: blanks separate words,
// single quotes keep everything literally, double quotes keep all but \"
// and \\, and a backslash outside quotes escapes the next character. No
// shell runs, so shell syntax (; | & < > ( ) $ `) is refused unless
// quoted rather than passed on as words, as are control characters,
// invalid UTF-8 and lines, words or word counts beyond sane bounds.
func ParseCommand(line string) ([]string, error) {
	if len(line) > maxCommandLen {
		return nil, fmt.Errorf("%w: longer than %d bytes", ErrCommand, maxCommandLen)
	}
	if !utf8.ValidString(line) {
		return nil, fmt.Errorf("%w: not valid UTF-8", ErrCommand)
	}
	var words []string
	var w strings.Builder
	inWord := false
	quote := rune(0)
	escaped := false
	for _, r := range line {
		if forbidden(r) && !(quote == 0 && !escaped && (r == '\t')) {
			return nil, fmt.Errorf("%w: control character %U", ErrCommand, r)
		}
		switch {
		case escaped:
			w.WriteRune(r)
			escaped = false
		case quote == '\'':
			if r == '\'' {
				quote = 0
			} else {
				w.WriteRune(r)
			}
		case quote == '"':
			switch r {
			case '"':
				quote = 0
			case '\\':
				escaped = true
			default:
				w.WriteRune(r)
			}
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
			continue
		case r == '\'' || r == '"':
			quote = r
		case r == '\\':
			escaped = true
		case strings.ContainsRune(";|&<>()$`", r):
			return nil, fmt.Errorf("%w: %q is shell syntax and no shell runs here; quote it if it belongs in a word", ErrCommand, r)
		default:
			w.WriteRune(r)
		}
		inWord = true
		if w.Len() > maxWordLen {
			return nil, fmt.Errorf("%w: a word is longer than %d bytes", ErrCommand, maxWordLen)
		}
		if len(words) >= maxWords {
			return nil, fmt.Errorf("%w: more than %d words", ErrCommand, maxWords)
		}
	}
	switch {
	case quote != 0:
		return nil, fmt.Errorf("%w: unterminated %c quote", ErrCommand, quote)
	case escaped:
		return nil, fmt.Errorf("%w: a backslash ends the line", ErrCommand)
	}
	if inWord {
		words = append(words, w.String())
	}
	if len(words) > maxWords {
		return nil, fmt.Errorf("%w: more than %d words", ErrCommand, maxWords)
	}
	return words, nil
}

// forbidden reports runes that never belong in a command: controls (tab
// aside, which separates words), the replacement of invalid UTF-8, and the
// bidirectional controls that make text read other than it is.
func forbidden(r rune) bool {
	switch {
	case r == '\t':
		return true // allowed by the caller only as a separator
	case unicode.IsControl(r), r == utf8.RuneError:
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
		return true
	}
	return false
}
