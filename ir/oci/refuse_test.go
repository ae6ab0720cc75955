package oci

import (
	"errors"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/opencontainers/runtime-spec/specs-go"

	"github.com/seccompc/seccompc/ir"
)

// TestRefuseAsRunc checks the profiles runc refuses to load (libseccomp
// 2.5 returns EEXIST, or never returns, adding one of their rules)
// where seccompc can still give libseccomp's meaning: by default they
// compile with an ir.WarnRuncRefuses warning and the verdicts of the
// rules libseccomp keeps; with RefuseAsRunc they are errors naming the
// rule. Each row was checked against libseccomp 2.5.4 (the differential
// test in test/libseccomp finds such profiles).
func TestRefuseAsRunc(t *testing.T) {
	trap := ir.Action{Kind: ir.ActTrap}
	tests := []struct {
		name    string
		target  string
		profile string
		syscall string  // "" is personality
		probes  []probe // verdicts for syscall without RefuseAsRunc
		errText []string
	}{
		{
			// Two leaves on one node with different actions: EEXIST on the
			// second rule, though the third decides every argument.
			name:    "identical conditions before an unconditional rule",
			profile: profile("ERRNO", "TRACE a1 < 255", "ALLOW a1 < 255", "TRAP"),
			probes:  []probe{{[]uint64{0, 1}, trap}, {[]uint64{0, 300}, trap}},
			errText: []string{`syscalls[1] ("personality")`, "EEXIST"},
		},
		{
			// The shorter rule stops where the longer one goes on.
			name:    "longer rule, then its prefix, then an unconditional rule",
			profile: profile("KILL", "ERRNO/5 a0 == 1 a1 == 2", "ALLOW a0 == 1", "KILL_PROCESS"),
			probes:  []probe{{[]uint64{1, 2}, ir.KillProcess}, {[]uint64{1, 3}, ir.KillProcess}},
			errText: []string{`syscalls[1] ("personality")`, "EEXIST"},
		},
		{
			// Only the 32-bit layout's tree collides: a0 > 5 and
			// a0 > 0x100000005 have one low-word node there.
			name: "collision in the 32-bit layout only", target: "x86",
			profile: profile("KILL", "ERRNO/5 a0 > 5", "ALLOW a0 > 4294967301", "LOG"),
			probes:  []probe{{[]uint64{6}, ir.Log}},
			errText: []string{`syscalls[1] ("personality")`, "EEXIST"},
		},
		{
			name:    "a rule libseccomp loops on, before an unconditional rule",
			profile: profile("ERRNO", "TRAP a1 < 9223372036854775808 a0 != 5", "ALLOW a1 <= 7 a0 != 5", "LOG"),
			probes:  []probe{{[]uint64{0, 0}, ir.Log}},
			errText: []string{`syscalls[1] ("personality")`, "loops forever"},
		},
		{
			// On a 32-bit architecture both rules compare the low word
			// of a0 with 0 (the datum cut to 32 bits): they never hold,
			// but meet on one node with different actions.
			name: "rules that never hold together, one node in the 32-bit layout", target: "arm",
			profile: profile("KILL", "ERRNO/5 a0 < 9223372036854775808", "ALLOW a0 < 9223372036854775808"),
			errText: []string{`syscalls[1] ("personality")`, "EEXIST"},
		},
		{
			// On x86, socket is also socketcall with a0 == 1: the rule
			// without conditions becomes a0 == 1 there, and the next
			// one, its a0 == 2 replaced by a0 == 1, collides with it.
			name:    "socket through socketcall on x86, unconditional first",
			profile: `{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86"],"syscalls":[{"names":["socket"],"action":"SCMP_ACT_ALLOW"},{"names":["socket"],"action":"SCMP_ACT_TRAP","args":[{"index":0,"value":2,"op":"SCMP_CMP_EQ"}]}]}`,
			syscall: "socket", probes: []probe{{[]uint64{2}, ir.Allow}},
			errText: []string{`syscalls[1] ("socket")`, "x86", "socketcall", "a0 == 1", "EEXIST"},
		},
		{
			name:    "socket rules disjoint on a0 collide through socketcall",
			profile: `{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86"],"syscalls":[{"names":["socket"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":2,"op":"SCMP_CMP_EQ"}]},{"names":["socket"],"action":"SCMP_ACT_TRAP","args":[{"index":0,"value":10,"op":"SCMP_CMP_EQ"}]}]}`,
			syscall: "socket", probes: []probe{{[]uint64{2}, ir.Allow}, {[]uint64{10}, trap}},
			errText: []string{`syscalls[1] ("socket")`, "EEXIST"},
		},
		{
			name: "semop through ipc, x86 target", target: "x86",
			profile: `{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["semop"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":1,"op":"SCMP_CMP_EQ"}]},{"names":["semop"],"action":"SCMP_ACT_TRAP","args":[{"index":0,"value":2,"op":"SCMP_CMP_EQ"}]}]}`,
			syscall: "semop", probes: []probe{{[]uint64{1}, ir.Allow}, {[]uint64{2}, trap}},
			errText: []string{`syscalls[1] ("semop")`, "ipc", "EEXIST"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := tt.target
			if target == "" {
				target = "x86_64"
			}
			p, ws, err := Parse([]byte(tt.profile), Options{Target: target})
			if err != nil {
				t.Fatalf("without RefuseAsRunc: %v", err)
			}
			var refused *ir.Warning
			for i := range ws {
				if ws[i].Kind == ir.WarnRuncRefuses {
					refused = &ws[i]
				}
			}
			if refused == nil {
				t.Errorf("no %v warning in %v", ir.WarnRuncRefuses, ws)
			} else {
				for _, sub := range tt.errText {
					if !strings.Contains(refused.Pos+": "+refused.Msg, sub) {
						t.Errorf("warning %s: %s lacks %q", refused.Pos, refused.Msg, sub)
					}
				}
			}
			name := tt.syscall
			if name == "" {
				name = "personality"
			}
			for _, pr := range tt.probes {
				if got := verdict(p, name, pr.args...); got != pr.want {
					t.Errorf("%s%v = %v, want %v", name, pr.args, got, pr.want)
				}
			}

			_, _, err = Parse([]byte(tt.profile), Options{Target: target, RefuseAsRunc: true})
			if err == nil {
				t.Fatal("with RefuseAsRunc: no error")
			}
			var e *ir.Error
			if !errors.As(err, &e) || e.Code != ir.ErrAction {
				t.Errorf("error %v (%T), want an *ir.Error with code %v", err, err, ir.ErrAction)
			}
			for _, sub := range tt.errText {
				if !strings.Contains(err.Error(), sub) {
					t.Errorf("error %q lacks %q", err, sub)
				}
			}
		})
	}
}

// TestRefuseAsRuncAccepts checks that RefuseAsRunc refuses nothing that
// libseccomp takes: rules before an unconditional one that libseccomp
// merges without complaint, and rules after it (which libseccomp
// ignores without an error).
func TestRefuseAsRuncAccepts(t *testing.T) {
	for _, prof := range []string{
		profile("ERRNO", "ALLOW a0 == 1", "ALLOW a0 == 1", "TRAP"),
		profile("ERRNO", "ALLOW a0 == 1", "TRACE a0 == 2", "TRAP"),
		profile("ERRNO", "TRAP", "ALLOW a1 < 255", "TRACE a1 < 255"),
		profile("ERRNO", "TRACE a1 < 255", "TRAP"),
		// Through socketcall the rules stay apart on a1.
		`{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86"],"syscalls":[{"names":["socket"],"action":"SCMP_ACT_ALLOW","args":[{"index":1,"value":1,"op":"SCMP_CMP_EQ"}]},{"names":["socket"],"action":"SCMP_ACT_TRAP","args":[{"index":1,"value":2,"op":"SCMP_CMP_EQ"}]}]}`,
		// No architecture with socketcall: the first rule decides.
		`{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["socket"],"action":"SCMP_ACT_ALLOW"},{"names":["socket"],"action":"SCMP_ACT_TRAP","args":[{"index":0,"value":2,"op":"SCMP_CMP_EQ"}]}]}`,
	} {
		_, ws, err := Parse([]byte(prof), Options{Target: "x86_64", RefuseAsRunc: true})
		if err != nil {
			t.Errorf("%s: %v", prof, err)
		}
		for _, w := range ws {
			if w.Kind == ir.WarnRuncRefuses {
				t.Errorf("%s: warning %s: %s", prof, w.Pos, w.Msg)
			}
		}
	}
}

// TestRefusalReplayBounded checks that the replays that look only for
// a refusal (rules before an unconditional one, rules through a
// multiplexer) are bounded like the replay of rules that never hold
// together: a syscall with more than maxRefusalReplay rules is not
// judged (n counts them all, the unconditional one too). Each replay costs time quadratic in the rules (a level of
// libseccomp's tree is a list); unbounded, 40,000 rules of personality
// with six conditions each took 25 s, of socket on x86 54 s. The rules
// collide at the end, so that a replay of them all finds the refusal.
func TestRefusalReplayBounded(t *testing.T) {
	mk := func(name string, n int) string {
		var b strings.Builder
		fmt.Fprintf(&b, `{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_X86"],"syscalls":[`)
		for i := range n - 2 {
			fmt.Fprintf(&b, `{"names":[%q],"action":"SCMP_ACT_%s","args":[{"index":1,"value":%d,"op":"SCMP_CMP_EQ"}]},`, name, []string{"ALLOW", "TRAP"}[i%2], i+1)
		}
		fmt.Fprintf(&b, `{"names":[%q],"action":"SCMP_ACT_LOG","args":[{"index":1,"value":1,"op":"SCMP_CMP_EQ"}]},`, name)
		fmt.Fprintf(&b, `{"names":[%q],"action":"SCMP_ACT_KILL"}]}`, name)
		return b.String()
	}
	for _, name := range []string{"personality", "socket"} {
		for _, n := range []int{maxRefusalReplay, maxRefusalReplay + 1} {
			_, _, err := Parse([]byte(mk(name, n)), Options{Target: "x86_64", RefuseAsRunc: true})
			if judged := err != nil; judged != (n <= maxRefusalReplay) {
				t.Errorf("%s, %d rules: error %v, want one: %v", name, n, err, n <= maxRefusalReplay)
			}
			// A syscall not judged is said so, never passed over in
			// silence: the caller cannot rely on RefuseAsRunc there.
			if n > maxRefusalReplay {
				_, ws, err := Parse([]byte(mk(name, n)), Options{Target: "x86_64", RefuseAsRunc: true})
				if err != nil {
					t.Fatalf("%s, %d rules: %v", name, n, err)
				}
				var unchecked []ir.Warning
				for _, w := range ws {
					if w.Kind == ir.WarnRuncUnchecked {
						unchecked = append(unchecked, w)
					}
				}
				if len(unchecked) != 1 || !slices.Equal(unchecked[0].Syscalls, []string{name}) ||
					!strings.Contains(unchecked[0].Msg, fmt.Sprint(n)) || !strings.Contains(unchecked[0].Pos, "syscalls[0]") {
					t.Errorf("%s, %d rules: want one %v warning naming the syscall, the count and the first rule, got %v", name, n, ir.WarnRuncUnchecked, unchecked)
				}
			}
		}
	}
	// Rules libseccomp never refuses (one action, each with conditions,
	// no multiplexer) get no such warning, however many.
	var b strings.Builder
	b.WriteString(`{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64"],"syscalls":[`)
	for i := range maxRefusalReplay + 10 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"names":["personality"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":%d,"op":"SCMP_CMP_EQ"}]}`, i)
	}
	b.WriteString(`]}`)
	_, ws, err := Parse([]byte(b.String()), Options{Target: "x86_64", RefuseAsRunc: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		if w.Kind == ir.WarnRuncUnchecked {
			t.Errorf("one action, all conditional: %v", w)
		}
	}
}

// TestMuxOneActionArg0 checks refusedMux's shortcut: rules of one
// action whose conditions compare only a0 are never refused in the
// multiplexer's tree, where each becomes a0 == the call's code. The
// full replay (replayMux) of random such rules of socket and semop,
// through x86's and s390x's multiplexers, finds no refusal; with a
// second action it finds one, and so does refusedMux.
func TestMuxOneActionArg0(t *testing.T) {
	c := &converter{opts: Options{Target: "x86_64"}}
	if err := c.arches(&ir.Policy{}, []specs.Arch{"SCMP_ARCH_X86", "SCMP_ARCH_S390X"}); err != nil {
		t.Fatal(err)
	}
	rnd := rand.New(rand.NewSource(1))
	cmps := []ir.Cmp{ir.CmpEq, ir.CmpNe, ir.CmpLt, ir.CmpLe, ir.CmpGt, ir.CmpGe}
	a0 := func() *ir.Expr {
		v := uint64(rnd.Intn(4))
		if rnd.Intn(4) == 0 {
			v |= 1 << 32
		}
		if rnd.Intn(5) == 0 {
			return ir.Masked(0, v|1, v, true)
		}
		return ir.Compare(0, cmps[rnd.Intn(len(cmps))], v)
	}
	for iter := range 2000 {
		name := []string{"socket", "semop"}[iter%2]
		n := 2 + rnd.Intn(12)
		rules := make([]ir.Rule, n)
		for i := range rules {
			rules[i] = ir.Rule{Syscall: name, Action: ir.Allow, Pos: fmt.Sprint("rule ", i)}
			switch rnd.Intn(4) {
			case 0:
			case 1:
				rules[i].Cond = ir.And(a0(), a0())
			default:
				rules[i].Cond = a0()
			}
		}
		idx := idxAll(n)
		if !oneAction(rules, idx) || !onlyArg0(rules, idx) {
			t.Fatalf("%s: the rules do not take the shortcut", name)
		}
		if err := replayMux(rules, idx, c.widths); err != nil {
			t.Fatalf("%s, rules %v: refused: %v", name, rules, err)
		}
		// A second action is refused where two rules meet (when every
		// rule compares a0 at most once, so that the replay judges them).
		for i := range rules {
			if rules[i].Cond != nil && rules[i].Cond.Op == ir.OpAnd {
				rules[i].Cond = rules[i].Cond.Sub[0]
			}
		}
		rules[n-1].Cond, rules[n-1].Action = nil, ir.Errno(1)
		if replayMux(rules, idx, c.widths) == nil || refusedMux(rules, idx, c.widths) == nil {
			t.Fatalf("%s, rules %v: two actions are not refused", name, rules)
		}
	}
}
