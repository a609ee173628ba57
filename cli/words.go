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
var runPolicyForbid = wordCommand("policy forbid", Service.AddForbiddenWord, auth.ErrConflict,
	"%q is already forbidden", "forbidden: %s")

// runPolicyUnforbid removes a maintainer's forbidden word; the words in
// the configuration file are the configuration's to change.
var runPolicyUnforbid = wordCommand("policy unforbid", Service.RemoveForbiddenWord, auth.ErrNotFound,
	"%q is not a word a maintainer forbade (words in the configuration stay)", "no longer forbidden: %s")

// wordCommand makes a command that changes one forbidden word: refused
// with refusal when do fails with sentinel, else done is printed.
func wordCommand(name string, do func(Service, context.Context, auth.Actor, string) error, sentinel error,
	refusal, done string) func(context.Context, *Env, []string) error {
	return func(ctx context.Context, e *Env, args []string) error {
		pos, err := parse(flag.NewFlagSet(name, flag.ContinueOnError), args, "WORD")
		if err != nil {
			return err
		}
		k, err := e.Open(ctx)
		if err != nil {
			return err
		}
		word := strings.ToLower(strings.TrimSpace(pos[0]))
		err = do(k.Service, ctx, e.Actor, word)
		if errors.Is(err, sentinel) {
			return &FailError{fmt.Sprintf(refusal, clean(word))}
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, done+"\n", clean(word))
		return nil
	}
}
