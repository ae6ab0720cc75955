//go:build libseccomp && cgo && linux

package lower_test

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/oci"
	"github.com/seccompc/seccompc/lower"
	"github.com/seccompc/seccompc/verify"
)

var (
	libRandomN    = flag.Int("libseccomp.n", 400, "random OCI profiles for TestLibseccompRandomProfiles")
	libRandomSeed = flag.Uint64("libseccomp.seed", 1, "seed of TestLibseccompRandomProfiles's profile generator")
)

// randHost is a host architecture of the generator and the OCI
// architectures a profile for it may list.
type randHost struct {
	host   string
	arches []specs.Arch
	weight int
}

var randHosts = []randHost{
	{"x86_64", []specs.Arch{specs.ArchX86_64, specs.ArchX86, specs.ArchX32}, 6},
	{"x86", []specs.Arch{specs.ArchX86, specs.ArchX86_64}, 1},
	{"aarch64", []specs.Arch{specs.ArchAARCH64, specs.ArchARM}, 2},
	{"arm", []specs.Arch{specs.ArchARM}, 1},
}

// Syscall names the rules draw from: ordinary ones, and socket and ipc
// calls that x86 (and libseccomp's x86 filter) reaches through the
// socketcall and ipc multiplexers as well as, for some, directly.
var (
	randPlain = []string{"read", "personality", "ioctl", "mmap", "clone"}
	randMux   = []string{"socket", "accept", "connect", "msgget", "semop"}
)

// randActions are the rule actions; ERRNO and TRACE get an errnoRet
// from randErrnos (nil: runc's EPERM).
var randActions = []specs.LinuxSeccompAction{
	specs.ActAllow, specs.ActAllow, specs.ActErrno, specs.ActErrno, specs.ActKill,
	specs.ActTrap, specs.ActTrace, specs.ActLog, specs.ActKillProcess,
}

var randDefaults = []specs.LinuxSeccompAction{
	specs.ActErrno, specs.ActErrno, specs.ActKill, specs.ActKillProcess, specs.ActTrap, specs.ActLog, specs.ActAllow,
}

var randOps = []specs.LinuxSeccompOperator{
	specs.OpEqualTo, specs.OpNotEqual, specs.OpLessThan, specs.OpLessEqual,
	specs.OpGreaterThan, specs.OpGreaterEqual, specs.OpMaskedEqual,
}

// randValue returns one of the values comparisons are interesting at.
func randValue(rng *rand.Rand) uint64 {
	switch rng.IntN(14) {
	case 0:
		return 0
	case 1:
		return 1
	case 2:
		return uint64(2 + rng.IntN(15))
	case 3:
		return 0xffffffff
	case 4:
		return 0x100000000
	case 5:
		return 1 << 63
	case 6:
		return ^uint64(0)
	case 7:
		return 0x80000000
	case 8:
		return 0x100000000 | uint64(rng.IntN(4))
	case 9:
		return 0xfffffffe
	case 10:
		return uint64(rng.Uint32())
	case 11:
		return uint64(rng.Uint32()) << 32
	case 12:
		return 0xff
	}
	return rng.Uint64()
}

// randErrno returns an errnoRet: nil (EPERM) or a value.
func randErrno(rng *rand.Rand) *uint {
	var v uint
	switch rng.IntN(6) {
	case 0, 1:
		return nil
	case 2:
		v = 1 // EPERM, as nil
	case 3:
		v = 38 // ENOSYS
	case 4:
		v = uint(rng.IntN(3)) // 0 (a successful return), 1, 2
	default:
		v = 4095
	}
	return &v
}

// randProfile generates an OCI profile for one of randHosts that runc
// hands libseccomp: the generator stays inside what runc and seccompc
// both accept for the fields (errnoRet only on ERRNO and TRACE, known
// names and operators), and leaves it to the rules to collide.
func randProfile(rng *rand.Rand) (*specs.LinuxSeccomp, string) {
	total := 0
	for _, h := range randHosts {
		total += h.weight
	}
	pick := rng.IntN(total)
	var h randHost
	for _, h = range randHosts {
		if pick < h.weight {
			break
		}
		pick -= h.weight
	}
	s := &specs.LinuxSeccomp{DefaultAction: randDefaults[rng.IntN(len(randDefaults))]}
	if s.DefaultAction == specs.ActErrno && rng.IntN(3) == 0 {
		s.DefaultErrnoRet = randErrno(rng)
	}
	for _, a := range h.arches {
		if rng.IntN(2) == 0 {
			s.Architectures = append(s.Architectures, a)
		}
	}
	// A small pool of names and of values per profile, so that rules
	// meet on the same syscalls, arguments and datums.
	var pool []string
	for range 2 + rng.IntN(3) {
		src := randPlain
		if rng.IntN(3) == 0 {
			src = randMux
		}
		n := src[rng.IntN(len(src))]
		if !slices.Contains(pool, n) {
			pool = append(pool, n)
		}
	}
	values := make([]uint64, 2+rng.IntN(4))
	for i := range values {
		values[i] = randValue(rng)
	}
	value := func() uint64 {
		if rng.IntN(5) == 0 {
			return randValue(rng)
		}
		return values[rng.IntN(len(values))]
	}
	for range 2 + rng.IntN(11) {
		sc := specs.LinuxSyscall{Names: []string{pool[rng.IntN(len(pool))]}}
		if rng.IntN(6) == 0 {
			if n := pool[rng.IntN(len(pool))]; n != sc.Names[0] {
				sc.Names = append(sc.Names, n)
			}
		}
		sc.Action = randActions[rng.IntN(len(randActions))]
		if sc.Action == specs.ActErrno || sc.Action == specs.ActTrace {
			sc.ErrnoRet = randErrno(rng)
		}
		for range rng.IntN(4) {
			a := specs.LinuxSeccompArg{Op: randOps[rng.IntN(len(randOps))]}
			// Low indexes are more likely, so that rules share arguments.
			a.Index = uint(min(rng.IntN(4), rng.IntN(6)))
			a.Value = value()
			if a.Op == specs.OpMaskedEqual {
				switch rng.IntN(4) {
				case 0:
					a.ValueTwo = a.Value & value() // inside the mask
				case 1:
					a.ValueTwo = value() // maybe with bits outside the mask
				default:
					a.ValueTwo = a.Value & randValue(rng)
				}
			}
			sc.Args = append(sc.Args, a)
		}
		s.Syscalls = append(s.Syscalls, sc)
	}
	return s, h.host
}

// Outcome kinds of one profile.
const (
	outProved       = "proved"                                     // both accept; libseccomp's programs proved equal to seccompc's policy
	outBothRefuse   = "both refuse"                                // libseccomp and seccompc refuse the profile
	outLibRefuses   = "libseccomp refuses, seccompc accepts"       // a disagreement
	outOursRefuses  = "seccompc refuses, libseccomp accepts"       // a disagreement
	outCounter      = "counterexample"                             // a disagreement: libseccomp's program is not seccompc's policy
	outOtherLayout  = "documented: other-layout tree"              // counterexample on an architecture whose argument layout is not the target's, where seccompc warns
	outTooLarge     = "documented: tree too large"                 // counterexample for a syscall whose tree seccompc does not replay, with a warning
	outTooComplex   = "prover: too complex"                        // Prove gave up
	outUnsupported  = "prover: unsupported"                        // Prove cannot model libseccomp's program
	outInternal     = "internal"                                   // an error of the test's own machinery
	outCompileError = "seccompc: lower.Compile or its proof fails" // a disagreement of seccompc with itself
)

// disagreement reports whether an outcome kind fails the test.
func disagreement(kind string) bool {
	switch kind {
	case outLibRefuses, outOursRefuses, outCounter, outInternal, outCompileError, outUnsupported:
		return true
	}
	return false
}

// randOutcome is what became of one profile.
type randOutcome struct {
	kind   string
	detail string // the errors, or the counterexample with both verdicts
	tree   bool   // the outcome was found on the binary-tree form
}

// judgeProfile builds s for a host of architecture host with libseccomp
// (linear, and binary tree when tree is set) and with seccompc (baseline
// none), and decides how they relate.
func judgeProfile(s *specs.LinuxSeccomp, host string, tree bool) randOutcome {
	lin, unknown, lerr := libBuild(s, host, libOptions{})
	if lerr == nil && len(unknown) > 0 {
		return randOutcome{kind: outInternal, detail: "libseccomp does not know " + strings.Join(unknown, ", ")}
	}
	p, ws, oerr := oci.FromSpec(s, oci.Options{Target: host})
	var r *ir.Resolved
	if oerr == nil {
		if p.Baseline, oerr = ir.ParseBaseline("none"); oerr == nil {
			var rws []ir.Warning
			r, rws, oerr = ir.Resolve(p, host)
			ws = append(ws, rws...)
		}
	}
	switch {
	case lerr != nil && oerr != nil:
		return randOutcome{kind: outBothRefuse, detail: fmt.Sprintf("libseccomp: %v\nseccompc: %v", lerr, oerr)}
	case lerr != nil:
		return randOutcome{kind: outLibRefuses, detail: fmt.Sprintf("libseccomp: %v", lerr)}
	case oerr != nil:
		return randOutcome{kind: outOursRefuses, detail: fmt.Sprintf("seccompc: %v", oerr)}
	}
	// seccompc's own program must prove against its policy; that is the
	// other tests' subject, checked here only so that a failure is not
	// blamed on libseccomp.
	prog, err := lower.Compile(r)
	if err == nil {
		_, err = verify.Prove(prog.Insns, r)
	}
	var ve *verify.Error
	if err != nil && !(errors.As(err, &ve) && ve.Code == verify.ErrTooComplex) {
		return randOutcome{kind: outCompileError, detail: err.Error()}
	}
	forms := []struct {
		tree bool
		prog []bpf.RawInstruction
	}{{false, lin}}
	if tree {
		tp, _, err := libBuild(s, host, libOptions{tree: true})
		if err != nil {
			return randOutcome{kind: outInternal, detail: fmt.Sprintf("libseccomp tree form refused what the linear form took: %v", err)}
		}
		forms = append(forms, struct {
			tree bool
			prog []bpf.RawInstruction
		}{true, tp})
	}
	for _, f := range forms {
		_, err := verify.Prove(f.prog, r)
		if err == nil {
			continue
		}
		var ce *verify.Counterexample
		switch {
		case errors.As(err, &ce):
			return randOutcome{kind: classify(ce, r, ws), detail: counterText(ce, r, ws), tree: f.tree}
		case errors.As(err, &ve) && ve.Code == verify.ErrTooComplex:
			return randOutcome{kind: outTooComplex, detail: err.Error(), tree: f.tree}
		case errors.As(err, &ve) && ve.Code == verify.ErrUnsupported:
			return randOutcome{kind: outUnsupported, detail: err.Error(), tree: f.tree}
		}
		return randOutcome{kind: outInternal, detail: err.Error(), tree: f.tree}
	}
	return randOutcome{kind: outProved}
}

// ruleNames returns the profile's syscall names that reach syscall name
// on architecture a: name itself, and for a multiplexer the names it
// multiplexes there.
func ruleNames(name string, a *arch.Info) []string {
	out := []string{name}
	for _, m := range []*arch.Mux{a.Socketcall, a.IPC} {
		if m != nil && m.Name == name {
			for n := range m.Calls {
				out = append(out, n)
			}
		}
	}
	return out
}

// warned reports whether a warning about syscall name (quoted, as
// package oci quotes it) contains phrase.
func warned(ws []ir.Warning, names []string, phrase string) bool {
	for _, w := range ws {
		if !strings.Contains(w.Msg, phrase) {
			continue
		}
		for _, n := range names {
			if strings.Contains(w.Msg, fmt.Sprintf("%q", n)) {
				return true
			}
		}
	}
	return false
}

// classify sorts a counterexample: a documented divergence of package
// oci (see its tree.go and doc.go), announced by a warning for the
// syscall, or a disagreement.
func classify(ce *verify.Counterexample, r *ir.Resolved, ws []ir.Warning) string {
	var sec *ir.ArchPolicy
	for _, ap := range r.Arches {
		if ap.Arch.Name == ce.Arch {
			sec = ap
		}
	}
	if sec == nil || ce.Syscall == "" {
		return outCounter
	}
	names := ruleNames(ce.Syscall, sec.Arch)
	if warned(ws, names, "too large to replay") {
		return outTooLarge
	}
	if sec.Arch.Bits != r.Target.Bits && warned(ws, names, "libseccomp may order the other architectures' trees differently") {
		return outOtherLayout
	}
	return outCounter
}

// counterText describes a counterexample with both verdicts and the
// entries seccompc's policy has for the syscall.
func counterText(ce *verify.Counterexample, r *ir.Resolved, ws []ir.Warning) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v\n", ce)
	got, _ := ir.ActionFromRet(ce.Program)
	fmt.Fprintf(&b, "libseccomp: %v, seccompc's policy: %v\n", got, ce.Policy)
	for _, ap := range r.Arches {
		if ap.Arch.Name != ce.Arch {
			continue
		}
		entries, _ := ap.Entries(ce.Data.Nr)
		for _, e := range entries {
			fmt.Fprintf(&b, "  entry: %+v\n", e)
		}
	}
	for _, w := range ws {
		fmt.Fprintf(&b, "  warning: %s: %s\n", w.Pos, w.Msg)
	}
	return b.String()
}

// cloneSpec deep-copies the parts of a profile minimize changes.
func cloneSpec(s *specs.LinuxSeccomp) *specs.LinuxSeccomp {
	out := *s
	out.Architectures = slices.Clone(s.Architectures)
	out.Syscalls = make([]specs.LinuxSyscall, len(s.Syscalls))
	for i, sc := range s.Syscalls {
		sc.Names = slices.Clone(sc.Names)
		sc.Args = slices.Clone(sc.Args)
		out.Syscalls[i] = sc
	}
	return &out
}

// minimize shrinks s while judge still gives outcome kind want: it drops
// architectures, rules, names and conditions one at a time, and rounds
// values towards simpler ones, until nothing more can go.
func minimize(s *specs.LinuxSeccomp, host string, tree bool, want string) *specs.LinuxSeccomp {
	keeps := func(c *specs.LinuxSeccomp) bool { return judgeProfile(c, host, tree).kind == want }
	for changed := true; changed; {
		changed = false
		try := func(c *specs.LinuxSeccomp) {
			if keeps(c) {
				s, changed = c, true
			}
		}
		for i := len(s.Architectures) - 1; i >= 0; i-- {
			if i < len(s.Architectures) {
				c := cloneSpec(s)
				c.Architectures = slices.Delete(c.Architectures, i, i+1)
				try(c)
			}
		}
		for i := len(s.Syscalls) - 1; i >= 0; i-- {
			if i < len(s.Syscalls) && len(s.Syscalls) > 1 {
				c := cloneSpec(s)
				c.Syscalls = slices.Delete(c.Syscalls, i, i+1)
				try(c)
			}
		}
		for i := range s.Syscalls {
			for j := len(s.Syscalls[i].Names) - 1; j >= 0; j-- {
				if j < len(s.Syscalls[i].Names) && len(s.Syscalls[i].Names) > 1 {
					c := cloneSpec(s)
					c.Syscalls[i].Names = slices.Delete(c.Syscalls[i].Names, j, j+1)
					try(c)
				}
			}
			for j := len(s.Syscalls[i].Args) - 1; j >= 0; j-- {
				if j < len(s.Syscalls[i].Args) {
					c := cloneSpec(s)
					c.Syscalls[i].Args = slices.Delete(c.Syscalls[i].Args, j, j+1)
					try(c)
				}
			}
			if s.Syscalls[i].ErrnoRet != nil {
				c := cloneSpec(s)
				c.Syscalls[i].ErrnoRet = nil
				try(c)
			}
		}
		if s.DefaultErrnoRet != nil {
			c := cloneSpec(s)
			c.DefaultErrnoRet = nil
			try(c)
		}
	}
	return s
}

// TestLibseccompRandomProfiles is a differential test of the OCI front
// end (ir/oci) against libseccomp itself on random profiles
// (randProfile: 2 to 12 rules on a few syscall names, multiplexed socket
// and ipc calls among them, every operator, repeated argument indexes,
// values at the 32-bit boundaries, for x86_64, x86, aarch64 and arm
// hosts). For each profile, libseccomp builds the filter as runc does
// (libBuild; linear, and for a third of them also the binary tree), and
// seccompc translates the same profile (oci.FromSpec, ir.Resolve with
// baseline none). Then:
//
//   - when libseccomp refuses the profile, seccompc must refuse it too;
//     when libseccomp accepts it, seccompc must accept it;
//   - verify.Prove must show libseccomp's own program equal to
//     seccompc's policy for every input. A counterexample is a
//     disagreement unless it is one of package oci's documented
//     divergences, announced by its warning for that syscall: the tree of
//     an architecture whose argument layout is not the target's, and a
//     tree too large to replay. Those are counted.
//
// A disagreement is shrunk (minimize) and reported with the minimal
// profile as JSON, both verdicts and the input.
func TestLibseccompRandomProfiles(t *testing.T) {
	n := *libRandomN
	if testing.Short() {
		n /= 4
	}
	rng := rand.New(rand.NewPCG(*libRandomSeed, 0x5eccc0))
	counts := map[string]int{}
	trees := 0
	type failure struct {
		i    int
		host string
		spec *specs.LinuxSeccomp
		out  randOutcome
	}
	var fails []failure
	for i := range n {
		s, host := randProfile(rng)
		tree := rng.IntN(3) == 0
		if tree {
			trees++
		}
		out := judgeProfile(s, host, tree)
		counts[out.kind]++
		if disagreement(out.kind) {
			fails = append(fails, failure{i, host, s, out})
		}
	}
	kinds := make([]string, 0, len(counts))
	for k := range counts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var summary strings.Builder
	for _, k := range kinds {
		fmt.Fprintf(&summary, "; %s: %d", k, counts[k])
	}
	t.Logf("%d random profiles (seed %d, %d also as binary tree)%s", n, *libRandomSeed, trees, summary.String())
	if counts[outProved] < n/2 {
		t.Errorf("only %d of %d profiles proved: the generator makes too few profiles both accept", counts[outProved], n)
	}

	// Shrink and report the first few disagreements of each kind.
	const perKind = 3
	shown := map[string]int{}
	for _, f := range fails {
		shown[f.out.kind]++
		if shown[f.out.kind] > perKind {
			continue
		}
		min := minimize(cloneSpec(f.spec), f.host, f.out.tree, f.out.kind)
		mo := judgeProfile(min, f.host, f.out.tree)
		js, _ := json.MarshalIndent(min, "", "  ")
		form := "linear"
		if f.out.tree {
			form = "tree"
		}
		t.Errorf("profile %d (host %s, libseccomp %s): %s; minimal profile:\n%s\n%s", f.i, f.host, form, f.out.kind, js, mo.detail)
	}
	for k, c := range shown {
		if c > perKind {
			t.Errorf("%d more profiles with %s", c-perKind, k)
		}
	}
}
