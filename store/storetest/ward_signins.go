package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// A ward sign-in is kept per ward and user, at its latest (an earlier one
// written late does not move it back); a ward's records come back from a
// time on, by user; a user's cards come back with their own, revoked too.
func testWardSignIns(t *testing.T, newDB NewDB) {
	st := open(t, newDB)
	jane := addUser(t, st, "382JSMITH01", "jane@example.nhs.uk")
	bob := addUser(t, st, "382BGREEN01", "bob@example.nhs.uk")
	save := func(ward string, id int64, at time.Time) {
		t.Helper()
		write(t, st, func(ctx context.Context, tx auth.Tx) error {
			return tx.SaveWardSignIn(ctx, auth.WardSignIn{Ward: ward, UserID: id, At: at})
		})
	}
	save("Ward 7", bob.ID, t0)
	save("Ward 7", jane.ID, t0.Add(-20*24*time.Hour))
	save("Ward 7", jane.ID, t0.Add(time.Hour))
	save("Ward 7", jane.ID, t0.Add(time.Minute)) // late, and earlier: kept at the hour
	save("Ward 8", jane.ID, t0.Add(-30*24*time.Hour))
	read(t, st, func(ctx context.Context, tx auth.ReadTx) error {
		for _, c := range []struct {
			ward  string
			since time.Time
			want  []auth.WardSignIn
		}{
			{"Ward 7", t0.Add(-14 * 24 * time.Hour), []auth.WardSignIn{
				{Ward: "Ward 7", UserID: jane.ID, At: t0.Add(time.Hour)}, {Ward: "Ward 7", UserID: bob.ID, At: t0}}},
			{"Ward 7", t0, []auth.WardSignIn{ // since is inclusive
				{Ward: "Ward 7", UserID: jane.ID, At: t0.Add(time.Hour)}, {Ward: "Ward 7", UserID: bob.ID, At: t0}}},
			{"Ward 7", t0.Add(time.Minute), []auth.WardSignIn{{Ward: "Ward 7", UserID: jane.ID, At: t0.Add(time.Hour)}}},
			{"Ward 8", t0.Add(-14 * 24 * time.Hour), nil},
			{"Ward 8", t0.Add(-31 * 24 * time.Hour), []auth.WardSignIn{
				{Ward: "Ward 8", UserID: jane.ID, At: t0.Add(-30 * 24 * time.Hour)}}},
			{"Ward 9", time.Time{}, nil},
		} {
			got, err := tx.WardSignIns(ctx, c.ward, c.since)
			slices.SortFunc(c.want, func(a, b auth.WardSignIn) int { return int(a.UserID - b.UserID) })
			if err != nil || !slices.Equal(got, c.want) {
				t.Errorf("%s since %v: %+v, %v; want %+v", c.ward, c.since, got, err, c.want)
			}
		}
		return nil
	})

	fp := func(c byte) string { return string(slices.Repeat([]byte{c}, 64)) }
	cards := []auth.Card{
		{UserID: jane.ID, Fingerprint: fp('a'), Issuer: "CN=Trust CA", Serial: "01", NotAfter: t0, EnrolledAt: t0, EnrolledBy: "cli"},
		{UserID: bob.ID, Fingerprint: fp('b'), Issuer: "CN=Trust CA", Serial: "02", NotAfter: t0, EnrolledAt: t0, EnrolledBy: "cli"},
		{UserID: jane.ID, Fingerprint: fp('c'), Issuer: "CN=Trust CA", Serial: "03", NotAfter: t0, EnrolledAt: t0,
			EnrolledBy: "cli", RevokedAt: t0.Add(time.Hour), RevokedBy: "cli"},
	}
	for i := range cards {
		write(t, st, func(ctx context.Context, tx auth.Tx) error { return tx.AddCard(ctx, &cards[i]) })
	}
	cards[0].Username, cards[2].Username, cards[1].Username = jane.Username, jane.Username, bob.Username
	read(t, st, func(ctx context.Context, tx auth.ReadTx) error {
		if got, err := tx.UserCards(ctx, jane.ID); err != nil || !slices.Equal(got, []auth.Card{cards[0], cards[2]}) {
			t.Errorf("jane's cards: %+v, %v", got, err)
		}
		if got, err := tx.UserCards(ctx, 9999); err != nil || len(got) != 0 {
			t.Errorf("nobody's cards: %+v, %v", got, err)
		}
		return nil
	})

}
