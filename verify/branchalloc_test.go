package verify

import (
	"runtime"
	"testing"
	"unsafe"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/internal/bpfop"
)

// TestBranchHookStatesStayOnStack walks a program of n splits with a
// branch hook (as the prover and diff do) and bounds the allocations
// per split: those of the path that ends there, no symbolic state. Before, handing the
// hook a pointer to the walk's states moved both of them (616 bytes
// each) to the heap at every conditional jump: two states per split, 60% of what diff
// allocated on Docker's default against a small filter.
func TestBranchHookStatesStayOnStack(t *testing.T) {
	const n = 1000
	prog := []bpf.RawInstruction{{Op: bpfop.LdAbsW, K: 0}}
	for i := range n {
		// Each value is its own path: equal, it returns.
		prog = append(prog,
			bpf.RawInstruction{Op: bpfop.JMP | bpfop.JEQ | bpfop.K, Jt: 0, Jf: 1, K: uint32(i)},
			bpf.RawInstruction{Op: bpfop.RET | bpfop.K, K: 0x7fff0000})
	}
	prog = append(prog, bpf.RawInstruction{Op: bpfop.RET | bpfop.K, K: 0})
	splits, paths := 0, 0
	hooks := walkHooks{branch: func(st *symState, word int) { splits++ }}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	err := pathsHooked(prog, nil, hooks, func(*Path) bool { paths++; return true })
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if paths != n+1 || splits != 2*n {
		t.Fatalf("%d paths, %d branch calls; want %d and %d", paths, splits, n+1, 2*n)
	}
	// The walk allocates four times per path here (the Path, the list
	// of its instructions, ...); a state moved to the heap is one more
	// per side of each split.
	per := float64(after.Mallocs-before.Mallocs) / n
	t.Logf("%.2f allocations per split (a path each)", per)
	if per > 5 {
		t.Errorf("%.2f allocations per split, want at most 5: a path's and no symbolic state (%d bytes)", per, unsafe.Sizeof(symState{}))
	}
}
