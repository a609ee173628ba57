package smartcard

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/ebfe/scard"
)

// EventKind says what happened.
type EventKind int

// Event kinds.
const (
	ServiceUp     EventKind = iota + 1 // pcscd answers
	ServiceDown                        // pcscd is gone; readers and cards are unknown until ServiceUp
	ReaderAdded                        // a reader appeared
	ReaderRemoved                      // a reader went
	CardInserted                       // a card is in a reader and powered
	CardRemoved                        // the card left the reader
)

func (k EventKind) String() string {
	switch k {
	case ServiceUp:
		return "service up"
	case ServiceDown:
		return "service down"
	case ReaderAdded:
		return "reader added"
	case ReaderRemoved:
		return "reader removed"
	case CardInserted:
		return "card inserted"
	case CardRemoved:
		return "card removed"
	}
	return fmt.Sprintf("event %d", int(k))
}

// Event is something the Monitor saw.
type Event struct {
	Kind EventKind
	// Reader names the reader; it comes from a driver: sanitise before display.
	Reader string
	// ATR is the card's answer to reset, for CardInserted.
	ATR []byte
	At  time.Time
	// ServiceLost marks a CardRemoved or ReaderRemoved sent because pcscd
	// went away: the card may still be there, but nothing can tell.
	ServiceLost bool
	// Err is why the service is down, for ServiceDown.
	Err error
}

// ReaderInfo is one reader in a State.
type ReaderInfo struct {
	Name string
	Card bool
}

// State is what the Monitor knows now, for a status bar.
type State struct {
	Service bool
	Readers []ReaderInfo // by name
}

// Condition is what a State comes to for someone at the terminal: the
// smartcard service down, no reader, no card, or a card in a reader.
type Condition int

// The conditions, the first that holds of a State in this order.
const (
	NoService Condition = iota
	NoReader
	NoCard
	CardIn
)

// Condition is what the state comes to: a screen shows its words for it.
func (s State) Condition() Condition {
	switch {
	case !s.Service:
		return NoService
	case len(s.Readers) == 0:
		return NoReader
	}
	for _, r := range s.Readers {
		if r.Card {
			return CardIn
		}
	}
	return NoCard
}

// String is the state in a few words of English, for logs and the
// maintainers' dashboard: "service not running", "no reader", "no card",
// "card in reader".
func (s State) String() string {
	return [...]string{NoService: "service not running", NoReader: "no reader", NoCard: "no card", CardIn: "card in reader"}[s.Condition()]
}

// MonitorOptions configure a Monitor; zero values take the defaults.
type MonitorOptions struct {
	// Establish opens a PC/SC context; EstablishPCSC by default.
	Establish func() (PCSC, error)
	// Now is the clock for Event.At.
	Now func() time.Time
	// Backoff between attempts to reach pcscd doubles from MinBackoff
	// (100ms) to MaxBackoff (5s).
	MinBackoff, MaxBackoff time.Duration
	// Wait bounds one GetStatusChange (5s); Close cancels it sooner.
	Wait time.Duration
	// Buffer is the events channel's capacity (16). When it is full the
	// Monitor waits: events are never dropped.
	Buffer int
}

// Monitor watches PC/SC readers and cards and reports what changes.
type Monitor struct {
	o      MonitorOptions
	events chan Event
	cancel context.CancelFunc
	done   chan struct{}

	mu    sync.Mutex
	cur   PCSC // the live context, for Cancel
	state State
}

// StartMonitor starts watching until ctx ends or Close.
func StartMonitor(ctx context.Context, o MonitorOptions) *Monitor {
	if o.Establish == nil {
		o.Establish = EstablishPCSC
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = 100 * time.Millisecond
	}
	if o.MaxBackoff < o.MinBackoff {
		o.MaxBackoff = max(5*time.Second, o.MinBackoff)
	}
	if o.Wait <= 0 {
		o.Wait = 5 * time.Second
	}
	if o.Buffer <= 0 {
		o.Buffer = 16
	}
	ctx, cancel := context.WithCancel(ctx)
	m := &Monitor{o: o, events: make(chan Event, o.Buffer), cancel: cancel, done: make(chan struct{})}
	go func() {
		<-ctx.Done()
		// A cancel that lands between two GetStatusChange calls cancels
		// nothing, so keep cancelling until the loop has stopped.
		for {
			m.mu.Lock()
			if m.cur != nil {
				m.cur.Cancel()
			}
			m.mu.Unlock()
			select {
			case <-m.done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	go m.run(ctx)
	return m
}

// Events delivers what the Monitor sees, in order; it is closed when the
// Monitor stops.
func (m *Monitor) Events() <-chan Event { return m.events }

// State is a snapshot of the service, readers and cards.
func (m *Monitor) State() State {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := m.state
	s.Readers = slices.Clone(s.Readers)
	return s
}

// Close stops the Monitor and waits for it.
func (m *Monitor) Close() {
	m.cancel()
	<-m.done
}

func (m *Monitor) run(ctx context.Context) {
	defer close(m.done)
	defer close(m.events)
	backoff := m.o.MinBackoff
	reportedDown := false
	for ctx.Err() == nil {
		pc, err := m.o.Establish()
		if err != nil {
			if !reportedDown {
				reportedDown = true
				m.emit(ctx, Event{Kind: ServiceDown, Err: err})
			}
			m.sleep(ctx, backoff)
			backoff = min(backoff*2, m.o.MaxBackoff)
			continue
		}
		m.mu.Lock()
		m.cur = pc
		m.mu.Unlock()
		if ctx.Err() != nil {
			m.release(pc)
			return
		}
		backoff = m.o.MinBackoff
		reportedDown = false
		m.setService(true)
		m.emit(ctx, Event{Kind: ServiceUp})
		w := &watch{m: m, pc: pc, readers: map[string]*reader{}, pnp: true}
		err = w.run(ctx)
		m.release(pc)
		w.dropAll(ctx)
		m.setService(false)
		if ctx.Err() != nil {
			return
		}
		reportedDown = true
		m.emit(ctx, Event{Kind: ServiceDown, Err: err})
		m.sleep(ctx, backoff)
	}
}

func (m *Monitor) release(pc PCSC) {
	m.mu.Lock()
	m.cur = nil
	m.mu.Unlock()
	pc.Release()
}

// emit delivers an event, waiting for room; it gives up when ctx ends.
func (m *Monitor) emit(ctx context.Context, ev Event) {
	ev.At = m.o.Now()
	select {
	case m.events <- ev:
	case <-ctx.Done():
	}
}

func (m *Monitor) sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

func (m *Monitor) setService(up bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.state.Service = up
	if !up {
		m.state.Readers = nil
	}
}

func (m *Monitor) setReader(name string, present, card bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	i := slices.IndexFunc(m.state.Readers, func(r ReaderInfo) bool { return r.Name == name })
	switch {
	case !present && i >= 0:
		m.state.Readers = slices.Delete(m.state.Readers, i, i+1)
	case present && i >= 0:
		m.state.Readers[i].Card = card
	case present:
		m.state.Readers = append(m.state.Readers, ReaderInfo{Name: name, Card: card})
		slices.SortFunc(m.state.Readers, func(a, b ReaderInfo) int {
			switch {
			case a.Name < b.Name:
				return -1
			case a.Name > b.Name:
				return 1
			}
			return 0
		})
	}
}

// reader is what one watch knows of a reader.
type reader struct {
	cur  scard.StateFlag // the state last seen, passed back to GetStatusChange
	card bool
}

// watch is one PC/SC context's life.
type watch struct {
	m       *Monitor
	pc      PCSC
	readers map[string]*reader
	pnp     bool            // the PnP pseudo-reader works
	pnpCur  scard.StateFlag // its last state: the reader count is in the high word
}

// run follows readers and cards until the service is lost or ctx ends.
func (w *watch) run(ctx context.Context) error {
	for {
		if err := w.sync(ctx); err != nil {
			return err
		}
		names := make([]string, 0, len(w.readers))
		for n := range w.readers {
			names = append(names, n)
		}
		slices.Sort(names)
		states := make([]scard.ReaderState, 0, len(names)+1)
		if w.pnp {
			states = append(states, scard.ReaderState{Reader: pnpReader, CurrentState: w.pnpCur})
		}
		for _, n := range names {
			states = append(states, scard.ReaderState{Reader: n, CurrentState: w.readers[n].cur})
		}
		if len(states) == 0 {
			// No PnP and no reader: nothing to wait on but time.
			w.m.sleep(ctx, w.m.o.Wait)
			if ctx.Err() != nil {
				return ctx.Err()
			}
			continue
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		err := w.pc.GetStatusChange(states, w.m.o.Wait)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		switch {
		case err == nil:
		case errors.Is(err, scard.ErrTimeout), errors.Is(err, scard.ErrCancelled), errors.Is(err, scard.ErrUnknownReader):
			continue // list the readers again
		case errors.Is(err, scard.ErrNoReadersAvailable):
			// The last reader went while we asked: list again, after a
			// pause so a daemon that keeps saying so is not spun on.
			w.m.sleep(ctx, min(w.m.o.Wait, 250*time.Millisecond))
			continue
		case serviceLost(err):
			return err
		default:
			return fmt.Errorf("smartcard: get status change: %w", err)
		}
		if w.pnp {
			if states[0].EventState&scard.StateUnknown != 0 {
				w.pnp = false // no PnP: readers are re-listed each Wait
			}
			w.pnpCur = states[0].EventState &^ scard.StateChanged
			states = states[1:]
		}
		for _, st := range states {
			w.update(ctx, st)
		}
	}
}

// sync lists the readers and reports those that came and went.
func (w *watch) sync(ctx context.Context) error {
	names, err := w.pc.ListReaders()
	if errors.Is(err, scard.ErrNoReadersAvailable) {
		names, err = nil, nil
	}
	if err != nil {
		if serviceLost(err) {
			return err
		}
		return fmt.Errorf("smartcard: list readers: %w", err)
	}
	for n, r := range w.readers {
		if !slices.Contains(names, n) {
			w.gone(ctx, n, r, false)
		}
	}
	for _, n := range names {
		if _, ok := w.readers[n]; !ok && n != pnpReader {
			w.readers[n] = &reader{cur: scard.StateUnaware}
			w.m.setReader(n, true, false)
			w.m.emit(ctx, Event{Kind: ReaderAdded, Reader: n})
		}
	}
	return nil
}

// update applies one reader's new state.
func (w *watch) update(ctx context.Context, st scard.ReaderState) {
	r := w.readers[st.Reader]
	if r == nil {
		return
	}
	ev := st.EventState
	r0 := r.cur
	r.cur = ev &^ scard.StateChanged
	if ev&(scard.StateUnknown|scard.StateIgnore) != 0 {
		return // the reader has gone: the next sync reports it
	}
	present := ev&scard.StatePresent != 0
	// The high word counts insertions and removals: a card swapped between
	// two polls keeps "present" but moves the count.
	swapped := present && r.card && r0>>16 != ev>>16
	if r.card && (!present || swapped) {
		r.card = false
		w.m.setReader(st.Reader, true, false)
		w.m.emit(ctx, Event{Kind: CardRemoved, Reader: st.Reader})
	}
	if present && !r.card {
		r.card = true
		w.m.setReader(st.Reader, true, true)
		w.m.emit(ctx, Event{Kind: CardInserted, Reader: st.Reader, ATR: st.Atr})
	}
}

// gone reports a reader, and its card, gone.
func (w *watch) gone(ctx context.Context, name string, r *reader, lost bool) {
	if r.card {
		w.m.emit(ctx, Event{Kind: CardRemoved, Reader: name, ServiceLost: lost})
	}
	delete(w.readers, name)
	w.m.setReader(name, false, false)
	w.m.emit(ctx, Event{Kind: ReaderRemoved, Reader: name, ServiceLost: lost})
}

// dropAll reports every reader gone because the service is.
func (w *watch) dropAll(ctx context.Context) {
	names := make([]string, 0, len(w.readers))
	for n := range w.readers {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		w.gone(ctx, n, w.readers[n], true)
	}
}
