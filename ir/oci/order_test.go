package oci

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/tables"
)

// profile builds a LinuxSeccomp JSON document for one syscall's rules,
// each written as `ACTION[/ERRNO] [a<i> <op> <value>]...`, such as
// "ALLOW a0 == 1 a1 > 2" or "ERRNO/5".
func profile(def string, rules ...string) string {
	ops := map[string]string{"==": "SCMP_CMP_EQ", "!=": "SCMP_CMP_NE", "<": "SCMP_CMP_LT", "<=": "SCMP_CMP_LE", ">": "SCMP_CMP_GT", ">=": "SCMP_CMP_GE", "&0": "SCMP_CMP_MASKED_EQ"}
	var b strings.Builder
	fmt.Fprintf(&b, `{"defaultAction": "SCMP_ACT_%s", "syscalls": [`, def)
	for i, r := range rules {
		f := strings.Fields(r)
		act, errno, hasErrno := strings.Cut(f[0], "/")
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"names": ["personality"], "action": "SCMP_ACT_%s"`, act)
		if hasErrno {
			fmt.Fprintf(&b, `, "errnoRet": %s`, errno)
		}
		b.WriteString(`, "args": [`)
		for k := 1; k+2 < len(f); k += 3 {
			if k > 1 {
				b.WriteString(",")
			}
			// "&0" takes the mask as value and 0 as valueTwo.
			fmt.Fprintf(&b, `{"index": %s, "op": %q, "value": %s}`, f[k][1:], ops[f[k+1]], f[k+2])
		}
		b.WriteString("]}")
	}
	b.WriteString("]}")
	return b.String()
}

func TestProfileHelper(t *testing.T) {
	got := profile("KILL", "ERRNO/5 a0 == 1 a2 > 3")
	want := `{"defaultAction": "SCMP_ACT_KILL", "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ERRNO", "errnoRet": 5, "args": [{"index": 0, "op": "SCMP_CMP_EQ", "value": 1},{"index": 2, "op": "SCMP_CMP_GT", "value": 3}]}]}`
	if got != want {
		t.Errorf("profile:\n%s\nwant\n%s", got, want)
	}
}

type probe struct {
	args []uint64
	want ir.Action
}

func TestLibseccompOrder(t *testing.T) {
	allow, errno5, errno3, kill, killp := ir.Allow, ir.Errno(5), ir.Errno(3), ir.KillThread, ir.KillProcess
	tests := []struct {
		name    string
		target  string
		def     string
		rules   []string
		nrules  int      // rules after the rewrite; -1 to skip
		warn    []string // substrings of one warning
		probes  []probe
		errText string
	}{
		{
			name: "first unconditional wins", def: "KILL",
			rules:  []string{"ALLOW a0 == 8", "ERRNO/5", "KILL_PROCESS", "LOG a0 == 9"},
			nrules: 1, warn: []string{`syscalls[0] ("personality"): rule dropped`, `syscalls[1] ("personality") decides "personality" (errno(5))`},
			probes: []probe{{[]uint64{8}, errno5}, {[]uint64{9}, errno5}, {[]uint64{0}, errno5}},
		},
		{
			name: "unconditional after conditional", def: "ERRNO",
			rules:  []string{"KILL_PROCESS a0 == 1", "ALLOW"},
			nrules: 1, probes: []probe{{[]uint64{1}, allow}},
		},
		{
			name: "mask 0 is unconditional", def: "KILL",
			rules:  []string{"ERRNO/3 a0 == 1", "ALLOW a1 &0 0"},
			nrules: 1, probes: []probe{{[]uint64{1}, allow}, {[]uint64{2}, allow}},
		},
		{
			name: "same action ORed", def: "KILL",
			rules:  []string{"ALLOW a0 == 1", "ALLOW a0 == 1 a1 == 2", "ALLOW a1 > 5"},
			nrules: 3, probes: []probe{{[]uint64{1, 0}, allow}, {[]uint64{0, 6}, allow}, {[]uint64{0, 5}, kill}},
		},
		{
			// podman's socket rules: the actions differ but no arguments
			// match two of them.
			name: "disjoint actions kept", def: "ERRNO",
			rules:  []string{"ERRNO/22 a0 == 16 a2 == 9", "ALLOW a2 != 9", "ALLOW a0 != 16"},
			nrules: 3, probes: []probe{{[]uint64{16, 0, 9}, ir.Errno(22)}, {[]uint64{16, 0, 8}, allow}, {[]uint64{15, 0, 9}, allow}},
		},
		{
			name: "prefix rule first drops the longer one", def: "KILL",
			rules:  []string{"ALLOW a0 == 1", "ERRNO/5 a0 == 1 a1 == 2"},
			nrules: -1, warn: []string{"never reaches", `syscalls[1] ("personality")`},
			probes: []probe{{[]uint64{1, 2}, allow}, {[]uint64{1, 3}, allow}, {[]uint64{2, 2}, kill}},
		},
		{
			name: "longer rule first is refused", def: "KILL",
			rules:   []string{"ERRNO/5 a0 == 1 a1 == 2", "ALLOW a0 == 1"},
			errText: `syscalls[1] ("personality"): invalid action: libseccomp refuses this rule (EEXIST)`,
		},
		{
			// Siblings are sorted with the higher argument first, so the
			// a1 rule wins where both hold, though ERRNO is more
			// restrictive.
			name: "higher argument first", def: "KILL",
			rules:  []string{"ERRNO/5 a0 == 1", "ALLOW a1 == 2"},
			probes: []probe{{[]uint64{1, 2}, allow}, {[]uint64{1, 3}, errno5}, {[]uint64{0, 2}, allow}, {[]uint64{0, 0}, kill}},
			nrules: -1, warn: []string{"rewritten to give libseccomp's verdicts"},
		},
		{
			name: "higher argument first, other order", def: "KILL",
			rules:  []string{"ALLOW a1 == 2", "ERRNO/5 a0 == 1"},
			probes: []probe{{[]uint64{1, 2}, allow}, {[]uint64{1, 3}, errno5}, {[]uint64{0, 2}, allow}},
			nrules: -1,
		},
		{
			// != against ==: the low-word siblings are sorted by datum,
			// larger first, and the != rule's false branch decides.
			name: "ne before smaller eq", def: "ERRNO",
			rules:  []string{"ALLOW a0 != 1", "KILL_PROCESS a0 == 0"},
			probes: []probe{{[]uint64{0}, allow}, {[]uint64{1}, ir.Errno(1)}, {[]uint64{5}, allow}, {[]uint64{1 << 32}, allow}},
			nrules: -1, warn: []string{"never reaches"},
		},
		{
			name: "larger eq before ne", def: "ERRNO",
			rules:  []string{"ALLOW a0 != 1", "KILL_PROCESS a0 == 2"},
			probes: []probe{{[]uint64{2}, killp}, {[]uint64{0}, allow}, {[]uint64{1}, ir.Errno(1)}},
			nrules: -1,
		},
		{
			// Two > rules: the high-word node takes the action of the
			// larger bound, the low-word nodes are tried larger bound
			// first, so the ALLOW rule wins above 10.
			name: "greater than, 64-bit", def: "KILL",
			rules:  []string{"ERRNO/3 a0 > 5", "ALLOW a0 > 10"},
			probes: []probe{{[]uint64{7}, errno3}, {[]uint64{11}, allow}, {[]uint64{1 << 32}, allow}, {[]uint64{5}, kill}},
			nrules: -1,
		},
		{
			name: "greater than, 32-bit", target: "x86", def: "KILL",
			rules:  []string{"ERRNO/3 a0 > 5", "ALLOW a0 > 10"},
			probes: []probe{{[]uint64{7}, errno3}, {[]uint64{11}, allow}, {[]uint64{3}, kill}},
			nrules: -1,
		},
		{
			name: "identical conditions refused", def: "KILL",
			rules:   []string{"ALLOW a0 == 1 a1 < 3", "ERRNO/5 a0 == 1 a1 < 3"},
			errText: "EEXIST",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := tt.target
			if target == "" {
				target = "x86_64"
			}
			p, ws, err := Parse([]byte(profile(tt.def, tt.rules...)), Options{Target: target})
			if tt.errText != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("error %v, want %q", err, tt.errText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.nrules >= 0 && len(p.Rules) != tt.nrules {
				t.Errorf("%d rules, want %d: %v", len(p.Rules), tt.nrules, p.Rules)
			}
			if tt.warn != nil && !hasWarning(ws, tt.warn...) {
				t.Errorf("no warning with %q in %v", tt.warn, ws)
			}
			for _, pr := range tt.probes {
				if got := verdict(p, "personality", pr.args...); got != pr.want {
					t.Errorf("personality%v = %v, want %v; rules %v", pr.args, got, pr.want, p.Rules)
				}
			}
		})
	}
}

// TestResolvedVerdicts runs a rewritten policy through ir.Resolve, so
// that the word-level conditions are checked with the compiler's own
// semantics on a 64-bit and a 32-bit architecture.
func TestResolvedVerdicts(t *testing.T) {
	p, _, err := Parse([]byte(profile("KILL", "ERRNO/3 a0 > 5", "ALLOW a0 > 10", "LOG a1 != 4")), Options{Target: "x86_64"})
	if err != nil {
		t.Fatal(err)
	}
	res, _, err := ir.Resolve(p, "x86_64")
	if err != nil {
		t.Fatal(err)
	}
	info, err := arch.Lookup("x86_64")
	if err != nil {
		t.Fatal(err)
	}
	tab, err := tables.ForArch(info.Table)
	if err != nil {
		t.Fatal(err)
	}
	sc, ok := tab.ByName("personality")
	if !ok {
		t.Fatal("no personality on x86_64")
	}
	for _, pr := range []probe{
		{[]uint64{7, 4}, ir.Errno(3)},
		{[]uint64{11, 4}, ir.Allow},
		{[]uint64{1<<32 | 3, 4}, ir.Allow},
		{[]uint64{3, 4}, ir.KillThread},
	} {
		d := ir.Data{Arch: info.Audit, Nr: sc.Nr}
		copy(d.Args[:], pr.args)
		if got := res.Eval(d); got != pr.want {
			t.Errorf("personality%v = %v, want %v", pr.args, got, pr.want)
		}
	}
}

// evalPaths is the reference semantics of a replayed tree: the action of
// the first path whose node outcomes all hold.
func evalPaths(ps []path, wide bool, args *[ir.MaxArgs]uint64) *leaf {
	for _, p := range ps {
		ok := true
		for _, l := range p.lits {
			a := args[l.n.arg]
			w := uint32(a)
			if wide && l.n.hi {
				w = uint32(a >> 32)
			}
			var holds bool
			switch l.n.op {
			case ir.CmpEq, ir.CmpMaskedEq:
				holds = w&l.n.mask == l.n.datum
			case ir.CmpGt:
				holds = w > l.n.datum
			case ir.CmpGe:
				holds = w >= l.n.datum
			}
			if holds != l.val {
				ok = false
				break
			}
		}
		if ok {
			return p.act
		}
	}
	return nil
}

// TestTreeRandom checks, on random rule sets, that (1) the rewritten
// rules give the verdicts of the replayed tree, and (2) the tree's
// verdict is always the action of a rule that holds, or the default.
func TestTreeRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	vals := []uint64{0, 1, 2, 3, 1 << 32, 1<<32 | 2}
	cmps := []ir.Cmp{ir.CmpEq, ir.CmpNe, ir.CmpLt, ir.CmpLe, ir.CmpGt, ir.CmpGe, ir.CmpMaskedEq}
	acts := []ir.Action{ir.Allow, ir.Errno(2), ir.Log, ir.KillProcess}
	checked := 0
	for iter := 0; iter < 400; iter++ {
		wide := iter%4 != 0
		n := 2 + rng.IntN(3)
		var rules []ir.Rule
		for i := 0; i < n; i++ {
			var cs []*ir.Expr
			for arg := 0; arg < 2; arg++ {
				if rng.IntN(3) == 0 {
					continue
				}
				c := cmps[rng.IntN(len(cmps))]
				v := vals[rng.IntN(len(vals))]
				if c == ir.CmpMaskedEq {
					m := []uint64{1, 3, 1 << 32, 0xffffffff}[rng.IntN(4)]
					cs = append(cs, ir.Masked(arg, m, v&m, true))
				} else {
					cs = append(cs, ir.Compare(arg, c, v))
				}
			}
			if len(cs) == 0 {
				cs = append(cs, ir.Compare(0, ir.CmpGe, 1))
			}
			rules = append(rules, ir.Rule{Syscall: "x", Cond: ir.And(cs...), Action: acts[rng.IntN(len(acts))], Pos: fmt.Sprintf("r%d", i)})
		}
		w := widths{target32: !wide, has32: !wide, has64: wide}
		conds := make([][]*ir.Expr, len(rules))
		for i := range rules {
			conds[i], _ = atoms(rules[i].Cond)
		}
		root, uncond, rerr := replay(rules, conds, wide)
		if rerr != nil || uncond >= 0 {
			continue // refused by libseccomp, or unconditional in 32 bits
		}
		ps, ok := paths(root)
		if !ok {
			continue
		}
		out, _, err := libseccompTree(rules, w)
		if err != nil {
			t.Fatalf("libseccompTree: %v", err)
		}
		pol := &ir.Policy{Default: ir.Errno(99), Rules: out}
		if err := pol.Validate(); err != nil {
			t.Fatalf("rewritten rules invalid: %v", err)
		}
		checked++
		probeVals := append([]uint64{4, 0xffffffff, 1<<32 | 1, 1<<32 | 3, 5 << 32}, vals...)
		for _, a0 := range probeVals {
			for _, a1 := range probeVals {
				args := [ir.MaxArgs]uint64{a0, a1}
				if !wide {
					args[0], args[1] = uint64(uint32(a0)), uint64(uint32(a1))
				}
				want := pol.Default
				if l := evalPaths(ps, wide, &args); l != nil {
					want = l.act
				}
				if wide && want != pol.Default && !sharedSubtrees(rules, idxAll(len(rules))) {
					// (2) some rule with that action holds.
					held := false
					for _, r := range rules {
						held = held || r.Action == want && r.Cond.Holds(&args)
					}
					if !held {
						t.Fatalf("tree verdict %v for %v but no rule with it holds; rules %v", want, args[:2], rules)
					}
				}
				if got := verdict(pol, "x", args[:2]...); got != want {
					t.Fatalf("wide=%v args %v: rewritten %v, tree %v\nrules %v\nrewritten %v", wide, args[:2], got, want, rules, out)
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d rule sets checked", checked)
	}
}

func idxAll(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// TestSharedSubtrees pins the libseccomp behaviour that makes
// sharedSubtrees necessary: after "a0 != 1 && a1 > X" and
// "a0 != 3 && a1 < 1", the a1 nodes of both rules hang from both rules'
// a0 nodes, so a0 = 1 (the first rule fails) reaches its action.
func TestSharedSubtrees(t *testing.T) {
	p, ws := mustParse(t, profile("KILL", "ERRNO/2 a0 != 1 a1 > 4294967298", "LOG a0 != 3 a1 < 1"), Options{})
	if !hasWarning(ws, "share parts of libseccomp's tree") {
		t.Errorf("warnings %v", ws)
	}
	for _, pr := range []probe{
		{[]uint64{1, 1<<32 | 3}, ir.Errno(2)}, // the first rule does not hold
		{[]uint64{2, 1<<32 | 3}, ir.Errno(2)},
		{[]uint64{1, 0}, ir.Log},
		{[]uint64{3, 0}, ir.Log}, // nor does the second
		{[]uint64{1, 5}, ir.KillThread},
		{[]uint64{3, 5}, ir.KillThread},
	} {
		if got := verdict(p, "personality", pr.args...); got != pr.want {
			t.Errorf("personality%v = %v, want %v; rules %v", pr.args, got, pr.want, p.Rules)
		}
	}
	// In the 32-bit layout there is no shared subtree.
	p32, _ := mustParse(t, profile("KILL", "ERRNO/2 a0 != 1 a1 > 2", "LOG a0 != 3 a1 < 1"), Options{Target: "x86"})
	if got := verdict(p32, "personality", 1, 3); got != ir.KillThread {
		t.Errorf("x86: personality(1, 3) = %v, want kill_thread", got)
	}
}
