package ui

import (
	"context"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/wardkiosk/kiosk/internal/keypress"
	"github.com/wardkiosk/kiosk/screens"
	"github.com/wardkiosk/kiosk/text"
)

// BenchmarkView is one frame of each screen at 200x60 (DESIGN §9: at most
// 1 ms a frame).
func BenchmarkView(b *testing.B) { benchView(b, en) }

// BenchmarkViewWelsh is the same frames in Welsh, whose longer words wrap
// differently and must draw as fast (DESIGN §12).
func BenchmarkViewWelsh(b *testing.B) { benchView(b, cy) }

// benchView is one frame of each screen at 200x60 in the language p.
func benchView(b *testing.B, p text.Printer) {
	fx := newFixture(b)
	sess, err := fx.svc.Login(context.Background(), terminalName, fx.jane.Username, janePassword)
	if err != nil {
		b.Fatal(err)
	}
	// The Login frame draws the demo hint, as on a demo kiosk.
	if err := fx.svc.MarkDemo(context.Background(), fx.jane.Username+" "+janePassword); err != nil {
		b.Fatal(err)
	}
	newApp := func() *App {
		env := &screens.Env{Ctx: context.Background(), Auth: fx.svc, Theme: defaultTheme(), Text: p,
			Terminal: terminalName, Now: fx.clock.Now}
		a := New(env, Options{Kiosk: true, IdleTimeout: 5 * 60e9, IdleWarning: 30e9})
		a.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
		return a
	}
	// show opens a screen as the app does, with its Init (the policy for
	// the checklist) run to the end.
	show := func(a *App, to screens.Name) {
		if cmd := a.show(to, "", ""); cmd != nil {
			a.Update(cmd())
		}
	}
	typeIn := func(a *App, keys []string, text string) {
		for _, k := range keys {
			a.Update(keypress.Msg(k))
		}
		for _, r := range text {
			a.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
	tests := []struct {
		name  string
		setup func(a *App)
	}{
		{"Login", func(a *App) {
			show(a, screens.LoginScreen) // its Init checks the demo hint
			typeIn(a, nil, fx.jane.Username)
		}},
		{"Assistance", func(a *App) { show(a, screens.AssistanceScreen) }},
		{"Sent", func(a *App) { show(a, screens.SentScreen) }},
		{"Smartcard", func(a *App) { show(a, screens.SmartcardScreen) }},
		{"Reset", func(a *App) {
			show(a, screens.ResetScreen)
			typeIn(a, []string{"tab", "tab"}, newPassword[:9]) // partly typed: some ticks, some crosses
		}},
		{"Portal", func(a *App) {
			a.session = &sess
			show(a, screens.PortalScreen)
		}},
		{"Guide", func(a *App) {
			a.session = &sess
			show(a, screens.PortalScreen)
			a.Update(keypress.Msg("enter")) // focus starts on the first guide
		}},
		{"ChangePassword", func(a *App) {
			a.session = &sess
			show(a, screens.ChangePasswordScreen)
			typeIn(a, []string{"tab"}, newPassword[:9])
		}},
	}
	for _, tt := range tests {
		b.Run(tt.name, func(b *testing.B) {
			a := newApp()
			tt.setup(a)
			if a.Language() != p.Lang() {
				b.Fatalf("the frame is in %s, want %s", a.Language(), p.Lang())
			}
			if got := a.View(); len(got.Content) == 0 || got.OnMouse == nil {
				b.Fatal("empty frame")
			}
			b.ReportAllocs()
			for b.Loop() {
				_ = a.View()
			}
		})
	}
}
