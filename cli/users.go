package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/sanitize"
	"github.com/wardkiosk/kiosk/text"
)

func runUsersAdd(ctx context.Context, e *Env, args []string) error {
	fs := flag.NewFlagSet("users add", flag.ContinueOnError)
	first := fs.String("first", "", "first name")
	last := fs.String("last", "", "last name")
	email := fs.String("email", "", "work email")
	dob := fs.String("dob", "", "date of birth, YYYY-MM-DD")
	role := fs.String("role", "", "role")
	ward := fs.String("ward", "", "ward")
	language := fs.String("language", string(text.English), "the language of their portal and emails: en or cy")
	pwStdin := fs.Bool("password-stdin", false, "read the password from stdin")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	for _, f := range []struct{ name, v string }{{"first", *first}, {"last", *last}, {"email", *email}, {"dob", *dob}} {
		if strings.TrimSpace(f.v) == "" {
			return usagef("--%s is required", f.name)
		}
	}
	date, err := time.Parse(time.DateOnly, strings.TrimSpace(*dob))
	if err != nil {
		return usagef("--dob %q is not a date as YYYY-MM-DD", *dob)
	}
	n := auth.NewUser{FirstName: *first, LastName: *last, Email: *email, DOB: date, Role: *role, Ward: *ward,
		Language: text.Lang(strings.TrimSpace(*language))}
	if *pwStdin {
		if n.Password, err = readSecret(e.Stdin); err != nil {
			return err
		}
	}
	if err := n.Validate(e.Now()); err != nil {
		return err
	}
	k, err := e.Open(ctx)
	if err != nil {
		return err
	}
	u, err := k.Service.CreateUser(ctx, e.Actor, n)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, u.Username)
	return nil
}

// maxSecretLine bounds what a password read from stdin may take: a
// password is at most 128 characters, so a few KiB hold any real one with
// room to spare, and a stream of megabytes is refused before it costs the
// server its memory.
const maxSecretLine = 4 << 10

// readSecret reads one line from stdin, refusing an empty one and one
// longer than maxSecretLine; it reads no more than that.
func readSecret(r io.Reader) (string, error) {
	if r == nil {
		return "", usagef("no password on stdin")
	}
	line, err := bufio.NewReader(io.LimitReader(r, maxSecretLine+1)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading stdin: %w", err)
	}
	if len(line) > maxSecretLine {
		return "", usagef("the line on stdin is longer than %d bytes: a password is at most 128 characters", maxSecretLine)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", usagef("no password on stdin")
	}
	return line, nil
}

func runUsersList(ctx context.Context, e *Env, args []string) error {
	if _, err := parse(flag.NewFlagSet("users list", flag.ContinueOnError), args); err != nil {
		return err
	}
	k, err := e.Open(ctx)
	if err != nil {
		return err
	}
	as, err := k.Service.Accounts(ctx)
	if err != nil {
		return err
	}
	now := e.Now()
	tw := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
	for _, a := range as {
		u := a.User
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Username, status(a, now), clean(u.Name()),
			dash(u.Role), dash(u.Ward), clean(u.Email))
	}
	return tw.Flush()
}

func runUsersShow(ctx context.Context, e *Env, args []string) error {
	pos, err := parse(flag.NewFlagSet("users show", flag.ContinueOnError), args, "U")
	if err != nil {
		return err
	}
	k, err := e.Open(ctx)
	if err != nil {
		return err
	}
	a, err := k.Service.Account(ctx, pos[0])
	if err != nil {
		return noUser(err, pos[0])
	}
	u := a.User
	tw := tabwriter.NewWriter(e.Stdout, 0, 4, 1, ' ', 0)
	for _, row := range [][2]string{
		{"username", u.Username},
		{"name", clean(u.Name())},
		{"email", clean(u.Email)},
		{"date of birth", u.DOB.Format(time.DateOnly)},
		{"role", dash(u.Role)},
		{"ward", dash(u.Ward)},
		{"language", language(u.Language)},
		{"status", status(a, e.Now())},
		{"failures", fmt.Sprint(a.Lockout.Failures)},
		{"password set", when(u.PasswordChangedAt)},
		{"last sign-in", lastSignIn(u)},
		{"created", when(u.CreatedAt)},
	} {
		fmt.Fprintf(tw, "%s:\t%s\n", row[0], row[1])
	}
	return tw.Flush()
}

// adminAction makes a command of a maintainer's action on one account.
func adminAction(do func(Service, context.Context, auth.Actor, string) error, done string) func(context.Context, *Env, []string) error {
	return func(ctx context.Context, e *Env, args []string) error {
		pos, err := parse(flag.NewFlagSet("", flag.ContinueOnError), args, "U")
		if err != nil {
			return err
		}
		k, err := e.Open(ctx)
		if err != nil {
			return err
		}
		if err := do(k.Service, ctx, e.Actor, pos[0]); err != nil {
			return noUser(err, pos[0])
		}
		fmt.Fprintf(e.Stdout, "%s %s\n", auth.NormalizeUsername(pos[0]), done)
		return nil
	}
}

// runUsersLanguage sets the language of a user's portal and emails.
func runUsersLanguage(ctx context.Context, e *Env, args []string) error {
	pos, err := parse(flag.NewFlagSet("users language", flag.ContinueOnError), args, "U", "LANG")
	if err != nil {
		return err
	}
	lang := text.Lang(strings.TrimSpace(pos[1]))
	if !slices.Contains(text.Languages(), lang) {
		return usagef("unknown language %q (want en or cy)", clean(pos[1]))
	}
	k, err := e.Open(ctx)
	if err != nil {
		return err
	}
	if err := k.Service.SetLanguage(ctx, e.Actor, pos[0], lang); err != nil {
		return noUser(err, pos[0])
	}
	fmt.Fprintf(e.Stdout, "%s %s\n", auth.NormalizeUsername(pos[0]), language(lang))
	return nil
}

// noUser turns a not-found error into a clear refusal.
func noUser(err error, username string) error {
	if errors.Is(err, auth.ErrNotFound) {
		return &FailError{fmt.Sprintf("no user %q", clean(auth.NormalizeUsername(username)))}
	}
	return err
}

// status is the account's state as one word for scripts: "active",
// "no-password", "disabled", "locked" or "locked-until-<time>".
func status(a auth.Account, now time.Time) string {
	st := a.State(now)
	if st == auth.AccountLockedUntil {
		return string(st) + "-" + a.Lockout.LockedUntil.Local().Format("15:04")
	}
	return string(st)
}

func lastSignIn(u auth.User) string {
	if u.LastLoginAt.IsZero() {
		return "never"
	}
	return when(u.LastLoginAt) + " at " + clean(u.LastLoginTerminal)
}

func when(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.Local().Format("2006-01-02 15:04:05")
}

// clean makes stored text safe to print.
func clean(s string) string { return sanitize.Line(s) }

// dash shows an empty field as "-" so columns stay aligned for scripts.
func dash(s string) string {
	if s = clean(s); s == "" {
		return "-"
	}
	return s
}

// language is a user's language as users show prints it: English for a
// user stored without one.
func language(l text.Lang) string {
	if l == "" {
		return string(text.English)
	}
	return clean(string(l))
}
