package storetest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/text"
)

// Accounts: users, lockouts, password history, reset codes and what was
// spent at terminals.

func testUsers(t *testing.T, newDB NewDB) {
	st := open(t, newDB)
	jane := addUser(t, st, "382JSMITH01", "Jane.Smith@example.nhs.uk")
	if jane.ID == 0 {
		t.Fatal("CreateUser set no id")
	}
	bob := user("382BJONES01", "bob@example.nhs.uk")
	bob.PasswordHash, bob.PasswordChangedAt, bob.LastLoginAt, bob.LastLoginTerminal = "", time.Time{}, time.Time{}, ""
	bob.Status = auth.StatusDisabled
	write(t, st, func(ctx context.Context, tx auth.Tx) error { return tx.CreateUser(ctx, &bob) })
	// Wildcards of LIKE are plain characters in a prefix.
	addUser(t, st, "382J_SMITH01", "j_smith@example.nhs.uk")
	addUser(t, st, "382J%SMITH01", "jpc@example.nhs.uk")

	read(t, st, func(ctx context.Context, tx auth.ReadTx) error {
		for name, get := range map[string]func() (auth.User, error){
			"by id":       func() (auth.User, error) { return tx.UserByID(ctx, jane.ID) },
			"by username": func() (auth.User, error) { return tx.UserByUsername(ctx, "382JSMITH01") },
			"by email, another case": func() (auth.User, error) {
				return tx.UserByEmail(ctx, "jane.SMITH@EXAMPLE.nhs.uk")
			},
		} {
			got, err := get()
			if err != nil || !reflect.DeepEqual(got, jane) {
				t.Errorf("%s: %+v, %v\nwant %+v", name, got, err, jane)
			}
		}
		if got, err := tx.UserByID(ctx, bob.ID); err != nil || !reflect.DeepEqual(got, bob) {
			t.Errorf("a user with no password and no times: %+v, %v\nwant %+v", got, err, bob)
		}
		for name, get := range map[string]func() (auth.User, error){
			"id":       func() (auth.User, error) { return tx.UserByID(ctx, 0) },
			"username": func() (auth.User, error) { return tx.UserByUsername(ctx, "382jsmith01") },
			"email":    func() (auth.User, error) { return tx.UserByEmail(ctx, "nobody@example.nhs.uk") },
		} {
			if _, err := get(); !errors.Is(err, auth.ErrNotFound) {
				t.Errorf("no user by %s: %v, want ErrNotFound", name, err)
			}
		}
		names, err := tx.UsernamesWithPrefix(ctx, "382J")
		slices.Sort(names)
		if want := []string{"382J%SMITH01", "382JSMITH01", "382J_SMITH01"}; err != nil || !slices.Equal(names, want) {
			t.Errorf("prefix 382J: %q, %v; want %q", names, err, want)
		}
		for prefix, want := range map[string][]string{"382J_": {"382J_SMITH01"}, "382J%": {"382J%SMITH01"}, "382X": nil} {
			if names, err := tx.UsernamesWithPrefix(ctx, prefix); err != nil || !slices.Equal(names, want) {
				t.Errorf("prefix %q: %q, %v; want %q", prefix, names, err, want)
			}
		}
		all, err := tx.ListUsers(ctx)
		var got []string
		for _, u := range all {
			got = append(got, u.Username)
		}
		if want := []string{"382BJONES01", "382J%SMITH01", "382JSMITH01", "382J_SMITH01"}; err != nil || !slices.Equal(got, want) {
			t.Errorf("ListUsers: %q, %v; want %q (bytewise)", got, err, want)
		}
		return nil
	})

	jane.FirstName, jane.Email, jane.Status = "Janet", "janet@example.nhs.uk", auth.StatusDisabled
	jane.PasswordHash, jane.PasswordChangedAt = "new", t0.Add(time.Hour+time.Nanosecond)
	jane.LastLoginAt, jane.LastLoginTerminal, jane.Language = time.Time{}, "", text.English
	write(t, st, func(ctx context.Context, tx auth.Tx) error { return tx.UpdateUser(ctx, jane) })
	read(t, st, func(ctx context.Context, tx auth.ReadTx) error {
		if got, err := tx.UserByID(ctx, jane.ID); err != nil || !reflect.DeepEqual(got, jane) {
			t.Errorf("after UpdateUser: %+v, %v\nwant %+v", got, err, jane)
		}
		return nil
	})
}

func testUserConflicts(t *testing.T, newDB NewDB) {
	st := open(t, newDB)
	jane := addUser(t, st, "382JSMITH01", "jane@example.nhs.uk")
	bob := addUser(t, st, "382BJONES01", "bob@example.nhs.uk")
	ctx := context.Background()
	for name, u := range map[string]auth.User{
		"the same username":              user("382JSMITH01", "other@example.nhs.uk"),
		"the same email in another case": user("382JSMITH02", "JANE@example.NHS.uk"),
	} {
		err := st.Tx(ctx, func(tx auth.Tx) error { return tx.CreateUser(ctx, &u) })
		if !errors.Is(err, auth.ErrConflict) {
			t.Errorf("a user with %s: %v, want ErrConflict", name, err)
		}
	}
	bob.Email = "Jane@example.nhs.uk"
	if err := st.Tx(ctx, func(tx auth.Tx) error { return tx.UpdateUser(ctx, bob) }); !errors.Is(err, auth.ErrConflict) {
		t.Errorf("update to a taken email: %v, want ErrConflict", err)
	}
	jane.ID = 9999
	if err := st.Tx(ctx, func(tx auth.Tx) error { return tx.UpdateUser(ctx, jane) }); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("update of no user: %v, want ErrNotFound", err)
	}
}

func testLockouts(t *testing.T, newDB NewDB) {
	st := open(t, newDB)
	jane := addUser(t, st, "382JSMITH01", "jane@example.nhs.uk")
	bob := addUser(t, st, "382BJONES01", "bob@example.nhs.uk")
	read(t, st, func(ctx context.Context, tx auth.ReadTx) error {
		if l, err := tx.Lockout(ctx, jane.ID); err != nil || l != (auth.Lockout{UserID: jane.ID}) {
			t.Errorf("no lockout row: %+v, %v; want zero", l, err)
		}
		return nil
	})
	locks := []auth.Lockout{
		{UserID: jane.ID, Failures: 3, LockedUntil: t0.Add(15 * time.Minute), LockCount: 2, AdminLocked: true},
		{UserID: bob.ID, Failures: 1},
	}
	write(t, st, func(ctx context.Context, tx auth.Tx) error {
		for _, l := range append([]auth.Lockout{{UserID: jane.ID, Failures: 9}}, locks...) {
			if err := tx.SaveLockout(ctx, l); err != nil {
				return err
			}
		}
		return nil
	})
	read(t, st, func(ctx context.Context, tx auth.ReadTx) error {
		if l, err := tx.Lockout(ctx, jane.ID); err != nil || l != locks[0] {
			t.Errorf("Lockout: %+v, %v; want %+v", l, err, locks[0])
		}
		all, err := tx.ListLockouts(ctx)
		want := locks
		if jane.ID > bob.ID {
			want = []auth.Lockout{locks[1], locks[0]}
		}
		if err != nil || !slices.Equal(all, want) {
			t.Errorf("ListLockouts: %+v, %v; want %+v", all, err, want)
		}
		return nil
	})
}

func testPasswordHistory(t *testing.T, newDB NewDB) {
	st := open(t, newDB)
	jane := addUser(t, st, "382JSMITH01", "jane@example.nhs.uk")
	write(t, st, func(ctx context.Context, tx auth.Tx) error {
		for _, h := range []string{"h1", "h2", "h3"} {
			if err := tx.AddPasswordHistory(ctx, jane.ID, h, t0); err != nil {
				return err
			}
		}
		return nil
	})
	read(t, st, func(ctx context.Context, tx auth.ReadTx) error {
		if got, err := tx.PasswordHistory(ctx, jane.ID, 2); err != nil || !slices.Equal(got, []string{"h3", "h2"}) {
			t.Errorf("newest 2: %q, %v", got, err)
		}
		if got, err := tx.PasswordHistory(ctx, jane.ID+1, 5); err != nil || len(got) != 0 {
			t.Errorf("another user's: %q, %v", got, err)
		}
		return nil
	})
}

func testCodes(t *testing.T, newDB NewDB) {
	st := open(t, newDB)
	jane := addUser(t, st, "382JSMITH01", "jane@example.nhs.uk")
	bob := addUser(t, st, "382BJONES01", "bob@example.nhs.uk")
	ctx := context.Background()
	code := func(u auth.User, created time.Time) auth.ResetCode {
		return auth.ResetCode{UserID: u.ID, Hash: []byte{0, 1, 2, 0xff, byte(created.Minute())}, CreatedAt: created,
			ExpiresAt: created.Add(30 * time.Minute)}
	}
	old, live, other := code(jane, t0), code(jane, t0.Add(time.Minute)), code(bob, t0)
	write(t, st, func(ctx context.Context, tx auth.Tx) error {
		for _, c := range []*auth.ResetCode{&old, &live, &other} {
			if err := tx.AddCode(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	if old.ID == 0 || live.ID <= old.ID {
		t.Fatalf("ids %d, %d", old.ID, live.ID)
	}
	liveAt := func(now time.Time) (auth.ResetCode, error) {
		var c auth.ResetCode
		err := st.Tx(ctx, func(tx auth.Tx) error {
			var err error
			c, err = tx.LiveCode(ctx, jane.ID, now)
			return err
		})
		return c, err
	}
	if got, err := liveAt(t0.Add(2 * time.Minute)); err != nil || !reflect.DeepEqual(got, live) {
		t.Errorf("LiveCode: %+v, %v; want the newest %+v", got, err, live)
	}
	if _, err := liveAt(live.ExpiresAt); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("at its expiry: %v, want ErrNotFound", err)
	}
	live.Attempts, live.UsedAt = 2, t0.Add(3*time.Minute+time.Nanosecond)
	write(t, st, func(ctx context.Context, tx auth.Tx) error { return tx.SaveCode(ctx, live) })
	if got, err := liveAt(t0.Add(4 * time.Minute)); err != nil || got.ID != old.ID {
		t.Errorf("after the newest was used: %+v, %v; want the older one", got, err)
	}
	write(t, st, func(ctx context.Context, tx auth.Tx) error {
		return tx.RevokeCodes(ctx, jane.ID, t0.Add(5*time.Minute))
	})
	if _, err := liveAt(t0.Add(6 * time.Minute)); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("after RevokeCodes: %v, want ErrNotFound", err)
	}
	write(t, st, func(ctx context.Context, tx auth.Tx) error {
		if c, err := tx.LiveCode(ctx, bob.ID, t0.Add(6*time.Minute)); err != nil || !reflect.DeepEqual(c, other) {
			t.Errorf("another user's code was touched: %+v, %v", c, err)
		}
		return nil
	})
}

func testLimits(t *testing.T, newDB NewDB) {
	st := open(t, newDB)
	jane := addUser(t, st, "382JSMITH01", "jane@example.nhs.uk")
	var c auth.ResetCode
	write(t, st, func(ctx context.Context, tx auth.Tx) error {
		c = auth.ResetCode{UserID: jane.ID, Hash: []byte("h"), CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}
		if err := tx.AddCode(ctx, &c); err != nil {
			return err
		}
		if l, err := tx.TerminalLockout(ctx, jane.ID, "T1"); err != nil || l != (auth.TerminalLockout{UserID: jane.ID, Terminal: "T1"}) {
			t.Errorf("nothing spent: %+v, %v", l, err)
		}
		for _, l := range []auth.TerminalLockout{
			{UserID: jane.ID, Terminal: "T2", Failures: 1},
			{UserID: jane.ID, Terminal: "T1", Failures: 2},
			{UserID: jane.ID, Terminal: "T1", Failures: 0, LockedUntil: t0.Add(time.Minute), LockCount: 1},
			{UserID: jane.ID, Terminal: "T3", LockedUntil: t0.Add(time.Hour), LockCount: 3},
		} {
			if err := tx.SaveTerminalLockout(ctx, l); err != nil {
				return err
			}
		}
		for i, term := range []string{"T1", "T1", "T2"} {
			if err := tx.AddAssistance(ctx, jane.ID, term, t0.Add(time.Duration(i)*time.Minute)); err != nil {
				return err
			}
		}
		if n, err := tx.CodeTries(ctx, c.ID, "T1"); err != nil || n != 0 {
			t.Errorf("no tries yet: %d, %v", n, err)
		}
		for _, n := range []int{1, 4} {
			if err := tx.SaveCodeTries(ctx, c.ID, "T1", n); err != nil {
				return err
			}
		}
		return tx.SaveCodeTries(ctx, c.ID, "T2", 2)
	})
	read(t, st, func(ctx context.Context, tx auth.ReadTx) error {
		all, err := tx.ListTerminalLockouts(ctx)
		want := []auth.TerminalLockout{
			{UserID: jane.ID, Terminal: "T1", LockedUntil: t0.Add(time.Minute), LockCount: 1},
			{UserID: jane.ID, Terminal: "T2", Failures: 1},
			{UserID: jane.ID, Terminal: "T3", LockedUntil: t0.Add(time.Hour), LockCount: 3},
		}
		if err != nil || !slices.Equal(all, want) {
			t.Errorf("ListTerminalLockouts: %+v, %v\nwant %+v", all, err, want)
		}
		return nil
	})
	write(t, st, func(ctx context.Context, tx auth.Tx) error {
		if l, err := tx.TerminalLockout(ctx, jane.ID, "T1"); err != nil || l.LockCount != 1 || !l.LockedUntil.Equal(t0.Add(time.Minute)) {
			t.Errorf("TerminalLockout T1: %+v, %v", l, err)
		}
		for now, want := range map[time.Time]int{t0: 2, t0.Add(time.Minute): 1, t0.Add(time.Hour): 0} {
			if n, err := tx.LockedTerminals(ctx, jane.ID, now); err != nil || n != want {
				t.Errorf("LockedTerminals at %v: %d, %v; want %d", now.Sub(t0), n, err, want)
			}
		}
		for _, q := range []struct {
			term  string
			since time.Time
			want  int
		}{{"", t0, 3}, {"T1", t0, 2}, {"T1", t0.Add(time.Minute), 1}, {"T2", t0, 1}, {"T9", t0, 0}, {"", t0.Add(time.Hour), 0}} {
			if n, err := tx.CountAssistance(ctx, jane.ID, q.term, q.since); err != nil || n != q.want {
				t.Errorf("CountAssistance(%q, +%v): %d, %v; want %d", q.term, q.since.Sub(t0), n, err, q.want)
			}
		}
		if n, err := tx.CodeTries(ctx, c.ID, "T1"); err != nil || n != 4 {
			t.Errorf("CodeTries T1: %d, %v; want 4", n, err)
		}
		if err := tx.ClearTerminalLockouts(ctx, jane.ID); err != nil {
			return err
		}
		if all, err := tx.ListTerminalLockouts(ctx); err != nil || len(all) != 0 {
			t.Errorf("after ClearTerminalLockouts: %+v, %v", all, err)
		}
		return nil
	})
}

func testTerminals(t *testing.T, newDB NewDB) {
	st := open(t, newDB)
	ctx := context.Background()
	err := st.Read(ctx, func(tx auth.ReadTx) error {
		term, err := tx.Terminal(ctx, "WARD7-T1")
		if !errors.Is(err, auth.ErrNotFound) || term.Name != "WARD7-T1" {
			t.Errorf("unknown terminal: %+v, %v; want its name and ErrNotFound", term, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	terms := []auth.Terminal{
		{Name: "WARD7-T1", Failures: 2, LastSeen: t0, ReaderState: "card present"},
		{Name: "WARD8-T1"},
	}
	write(t, st, func(ctx context.Context, tx auth.Tx) error {
		for _, term := range []auth.Terminal{{Name: "WARD7-T1", Failures: 9}, terms[1], terms[0]} {
			if err := tx.SaveTerminal(ctx, term); err != nil {
				return err
			}
		}
		return nil
	})
	read(t, st, func(ctx context.Context, tx auth.ReadTx) error {
		if got, err := tx.Terminal(ctx, "WARD7-T1"); err != nil || got != terms[0] {
			t.Errorf("Terminal: %+v, %v; want %+v", got, err, terms[0])
		}
		if all, err := tx.ListTerminals(ctx); err != nil || !slices.Equal(all, terms) {
			t.Errorf("ListTerminals: %+v, %v; want %+v", all, err, terms)
		}
		return nil
	})
}

func testSettings(t *testing.T, newDB NewDB) {
	st := open(t, newDB)
	ctx := context.Background()
	err := st.Read(ctx, func(tx auth.ReadTx) error {
		_, err := tx.Setting(ctx, "demo")
		if !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("unset setting: %v, want ErrNotFound", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	write(t, st, func(ctx context.Context, tx auth.Tx) error {
		if err := tx.SetSetting(ctx, "demo", "one"); err != nil {
			return err
		}
		return tx.SetSetting(ctx, "demo", "two")
	})
	read(t, st, func(ctx context.Context, tx auth.ReadTx) error {
		if v, err := tx.Setting(ctx, "demo"); err != nil || v != "two" {
			t.Errorf("Setting: %q, %v; want the last value", v, err)
		}
		return nil
	})
}

func testForbiddenWords(t *testing.T, newDB NewDB) {
	st := open(t, newDB)
	ctx := context.Background()
	write(t, st, func(ctx context.Context, tx auth.Tx) error {
		for _, w := range []string{"Wardseven", "apple", "Zebra"} {
			if err := tx.AddForbiddenWord(ctx, w, "maintainer:ann", t0); err != nil {
				return err
			}
		}
		return nil
	})
	err := st.Tx(ctx, func(tx auth.Tx) error { return tx.AddForbiddenWord(ctx, "APPLE", "cli", t0) })
	if !errors.Is(err, auth.ErrConflict) {
		t.Errorf("a word again in another case: %v, want ErrConflict", err)
	}
	read(t, st, func(ctx context.Context, tx auth.ReadTx) error {
		if ws, err := tx.ForbiddenWords(ctx); err != nil || !slices.Equal(ws, []string{"apple", "Wardseven", "Zebra"}) {
			t.Errorf("ForbiddenWords: %q, %v; want them in order, case aside", ws, err)
		}
		return nil
	})
	write(t, st, func(ctx context.Context, tx auth.Tx) error { return tx.RemoveForbiddenWord(ctx, "wardSEVEN") })
	err = st.Tx(ctx, func(tx auth.Tx) error { return tx.RemoveForbiddenWord(ctx, "wardseven") })
	if !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("removing a word not there: %v, want ErrNotFound", err)
	}
	read(t, st, func(ctx context.Context, tx auth.ReadTx) error {
		if ws, err := tx.ForbiddenWords(ctx); err != nil || !slices.Equal(ws, []string{"apple", "Zebra"}) {
			t.Errorf("after removing one in another case: %q, %v", ws, err)
		}
		return nil
	})
}

func testCards(t *testing.T, newDB NewDB) {
	st := open(t, newDB)
	jane := addUser(t, st, "382JSMITH01", "jane@example.nhs.uk")
	ctx := context.Background()
	fp := func(c byte) string { return string(slices.Repeat([]byte{c}, 64)) }
	card := auth.Card{UserID: jane.ID, Fingerprint: fp('a'), Issuer: "CN=Trust CA", Serial: "01", Subject: "Jane Smith",
		NotAfter: t0.AddDate(1, 0, 0), EnrolledAt: t0, EnrolledBy: "maintainer:ann"}
	write(t, st, func(ctx context.Context, tx auth.Tx) error { return tx.AddCard(ctx, &card) })
	card.Username = jane.Username
	for name, c := range map[string]auth.Card{
		"fingerprint":       {UserID: jane.ID, Fingerprint: fp('a'), Issuer: "CN=Other", Serial: "02", NotAfter: t0, EnrolledAt: t0},
		"issuer and serial": {UserID: jane.ID, Fingerprint: fp('b'), Issuer: "CN=Trust CA", Serial: "01", NotAfter: t0, EnrolledAt: t0},
	} {
		if err := st.Tx(ctx, func(tx auth.Tx) error { return tx.AddCard(ctx, &c) }); !errors.Is(err, auth.ErrConflict) {
			t.Errorf("a card with the same %s: %v, want ErrConflict", name, err)
		}
	}
	second := auth.Card{UserID: jane.ID, Fingerprint: fp('c'), Issuer: "CN=Trust CA", Serial: "03", NotAfter: t0,
		EnrolledAt: t0, EnrolledBy: "cli"}
	write(t, st, func(ctx context.Context, tx auth.Tx) error { return tx.AddCard(ctx, &second) })
	second.Username = jane.Username
	card.RevokedAt, card.RevokedBy, card.LastUsedAt = t0.Add(time.Hour), "maintainer:bob", t0.Add(time.Minute)
	write(t, st, func(ctx context.Context, tx auth.Tx) error { return tx.SaveCard(ctx, card) })
	err := st.Tx(ctx, func(tx auth.Tx) error { return tx.SaveCard(ctx, auth.Card{ID: 9999}) })
	if !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("SaveCard of no card: %v, want ErrNotFound", err)
	}
	read(t, st, func(ctx context.Context, tx auth.ReadTx) error {
		if c, err := tx.CardByFingerprint(ctx, fp('a')); err != nil || c != card {
			t.Errorf("CardByFingerprint: %+v, %v\nwant %+v", c, err, card)
		}
		if c, err := tx.CardByID(ctx, second.ID); err != nil || c != second {
			t.Errorf("CardByID: %+v, %v\nwant %+v", c, err, second)
		}
		if _, err := tx.CardByFingerprint(ctx, fp('d')); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("unknown fingerprint: %v", err)
		}
		if _, err := tx.CardByID(ctx, 9999); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("unknown card id: %v", err)
		}
		if all, err := tx.ListCards(ctx); err != nil || !slices.Equal(all, []auth.Card{card, second}) {
			t.Errorf("ListCards: %+v, %v", all, err)
		}
		return nil
	})
}
