package console

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// users finds accounts and acts on them.
type users struct {
	env     *Env
	snap    Snapshot
	form    *widget.Form
	matches []auth.Account
	query   string
	chosen  string // the selected username: kept across refreshes
	top     int    // first list row shown
	listH   int    // list rows shown at the last layout
	dlg     dialog
	status  string
	failed  bool
	keys    usersKeys
}

// usersKeys move through the list and clear the search; the form's keys
// move focus and act.
type usersKeys struct {
	Up, Down, PageUp, PageDown, Clear key.Binding
}

func newUsersKeys() usersKeys {
	return usersKeys{
		// The help line says up and down in one entry, Up's.
		Up:       key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "choose")),
		Down:     key.NewBinding(key.WithKeys("down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup")),
		PageDown: key.NewBinding(key.WithKeys("pgdown")),
		Clear:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")),
	}
}

func newUsers(env *Env) *users {
	search := widget.NewField("Search", 30, false, env.Theme)
	search.SetPlaceholder("username, name, email or ward") // fits the field; role matches too
	search.SetCharLimit(64)
	items := []*widget.Item{widget.FieldItem("search", search)}
	for _, a := range accountActions() {
		items = append(items, widget.ButtonItem(a.id, a.label))
	}
	items = append(items, widget.ButtonItem("enrol", "Enrol card"), widget.ButtonItem("revoke", "Revoke card"))
	for _, a := range languageActions() {
		items = append(items, widget.ButtonItem(a.id, a.label))
	}
	u := &users{env: env, form: widget.NewForm(english(), items...), keys: newUsersKeys()}
	u.form.Keys.Choose.SetHelp("enter", "do")
	return u
}

func (u *users) enter() tea.Cmd {
	u.form.FocusID("search")
	return nil
}

func (u *users) leave() { u.dlg = nil }

func (u *users) typing() bool { return u.dlg != nil || u.form.FocusedID() == "search" }

func (u *users) setSnapshot(s Snapshot) {
	u.snap = s
	u.filter()
}

// filter keeps the accounts that match the search, keeping the selection
// when it still matches.
func (u *users) filter() {
	q := strings.ToLower(strings.TrimSpace(u.query))
	u.matches = u.matches[:0]
	for _, a := range u.snap.Accounts {
		if q == "" || matches(a, q) {
			u.matches = append(u.matches, a)
		}
	}
	if u.index() < 0 {
		u.chosen = ""
		if len(u.matches) > 0 {
			u.chosen = u.matches[0].User.Username
		}
		u.top = 0
	}
}

func matches(a auth.Account, q string) bool {
	for _, s := range []string{a.User.Username, a.User.Name(), a.User.Email, a.User.Role, a.User.Ward} {
		if strings.Contains(strings.ToLower(s), q) {
			return true
		}
	}
	return false
}

// index is the selected account's place in matches, or -1.
func (u *users) index() int {
	for i, a := range u.matches {
		if a.User.Username == u.chosen {
			return i
		}
	}
	return -1
}

// selected is the selected account, if any.
func (u *users) selected() (auth.Account, bool) {
	if i := u.index(); i >= 0 {
		return u.matches[i], true
	}
	return auth.Account{}, false
}

// move moves the selection by n rows.
func (u *users) move(n int) {
	if len(u.matches) == 0 {
		return
	}
	i := min(max(u.index()+n, 0), len(u.matches)-1)
	u.chosen = u.matches[i].User.Username
}

func (u *users) update(msg tea.Msg) tea.Cmd {
	if done, ok := msg.(actionDone); ok {
		u.status, u.failed = done.status()
		return nil
	}
	if u.dlg != nil {
		closed, cmd := u.dlg.update(msg)
		if closed {
			u.dlg = nil
		}
		return cmd
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, u.keys.Up):
			u.move(-1)
			return nil
		case key.Matches(k, u.keys.Down):
			u.move(1)
			return nil
		case key.Matches(k, u.keys.PageUp):
			u.move(-max(1, u.listH))
			return nil
		case key.Matches(k, u.keys.PageDown):
			u.move(max(1, u.listH))
			return nil
		case key.Matches(k, u.keys.Clear):
			if f := u.form.Field("search"); f.Value() != "" {
				f.SetValue("")
				u.query = ""
				u.filter()
			}
			u.form.FocusID("search")
			return nil
		}
	}
	id, cmd := u.form.Update(msg)
	if v := u.form.Field("search").Value(); v != u.query {
		u.query = v
		u.filter()
	}
	if id != "" {
		return tea.Batch(cmd, u.activate(id))
	}
	return cmd
}

func (u *users) click(id string) tea.Cmd {
	if u.dlg != nil {
		return nil
	}
	if rest, ok := strings.CutPrefix(id, "row:"); ok {
		if i, err := strconv.Atoi(rest); err == nil && i < len(u.matches) {
			u.chosen = u.matches[i].User.Username
		}
		return nil
	}
	return formClick(u.form, id, u.activate)
}

// activate asks before acting on the selected account.
func (u *users) activate(id string) tea.Cmd {
	if id == "search" {
		u.form.FocusID("unlock")
		return nil
	}
	a, ok := u.selected()
	if !ok {
		u.status, u.failed = "Choose an account first: search, then ↑ and ↓.", true
		return nil
	}
	name := a.User.Username + " (" + clean(a.User.Name()) + ")"
	env, username := u.env, a.User.Username
	for _, aa := range append(accountActions(), languageActions()...) {
		if aa.id != id {
			continue
		}
		do := runAccountAction(env.Service, id)
		done := fmt.Sprintf(aa.done, username)
		u.dlg = &confirm{question: fmt.Sprintf(aa.question, name), yes: func() tea.Cmd {
			return act(env.Ctx, func(ctx context.Context) (string, error) {
				return done, do(ctx, env.Actor, username)
			})
		}}
		return nil
	}
	switch id {
	case "enrol":
		u.dlg = newPasteCert("Enrol a smartcard to "+name, func(pem string) tea.Cmd {
			return act(env.Ctx, func(ctx context.Context) (string, error) { return enrol(ctx, env, username, pem) })
		})
		return nil
	case "revoke":
		var cards []auth.Card
		var lines []string
		now := env.Now()
		for _, c := range u.snap.Cards {
			if c.UserID == a.User.ID && !c.Revoked() {
				cards = append(cards, c)
				lines = append(lines, cardLine(c, now))
			}
		}
		if len(cards) == 0 {
			u.status, u.failed = username+" has no card to revoke.", true
			return nil
		}
		u.dlg = &choose{title: "Revoke which card of " + name + "? It can never be enrolled again.", lines: lines,
			chosen: func(i int) tea.Cmd {
				id := cards[i].ID
				return act(env.Ctx, func(ctx context.Context) (string, error) {
					c, err := env.Service.RevokeCard(ctx, env.Actor, id)
					return fmt.Sprintf("Card %d of %s revoked.", c.ID, c.Username), err
				})
			}}
	}
	return nil
}

func (u *users) help() []key.Binding {
	if u.dlg != nil {
		return u.dlg.help()
	}
	return []key.Binding{u.keys.Up, u.form.Keys.Next, u.form.Keys.Choose, u.keys.Clear}
}

func (u *users) layout(width, height int) *widget.Layout {
	t := u.env.Theme
	l := &widget.Layout{}
	if u.dlg != nil {
		l.Add(lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, u.dlg.view(t, width)), "")
		return l
	}
	now := u.env.Now()
	count := t.Muted.Render(fmt.Sprintf("   %d of %d accounts", len(u.matches), len(u.snap.Accounts)))
	l.Row(0, widget.Part{Text: u.form.Render("search", t, 8), ID: "search"}, widget.Part{Text: count})
	l.Gap(1)

	// What is left after the search, details, buttons and status.
	u.listH = max(3, height-12)
	i := max(0, u.index())
	if i < u.top {
		u.top = i
	}
	if i >= u.top+u.listH {
		u.top = i - u.listH + 1
	}
	for r := range u.listH {
		n := u.top + r
		if n >= len(u.matches) {
			l.Gap(1)
			continue
		}
		a := u.matches[n]
		line := row(width-2, []int{12, 22, 26}, a.User.Username, clean(a.User.Name()),
			clean(strings.Trim(a.User.Role+" · "+a.User.Ward, " ·")), accountStatus(a, now))
		if a.User.Username == u.chosen {
			l.Add(t.LinkFocused.UnsetUnderline().Render("> "+cell(line, width-2)), "row:"+strconv.Itoa(n))
		} else {
			l.Add("  "+line, "row:"+strconv.Itoa(n))
		}
	}
	l.Gap(1)
	for _, d := range u.details(width, now) {
		l.Add(d, "")
	}
	l.Gap(1)
	var parts []widget.Part
	for _, id := range []string{"unlock", "lock", "disable", "enable", "reset"} {
		parts = append(parts, widget.Part{Text: u.form.Render(id, t, 0), ID: id})
	}
	l.Row(1, parts...)
	l.Row(1, widget.Part{Text: u.form.Render("enrol", t, 0), ID: "enrol"},
		widget.Part{Text: u.form.Render("revoke", t, 0), ID: "revoke"})
	if u.status == "" {
		l.Gap(1) // the row stays, so nothing moves when a status comes
	}
	addOutcome(l, t, u.status, u.failed, width)
	return l
}

// details are four lines about the selected account. No hash, code or
// passcode is among them.
func (u *users) details(width int, now time.Time) []string {
	t := u.env.Theme
	a, ok := u.selected()
	if !ok {
		return []string{t.Muted.Render("No account matches."), "", "", ""}
	}
	usr := a.User
	last := "never signed in"
	if !usr.LastLoginAt.IsZero() {
		last = "last sign-in " + clock(usr.LastLoginAt, now) + " at " + dash(usr.LastLoginTerminal)
	}
	pw := "no password set"
	if a.HasPassword {
		pw = "password set " + clock(usr.PasswordChangedAt, now)
	}
	var cards []string
	for _, c := range u.snap.Cards {
		if c.UserID == usr.ID {
			cards = append(cards, fmt.Sprintf("#%d %s", c.ID, c.State(now)))
		}
	}
	cardText := "no cards"
	if len(cards) > 0 {
		cardText = "cards " + strings.Join(cards, ", ")
	}
	return []string{
		t.Subtitle.Render(cut(usr.Username+" · "+clean(usr.Name())+" · "+clean(usr.Email), width)),
		cut(dash(usr.Role)+" · "+dash(usr.Ward)+" · account created "+usr.CreatedAt.Local().Format(time.DateOnly)+
			" · "+languageName(usr.Language), width),
		cut("Status: "+accountStatus(a, now)+" · "+failedInARow(a.Lockout.Failures)+" · "+pw, width),
		cut(last+" · "+cardText, width),
	}
}

// languageName is an account's language as the page says it.
func languageName(l text.Lang) string {
	if l == text.Welsh {
		return "Cymraeg"
	}
	return "English"
}

// failedInARow says how many sign-ins in a row failed: "1 failed sign-in
// in a row", "3 failed sign-ins in a row".
func failedInARow(n int) string {
	if n == 1 {
		return "1 failed sign-in in a row"
	}
	return fmt.Sprintf("%d failed sign-ins in a row", n)
}
