package verify

import (
	"fmt"
	"slices"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/ir"
)

// Mismatch is a counterexample to the equivalence of a filter and its
// policy: an input on which the filter's verdict differs from
// [ir.Resolved.Eval].
type Mismatch struct {
	Data      SeccompData
	Arch      string // section the policy decides d in ("" for a bad architecture)
	Syscall   string // syscall name, if the number is in the section's table
	Got, Want uint32 // the filter's and the policy's verdicts
}

func (m *Mismatch) Error() string {
	if m == nil {
		return "<nil>"
	}
	got, _ := ir.ActionFromRet(m.Got)
	want, _ := ir.ActionFromRet(m.Want)
	name := m.Syscall
	if name == "" {
		name = "?"
	}
	return fmt.Sprintf("verify: filter returns %v (%#x), policy says %v (%#x) for arch %#x (%s) nr %#x (%s) args %#x",
		got, m.Got, want, m.Want, m.Data.Arch, m.Arch, m.Data.Nr, name, m.Data.Args)
}

// Equivalent runs prog on the equivalence input set of r ([Inputs]) and
// compares each verdict with r's. It returns the number of inputs
// checked and the first *Mismatch (or an interpreter error).
func Equivalent(prog []bpf.RawInstruction, r *ir.Resolved) (int, error) {
	if err := r.Validate(); err != nil {
		return 0, fmt.Errorf("verify: %w", err)
	}
	big := r.Target.BigEndian
	f, err := NewFilter(prog)
	if err != nil {
		return 0, err
	}
	n := 0
	Inputs(r, func(d *SeccompData) bool {
		n++
		got, rerr := f.Run(d, big)
		if rerr != nil {
			err = rerr
			return false
		}
		want := r.Eval(ir.Data{Arch: d.Arch, Nr: d.Nr, Args: d.Args})
		if got != want.Ret() {
			m := &Mismatch{Data: *d, Got: got, Want: want.Ret()}
			if ap := r.ArchFor(d.Arch, d.Nr); ap != nil {
				m.Arch = ap.Arch.Name
				if s, ok := ap.Table.ByNr(d.Nr); ok {
					m.Syscall = s.Name
				}
			}
			err = m
			return false
		}
		return true
	})
	return n, err
}

// Inputs calls yield for every input of the equivalence set of r until
// yield returns false. The set is, for every audit value of the filter
// and one foreign audit value: every syscall number of each section's
// table, the numbers next to each of them and to each number a rule
// names, 0, -1, the edges of the x32 range, and the x32 bit flipped on
// each; argument vectors of zeros and all-ones for every number; and for
// the numbers rules name, vectors built from every constant of their
// conditions (v-1, v, v+1 in both 32-bit halves, 0, all-ones), each
// argument varied alone and every pair of the arguments used varied
// together.
//
// An r that fails [ir.Resolved.Validate], or a nil yield, gives no
// inputs.
func Inputs(r *ir.Resolved, yield func(*SeccompData) bool) {
	if yield == nil || r.Validate() != nil {
		return
	}
	var audits []uint32
	for _, ap := range r.Arches {
		if !slices.Contains(audits, ap.Arch.Audit) {
			audits = append(audits, ap.Arch.Audit)
		}
	}
	foreign := uint32(0)
	for _, a := range arch.All() {
		if !slices.Contains(audits, a.Audit) {
			foreign = a.Audit
			break
		}
	}
	d := &SeccompData{}
	for _, audit := range append(audits, foreign) {
		for _, nr := range numbers(r, audit) {
			d.Arch, d.Nr = audit, nr
			d.Args = [6]uint64{}
			if !yield(d) {
				return
			}
			d.Args = [6]uint64{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}
			if !yield(d) {
				return
			}
			ap := r.ArchFor(audit, nr)
			if ap == nil {
				continue
			}
			entries, _ := ap.Entries(nr)
			if len(entries) == 0 {
				continue
			}
			conds := make([]*ir.Expr, len(entries))
			used := map[int]bool{}
			for i, e := range entries {
				conds[i] = e.Cond
				usedArgs(e.Cond, used)
			}
			bv := ir.BoundaryValues(conds...)
			for arg := range ir.MaxArgs {
				if !used[arg] {
					continue
				}
				for _, v := range bv[arg] {
					d.Args = [6]uint64{}
					d.Args[arg] = v
					if !yield(d) {
						return
					}
				}
			}
			for i := range ir.MaxArgs {
				for j := i + 1; j < ir.MaxArgs; j++ {
					if !used[i] || !used[j] {
						continue
					}
					for _, vi := range bv[i] {
						for _, vj := range bv[j] {
							d.Args = [6]uint64{}
							d.Args[i], d.Args[j] = vi, vj
							if !yield(d) {
								return
							}
						}
					}
				}
			}
		}
	}
}

// numbers returns the syscall numbers to try for one audit value.
func numbers(r *ir.Resolved, audit uint32) []uint32 {
	set := map[uint32]bool{0: true, 1: true, ^uint32(0): true, ^uint32(0) - 1: true, 0x7fffffff: true, 0x80000000: true}
	add := func(n uint32) {
		set[n], set[n-1], set[n+1] = true, true, true
	}
	var bits []uint32
	for _, a := range arch.ByAudit(audit) {
		if a.SyscallBit != 0 {
			bits = append(bits, a.SyscallBit)
			add(a.SyscallBit)
		}
	}
	for _, ap := range r.Arches {
		if ap.Arch.Audit != audit {
			continue
		}
		for _, s := range ap.Table.Syscalls() {
			add(s.Nr)
		}
		for _, n := range ap.Nrs {
			add(n)
		}
		if ap.Arch.NrBase != 0 {
			add(ap.Arch.NrBase)
		}
	}
	for n := range set {
		for _, b := range bits {
			set[n^b] = true
		}
	}
	out := make([]uint32, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// usedArgs marks in used the arguments that x compares.
func usedArgs(x *ir.Expr, used map[int]bool) {
	if x.Op == ir.OpCmp {
		used[int(x.Arg)] = true
	}
	for _, s := range x.Sub {
		usedArgs(s, used)
	}
}
