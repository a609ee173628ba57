package console

import "testing"

// The Users page at 80 columns: the search field's hint is whole, and the
// failed sign-ins are counted in good English.
func TestUsersWordsAt80(t *testing.T) {
	f := newFixture(t)
	tm := f.open(f.ctx, 80, 24)
	tm.waitFor("Dashboard")
	tm.press("f2")
	tm.waitFor("[username, name, email or ward")
	tm.waitFor("0 failed sign-ins in a row")
	f.k.Auth.Login(f.ctx, "WARD3-T2", "382JSMITH01", "wrong-Password-1")
	tm.tm.Type("jsmith") // the page reads the account again as the search changes
	tm.waitFor("1 failed sign-in in a row")
	tm.quit()
}
