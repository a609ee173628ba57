package main

import (
	"io"
	"log/slog"
)

// newLog is the process's log on w, one event a line with stable keys
// (time, level, msg, then the event's own): JSON under systemd, where the
// journal keeps each line whole and a collector parses it, text on a
// terminal, where a person reads it. getenv is os.Getenv.
func newLog(w io.Writer, getenv func(string) string) *slog.Logger {
	if underSystemd(getenv) {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// underSystemd reports whether systemd started this process: it sets
// INVOCATION_ID for every unit it runs, and JOURNAL_STREAM when stderr is
// the journal.
func underSystemd(getenv func(string) string) bool {
	return getenv("JOURNAL_STREAM") != "" || getenv("INVOCATION_ID") != ""
}
