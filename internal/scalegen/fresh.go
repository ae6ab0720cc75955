package scalegen

import (
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/seccompc/seccompc/internal/quote"
)

// childEnv names the operation a re-executed test binary runs.
const childEnv = "SECCOMPC_SCALE_CHILD"

// ChildTest is the name of the test function every package that calls
// [Fresh] defines, and that calls [Child].
const ChildTest = "TestScaleChild"

// Run is one operation measured in a fresh process.
type Run struct {
	Time    time.Duration // the operation's wall time, measured in the child
	PeakRSS int64         // the child's peak resident set after exec, in bytes (0 where unknown)
	Faults  int64         // minor page faults during the operation (0 where unknown): first touches of fresh memory and code, about 4 us each on a VM
}

// Fresh runs operation op in a fresh process, the test binary
// re-executed with -test.run=^TestScaleChild$, so that nothing the
// operation uses is warm and its peak memory is its own. The package's
// TestScaleChild must call [Child] with op among its operations; env
// ("NAME=value") is added to the child's environment.
func Fresh(op string, env ...string) (Run, error) {
	cmd := exec.Command(os.Args[0], "-test.run=^"+ChildTest+"$", "-test.v", "-test.count=1")
	cmd.Env = append(append(os.Environ(), childEnv+"="+op), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return Run{}, fmt.Errorf("scalegen: child %s: %w\n%s", quote.Value(op), err, tail(out))
	}
	var r Run
	found := false
	for _, line := range strings.Split(string(out), "\n") {
		line = strings.TrimSpace(line)
		if v, ok := strings.CutPrefix(line, "SCALE-NS "); ok {
			ns, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return Run{}, fmt.Errorf("scalegen: child %s: %w", quote.Value(op), err)
			}
			r.Time, found = time.Duration(ns), true
		}
		if v, ok := strings.CutPrefix(line, "SCALE-FAULTS "); ok {
			if r.Faults, err = strconv.ParseInt(v, 10, 64); err != nil {
				return Run{}, fmt.Errorf("scalegen: child %s: %w", quote.Value(op), err)
			}
		}
		if v, ok := strings.CutPrefix(line, "SCALE-RSS "); ok {
			if r.PeakRSS, err = strconv.ParseInt(v, 10, 64); err != nil {
				return Run{}, fmt.Errorf("scalegen: child %s: %w", quote.Value(op), err)
			}
		}
	}
	if !found {
		return Run{}, fmt.Errorf("scalegen: child %s printed no SCALE-NS line:\n%s", quote.Value(op), tail(out))
	}
	return r, nil
}

// FreshMedian runs op in n fresh processes ([Fresh]) and returns the
// median time, the median page faults and the largest peak resident
// set.
func FreshMedian(op string, n int, env ...string) (Run, error) {
	var ts []time.Duration
	var fs []int64
	var peak int64
	for range n {
		r, err := Fresh(op, env...)
		if err != nil {
			return Run{}, err
		}
		ts = append(ts, r.Time)
		fs = append(fs, r.Faults)
		peak = max(peak, r.PeakRSS)
	}
	slices.Sort(ts)
	slices.Sort(fs)
	return Run{Time: ts[len(ts)/2], Faults: fs[len(fs)/2], PeakRSS: peak}, nil
}

// Child runs, in a process started by [Fresh], the operation it names:
// setup prepares the input (not timed) and returns the timed function.
// It reports whether this process is such a child; when it is not, the
// calling test should skip.
func Child(ops map[string]func() (func() error, error)) (bool, error) {
	op := os.Getenv(childEnv)
	if op == "" {
		return false, nil
	}
	setup, ok := ops[op]
	if !ok {
		return true, fmt.Errorf("scalegen: no operation %s", quote.Value(op))
	}
	run, err := setup()
	if err != nil {
		return true, err
	}
	faults := minorFaults()
	start := time.Now()
	err = run()
	elapsed := time.Since(start)
	faults = minorFaults() - faults
	if err != nil {
		return true, err
	}
	fmt.Printf("SCALE-NS %d\n", elapsed.Nanoseconds())
	fmt.Printf("SCALE-FAULTS %d\n", faults)
	fmt.Printf("SCALE-RSS %d\n", ownPeakRSS())
	return true, nil
}

// tail returns the last few KiB of a child's output, for an error.
func tail(out []byte) []byte {
	const keep = 4 << 10
	if len(out) > keep {
		return out[len(out)-keep:]
	}
	return out
}
