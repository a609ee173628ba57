package auth

// ChainHash is chainHash for the tests that build a long chain in bulk.
func ChainHash(e Event) string { return chainHash(e) }
