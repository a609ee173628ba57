package cli

import (
	"context"
	"flag"
	"io"
)

// Doctor runs `kiosk doctor`'s checks, writing one line a check to w, and
// reports whether any failed. The binary and the SSH server each give
// theirs: the checks need the kiosk's configuration and data directory,
// which the command tree does not see.
type Doctor func(ctx context.Context, w io.Writer) (failed bool)

func runDoctor(ctx context.Context, e *Env, args []string) error {
	if _, err := parse(flag.NewFlagSet("doctor", flag.ContinueOnError), args); err != nil {
		return err
	}
	if e.Doctor == nil {
		return &FailError{"kiosk doctor does not run here: run it on the kiosk itself"}
	}
	if e.Doctor(ctx, e.Stdout) {
		return &silentFail{}
	}
	return nil
}
