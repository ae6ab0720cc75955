package lower_test

import (
	"errors"
	"flag"
	"iter"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/lower"
	"github.com/seccompc/seccompc/tables"
	"github.com/seccompc/seccompc/verify"
)

// fuzzBytes hands out the fuzzer's bytes as choices; past the end every
// choice is 0.
type fuzzBytes struct {
	data []byte
	i    int
}

func (f *fuzzBytes) byte() byte {
	if f.i >= len(f.data) {
		return 0
	}
	f.i++
	return f.data[f.i-1]
}

func (f *fuzzBytes) intn(n int) int { return int(f.byte()) % n }

func (f *fuzzBytes) uint64() uint64 {
	var v uint64
	for range 8 {
		v = v<<8 | uint64(f.byte())
	}
	return v
}

// value returns an argument constant: mostly ones near the edges where
// the lowering of 64-bit comparisons can go wrong.
func (f *fuzzBytes) value() uint64 {
	edges := []uint64{0, 1, 2, 7, 8, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
		0x100000000, 0x100000001, 0x1ffffffff, 0x8000000000000000, ^uint64(0) - 1, ^uint64(0)}
	switch f.intn(4) {
	case 0:
		return f.uint64()
	case 1:
		return uint64(f.byte())
	default:
		return edges[f.intn(len(edges))]
	}
}

// expr builds a random condition of at most the given depth.
func (f *fuzzBytes) expr(depth int) *ir.Expr {
	k := f.intn(8)
	if depth == 0 || k < 4 {
		arg := f.intn(2) // mostly a0 and a1, so that tests meet on one word
		if f.intn(4) == 0 {
			arg = f.intn(ir.MaxArgs)
		}
		c := ir.Cmp(1 + f.intn(8))
		x := &ir.Expr{Op: ir.OpCmp, Cmp: c, Arg: uint8(arg), Val: f.value(), Mask: ^uint64(0)}
		if c.Masked() {
			x.Mask = f.value()
			if f.intn(2) == 0 {
				x.Val &= x.Mask
			}
		}
		if f.intn(4) == 0 {
			x.Low32 = true
			x.Val &= 0xffffffff
			x.Mask &= 0xffffffff
		}
		return x
	}
	switch k {
	case 4:
		return ir.Not(f.expr(depth - 1))
	case 5, 6:
		n := 2 + f.intn(3)
		subs := make([]*ir.Expr, n)
		for i := range subs {
			subs[i] = f.expr(depth - 1)
		}
		if k == 5 {
			return ir.And(subs...)
		}
		return ir.Or(subs...)
	}
	return ir.True()
}

func (f *fuzzBytes) action() ir.Action {
	switch f.intn(9) {
	case 0:
		return ir.KillProcess
	case 1:
		return ir.KillThread
	case 2:
		return ir.Trap
	case 3:
		return ir.Errno(uint16(f.byte()))
	case 4:
		return ir.Trace(uint16(f.byte()))
	case 5:
		return ir.Log
	case 6:
		return ir.Errno(ir.ENOSYS)
	}
	return ir.Allow
}

// fuzzPolicy builds a policy and a target from the fuzzer's bytes.
func fuzzPolicy(data []byte) (*ir.Policy, string) {
	f := &fuzzBytes{data: data}
	all := arch.All()
	target := all[f.intn(len(all))]
	p := &ir.Policy{Default: f.action()}
	for range f.intn(3) {
		p.Arches = append(p.Arches, all[f.intn(len(all))].Name)
	}
	switch f.intn(3) {
	case 0:
		p.Baseline = ir.Baseline{Mode: ir.BaselineNone}
	case 1:
		p.Baseline = ir.Baseline{Mode: ir.BaselineAuto}
	default:
		b, _ := ir.ParseBaseline([]string{"3.10", "4.19", "5.4", "5.10", "6.1"}[f.intn(5)])
		p.Baseline = b
	}
	tab, err := tables.ForArch(target.Table)
	if err != nil {
		panic(err) // every arch has its table
	}
	calls := tab.Syscalls()
	pick := func() string { return calls[(int(f.byte())<<8|int(f.byte()))%len(calls)].Name }
	// Most rules name one of a few syscalls, so that several conditional
	// rules meet on one syscall, where the lowering has the most to get
	// wrong.
	pool := make([]string, 1+f.intn(3))
	for i := range pool {
		pool[i] = pick()
	}
	for range 1 + f.intn(12) {
		r := ir.Rule{Action: f.action(), Cond: ir.True()}
		switch f.intn(8) {
		case 0:
			r.Nr = uint32(f.intn(600))
		case 1:
			r.Syscall = pick()
		default:
			r.Syscall = pool[f.intn(len(pool))]
		}
		if f.intn(3) != 0 {
			r.Cond = f.expr(3)
		}
		p.Rules = append(p.Rules, r)
	}
	return p, target.Name
}

// FuzzCompile compiles random policies (random arches, syscalls, nested
// conditions with every comparison, width and mask, every action, random
// baselines) with and without optimization; each program must pass the
// kernel's load checks, agree with the policy on the whole equivalence
// input set, and be proved equal to it for all inputs by verify.Prove.
func FuzzCompile(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"))
	f.Add([]byte("seccompc compiles policies to classic BPF and proves them"))
	f.Add([]byte{3, 9, 1, 0, 2, 0, 40, 0, 7, 5, 5, 6, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0xff, 0xfe, 6, 5, 4, 3, 2, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		p, target := fuzzPolicy(data)
		r, _, err := ir.Resolve(p, target)
		if err != nil {
			var e *ir.Error
			if !errors.As(err, &e) {
				t.Fatalf("Resolve error %v is a %T, not an *ir.Error", err, err)
			}
			return // e.g. a raw number rule on an arch that has that syscall
		}
		for _, opt := range []lower.Options{{Optimize: true}, {}} {
			prog, err := lower.CompileOptions(r, opt)
			if err != nil {
				t.Fatalf("optimize %v: %v\npolicy:\n%s", opt.Optimize, err, p)
			}
			if err := verify.Check(prog.Insns); err != nil {
				t.Fatalf("optimize %v: the kernel would refuse the program: %v", opt.Optimize, err)
			}
			if opt.Optimize {
				sameWithoutSources(t, r, prog)
			}
			if n, err := verify.Equivalent(prog.Insns, r); err != nil {
				t.Fatalf("optimize %v: after %d inputs: %v\npolicy:\n%s\nprogram:\n%s", opt.Optimize, n, err, p, prog)
			}
			if _, err := verify.Prove(prog.Insns, r); err != nil {
				var ve *verify.Error
				if errors.As(err, &ve) && ve.Code == verify.ErrTooComplex {
					continue // past the prover's budget; the sampled check above still ran
				}
				t.Fatalf("optimize %v: the prover rejects the program: %v\npolicy:\n%s\nprogram:\n%s", opt.Optimize, err, p, prog)
			}
		}
	})
}

// TestFuzzPolicyValid keeps the fuzzer's generator honest: most byte
// strings must give a policy that resolves, or FuzzCompile would test
// little but the error paths.
func TestFuzzPolicyValid(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ok, conds := 0, 0
	const n = 300
	for range n {
		data := make([]byte, 64+rng.IntN(256))
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		p, target := fuzzPolicy(data)
		if _, _, err := ir.Resolve(p, target); err == nil {
			ok++
		}
		for _, r := range p.Rules {
			if r.Cond.Op != ir.OpTrue {
				conds++
			}
		}
	}
	if ok < n*3/4 || conds < n {
		t.Errorf("%d of %d random policies resolve, with %d conditions in all", ok, n, conds)
	}
	t.Logf("%d of %d random policies resolve, %d conditions", ok, n, conds)
}

// TestRandomPolicies runs FuzzCompile's check on a fixed sample of
// random policies, so that every test run covers the shapes the fuzzer
// reaches only now and then (several conditional rules meeting on one
// syscall, tests alternating between argument words). -random.n sets
// the sample size.
func TestRandomPolicies(t *testing.T) {
	n := *randomN
	if testing.Short() {
		n /= 10
	}
	proved := 0
	for i, c := range randomPolicies(rand.NewPCG(5, 6), n) {
		p, r := c.p, c.r
		for _, opt := range []lower.Options{{Optimize: true}, {}} {
			prog, err := lower.CompileOptions(r, opt)
			if err != nil {
				t.Fatalf("policy %d, optimize %v: %v\n%s", i, opt.Optimize, err, p)
			}
			if opt.Optimize {
				sameWithoutSources(t, r, prog)
			}
			if _, err := verify.Prove(prog.Insns, r); err != nil {
				var ve *verify.Error
				if errors.As(err, &ve) && ve.Code == verify.ErrTooComplex {
					continue
				}
				t.Fatalf("policy %d for %s, optimize %v: %v\npolicy:\n%s\nprogram:\n%s", i, r.Target.Name, opt.Optimize, err, p, prog)
			}
			proved++
		}
	}
	t.Logf("%d programs from %d random policies proved", proved, n)
	if proved < n {
		t.Errorf("only %d programs proved from %d policies", proved, n)
	}
}

// sameWithoutSources checks that the runtime's compile (NoSources),
// which lowers a group of entries shared by several numbers or sections
// once, gives prog, the optimized program compiled with sources.
func sameWithoutSources(t *testing.T, r *ir.Resolved, prog *emit.Program) {
	t.Helper()
	bare, err := lower.CompileOptions(r, lower.Options{Optimize: true, NoSources: true})
	if err != nil {
		t.Fatalf("without sources: %v", err)
	}
	if !slices.Equal(bare.Insns, prog.Insns) {
		t.Fatalf("without sources the program differs:\n%s\nwith sources:\n%s", bare, prog)
	}
}

// policyCase is a policy and its resolution.
type policyCase struct {
	p *ir.Policy
	r *ir.Resolved
}

// randomPolicies yields n random policies (fuzzPolicy of random bytes
// from src) and their resolutions, with their numbers; those that do not
// resolve are skipped.
func randomPolicies(src rand.Source, n int) iter.Seq2[int, policyCase] {
	rng := rand.New(src)
	return func(yield func(int, policyCase) bool) {
		for i := range n {
			data := make([]byte, 32+rng.IntN(224))
			for j := range data {
				data[j] = byte(rng.Uint32())
			}
			p, target := fuzzPolicy(data)
			r, _, err := ir.Resolve(p, target)
			if err != nil {
				continue
			}
			if !yield(i, policyCase{p, r}) {
				return
			}
		}
	}
}

// The default sample catches the specialize bug fixed in a5e7114 (at
// policy 4366 when the fix is reverted).
var randomN = flag.Int("random.n", 6000, "random policies for TestRandomPolicies")
