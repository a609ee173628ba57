// Package cli is the kiosk's command tree (DESIGN §7): users, policy,
// outbox, audit, demo and version. The local binary and the maintainers'
// SSH server run the same tree, so scripts work the same either way.
package cli

import (
	"context"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// Exit codes of the CLI contract.
const (
	ExitOK     = 0
	ExitFailed = 1 // refused or failed
	ExitUsage  = 2 // bad usage
)

// Env is what a command runs with.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Actor is who runs the command and where, for the audit.
	Actor auth.Actor
	// Open returns the kiosk, opening it on first use, so that bad usage
	// is refused before anything is opened or written.
	Open func(ctx context.Context) (*Kiosk, error)
	// Version is the build's version.
	Version string
	// Remote is set when the command came over SSH: reset codes in email
	// bodies are hidden, certificates come on stdin (--cert -) as files
	// on the kiosk are not the maintainer's to read, and demo is refused.
	Remote bool
	// Now is the clock for dates checked and shown; time.Now when nil.
	Now func() time.Time
	// Doctor runs `kiosk doctor`; nil refuses it.
	Doctor Doctor
	// ReadCard reads the sign-in certificate off the card in a reader
	// ("" for the one reader holding a card) and says which reader; nil
	// where there is no reader.
	ReadCard CardReader
}

// CardReader reads a card's sign-in certificate through the kiosk's card
// driver: cards enrol --from-card and cards read.
type CardReader func(ctx context.Context, reader string) (cert *x509.Certificate, from string, err error)

// command is one leaf of the tree.
type command struct {
	path  string // "users add"
	usage string // flags and arguments
	help  string
	run   func(ctx context.Context, e *Env, args []string) error
}

// commands is the tree, in the order help lists it.
var commands = []command{
	{"demo", "", "create the demo data set; print <username> <password> <first> <last> <role> <ward>", runDemo},
	{"users add", "--first F --last L --email E --dob YYYY-MM-DD [--role R] [--ward W] [--language en|cy] [--password-stdin]", "add a user; print the username", runUsersAdd},
	{"users list", "", "one line per user, the username first", runUsersList},
	{"users show", "U", "a user's details", runUsersShow},
	{"users lock", "U", "lock an account until unlocked", adminAction(Service.Lock, "locked")},
	{"users unlock", "U", "unlock an account and clear its failures", adminAction(Service.Unlock, "unlocked")},
	{"users disable", "U", "stop an account signing in", adminAction(Service.Disable, "disabled")},
	{"users enable", "U", "let a disabled account sign in again", adminAction(Service.Enable, "enabled")},
	{"users language", "U en|cy", "set the language of the user's portal and emails", runUsersLanguage},
	{"users reset", "U", "email the user a reset code", adminAction(Service.SendReset, "emailed a reset code")},
	{"policy check", "[--user U] [--profile P]", "check the password on stdin: ok, or FAIL <rule-id>: <message> lines", runPolicyCheck},
	{"policy show", "[--profile P]", "the active profile's rules and forbidden words", runPolicyShow},
	{"policy forbid", "WORD", "forbid a word in passwords at every kiosk, from the next check on", runPolicyForbid},
	{"policy unforbid", "WORD", "remove a word a maintainer forbade (configured words stay)", runPolicyUnforbid},
	{"outbox list", "[--long]", "one line per message, oldest first: <id> <status> <to> <subject>; --long: <id> <status> <attempts> <next try or sent time> <to> <subject>, then any last error", runOutboxList},
	{"outbox show", "ID", "a message's headers and text body", runOutboxShow},
	{"outbox flush", "[--all]", "deliver the mail due now (--all: also mail waiting to retry) and say what became of each", runOutboxFlush},
	{"audit list", "[-n N]", "the newest N audit events (default 20), oldest first", runAuditList},
	{"audit verify", "[--head HASH]", "check the keyed audit chain; with --head, that it still reaches a head written down earlier", runAuditVerify},
	{"audit head", "", "the chain's head: <event number> <hash>, to write down outside the kiosk", runAuditHead},
	{"cards enrol", "U --cert FILE | --from-card [--reader R]", "enrol the smartcard holding the certificate (PEM or DER; --from-card: read off the card in the kiosk's reader) to U; print the card ID", runCardsEnrol},
	{"cards read", "[--reader R]", "print the sign-in certificate of the card in the kiosk's reader, PEM", runCardsRead},
	{"cards list", "", "one line per card: <id> <username> <active|revoked|expired> <not after> <sha256 fingerprint> <name on card>", runCardsList},
	{"cards revoke", "ID", "stop a card signing in, for good", runCardsRevoke},
	{"terminals add", "NAME --ward W --cert FILE", "register a terminal of the Trust with its TLS client certificate (PEM or DER)", runTerminalsAdd},
	{"terminals renew", "NAME --cert FILE", "give a registered terminal its new TLS client certificate (PEM or DER); the old one is refused from then on", runTerminalsRenew},
	{"terminals list", "", "one line per registered terminal: <name> <ward> <enabled|disabled> <last-seen|never> <version|->", runTerminalsList},
	{"terminals disable", "NAME", "refuse a terminal at the service from its next call", terminalAction(Service.DisableTerminal, "disabled")},
	{"terminals enable", "NAME", "let a disabled terminal use the service again", terminalAction(Service.EnableTerminal, "enabled")},
	{"doctor", "", "check configuration, data directory, database, pcscd and readers, the card driver (a PKCS#11 module loads), card CA and CRL, mail relay, the service and the clock: one \"ok|warn|fail <check>: <what, and the fix>\" line each; exit 1 on any fail", runDoctor},
	{"version", "", "the kiosk's version", runVersion},
}

// UsageError is bad usage: exit 2.
type UsageError struct{ msg string }

func (e *UsageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &UsageError{fmt.Sprintf(format, a...)} }

// FailError is a refusal with a message of its own: exit 1.
type FailError struct{ msg string }

func (e *FailError) Error() string { return e.msg }

// Run runs one command line (without the program name) and returns the
// exit code. Errors are one line on stderr.
func Run(ctx context.Context, e *Env, args []string) int {
	if e.Now == nil {
		env := *e
		env.Now = time.Now // the one place the commands' clock is set
		e = &env
	}
	cmd, rest, err := find(args)
	if err == nil {
		err = cmd.run(ctx, e, rest)
	}
	if err == nil {
		return ExitOK
	}
	if _, ok := err.(*silentFail); ok {
		return ExitFailed
	}
	name := "kiosk"
	if cmd != nil {
		name += " " + cmd.path
	}
	fmt.Fprintf(e.Stderr, "%s: %s\n", name, oneLine(message(err)))
	var ue *UsageError
	if errors.As(err, &ue) {
		return ExitUsage
	}
	return ExitFailed
}

// find picks the command named by the leading words of args.
func find(args []string) (*command, []string, error) {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		return nil, nil, usagef("usage:\n%s", Usage())
	}
	var group bool
	for i := range commands {
		c := &commands[i]
		words := strings.Fields(c.path)
		if len(args) >= len(words) && strings.Join(args[:len(words)], " ") == c.path {
			return c, args[len(words):], nil
		}
		group = group || words[0] == args[0]
	}
	if group {
		var subs []string
		for _, c := range commands {
			if w := strings.Fields(c.path); w[0] == args[0] && len(w) > 1 {
				subs = append(subs, w[1])
			}
		}
		if len(args) == 1 {
			return nil, nil, usagef("%s needs a command: %s", args[0], strings.Join(subs, ", "))
		}
		return nil, nil, usagef("unknown command %q (want %s)", args[0]+" "+args[1], strings.Join(subs, ", "))
	}
	return nil, nil, usagef("unknown command %q (try kiosk help)", args[0])
}

// Usage lists every command.
func Usage() string {
	var sb strings.Builder
	for _, c := range commands {
		line := "kiosk " + c.path
		if c.usage != "" {
			line += " " + c.usage
		}
		fmt.Fprintf(&sb, "  %s\n      %s\n", line, c.help)
	}
	return strings.TrimRight(sb.String(), "\n")
}

// message is the text of an error for maintainers, as the console says
// it too; usage keeps its lines.
func message(err error) string {
	var ue *UsageError
	if errors.As(err, &ue) {
		return ue.msg
	}
	return auth.ErrorText(err)
}

// oneLine keeps an error on one line (usage text aside).
func oneLine(s string) string {
	if strings.HasPrefix(s, "usage:\n") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// parse parses flags anywhere among the arguments and returns the
// positional ones; it refuses unknown flags and a wrong count of
// positionals.
func parse(fs *flag.FlagSet, args []string, positional ...string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usagef("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	if len(pos) != len(positional) {
		if len(positional) == 0 {
			return nil, usagef("unexpected argument %q", pos[0])
		}
		if len(pos) < len(positional) {
			return nil, usagef("missing %s", strings.Join(positional[len(pos):], " "))
		}
		return nil, usagef("unexpected argument %q", pos[len(positional)])
	}
	return pos, nil
}
