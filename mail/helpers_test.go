package mail_test

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	kmail "github.com/wardkiosk/kiosk/mail"
	"github.com/wardkiosk/kiosk/store/sqlite"
)

// fastArgon keeps tests quick; the real parameters are benchmarked in auth.
var fastArgon = auth.Argon2{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

var loadLists = sync.OnceValues(policy.LoadLists)

const (
	trust        = "Example Valley NHS Trust"
	from         = "ESR Kiosk <no-reply@example.nhs.uk>"
	goodPassword = "Brisk-Owl-Lamp-48"
	newPassword  = "Gravel-Tundra-Wisp-61"
)

// kiosk is one kiosk process's view: a store on a data directory, the
// auth service queuing into it and, once started, a delivery worker.
type kiosk struct {
	t      testing.TB
	ctx    context.Context
	dir    string
	store  *sqlite.Store
	svc    *auth.Service
	worker *kmail.Worker
	claims *countingQueue // the worker's queue, counting its looks
}

// countingQueue is the store as a worker sees it, counting the claims it
// has made, so that a test waits for "the worker looked again" instead of
// sleeping and hoping it did.
type countingQueue struct {
	kmail.Queue
	mu      sync.Mutex
	n       int
	changed chan struct{} // closed and replaced at each claim
}

func newCountingQueue(q kmail.Queue) *countingQueue {
	return &countingQueue{Queue: q, changed: make(chan struct{})}
}

func (q *countingQueue) ClaimMessages(ctx context.Context, now, dueBy, leaseUntil time.Time, afterID int64, limit int) ([]auth.Message, error) {
	ms, err := q.Queue.ClaimMessages(ctx, now, dueBy, leaseUntil, afterID, limit)
	q.mu.Lock()
	q.n++
	close(q.changed)
	q.changed = make(chan struct{})
	q.mu.Unlock()
	return ms, err
}

// count returns the claims so far and a channel closed at the next one.
func (q *countingQueue) count() (int, <-chan struct{}) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.n, q.changed
}

// waitClaims waits until the kiosk's worker has claimed, that is looked
// at the outbox, n more times, failing after limit.
func (k *kiosk) waitClaims(n int, limit time.Duration) {
	k.t.Helper()
	start, _ := k.claims.count()
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	for {
		got, next := k.claims.count()
		if got >= start+n {
			return
		}
		select {
		case <-next:
		case <-deadline.C:
			k.t.Fatalf("the worker looked at the outbox %d times in %s, want %d", got-start, limit, n)
		}
	}
}

// openKiosk opens the store in dir (a new one when dir is "") and the
// service on it; the service wakes the worker once newWorker has made one.
func openKiosk(t testing.TB, dir string, tweak ...func(*auth.Options)) *kiosk {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	k := &kiosk{t: t, ctx: ctx, dir: dir, store: st}
	o := auth.Options{
		Store:            kmail.Notify(st, func() { k.wakeWorker() }),
		Lists:            loadLists,
		Argon:            fastArgon,
		CodeKey:          []byte("0123456789abcdef0123456789abcdef"),
		TrustName:        trust,
		MaxEmailsPerHour: 1 << 20,
		Rand:             rand.NewChaCha8([32]byte{byte(len(dir))}),
		Sleep:            func(context.Context, time.Duration) {},
	}
	for _, fn := range tweak {
		fn(&o)
	}
	if k.svc, err = auth.New(o); err != nil {
		t.Fatal(err)
	}
	return k
}

func (k *kiosk) wakeWorker() {
	if k.worker != nil {
		k.worker.Wake()
	}
}

// newWorker makes the kiosk's delivery worker for a relay.
func (k *kiosk) newWorker(relay kmail.Relay, tweak ...func(*kmail.Options)) *kmail.Worker {
	k.t.Helper()
	if relay.Timeout == 0 {
		relay.Timeout = 5 * time.Second
	}
	k.claims = newCountingQueue(k.store)
	o := kmail.Options{Queue: k.claims, Relay: relay, From: from, Trust: trust,
		Backoff: time.Second, MaxBackoff: time.Minute, RandN: func(int64) int64 { return 0 }}
	for _, fn := range tweak {
		fn(&o)
	}
	w, err := kmail.New(o)
	if err != nil {
		k.t.Fatal(err)
	}
	k.worker = w
	return w
}

// run runs the worker in the background until the test ends. A worker
// that does not stop within 10 s of being told fails the test, rather
// than hanging it until the test binary's timeout.
func (k *kiosk) run() {
	ctx, cancel := context.WithCancel(k.ctx)
	done := make(chan struct{})
	go func() { k.worker.Run(ctx); close(done) }()
	k.t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			k.t.Error("the worker did not stop within 10s of its context ending")
		}
	})
}

// jane adds Jane Smith with a password.
func (k *kiosk) addUser(first, last, email string) auth.User {
	k.t.Helper()
	u, err := k.svc.CreateUser(k.ctx, auth.Actor{Name: "cli:test", Terminal: "TEST"}, auth.NewUser{
		FirstName: first, LastName: last, Email: email, DOB: time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC),
		Role: "Staff Nurse", Ward: "Ward 7", Password: goodPassword})
	if err != nil {
		k.t.Fatal(err)
	}
	return u
}

func (k *kiosk) jane() auth.User {
	return k.addUser("Jane", "Smith", "jane.smith@example.nhs.uk")
}

func (k *kiosk) messages() []auth.Message {
	k.t.Helper()
	ms, err := k.svc.Messages(k.ctx)
	if err != nil {
		k.t.Fatal(err)
	}
	return ms
}

func (k *kiosk) message(id int64) auth.Message {
	k.t.Helper()
	m, err := k.svc.Message(k.ctx, id)
	if err != nil {
		k.t.Fatal(err)
	}
	return m
}

// waitStatus waits until message id leaves its state for want or the
// attempts reach atLeast.
func (k *kiosk) waitFor(id int64, limit time.Duration, ok func(auth.Message) bool) auth.Message {
	k.t.Helper()
	deadline := time.Now().Add(limit)
	for {
		m := k.message(id)
		if ok(m) {
			return m
		}
		if time.Now().After(deadline) {
			k.t.Fatalf("message %d still %+v after %s", id, m, limit)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// queue puts n plain messages in the outbox, as the core would.
func (k *kiosk) queue(n int) {
	k.t.Helper()
	err := k.store.Tx(k.ctx, func(tx auth.Tx) error {
		for i := range n {
			m := auth.Message{CreatedAt: time.Now(), Kind: auth.KindPasswordChanged,
				To:      "staff" + string(rune('a'+i%26)) + "@example.nhs.uk",
				Subject: "Your ESR password was changed", Body: "Hello,\n\nIt changed.\n\n" + trust + "\n"}
			if err := tx.Enqueue(k.ctx, &m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		k.t.Fatal(err)
	}
}

// email is a delivered message taken apart.
type email struct {
	Header     mail.Header
	Text, HTML string
	Type       string // the top-level media type
}

// parse reads a raw message: headers, then the text and HTML alternatives.
func parse(t testing.TB, raw []byte) email {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("not an email: %v\n%s", err, raw)
	}
	e := email{Header: msg.Header}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type: %v", err)
	}
	e.Type = mt
	if !strings.HasPrefix(mt, "multipart/") {
		t.Fatalf("want a multipart email, got %s", mt)
	}
	r := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := r.NextPart() // undoes quoted-printable
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(p)
		if err != nil {
			t.Fatal(err)
		}
		pt, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		switch pt {
		case "text/plain":
			e.Text = strings.ReplaceAll(string(b), "\r\n", "\n")
		case "text/html":
			e.HTML = string(b)
		default:
			t.Fatalf("unexpected part %s", pt)
		}
	}
	return e
}
