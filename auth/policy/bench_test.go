package policy

import (
	"runtime"
	"testing"
)

// benchPasswords is a realistic mix: weak and strong, short and long,
// leet-speak, passphrases and non-ASCII.
var benchPasswords = []string{
	"Password1", "P@ssw0rd2024", "London2024", "Sarah1985!", "L0nd0n!!",
	"correct-horse-battery", "Tiger9Lamp", "Maple842x", "Ilovesarah8",
	"Zürich-Spring-7", "grace lamp tiger 42", "K7q2M9xd4tzP", "qwertyuiop",
	"Staff-Nurse-2024", "JSmith1985", "purple-monkey-dishwasher-9",
	"9f!Xq2#vLm8@Rt", "Correct Horse Battery Staple 1987", "Ward7Kiosk!", "abc123def",
	"Carpet72x", "hospital-cat-3", "😀 smile 9 times", "Bl4ckb!rd-s1ng1ng-1n-th3-d34d",
}

func benchSubject() Subject {
	return Subject{FirstName: "Jane", LastName: "Smith", Username: "382JSMITH01",
		Email: "jane.smith@example.nhs.uk", Role: "Staff Nurse", Ward: "Maple Ward"}
}

// BenchmarkCheck measures one password's check under the default profile,
// without not-previous (target: 50 µs a password).
func BenchmarkCheck(b *testing.B) {
	lists := mustLists(b)
	prof, err := Lookup(DefaultProfile)
	if err != nil {
		b.Fatal(err)
	}
	p := New(prof, lists, DefaultForbiddenWords())
	s := benchSubject()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p.Check(benchPasswords[i%len(benchPasswords)], s)
		i++
	}
}

// BenchmarkLoadLists measures loading the embedded lists (target: 50 ms)
// and reports the heap the loaded lists keep (target: 16 MiB).
func BenchmarkLoadLists(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadLists(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	before := heapInUse()
	kept, err := LoadLists()
	if err != nil {
		b.Fatal(err)
	}
	after := heapInUse()
	runtime.KeepAlive(kept)
	b.ReportMetric(float64(after-before)/(1<<20), "MiB-heap")
}

// heapInUse returns the live heap after a collection.
func heapInUse() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// mustLists loads the embedded lists or stops the test.
func mustLists(tb testing.TB) *Lists {
	tb.Helper()
	l, err := LoadLists()
	if err != nil {
		tb.Fatal(err)
	}
	return l
}
