package screens

import (
	"slices"

	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// problem is what a screen says went wrong, and the fields it is about:
// once the user edits one of those fields they are putting it right, and
// the message goes, so it never stands beside text it no longer fits. It
// keeps the message's id and values, not its words: the screen asks for
// the words as it draws them.
type problem struct {
	lines []text.Msg // the first is the message; a screen may draw the rest as notes
	about []string   // form ids of the fields it is about; none for a message about no field
}

// say shows lines about the fields with the given form ids.
func (p *problem) say(lines []text.Msg, about ...string) {
	p.lines, p.about = lines, about
}

// clear takes the message away.
func (p *problem) clear() { p.lines, p.about = nil, nil }

// shown reports whether there is a message.
func (p *problem) shown() bool { return len(p.lines) > 0 }

// words are the lines in pr's language.
func (p *problem) words(pr text.Printer) []string {
	out := make([]string, len(p.lines))
	for i, m := range p.lines {
		out[i] = pr.Text(m)
	}
	return out
}

// edited takes the message away when it is about field id.
func (p *problem) edited(id string) {
	if slices.Contains(p.about, id) {
		p.clear()
	}
}

// msgs are messages without values, for problem.say.
func msgs(ids ...text.ID) []text.Msg {
	out := make([]text.Msg, len(ids))
	for i, id := range ids {
		out[i] = text.Msg{ID: id}
	}
	return out
}

// focusedValue is the focused field's id and text, or "" for a button.
func focusedValue(f *widget.Form) (id, value string) {
	if fl := f.Focused().Field; fl != nil {
		return f.FocusedID(), fl.Value()
	}
	return "", ""
}
