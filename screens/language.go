package screens

import "github.com/wardkiosk/kiosk/ui/widget"

// Reword returns s drawn with env's words, for the language key on a
// screen before sign-in (DESIGN §12): what was typed, the focus, the
// password shown or masked and what the screen says are kept, only the
// language changes. Any other screen is s itself: after sign-in the
// portal speaks the user's language.
func Reword(s Screen, env *Env) Screen {
	switch o := s.(type) {
	case *Login:
		n := NewLogin(env, "", o.notice)
		n.prob, n.demo = o.prob, o.demo
		carryForm(o.form, n.form)
		return n
	case *Assistance:
		n := NewAssistance(env, "")
		n.prob = o.prob
		carryForm(o.form, n.form)
		return n
	case *Sent:
		n := NewSent(env, o.username)
		carryForm(o.form, n.form)
		return n
	case *Reset:
		n := NewReset(env, "")
		n.prob, n.np = o.prob, o.np
		n.np.p = env.Text // the checklist's words; the policy and refusals stay
		carryForm(o.form, n.form)
		return n
	case *Smartcard:
		n := NewSmartcard(env, o.reader, o.locked)
		n.prob, n.notice = o.prob, o.notice
		carryForm(o.form, n.form)
		return n
	}
	return s
}

// carryForm gives to, the same screen's form in another language, what
// was typed in from and its focus.
func carryForm(from, to *widget.Form) {
	if from == nil || to == nil {
		return
	}
	for _, it := range to.Items {
		old := from.Field(it.ID)
		if it.Field == nil || old == nil {
			continue
		}
		it.Field.SetValue(old.Value())
		if old.Shown() != it.Field.Shown() {
			it.Field.ToggleShow()
		}
	}
	if len(from.Items) > 0 {
		to.FocusID(from.FocusedID())
	}
}
