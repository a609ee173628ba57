package main

import (
	"io"
	"log/slog"
	"log/syslog"
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

// screenLog is the log of the kiosk's screens, whose stderr is the
// screen: the system log (the journal under systemd), one JSON event a
// line, without the time, which syslog stamps. Without a system log it
// discards. The returned Closer closes it.
func screenLog() (*slog.Logger, io.Closer) {
	w, err := syslog.New(syslog.LOG_INFO|syslog.LOG_DAEMON, "ward-kiosk")
	if err != nil {
		return slog.New(slog.DiscardHandler), io.NopCloser(nil)
	}
	h := slog.NewJSONHandler(w, &slog.HandlerOptions{ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) == 0 && a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}})
	return slog.New(h), w
}
