package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/wardkiosk/kiosk/auth"
)

// runPolicyForbid adds a maintainer's forbidden word. Kiosks read these
// words from the store at each check, so no restart is needed.
func runPolicyForbid(ctx context.Context, e *Env, args []string) error {
	pos, err := parse(flag.NewFlagSet("policy forbid", flag.ContinueOnError), args, "WORD")
	if err != nil {
		return err
	}
	k, err := e.Open(ctx)
	if err != nil {
		return err
	}
	word := strings.ToLower(strings.TrimSpace(pos[0]))
	err = k.Auth.AddForbiddenWord(ctx, e.Actor, word)
	if errors.Is(err, auth.ErrConflict) {
		return &FailError{fmt.Sprintf("%q is already forbidden", clean(word))}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "forbidden: %s\n", clean(word))
	return nil
}

// runPolicyUnforbid removes a maintainer's forbidden word; the words in
// the configuration file are the configuration's to change.
func runPolicyUnforbid(ctx context.Context, e *Env, args []string) error {
	pos, err := parse(flag.NewFlagSet("policy unforbid", flag.ContinueOnError), args, "WORD")
	if err != nil {
		return err
	}
	k, err := e.Open(ctx)
	if err != nil {
		return err
	}
	word := strings.ToLower(strings.TrimSpace(pos[0]))
	err = k.Auth.RemoveForbiddenWord(ctx, e.Actor, word)
	if errors.Is(err, auth.ErrNotFound) {
		return &FailError{fmt.Sprintf("%q is not a word a maintainer forbade (words in the configuration stay)", clean(word))}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "no longer forbidden: %s\n", clean(word))
	return nil
}
