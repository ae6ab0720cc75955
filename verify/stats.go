package verify

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/ir"
)

// Stats describes the cost of running a compiled filter, measured with
// the interpreter.
type Stats struct {
	// Instructions is the length of the program.
	Instructions int
	// Arches has one entry per architecture section of the policy, in the
	// order of the resolved policy (the target first).
	Arches []ArchStats
}

// ArchStats are the figures for one architecture of a filter.
type ArchStats struct {
	Arch string
	// Syscalls is the number of syscalls in the architecture's table; the
	// path figures are over these numbers.
	Syscalls int
	// Mean, Median and Max are the numbers of instructions executed per
	// syscall of the table with all arguments zero.
	Mean   float64
	Median float64
	Max    int
	// MaxBoundary is the most instructions executed for a syscall of the
	// table over the boundary argument vectors of [Inputs].
	MaxBoundary int
	// Ranges is the number of maximal runs of consecutive syscall numbers
	// of this architecture that the policy treats alike (one rule set, or
	// one tail or default verdict), and Floor is ⌈log2(Ranges)⌉: the
	// fewest compares a search over the numbers can take in the worst
	// case.
	Ranges int
	Floor  int
	// AlwaysAllow counts the table's syscalls the policy allows for every
	// argument vector; Cacheable counts those of them that the kernel's
	// constant-action cache can record for this program (see
	// [ConstAllow]). The kernel caches only the native and compat
	// architectures' numbers below their syscall counts, so numbers with a
	// syscall bit (x32) never are, whatever the program.
	AlwaysAllow int
	Cacheable   int
	// Cached names the syscalls the kernel's cache records as always
	// allowed (Cacheable of them), and Uncached those the policy always
	// allows but the cache cannot record for this program.
	Cached, Uncached []string
}

// Measure runs prog, compiled from r, over every syscall of every
// architecture section and reports the figures. It fails if the program
// does not run (see [Run]).
func Measure(prog []bpf.RawInstruction, r *ir.Resolved) (*Stats, error) {
	if err := r.Validate(); err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	if err := Check(prog); err != nil {
		return nil, err
	}
	big := r.Target.BigEndian
	st := &Stats{Instructions: len(prog)}
	// The program is checked once, above; each run reuses one trace.
	pcs := make([]int, 0, len(prog))
	steps := func(d *SeccompData) (int, error) {
		pcs = pcs[:0]
		_, err := execute(prog, d, big, &pcs)
		return len(pcs), err
	}
	worst := map[*ir.ArchPolicy]int{}
	var runErr error
	Inputs(r, func(d *SeccompData) bool {
		ap := r.ArchFor(d.Arch, d.Nr)
		if ap == nil {
			return true
		}
		if _, ok := ap.Table.ByNr(d.Nr); !ok {
			return true
		}
		n, err := steps(d)
		if err != nil {
			runErr = err
			return false
		}
		worst[ap] = max(worst[ap], n)
		return true
	})
	if runErr != nil {
		return nil, runErr
	}
	for _, ap := range r.Arches {
		as := ArchStats{Arch: ap.Arch.Name, MaxBoundary: worst[ap]}
		var lens []int
		sum := 0
		for _, s := range ap.Table.Syscalls() {
			d := &SeccompData{Nr: s.Nr, Arch: ap.Arch.Audit}
			n, err := steps(d)
			if err != nil {
				return nil, err
			}
			lens = append(lens, n)
			sum += n
			if alwaysAllow(ap, r.Policy, s.Nr) {
				as.AlwaysAllow++
				if ap.Arch.SyscallBit == 0 && constAllow(prog, ap.Arch.Audit, s.Nr) {
					as.Cacheable++
					as.Cached = append(as.Cached, s.Name)
				} else {
					as.Uncached = append(as.Uncached, s.Name)
				}
			}
		}
		as.Syscalls = len(lens)
		if len(lens) > 0 {
			slices.Sort(lens)
			as.Mean = float64(sum) / float64(len(lens))
			as.Max = lens[len(lens)-1]
			mid := len(lens) / 2
			as.Median = float64(lens[mid])
			if len(lens)%2 == 0 {
				as.Median = float64(lens[mid-1]+lens[mid]) / 2
			}
		}
		as.Ranges = Ranges(r, ap)
		if as.Ranges > 1 {
			as.Floor = bits.Len(uint(as.Ranges - 1))
		}
		st.Arches = append(st.Arches, as)
	}
	return st, nil
}

// alwaysAllow reports whether the policy allows syscall nr of ap for
// every argument vector: the allowing conditions cover everything and no
// other rule for the syscall can match.
func alwaysAllow(ap *ir.ArchPolicy, p *ir.Policy, nr uint32) bool {
	entries, named := ap.Entries(nr)
	if !named {
		return p.Default.Kind == ir.ActAllow && !ap.InTail(nr)
	}
	var allow []*ir.Expr
	for _, e := range entries {
		if e.Action.Kind == ir.ActAllow {
			allow = append(allow, e.Cond)
			continue
		}
		if e.Cond.Simplify().Op != ir.OpFalse {
			return false
		}
	}
	if p.Default.Kind == ir.ActAllow {
		return true
	}
	return ir.Or(allow...).Simplify().Op == ir.OpTrue
}

// Ranges returns the number of maximal runs of consecutive syscall
// numbers of ap's part of the number space (for x32, the numbers with the
// syscall bit) that the policy treats alike; 0 when r fails
// [ir.Resolved.Validate] or ap is not one of its sections.
func Ranges(r *ir.Resolved, ap *ir.ArchPolicy) int {
	if r.Validate() != nil || !slices.Contains(r.Arches, ap) {
		return 0
	}
	runs := 0
	for _, rg := range r.Regions(ap.Arch.Audit) {
		if rg.Arch != ap {
			continue
		}
		// The numbers where the treatment can change: the region's start,
		// and each syscall of the table and each number a rule names, and
		// the number after each.
		points := []uint32{rg.Lo}
		add := func(n uint32) {
			if n >= rg.Lo && n <= rg.Hi {
				points = append(points, n)
			}
			if n != ^uint32(0) && n+1 >= rg.Lo && n+1 <= rg.Hi {
				points = append(points, n+1)
			}
		}
		for s := range ap.Table.All() {
			add(s.Nr)
		}
		for _, n := range ap.Nrs {
			add(n)
		}
		slices.Sort(points)
		points = slices.Compact(points)
		prev := ""
		for i, p := range points {
			if sig := signature(ap, r.Policy, p); i == 0 || sig != prev {
				runs++
				prev = sig
			}
		}
	}
	return runs
}

// signature names the policy's treatment of nr: the rules for it, or its
// tail or default verdict.
func signature(ap *ir.ArchPolicy, p *ir.Policy, nr uint32) string {
	entries, named := ap.Entries(nr)
	if !named {
		if ap.InTail(nr) {
			return "tail"
		}
		return "default"
	}
	var b strings.Builder
	for _, e := range entries {
		fmt.Fprintf(&b, "%v:%v;", e.Action, e.Cond)
	}
	return b.String()
}
