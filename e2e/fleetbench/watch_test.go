package fleetbench

import (
	"context"
	"fmt"
	"sync"
	"syscall"
	"testing"
	"time"

	"connectrpc.com/connect"

	kioskv1 "github.com/wardkiosk/kiosk/api/gen/kiosk/v1"
	"github.com/wardkiosk/kiosk/auth"
)

// watchers is how many kiosks watch the feed in BenchmarkWatchers2000.
const watchers = 2000

// arrivals counts, for each change (known by its subject), the kiosks
// that have received it, and notes when the last of them did.
type arrivals struct {
	n    int
	mu   sync.Mutex
	got  map[string]int
	all  map[string]chan struct{} // closed when all n have it
	at   map[string]time.Time     // when the last one got it
	errs []error
}

func newArrivals(n int) *arrivals {
	return &arrivals{n: n, got: map[string]int{}, all: map[string]chan struct{}{}, at: map[string]time.Time{}}
}

func (a *arrivals) done(subject string) chan struct{} {
	ch, ok := a.all[subject]
	if !ok {
		ch = make(chan struct{})
		a.all[subject] = ch
	}
	return ch
}

// arrived records that one kiosk received the change on subject.
func (a *arrivals) arrived(subject string, at time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.got[subject]++
	if a.got[subject] == a.n {
		a.at[subject] = at
		close(a.done(subject))
	}
}

// failed records a watch that ended.
func (a *arrivals) failed(err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.errs = append(a.errs, err)
}

// wait waits until every kiosk has the change on subject and returns
// when the last one got it; false on timeout.
func (a *arrivals) wait(subject string, timeout time.Duration) (time.Time, bool) {
	a.mu.Lock()
	ch := a.done(subject)
	a.mu.Unlock()
	select {
	case <-ch:
	case <-time.After(timeout):
		return time.Time{}, false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.at[subject], true
}

// BenchmarkWatchers2000 is one service instance with 2,000 kiosks
// watching the change feed, each a registered terminal on a TLS connection
// of its own, and a maintainer's change committed through another
// instance on the same PostgreSQL (DESIGN §9: <= 400 MiB resident; a
// change reaches all within 3 s). reach-ms is from the commit to the last
// kiosk receiving the change; MiB-rss is the service's VmRSS with every
// kiosk watching, MiB-base before any connected, KiB/kiosk the
// difference a kiosk, idle-cpu-% the service's processor time (of one
// core) while they watch and nothing changes.
func BenchmarkWatchers2000(b *testing.B) {
	// A connection is a file on each side; the service inherits the limit.
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		b.Fatal(err)
	}
	if lim.Cur < lim.Max {
		lim.Cur = lim.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
			b.Fatal(err)
		}
	}
	if lim.Cur < 2*watchers+256 {
		b.Skipf("the file limit is %d; %d watchers need %d", lim.Cur, watchers, 2*watchers+256)
	}

	f := newFleet(b)
	ks := f.terminals("WATCH", watchers)
	f.start()
	base, _ := f.memory()
	f.connect(ks)

	// Every kiosk watches from the change after the newest.
	var from int64 = 1
	for {
		cs, err := f.k.Auth.Changes(f.ctx, from-1, auth.MaxChanges)
		if err != nil {
			b.Fatal(err)
		}
		if len(cs) == 0 {
			break
		}
		from = cs[len(cs)-1].Seq + 1
	}
	ctx, cancel := context.WithCancel(f.ctx)
	b.Cleanup(cancel) // before the connections close and the service stops
	got := newArrivals(len(ks))
	for _, k := range ks {
		// The call returns with the first change: the service sends its
		// answer's headers with it.
		go func() {
			stream, err := k.c.Watch(ctx, connect.NewRequest(&kioskv1.WatchRequest{FromSequence: from}))
			if err != nil {
				if ctx.Err() == nil {
					got.failed(fmt.Errorf("%s: watch: %w", k.name, err))
				}
				return
			}
			defer stream.Close()
			for stream.Receive() {
				now := time.Now()
				for _, c := range stream.Msg().GetChanges() {
					got.arrived(c.GetSubject(), now)
				}
			}
			if ctx.Err() == nil {
				got.failed(fmt.Errorf("%s: the watch ended: %v", k.name, stream.Err()))
			}
		}()
	}
	by := auth.Actor{Name: "bench", Terminal: "BENCH-ADMIN"}
	// A first change, once every kiosk has it, shows every watch is open.
	if err := f.k.Auth.AddForbiddenWord(f.ctx, by, "warmupword"); err != nil {
		b.Fatal(err)
	}
	if _, ok := got.wait("warmupword", 2*time.Minute); !ok {
		got.mu.Lock()
		defer got.mu.Unlock()
		b.Fatalf("the first change did not reach every kiosk: %d of %d; %v\n%s",
			got.got["warmupword"], len(ks), got.errs, f.log.String())
	}
	rss, _ := f.memory()
	// What 2,000 open watches cost the service while nothing changes.
	cpu0, t0 := f.cpu(), time.Now()
	time.Sleep(3 * time.Second)
	idleCPU := float64(f.cpu()-cpu0) / float64(time.Since(t0))

	var worst time.Duration
	i := 0
	for b.Loop() {
		i++
		word := fmt.Sprintf("benchword%d", i)
		if err := f.k.Auth.AddForbiddenWord(f.ctx, by, word); err != nil {
			b.Fatal(err)
		}
		committed := time.Now()
		last, ok := got.wait(word, time.Minute)
		if !ok {
			b.Fatalf("change %d did not reach every kiosk in a minute: %v", i, got.errs)
		}
		worst = max(worst, last.Sub(committed))
	}
	got.mu.Lock()
	if len(got.errs) > 0 {
		b.Errorf("%d watches ended: %v", len(got.errs), got.errs[0])
	}
	got.mu.Unlock()
	_, hwm := f.memory()
	b.ReportMetric(float64(worst)/1e6, "reach-ms")
	b.ReportMetric(base, "MiB-base")
	b.ReportMetric(rss, "MiB-rss")
	b.ReportMetric(hwm, "MiB-hwm")
	b.ReportMetric((rss-base)*1024/float64(len(ks)), "KiB/kiosk")
	b.ReportMetric(100*idleCPU, "idle-cpu-%")
}
