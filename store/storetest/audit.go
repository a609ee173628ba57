package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// appendEvents appends events chained by a plain counter: the store keeps
// what it is given; the chain's hashing is the core's business.
func appendEvents(t testing.TB, st Store, evs ...auth.Event) []auth.Event {
	t.Helper()
	write(t, st, func(ctx context.Context, tx auth.Tx) error {
		for i := range evs {
			last, err := tx.LastEvent(ctx)
			if err != nil && !errors.Is(err, auth.ErrNotFound) {
				return err
			}
			evs[i].PrevHash = last.Hash
			evs[i].Hash = fmt.Sprintf("%s|%d|%s", last.Hash, last.ID+1, evs[i].Action)
			if err := tx.AppendEvent(ctx, &evs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return evs
}

func event(at time.Time, actor, action, subject string) auth.Event {
	return auth.Event{At: at, Terminal: "WARD7-T1", Actor: actor, Action: action, Subject: subject, Detail: "d"}
}

func testAudit(t *testing.T, newDB NewDB) {
	st := open(t, newDB)
	ctx := context.Background()
	err := st.Read(ctx, func(tx auth.ReadTx) error {
		if _, err := tx.LastEvent(ctx); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("LastEvent of an empty audit: %v, want ErrNotFound", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var evs []auth.Event
	for i := range 5 {
		evs = append(evs, event(t0.Add(time.Duration(i)*time.Nanosecond), "-", fmt.Sprintf("a.%d", i), ""))
	}
	evs = appendEvents(t, st, evs...)
	for i := 1; i < len(evs); i++ {
		if evs[i].ID <= evs[i-1].ID {
			t.Fatalf("ids not increasing: %d then %d", evs[i-1].ID, evs[i].ID)
		}
	}
	read(t, st, func(ctx context.Context, tx auth.ReadTx) error {
		if e, err := tx.LastEvent(ctx); err != nil || e != evs[4] {
			t.Errorf("LastEvent: %+v, %v\nwant %+v", e, err, evs[4])
		}
		if got, err := tx.Events(ctx, 2); err != nil || !reflect.DeepEqual(got, evs[3:]) {
			t.Errorf("newest 2: %+v, %v", got, err)
		}
		for _, n := range []int{0, -1, 10} {
			if got, err := tx.Events(ctx, n); err != nil || !reflect.DeepEqual(got, evs) {
				t.Errorf("Events(%d): %d events, %v; want all 5", n, len(got), err)
			}
		}
		var walked []auth.Event
		if err := tx.EachEvent(ctx, func(e auth.Event) error { walked = append(walked, e); return nil }); err != nil ||
			!reflect.DeepEqual(walked, evs) {
			t.Errorf("EachEvent: %+v, %v", walked, err)
		}
		stop := errors.New("stop")
		n := 0
		err := tx.EachEvent(ctx, func(auth.Event) error {
			n++
			if n == 2 {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || n != 2 {
			t.Errorf("EachEvent stopped by fn: %v after %d", err, n)
		}
		return nil
	})
}

func testAuditFind(t *testing.T, newDB NewDB) {
	st := open(t, newDB)
	evs := appendEvents(t, st,
		event(t0, "382JSMITH01", "login.ok", "382JSMITH01"),
		event(t0.Add(time.Minute), "maintainer:ann (ssh)", "admin.lock", "382BJONES01"),
		event(t0.Add(2*time.Minute), "maintainer:an_ (ssh)", "admin.unlock", "382BJONES01"),
		event(t0.Add(3*time.Minute), "-", "login.failed", "382JSMITH01"),
		event(t0.Add(4*time.Minute), "cli", "adminXlock", ""),
		event(t0.Add(5*time.Minute), "382BJONES01", "login.ok", "382BJONES01"),
	)
	ids := func(es []auth.Event) []int64 {
		var out []int64
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	for _, c := range []struct {
		name string
		f    auth.EventFilter
		want []auth.Event
	}{
		{"all", auth.EventFilter{}, evs},
		{"username as subject or actor", auth.EventFilter{Username: "382JSMITH01"}, []auth.Event{evs[0], evs[3]}},
		{"maintainer, _ no wildcard", auth.EventFilter{Maintainer: "an_"}, []auth.Event{evs[2]}},
		{"maintainer or username", auth.EventFilter{Maintainer: "ann", Username: "382JSMITH01"},
			[]auth.Event{evs[0], evs[1], evs[3]}},
		{"action", auth.EventFilter{Action: "login.ok"}, []auth.Event{evs[0], evs[5]}},
		{"action prefix, . no wildcard", auth.EventFilter{Action: "admin."}, []auth.Event{evs[1], evs[2]}},
		{"since, until excluded", auth.EventFilter{Since: t0.Add(time.Minute), Until: t0.Add(3 * time.Minute)},
			[]auth.Event{evs[1], evs[2]}},
		{"newest, oldest first", auth.EventFilter{Limit: 2}, evs[4:]},
		{"limit of a filter", auth.EventFilter{Action: "login.", Limit: 2}, []auth.Event{evs[3], evs[5]}},
	} {
		read(t, st, func(ctx context.Context, tx auth.ReadTx) error {
			got, err := tx.FindEvents(ctx, c.f)
			if err != nil || !reflect.DeepEqual(got, c.want) {
				t.Errorf("%s: %v, %v; want %v", c.name, ids(got), err, ids(c.want))
			}
			return nil
		})
	}
}

// The audit is append-only in the database itself: SQL beside the store
// can neither change nor remove a row.
func testAuditAppendOnly(t *testing.T, newDB NewDB) {
	db := newDB(t)
	st := db.Open()
	appendEvents(t, st, event(t0, "-", "login.ok", ""), event(t0, "-", "login.ok", ""))
	for _, q := range []string{
		`UPDATE audit SET detail = 'nothing happened'`,
		`UPDATE audit SET hash = 'x' WHERE id = (SELECT MAX(id) FROM audit)`,
		`DELETE FROM audit WHERE id = (SELECT MAX(id) FROM audit)`,
		`DELETE FROM audit`,
	} {
		if err := db.Exec(q); err == nil {
			t.Errorf("%s: allowed", q)
		}
	}
	read(t, st, func(ctx context.Context, tx auth.ReadTx) error {
		if evs, err := tx.Events(ctx, 0); err != nil || len(evs) != 2 || evs[0].Detail != "d" {
			t.Errorf("after the attempts: %+v, %v", evs, err)
		}
		return nil
	})
}

// RechainEvents rewrites the hashes in its own transaction only: the
// guard is back after it, and after a failed one.
func testRechain(t *testing.T, newDB NewDB) {
	db := newDB(t)
	st := db.Open()
	evs := appendEvents(t, st, event(t0, "-", "a", ""), event(t0, "-", "b", ""), event(t0, "-", "c", ""))
	ctx := context.Background()
	broke := errors.New("no key")
	err := st.Tx(ctx, func(tx auth.Tx) error {
		return tx.RechainEvents(ctx, func(e auth.Event) (string, string, error) {
			if e.ID == evs[1].ID {
				return "", "", broke
			}
			return "p", "h" + e.Action, nil
		})
	})
	if !errors.Is(err, broke) {
		t.Fatalf("a failing rechain: %v", err)
	}
	read(t, st, func(ctx context.Context, tx auth.ReadTx) error {
		if got, err := tx.Events(ctx, 0); err != nil || !reflect.DeepEqual(got, evs) {
			t.Errorf("a failed rechain changed rows: %+v, %v", got, err)
		}
		return nil
	})
	if err := db.Exec(`UPDATE audit SET detail = 'x'`); err == nil {
		t.Error("the guard is gone after a failed rechain")
	}
	prev := ""
	write(t, st, func(ctx context.Context, tx auth.Tx) error {
		return tx.RechainEvents(ctx, func(e auth.Event) (string, string, error) {
			p := prev
			prev = "k" + e.Action
			return p, prev, nil
		})
	})
	read(t, st, func(ctx context.Context, tx auth.ReadTx) error {
		got, err := tx.Events(ctx, 0)
		if err != nil || len(got) != 3 || got[0].PrevHash != "" || got[0].Hash != "ka" || got[2].PrevHash != "kb" ||
			got[2].Hash != "kc" || got[2].Detail != "d" {
			t.Errorf("after a rechain: %+v, %v", got, err)
		}
		return nil
	})
	if err := db.Exec(`UPDATE audit SET detail = 'x'`); err == nil {
		t.Error("the guard is gone after a rechain")
	}
}
