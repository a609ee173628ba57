package pkcs11

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	p11 "github.com/miekg/pkcs11"
)

// probeTimeout bounds the probe child and the module's C_Initialize here;
// a var so the tests can shorten it.
var probeTimeout = 10 * time.Second

// closeWait is how long Close waits for a call still in the module.
var closeWait = 10 * time.Second

// ErrClosed is returned by a Module's calls after Close.
var ErrClosed = errors.New("pkcs11: the module is closed")

// Info is what the module says of itself (C_GetInfo). The strings are the
// module's own: outside input.
type Info struct {
	Manufacturer string
	Description  string
	Version      string // the library's version, e.g. "0.23"
	Cryptoki     string // the PKCS#11 version it implements, e.g. "2.20"
}

// Module is a loaded and initialised PKCS#11 module. It is safe for
// concurrent use; calls that open a session take turns, because a
// token's login state is shared by all the sessions of a process.
type Module struct {
	path   string
	lib    *library
	once   sync.Once
	closed atomic.Bool
}

// library is one initialised module file. The C library is process-wide
// state (a second C_Initialize fails), so every Module loaded from the
// same file shares it, and the last Close finalises it.
type library struct {
	resolved string
	ctx      *p11.Ctx
	info     Info
	refs     int           // guarded by libs.mu
	stuck    string        // the call that never returned (guarded by libs.mu): never touch the library again
	turn     chan struct{} // one call into the module at a time

	mu    sync.Mutex // guards busy and since
	busy  string     // the call holding the turn, for the error of one waiting for it
	since time.Time
}

// libs are the libraries this process has initialised, by resolved path.
var libs = struct {
	mu sync.Mutex
	m  map[string]*library
}{m: map[string]*library{}}

// Load checks path, probes it in a child process, then loads and
// initialises it here. Every failure is a *LoadError. A module already
// loaded by this process is shared, not loaded twice.
func Load(ctx context.Context, path string) (*Module, error) {
	resolved, lerr := checkFile(path)
	if lerr != nil {
		return nil, lerr
	}
	libs.mu.Lock()
	defer libs.mu.Unlock()
	if l, ok := libs.m[resolved]; ok {
		if l.stuck != "" {
			return nil, &LoadError{Path: path, Reason: "still stuck in " + l.stuck + " from an earlier use; restart the kiosk"}
		}
		l.refs++
		return &Module{path: path, lib: l}, nil
	}
	if os.Getenv(probeEnv) != "" {
		// This process is a probe child whose main did not call
		// ServeProbe: probing again would recurse.
		return nil, &LoadError{Path: path, Reason: "the probe did not run: call pkcs11.ServeProbe first thing in main (or TestMain)"}
	}
	limit := probeTimeout
	if d, ok := ctx.Deadline(); ok && time.Until(d) < limit {
		limit = time.Until(d).Round(100 * time.Millisecond)
	}
	pctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	if err := probe(pctx, limit, path, resolved); err != nil {
		return nil, err
	}
	ictx, cancel2 := context.WithTimeout(ctx, probeTimeout)
	defer cancel2()
	l, err := initialise(ictx, limit, path, resolved)
	if err != nil {
		return nil, err
	}
	libs.m[resolved] = l
	return &Module{path: path, lib: l}, nil
}

// initialise loads the module into this process. C_Initialize runs in a
// goroutine so that ctx bounds it; one that never returns is marked stuck
// and left alone.
func initialise(ctx context.Context, limit time.Duration, path, resolved string) (*library, error) {
	done := make(chan opened, 1)
	var mu sync.Mutex // abandoned is set under it when ctx wins
	abandoned := false
	go func() {
		r := open(path, resolved)
		mu.Lock()
		ab := abandoned
		if !ab {
			done <- r
		}
		mu.Unlock()
		if !ab {
			return
		}
		// Load gave up on it: unload it, and let the file be loaded again.
		if r.l != nil {
			r.l.ctx.Finalize()
			r.l.ctx.Destroy()
		}
		libs.mu.Lock()
		if l, ok := libs.m[resolved]; ok && l.stuck == "C_Initialize" {
			delete(libs.m, resolved)
		}
		libs.mu.Unlock()
	}()
	select {
	case r := <-done:
		return r.l, r.err
	case <-ctx.Done():
		mu.Lock()
		defer mu.Unlock()
		select {
		case r := <-done: // it finished just now
			return r.l, r.err
		default:
		}
		abandoned = true
		// Libs.mu is held by Load: mark the file so no Load touches it
		// until the goroutine gives up on it.
		libs.m[resolved] = &library{resolved: resolved, stuck: "C_Initialize"}
		return nil, &LoadError{Path: path, Reason: timeoutReason(ctx, limit, "C_Initialize"), err: ctx.Err()}
	}
}

// opened is a library loaded and initialised here, or why not.
type opened struct {
	l   *library
	err error
}

func open(path, resolved string) opened {
	c := p11.New(resolved)
	if c == nil {
		return opened{err: &LoadError{Path: path, Reason: "not a PKCS#11 module (no C_GetFunctionList)"}}
	}
	if err := c.Initialize(p11.InitializeWithFlags(p11.CKF_OS_LOCKING_OK)); err != nil {
		c.Destroy()
		return opened{err: &LoadError{Path: path, Reason: "C_Initialize failed: " + err.Error(), err: err}}
	}
	info, err := c.GetInfo()
	if err != nil {
		c.Finalize()
		c.Destroy()
		return opened{err: &LoadError{Path: path, Reason: "C_GetInfo failed: " + err.Error(), err: err}}
	}
	return opened{l: &library{resolved: resolved, ctx: c, info: infoOf(info), refs: 1, turn: make(chan struct{}, 1)}}
}

func infoOf(i p11.Info) Info {
	return Info{
		Manufacturer: i.ManufacturerID,
		Description:  i.LibraryDescription,
		Version:      fmt.Sprintf("%d.%d", i.LibraryVersion.Major, i.LibraryVersion.Minor),
		Cryptoki:     fmt.Sprintf("%d.%d", i.CryptokiVersion.Major, i.CryptokiVersion.Minor),
	}
}

// timeoutReason says why ctx ended while the module was in call.
func timeoutReason(ctx context.Context, limit time.Duration, call string) string {
	if errors.Is(ctx.Err(), context.Canceled) {
		return "loading was cancelled (in " + call + ")"
	}
	return fmt.Sprintf("did not answer within %v (hung in %s?)", limit, call)
}

// checkFile refuses a module file that is not an absolute path to an
// existing shared library, or that anyone but root could have changed:
// loading it runs its code inside the kiosk. It returns the resolved path.
func checkFile(path string) (string, *LoadError) {
	fail := func(format string, a ...any) (string, *LoadError) {
		return "", &LoadError{Path: path, Reason: fmt.Sprintf(format, a...)}
	}
	if !filepath.IsAbs(path) {
		return fail("must be an absolute path")
	}
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fail("does not exist")
		}
		return fail("cannot be read: %v", err)
	}
	resolved, err := filepath.EvalSymlinks(path)
	if err != nil {
		return fail("cannot be resolved: %v", err)
	}
	const rule = "must be owned by root and not writable by group or others: it loads code into the kiosk"
	for p := resolved; ; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err != nil {
			return fail("cannot be read: %v", err)
		}
		st, ok := fi.Sys().(*syscall.Stat_t)
		if !ok {
			return fail("cannot read the owner of %s", p)
		}
		switch {
		case p == resolved && !fi.Mode().IsRegular():
			return fail("is not a regular file")
		case st.Uid != 0:
			return fail("%s (%s is owned by uid %d)", rule, p, st.Uid)
		case fi.Mode().Perm()&0o022 != 0 && !(fi.IsDir() && fi.Mode()&os.ModeSticky != 0):
			return fail("%s (%s is mode %04o)", rule, p, fi.Mode().Perm())
		}
		if p == filepath.Dir(p) {
			break
		}
	}
	f, err := os.Open(resolved)
	if err != nil {
		return fail("cannot be read: %v", err)
	}
	defer f.Close()
	var magic [4]byte
	if _, err := f.Read(magic[:]); err != nil || string(magic[:]) != "\x7fELF" {
		return fail("not a shared library (no ELF header)")
	}
	return resolved, nil
}

// Info is what the module said of itself when it was loaded.
func (m *Module) Info() Info { return m.lib.info }

// Close releases the module; the last Module of a file calls C_Finalize
// and unloads it. It waits (up to closeWait) for a call still in the
// module. Safe to call twice.
func (m *Module) Close() error {
	var err error
	m.once.Do(func() {
		m.closed.Store(true)
		l := m.lib
		libs.mu.Lock()
		defer libs.mu.Unlock()
		l.refs--
		if l.refs > 0 {
			return
		}
		select {
		case l.turn <- struct{}{}:
		case <-time.After(closeWait):
			// A call is stuck in the module: finalising under it
			// could crash the kiosk, so leave it loaded.
			busy, _ := l.current()
			l.stuck = busy
			err = fmt.Errorf("pkcs11: close %s: still in %s after %v; left loaded", m.path, busy, closeWait)
			return
		}
		delete(libs.m, l.resolved)
		if ferr := l.ctx.Finalize(); ferr != nil {
			err = fmt.Errorf("pkcs11: C_Finalize: %w", ferr)
		}
		l.ctx.Destroy()
	})
	return err
}

// current is the call holding the turn and since when.
// Busy names the call the module is in and since when; "" when none. A
// call far longer than a card takes means the module is stuck in it.
func (m *Module) Busy() (op string, since time.Time) { return m.lib.current() }

func (l *library) current() (string, time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.busy, l.since
}

// call runs f (the Module method op) with the module to itself, bounded
// by ctx: when ctx ends first, call returns ctx's error at once and f
// finishes (and cleans up) on its own, still holding the turn. A module
// that never returns keeps the turn for ever: the error of every later
// call says which call it is stuck in.
func call[T any](ctx context.Context, m *Module, op string, f func(c *p11.Ctx) (T, error)) (T, error) {
	var zero T
	l := m.lib
	if m.closed.Load() {
		return zero, ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	select {
	case l.turn <- struct{}{}:
	case <-ctx.Done():
		busy, since := l.current()
		if busy == "" {
			return zero, ctx.Err()
		}
		return zero, fmt.Errorf("pkcs11: %s: the module is still in an earlier %s (for %v): %w",
			op, busy, time.Since(since).Round(time.Millisecond), ctx.Err())
	}
	if m.closed.Load() { // closed while waiting
		<-l.turn
		return zero, ErrClosed
	}
	l.mu.Lock()
	l.busy, l.since = op, time.Now()
	l.mu.Unlock()
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			l.mu.Lock()
			l.busy = ""
			l.mu.Unlock()
			<-l.turn
		}()
		v, err := f(l.ctx)
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		return zero, ctx.Err()
	}
}
