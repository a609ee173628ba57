package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/text"
)

// profileFlag reads --profile, defaulting to the configured profile.
func profileFlag(fs *flag.FlagSet) *string {
	return fs.String("profile", "", "policy profile: "+strings.Join(policy.ProfileNames(), ", "))
}

// lookupProfile is the profile --profile names, or the kiosk's own.
func lookupProfile(name string, configured policy.Profile) (policy.Profile, error) {
	if name == "" {
		return configured, nil
	}
	p, err := policy.Lookup(name)
	if err != nil {
		return policy.Profile{}, usagef("unknown profile %q (want %s)", name, strings.Join(policy.ProfileNames(), ", "))
	}
	return p, nil
}

// checkProfileFlag refuses an unknown --profile before anything is opened.
func checkProfileFlag(name string) error {
	if name == "" {
		return nil
	}
	_, err := lookupProfile(name, policy.Profile{})
	return err
}

func runPolicyCheck(ctx context.Context, e *Env, args []string) error {
	fs := flag.NewFlagSet("policy check", flag.ContinueOnError)
	user := fs.String("user", "", "check for this user: their details and previous passwords")
	prof := profileFlag(fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if err := checkProfileFlag(*prof); err != nil {
		return err
	}
	password, err := readSecret(e.Stdin)
	if err != nil {
		return err
	}
	k, err := e.Open(ctx)
	if err != nil {
		return err
	}
	p, err := lookupProfile(*prof, k.Service.Profile())
	if err != nil {
		return err
	}
	// Over SSH, previous passwords are not checked: a maintainer must not be
	// able to test guesses at a user's password.
	fails, err := k.Service.CheckPassword(ctx, *user, p, password, !e.Remote)
	if err != nil {
		return noUser(err, *user)
	}
	if len(fails) == 0 {
		fmt.Fprintln(e.Stdout, "ok")
		return nil
	}
	// The words are English whatever the kiosk's language: the lines are
	// a contract that maintainers' scripts read (DESIGN §7).
	en := text.For(text.English)
	for _, f := range fails {
		fmt.Fprintf(e.Stdout, "FAIL %s: %s\n", f.Rule, en.T(f.MessageID, f.N))
	}
	return &silentFail{}
}

// silentFail exits 1 having said all on stdout.
type silentFail struct{}

func (*silentFail) Error() string { return "" }

func runPolicyShow(ctx context.Context, e *Env, args []string) error {
	fs := flag.NewFlagSet("policy show", flag.ContinueOnError)
	prof := profileFlag(fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if err := checkProfileFlag(*prof); err != nil {
		return err
	}
	k, err := e.Open(ctx)
	if err != nil {
		return err
	}
	p, err := lookupProfile(*prof, k.Service.Profile())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "profile: %s\n", p.Name)
	lists, err := policy.LoadLists()
	if err != nil {
		return err
	}
	en := text.For(text.English)
	for _, r := range policy.New(p, lists, nil).Rules() {
		when := ""
		if r.OnSubmit {
			when = " " + en.T(text.RuleCheckedOnSubmit)
		}
		fmt.Fprintf(e.Stdout, "%-20s %s%s\n", r.ID, en.T(r.LabelID, r.N), when)
	}
	words, err := k.Service.ForbiddenWords(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "forbidden words: %s\n", clean(strings.Join(words, ", ")))
	return nil
}
