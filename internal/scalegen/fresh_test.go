package scalegen

import (
	"runtime"
	"testing"
)

// sink keeps the memory the "touch" operation writes reachable.
var sink []byte

// TestScaleChild is the child of TestFreshCountsFaults.
func TestScaleChild(t *testing.T) {
	ran, err := Child(map[string]func() (func() error, error){
		"nothing": func() (func() error, error) { return func() error { return nil }, nil },
		"touch": func() (func() error, error) {
			return func() error {
				sink = make([]byte, 256<<12)
				for i := 0; i < len(sink); i += 1 << 12 {
					sink[i] = 1
				}
				return nil
			}, nil
		},
	})
	if !ran {
		t.Skip("runs only as the child of TestFreshCountsFaults")
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestFreshCountsFaults checks that Fresh reports the page faults of the
// operation alone: writing 256 fresh pages takes at least 128 faults
// (fewer only if the kernel backs the heap with huge pages), doing
// nothing takes fewer than that.
func TestFreshCountsFaults(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("page faults are counted on Linux only")
	}
	if testing.Short() {
		t.Skip("starts two processes")
	}
	touch, err := Fresh("touch")
	if err != nil {
		t.Fatal(err)
	}
	nothing, err := Fresh("nothing")
	if err != nil {
		t.Fatal(err)
	}
	if touch.Faults < 128 || nothing.Faults >= 128 || touch.Time <= 0 || touch.PeakRSS < 1<<20 {
		t.Errorf("Fresh: touching 256 fresh pages: %d faults, %v, peak %d bytes; doing nothing: %d faults; want >= 128 and < 128, a time and a peak of at least 1 MiB",
			touch.Faults, touch.Time, touch.PeakRSS, nothing.Faults)
	}
}
