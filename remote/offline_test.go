package remote_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/internal/cutproxy"
	"github.com/wardkiosk/kiosk/remote"
)

// cutKiosk is a kiosk that reaches instance A only through a cut proxy,
// follows the feed and beats every 100 ms, as cmd/kiosk does every 10 s.
// Its journal records, in order, each change applied and each upload
// with whether the kiosk was still offline then.
type cutKiosk struct {
	c     *remote.Client
	proxy *cutproxy.Proxy
	mu    sync.Mutex
	log   []string
}

func (k *cutKiosk) note(s string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.log = append(k.log, s)
}

func (k *cutKiosk) journal() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return slices.Clone(k.log)
}

func newCutKiosk(t testing.TB, f *fleet, name string, tweaks ...func(*remote.Options)) *cutKiosk {
	t.Helper()
	p, err := cutproxy.Start(strings.TrimPrefix(f.a.url, "https://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	k := &cutKiosk{proxy: p}
	k.c = f.kioskWith(f.register(name), nil, func(o *remote.Options) {
		o.OfflineBeat = 100 * time.Millisecond
		o.SignInTimeout, o.CallTimeout = 0, 0 // the kiosk's own deadlines
		// The watch that breaks in the cut comes back only after 10 s:
		// what the kiosk missed must come by the catch-up on the way back.
		o.MinBackoff, o.MaxBackoff = 10*time.Second, 10*time.Second
		o.Upload = func(context.Context) error {
			k.note(fmt.Sprintf("upload offline=%v", k.c.Offline()))
			return nil
		}
		for _, tw := range tweaks {
			tw(o)
		}
	}, "https://"+p.Addr())
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		k.c.Follow(ctx, 0, func(ch auth.Change) { k.note("change " + ch.Kind + " " + ch.Subject) })
	})
	wg.Go(func() {
		k.c.KeepAlive(ctx, 100*time.Millisecond, func() string { return "Smartcard: not set up" }, nil, nil)
	})
	t.Cleanup(func() {
		cancel()
		wg.Wait()
	})
	waitFor(t, 5*time.Second, "the first heartbeat", func() bool { return !k.c.Status().LastSync.IsZero() })
	return k
}

// waitFor polls cond until it holds or limit passes; it returns how long
// that took.
func waitFor(t testing.TB, limit time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > limit {
			t.Fatalf("%s: not within %v", what, limit)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return time.Since(start)
}

// Refused and black-holed alike, the kiosk counts as offline within 5 s
// of the cut, and back after it: first the feed caught up (a user
// disabled during the cut is known), then the upload, then online.
func TestOfflineAndBack(t *testing.T) {
	for _, mode := range []cutproxy.Mode{cutproxy.Refuse, cutproxy.BlackHole} {
		t.Run(mode.String(), func(t *testing.T) {
			f := newFleet(t)
			k := newCutKiosk(t, f, "WARD7-T1")
			if k.c.Offline() || !k.c.Status().Online {
				t.Fatal("offline before the cut")
			}
			changed := k.c.OfflineChanged()
			k.proxy.Set(mode)
			d := waitFor(t, 5*time.Second, "offline after "+mode.String(), k.c.Offline)
			t.Logf("%s: offline after %v", mode, d)
			select {
			case <-changed:
			default:
				t.Error("OfflineChanged not closed on going offline")
			}
			if k.c.Status().Online {
				t.Error("Status says online while offline")
			}
			// The cut goes on while the user is disabled at instance B.
			if err := f.b.svc.Disable(f.ctx, auth.Actor{Name: "test"}, f.user.Username); err != nil {
				t.Fatal(err)
			}
			time.Sleep(300 * time.Millisecond)
			if !k.c.Offline() {
				t.Fatal("online again during the cut")
			}
			if j := k.journal(); slices.Contains(j, "change "+auth.ChangeDisabled+" "+f.user.Username) {
				t.Fatalf("the change came through the cut: %q", j)
			}
			k.proxy.Set(cutproxy.Pass)
			d = waitFor(t, 5*time.Second, "online after the cut", func() bool { return !k.c.Offline() })
			t.Logf("%s: online after %v", mode, d)
			j := k.journal()
			disabled := slices.Index(j, "change "+auth.ChangeDisabled+" "+f.user.Username)
			upload := slices.Index(j, "upload offline=true")
			if disabled < 0 || upload < 0 || disabled > upload {
				t.Fatalf("on the way back, want the disable applied, then the upload while still offline: %q", j)
			}
		})
	}
}

// The heartbeat tells the newest change: the way back is done as soon as
// the kiosk has applied it, not after the feed has been quiet a while
// (here longer than the test would wait).
func TestCatchUpToTheNewestChange(t *testing.T) {
	f := newFleet(t)
	k := newCutKiosk(t, f, "WARD7-T1", func(o *remote.Options) { o.CatchUpQuiet = time.Minute })
	k.proxy.Set(cutproxy.Refuse)
	waitFor(t, 5*time.Second, "offline", k.c.Offline)
	for _, w := range []string{"heron", "otter"} {
		if err := f.b.svc.AddForbiddenWord(f.ctx, auth.Actor{Name: "test"}, w); err != nil {
			t.Fatal(err)
		}
	}
	k.proxy.Set(cutproxy.Pass)
	waitFor(t, 5*time.Second, "online, caught up", func() bool { return !k.c.Offline() })
	if j := k.journal(); !slices.Contains(j, "change "+auth.ChangeForbiddenAdded+" otter") {
		t.Fatalf("online before the newest change was applied: %q", j)
	}
}

// One heartbeat missed is not offline; two in a row are.
func TestTwoMissedBeats(t *testing.T) {
	f := newFleet(t)
	p, err := cutproxy.Start(strings.TrimPrefix(f.a.url, "https://"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	c := f.kiosk(f.register("WARD7-T1"), nil, "https://"+p.Addr())
	if _, err := c.Beat(f.ctx, "", 0); err != nil {
		t.Fatal(err)
	}
	p.Set(cutproxy.Refuse)
	if _, err := c.Beat(f.ctx, "", 0); err == nil || c.Offline() {
		t.Fatalf("one beat missed: %v, offline %v; want an error and still online", err, c.Offline())
	}
	if _, err := c.Beat(f.ctx, "", 0); err == nil || !c.Offline() {
		t.Fatalf("two beats missed: %v, offline %v; want offline", err, c.Offline())
	}
	p.Set(cutproxy.Pass)
	if _, err := c.Beat(f.ctx, "", 0); err != nil || c.Offline() {
		t.Fatalf("a beat answered: %v, offline %v; want online", err, c.Offline())
	}
}

// Any other call that no instance answers takes the kiosk offline at
// once, and one black-holed gives up after OfflineAfter, not its own
// longer deadline.
func TestFailedCallIsOffline(t *testing.T) {
	f := newFleet(t)
	p, err := cutproxy.Start(strings.TrimPrefix(f.a.url, "https://"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	c := f.kioskWith(f.register("WARD7-T1"), nil, func(o *remote.Options) {
		o.SignInTimeout, o.CallTimeout = 20*time.Second, 20*time.Second
		o.OfflineAfter = time.Second
	}, "https://"+p.Addr())
	if _, err := c.Policy(f.ctx); err != nil {
		t.Fatal(err)
	}
	p.Set(cutproxy.Refuse)
	if _, err := c.Policy(f.ctx); err == nil || !c.Offline() {
		t.Fatalf("refused: %v, offline %v", err, c.Offline())
	}
	p.Set(cutproxy.Pass)
	if _, err := c.Beat(f.ctx, "", 0); err != nil || c.Offline() {
		t.Fatalf("back: %v, offline %v", err, c.Offline())
	}
	p.Set(cutproxy.BlackHole)
	start := time.Now()
	_, err = c.Login(f.ctx, "", f.user.Username, goodPassword)
	if err == nil || !c.Offline() || time.Since(start) > 3*time.Second {
		t.Fatalf("black-holed: %v after %v, offline %v; want offline after 1 s", err, time.Since(start), c.Offline())
	}
}

// BenchmarkOffline measures, through a real cut (refused, black-holed):
// the cut to the kiosk working offline, and the link back to the kiosk
// online again, the feed caught up. The kiosk beats every 100 ms here; at
// the kiosk's 10 s, a refused cut with no call under way is found by the
// second missed beat, and a black-holed one by the first beat past 3 s.
func BenchmarkOffline(b *testing.B) {
	for _, mode := range []cutproxy.Mode{cutproxy.Refuse, cutproxy.BlackHole} {
		b.Run(mode.String(), func(b *testing.B) {
			f := newFleet(b)
			k := newCutKiosk(b, f, "WARD7-T1")
			var off, on time.Duration
			b.ResetTimer()
			for range b.N {
				k.proxy.Set(mode)
				off += waitFor(b, 10*time.Second, "offline", k.c.Offline)
				k.proxy.Set(cutproxy.Pass)
				on += waitFor(b, 10*time.Second, "online", func() bool { return !k.c.Offline() })
			}
			b.ReportMetric(float64(off.Milliseconds())/float64(b.N), "offline-ms")
			b.ReportMetric(float64(on.Milliseconds())/float64(b.N), "online-ms")
		})
	}
}

// A call that finds every instance cut takes the kiosk offline between
// beats; from then on the kiosk looks for the way back every OfflineBeat,
// not after its whole beat interval.
func TestBackSoonAfterACallWentOffline(t *testing.T) {
	f := newFleet(t)
	ps, urls := cutBoth(t, f)
	c := f.kioskWith(f.register("WARD7-T1"), nil, func(o *remote.Options) {
		o.OfflineBeat = 200 * time.Millisecond
	}, urls...)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
	}()
	wg.Go(func() { c.KeepAlive(ctx, time.Minute, func() string { return "" }, nil, nil) })
	waitFor(t, 5*time.Second, "the first heartbeat", func() bool { return !c.Status().LastSync.IsZero() })
	for _, p := range ps {
		p.Set(cutproxy.Refuse)
	}
	if _, err := c.Policy(ctx); err == nil || !c.Offline() {
		t.Fatalf("every instance refused: %v, offline %v", err, c.Offline())
	}
	for _, p := range ps {
		p.Set(cutproxy.Pass)
	}
	waitFor(t, 3*time.Second, "online, a minute's beat or not", func() bool { return !c.Offline() })
}

// The tries of a call share OfflineAfter: with both instances
// black-holed a sign-in gives up once the kiosk is offline, not after a
// whole OfflineAfter on each, so that the offline gate takes over at once.
// A heartbeat still tries every instance in full: one black-holed
// instance never keeps the kiosk from the other.
func TestCallTriesShareTheOfflineBudget(t *testing.T) {
	f := newFleet(t)
	ps, urls := cutBoth(t, f)
	c := f.kioskWith(f.register("WARD7-T1"), nil, func(o *remote.Options) {
		o.OfflineAfter = time.Second
	}, urls...)
	if _, err := c.Beat(f.ctx, "", 0); err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		p.Set(cutproxy.BlackHole)
	}
	start := time.Now()
	_, err := c.Login(f.ctx, "", f.user.Username, goodPassword)
	took := time.Since(start)
	if !errors.Is(err, remote.ErrUnavailable) || !c.Offline() || took > 1500*time.Millisecond {
		t.Fatalf("both black-holed: %v after %v, offline %v; want unavailable and offline after 1 s", err, took, c.Offline())
	}
	// The first instance black-holed, the second passing: the heartbeat
	// reaches the second and brings the kiosk back.
	ps[1].Set(cutproxy.Pass)
	if _, err := c.Beat(f.ctx, "", 0); err != nil || c.Offline() {
		t.Fatalf("one instance black-holed: %v, offline %v", err, c.Offline())
	}
}

// cutBoth puts a cut proxy in front of each of f's two instances and
// returns them with the URLs a kiosk reaches the instances by.
func cutBoth(t *testing.T, f *fleet) (ps []*cutproxy.Proxy, urls []string) {
	t.Helper()
	for _, u := range []string{f.a.url, f.b.url} {
		p, err := cutproxy.Start(strings.TrimPrefix(u, "https://"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { p.Close() })
		ps = append(ps, p)
		urls = append(urls, "https://"+p.Addr())
	}
	return ps, urls
}
