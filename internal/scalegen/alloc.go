package scalegen

import "runtime"

// Allocated returns the bytes f allocates (runtime.MemStats.TotalAlloc
// around it, after a collection), for tests that bound the memory a
// stage costs per input byte.
func Allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
