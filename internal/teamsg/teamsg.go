// Package teamsg lets tests see what a Bubble Tea command would do: the
// messages it yields, through batches and sequences, and whether any of
// them ends or suspends the program.
package teamsg

import (
	"reflect"
	"time"

	tea "charm.land/bubbletea/v2"
)

// wait is how long a command may take before it counts as one that waits
// on something (a tick, a read) and yields nothing now. tea.Quit,
// tea.Suspend and tea.Interrupt return at once.
const wait = 250 * time.Millisecond

// Messages runs cmd and returns the messages it yields, opening batches
// and sequences (tea.Batch, tea.Sequence) recursively. Commands that have
// not returned within a deadline are left running and yield nothing.
func Messages(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	got := make(chan tea.Msg, 1)
	go func() { got <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-got:
	case <-time.After(wait):
		return nil
	}
	// tea.BatchMsg and Sequence's unexported message are both []tea.Cmd.
	if v := reflect.ValueOf(msg); v.IsValid() && v.Kind() == reflect.Slice &&
		v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
		var out []tea.Msg
		for i := range v.Len() {
			c, _ := v.Index(i).Interface().(tea.Cmd)
			out = append(out, Messages(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

// Ends reports whether cmd would end or suspend the program: a quit, an
// interrupt or a suspend anywhere in it, batched or in sequence.
func Ends(cmd tea.Cmd) bool {
	for _, m := range Messages(cmd) {
		switch m.(type) {
		case tea.QuitMsg, tea.InterruptMsg, tea.SuspendMsg:
			return true
		}
	}
	return false
}
