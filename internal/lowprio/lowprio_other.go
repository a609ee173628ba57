//go:build !linux

package lowprio

// lower leaves the priority as it is where threads cannot be niced one by one.
func lower() {}
