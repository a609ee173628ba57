package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/internal/cutproxy"
	"github.com/wardkiosk/kiosk/text"
)

// BenchmarkOfflineCard measures offline card sign-in through the real
// binaries (DESIGN §10, issue 12): the client kiosk in tmux with the
// virtual card in a vpcd reader of a real pcscd, the two service
// instances behind cut proxies that refuse or black-hole. The kiosk beats
// every 10 s, as it does on a ward. Each round, for the same user:
//
//   - online-signin-ms: online, the passcode typed (Enter) to the Portal;
//   - offered-ms: with the card in and no call under way, the cut to the
//     kiosk offering offline card sign-in (the line on its screen);
//   - offline-signin-ms: offline, the passcode typed to the Portal;
//   - back-online-ms: the link back to "Working offline" cleared (the
//     feed caught up, the outbox sent);
//   - back-signin-ms: the link back to the first sign-in done, the
//     passcode typed as soon as the kiosk is online.
//
// The screen is read through tmux as fast as it answers (a few ms).
func BenchmarkOfflineCard(b *testing.B) {
	for _, mode := range cutModes {
		b.Run(mode.String(), func(b *testing.B) { benchOfflineCard(b, mode) })
	}
}

func benchOfflineCard(b *testing.B, mode cutproxy.Mode) {
	ct := startCardTrust(b)
	jane := ct.users[0]
	tm, proxies, data := ct.cardKiosk(1)
	// Jane on the kiosk's roster with her card: an online sign-in, then a
	// roster sync.
	signedOut(tm, func() *heldCard { c := ct.cardSignIn(tm, jane.Username, 0); signedIn(tm, jane); return c }())
	ct.syncRoster(data)
	portal := "Welcome, " + jane.First + " " + jane.Last
	// at reads the screen as often as tmux answers, until cond holds.
	at := func(what string, cond func(string) bool) time.Duration {
		start := time.Now()
		for !cond(flat(tm.Screen())) {
			if time.Since(start) > 60*time.Second {
				b.Fatalf("waited 60 s for %s; the screen:\n%s", what, tm.Screen())
			}
		}
		return time.Since(start)
	}
	shows := func(s string) func(string) bool { return func(f string) bool { return strings.Contains(f, s) } }
	// passcode types the passcode at the prompt and times Enter to the Portal.
	passcode := func() time.Duration {
		tm.WaitFor("Enter your passcode")
		tm.Type("123456")
		tm.Press("Enter")
		return at("the Portal", shows(portal))
	}
	off := en.T(text.StatusOffline)
	var online, offered, offline, back, backSignIn time.Duration
	b.ResetTimer()
	for range b.N {
		c := ct.insert(jane.Username, 0)
		online += passcode()
		signedOut(tm, c)

		c = ct.insert(jane.Username, 0)
		tm.WaitFor("Enter your passcode")
		cut(proxies, mode)
		offered += at("offline card sign-in offered", shows(oneLine(text.OfflineCardOffered)))
		offline += passcode()
		signedOut(tm, c)

		cut(proxies, cutproxy.Pass)
		start := time.Now()
		at("online again", func(f string) bool { return !strings.Contains(f, off) })
		back += time.Since(start)
		c = ct.insert(jane.Username, 0)
		passcode()
		backSignIn += time.Since(start)
		signedOut(tm, c)
	}
	ms := func(d time.Duration) float64 { return float64(d.Milliseconds()) / float64(b.N) }
	b.ReportMetric(ms(online), "online-signin-ms")
	b.ReportMetric(ms(offered), "offered-ms")
	b.ReportMetric(ms(offline), "offline-signin-ms")
	b.ReportMetric(ms(back), "back-online-ms")
	b.ReportMetric(ms(backSignIn), "back-signin-ms")
}
