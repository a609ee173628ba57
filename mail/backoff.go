package mail

import "time"

// backoff is the wait after the given failed attempt (1 for the first):
// base, doubling each time, at most max. Jitter of up to a tenth is added
// by the caller so that kiosks sharing a relay do not retry in step after
// an outage.
func backoff(attempt int, base, max time.Duration) time.Duration {
	d := base
	for i := 1; i < attempt && d < max; i++ {
		d *= 2
	}
	return min(d, max)
}

// jitter adds up to a tenth of d, drawn from randN (as rand.Int64N).
func jitter(d time.Duration, randN func(int64) int64) time.Duration {
	if n := int64(d / 10); n > 0 && randN != nil {
		return d + time.Duration(randN(n))
	}
	return d
}
