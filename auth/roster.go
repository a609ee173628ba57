package auth

import "time"

// RosterUser is what a client kiosk may keep of one member of its ward's
// roster (DESIGN §10): enough to let their card sign them in offline,
// nothing more: no hash, no code, no email, no date of birth.
type RosterUser struct {
	Username  string
	FirstName string
	LastName  string
	Role      string
	Ward      string
	Language  string // "" until users carry a language
	Disabled  bool   // disabled by a maintainer, as of the sync
	Locked    bool   // locked by a maintainer, as of the sync
	// SignedIn is their latest online sign-in on the ward: the kiosk
	// keeps them on its roster offline.roster_days from it.
	SignedIn time.Time
	// Cards are the hex SHA-256 fingerprints of the user's enrolled cards
	// that are not revoked, as of the sync.
	Cards []string
}

// Roster is a ward's roster as the service tells a kiosk of that ward:
// the users who signed in online on the ward within the days asked, the
// Trust's card CA and CRL (PEM, as the service holds them; empty when the
// service checks no cards), and the service's clock when it answered.
type Roster struct {
	Ward       string
	Users      []RosterUser
	CAPEM      []byte
	CRLPEM     []byte
	ServerTime time.Time
}
