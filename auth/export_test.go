package auth

// ChainHash is chainHash for the tests that build a long chain in bulk.
func ChainHash(key []byte, e Event) string { return chainHash(key, e) }

// LegacyHash is the unkeyed hash of the chain before migration 0005.
func LegacyHash(e Event) string { return legacyHash(e) }

// ArgonLoad reports the argon2id runs under way and queued in s's bound,
// the most ever under way at once, and how many have begun.
func ArgonLoad(s *Service) (running, waiting, peak, runs int64) {
	return s.argon.running.Load(), s.argon.waiting.Load(), s.argon.peak.Load(), s.argon.runs.Load()
}

// HoldArgon takes every slot of s's bound, as long runs would, until
// release is called.
func HoldArgon(s *Service) (release func()) {
	for range cap(s.argon.slots) {
		s.argon.slots <- struct{}{}
	}
	return func() {
		for range cap(s.argon.slots) {
			<-s.argon.slots
		}
	}
}
