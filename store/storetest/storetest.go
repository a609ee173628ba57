// Package storetest is the one conformance suite of the kiosk's stores:
// store/sqlite and store/postgres each run Run against a real database,
// so the auth core and the mail worker get one behaviour from both. It
// covers every interface of auth.Tx and auth.ReadTx, the transactions,
// the mail worker's queue with its leases, and what several processes or
// service instances sharing one database do at once: one reset code used
// once, the lockout counted exactly, one audit chain, each message
// claimed once.
package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/mail"
	"github.com/wardkiosk/kiosk/text"
)

// Store is what the suite tests: the auth core's store and the outbox as
// the mail worker works it.
type Store interface {
	auth.Store
	mail.Queue
}

// DB is one fresh, empty database of the store under test.
type DB struct {
	// Open opens the database once more, as another kiosk process or
	// service instance does; the store is closed when the test ends.
	Open func() Store
	// Exec runs SQL beside the store, as someone with the database file
	// or a database login can: the suite uses it to try to change the
	// audit behind the core's back.
	Exec func(query string) error
}

// NewDB makes a fresh database for one test or benchmark.
type NewDB func(tb testing.TB) DB

// Run runs the whole suite against the store that newDB opens.
func Run(t *testing.T, newDB NewDB) {
	for _, c := range []struct {
		name string
		fn   func(*testing.T, NewDB)
	}{
		{"Users", testUsers},
		{"UserConflicts", testUserConflicts},
		{"Lockouts", testLockouts},
		{"PasswordHistory", testPasswordHistory},
		{"Codes", testCodes},
		{"Limits", testLimits},
		{"Audit", testAudit},
		{"AuditFind", testAuditFind},
		{"AuditAppendOnly", testAuditAppendOnly},
		{"Rechain", testRechain},
		{"Outbox", testOutbox},
		{"Terminals", testTerminals},
		{"TerminalRegistry", testTerminalRegistry},
		{"Challenges", testChallenges},
		{"Settings", testSettings},
		{"ForbiddenWords", testForbiddenWords},
		{"Cards", testCards},
		{"Feed", testFeed},
		{"Requests", testRequests},
		{"KioskEvents", testKioskEvents},
		{"IngestKioskEvents", testIngestKioskEvents},
		{"WardSignIns", testWardSignIns},
		{"TxRollsBack", testTxRollsBack},
		{"ReadCannotWrite", testReadCannotWrite},
		{"ReadTakesNoWriteLock", testReadTakesNoWriteLock},
		{"ReadWhileWriteHoldsTheLock", testReadWhileWriteHoldsTheLock},
		{"ClaimLeasesExclusively", testClaimLeasesExclusively},
		{"MarkFailedSchedulesAndKills", testMarkFailedSchedulesAndKills},
		{"ConcurrentClaimsAreDisjoint", testConcurrentClaimsAreDisjoint},
		{"OutcomeScrubsTheCode", testOutcomeScrubsTheCode},
		{"RaceOneResetCode", testRaceOneResetCode},
		{"RaceLockout", testRaceLockout},
		{"RaceAuditChain", testRaceAuditChain},
		{"RaceOutboxWorkers", testRaceOutboxWorkers},
		{"RaceFeed", testRaceFeed},
	} {
		t.Run(c.name, func(t *testing.T) { c.fn(t, newDB) })
	}
}

// t0 is the suite's clock where a fixed time will do; its nanoseconds
// check that times come back exactly.
var t0 = time.Date(2026, 11, 27, 9, 0, 0, 123456789, time.UTC)

// open makes a fresh database and opens it once.
func open(t testing.TB, newDB NewDB) Store {
	t.Helper()
	return newDB(t).Open()
}

// write runs fn in one write transaction, failing the test on an error.
func write(t testing.TB, st Store, fn func(ctx context.Context, tx auth.Tx) error) {
	t.Helper()
	ctx := context.Background()
	if err := st.Tx(ctx, func(tx auth.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
}

// read runs fn in one read transaction, failing the test on an error.
func read(t testing.TB, st Store, fn func(ctx context.Context, tx auth.ReadTx) error) {
	t.Helper()
	ctx := context.Background()
	if err := st.Read(ctx, func(tx auth.ReadTx) error { return fn(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
}

// user is a complete account with every time set, nanoseconds and all.
func user(username, email string) auth.User {
	return auth.User{Username: username, FirstName: "Jane", LastName: "Smith", Email: email,
		DOB: time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC), Role: "Staff Nurse", Ward: "Ward 7",
		Status: auth.StatusActive, PasswordHash: "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$a2V5",
		PasswordChangedAt: t0.Add(time.Nanosecond), LastLoginAt: t0.Add(2 * time.Nanosecond),
		LastLoginTerminal: "WARD7-T1", CreatedAt: t0, Language: text.Welsh}
}

// addUser creates a user in its own transaction.
func addUser(t testing.TB, st Store, username, email string) auth.User {
	t.Helper()
	u := user(username, email)
	write(t, st, func(ctx context.Context, tx auth.Tx) error { return tx.CreateUser(ctx, &u) })
	return u
}

// fastArgon keeps the service-level cases quick: the store is under test.
var fastArgon = auth.Argon2{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

var lists = sync.OnceValues(policy.LoadLists)

// service is one instance's auth service on st; every instance of a test
// shares the keys, as the instances of one Trust must.
func service(t testing.TB, st Store, tweak func(*auth.Options)) *auth.Service {
	t.Helper()
	nist, err := policy.Lookup("nist-800-63b-4") // no history: resets stay cheap
	if err != nil {
		t.Fatal(err)
	}
	o := auth.Options{Store: st, Lists: lists, Profile: nist, Argon: fastArgon,
		CodeKey:  []byte("0123456789abcdef0123456789abcdef"),
		AuditKey: []byte("fedcba9876543210fedcba9876543210"),
		Sleep:    func(context.Context, time.Duration) {}}
	if tweak != nil {
		tweak(&o)
	}
	svc, err := auth.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}
