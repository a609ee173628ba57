// Package lowprio runs long background work, such as walking a
// million-event audit chain, at the lowest CPU priority, so that the
// sign-ins beside it keep their speed on a ward terminal's two cores.
package lowprio

import "runtime"

// Run calls fn on an operating-system thread of its own, niced to the
// lowest priority where the system allows it, and returns fn's error. The
// thread is thrown away afterwards (the goroutine exits still locked to
// it), so the lowered priority never leaks into the goroutines that run
// sign-ins. Where lowering fails, fn runs all the same: it is slower
// work beside sign-ins, never wrong.
func Run(fn func() error) error {
	done := make(chan error, 1)
	go func() {
		// Never unlocked: Go ends a thread whose goroutine exits locked.
		runtime.LockOSThread()
		lower()
		done <- fn()
	}()
	return <-done
}
