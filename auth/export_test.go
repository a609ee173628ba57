package auth

// ChainHash is chainHash for the tests that build a long chain in bulk.
func ChainHash(key []byte, e Event) string { return chainHash(key, e) }

// LegacyHash is the unkeyed hash of the chain before migration 0005.
func LegacyHash(e Event) string { return legacyHash(e) }
