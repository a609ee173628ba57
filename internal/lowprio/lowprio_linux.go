package lowprio

import "syscall"

// lowest is the highest nice value: the thread runs when nothing else wants the CPU.
const lowest = 19

// lower nices the calling thread. On Linux a priority set for a thread id
// applies to that thread only, not its process.
func lower() {
	syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), lowest)
}
