package oci

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/opencontainers/runtime-spec/specs-go"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/internal/sysid"
	"github.com/seccompc/seccompc/ir"
)

// TestTableNamesPlain checks what checkNames and positions take for
// granted of a name of the tables (a sysid): checkNames refuses none of
// them, and quote.Append quotes each as it is, without escapes or cuts.
func TestTableNamesPlain(t *testing.T) {
	if sysid.Len == 0 {
		t.Fatal("no table names")
	}
	for id := range sysid.Len {
		n := sysid.Name(id)
		if n == "" || hasSpace(n) {
			t.Errorf("id %d: name %q is empty or has space", id, n)
		}
		if got, want := string(quote.Append(nil, n)), `"`+n+`"`; got != want {
			t.Errorf("id %d: quote.Append(%q) = %s, want %s", id, n, got, want)
		}
	}
}

// TestOtherNamesGrouped checks that names of no table (grouped in
// ruleGroups' hash table, quoted by quote.Append in positions) are
// translated as names of the tables are (grouped by sysid): random
// profiles over 80 syscalls (more than the table's first 64 slots
// hold), translated as they are and with every name renamed out of the
// tables, give the same rules, warnings and positions up to the names.
func TestOtherNamesGrouped(t *testing.T) {
	x86, err := arch.Lookup("x86")
	if err != nil {
		t.Fatal(err)
	}
	var pool []string
	for id := 0; id < sysid.Len && len(pool) < 80; id++ {
		n := sysid.Name(id)
		if _, _, mux := x86.MuxCall(n); !mux && n != "write" { // write: a notify warning by name
			pool = append(pool, n)
		}
	}
	rename := func(n string) string { return n + `_x"` }
	acts := []specs.LinuxSeccompAction{specs.ActAllow, specs.ActAllow, specs.ActErrno, specs.ActTrap, specs.ActLog, specs.ActKillProcess}
	rnd := rand.New(rand.NewSource(1))
	errs, rules, warns := 0, 0, 0
	for round := range 30 {
		s := &specs.LinuxSeccomp{DefaultAction: specs.ActKillProcess,
			Architectures: []specs.Arch{specs.ArchX86_64, specs.ArchX86, specs.ArchX32}}
		for range 40 {
			var r specs.LinuxSyscall
			for range 1 + rnd.Intn(30) {
				r.Names = append(r.Names, pool[rnd.Intn(len(pool))])
			}
			r.Action = acts[rnd.Intn(len(acts))]
			// Conditional rules of one action (libseccomp refuses some
			// mixes).
			for range rnd.Intn(3) {
				r.Args = append(r.Args, specs.LinuxSeccompArg{Index: uint(rnd.Intn(2)), Value: uint64(rnd.Intn(3)), Op: specs.OpEqualTo})
				r.Action = specs.ActAllow
			}
			s.Syscalls = append(s.Syscalls, r)
		}
		other := *s
		other.Syscalls = nil
		for _, r := range s.Syscalls {
			o := r
			o.Names = nil
			for _, n := range r.Names {
				o.Names = append(o.Names, rename(n))
			}
			other.Syscalls = append(other.Syscalls, o)
		}
		opts := Options{Filename: "p.json", Target: "x86_64"}
		want, wws, werr := FromSpec(s, opts)
		got, gws, gerr := FromSpec(&other, opts)
		// Back from the renamed names, quoted (with the quote escaped)
		// in positions and messages.
		back := func(s string) string { return strings.ReplaceAll(s, `_x\""`, `"`) }
		if werr != nil || gerr != nil {
			if werr == nil || gerr == nil || back(gerr.Error()) != werr.Error() {
				t.Fatalf("round %d: error renamed %v, as it is %v", round, gerr, werr)
			}
			errs++
			continue
		}
		if len(got.Rules) != len(want.Rules) {
			t.Fatalf("round %d: %d rules renamed, %d as they are", round, len(got.Rules), len(want.Rules))
		}
		for i := range want.Rules {
			g, w := got.Rules[i], want.Rules[i]
			if g.Syscall != rename(w.Syscall) || g.Action != w.Action || g.Cond.String() != w.Cond.String() || back(g.Pos) != w.Pos {
				t.Fatalf("round %d: rule %d renamed %s %v %v at %s, as it is %s %v %v at %s", round, i,
					g.Syscall, g.Action, g.Cond, g.Pos, w.Syscall, w.Action, w.Cond, w.Pos)
			}
		}
		if len(gws) != len(wws) {
			t.Fatalf("round %d: %d warnings renamed, %d as they are", round, len(gws), len(wws))
		}
		for i := range wws {
			if gws[i].Kind != wws[i].Kind || back(gws[i].Pos) != wws[i].Pos || back(gws[i].Msg) != wws[i].Msg {
				t.Fatalf("round %d: warning %d renamed %v, as it is %v", round, i, gws[i], wws[i])
			}
		}
		rules += len(want.Rules)
		warns += len(wws)
	}
	if errs > 3 || rules < 1000 || warns < 100 {
		t.Fatalf("%d errors, %d rules, %d warnings: the profiles test little", errs, rules, warns)
	}
	t.Logf("%d errors, %d rules, %d warnings", errs, rules, warns)
}

// TestPositionsChunked checks the positions of profiles whose text
// takes more than one chunk of posText: more than maxChunk bytes of
// positions, and rules split by their args beyond expand's estimate
// (one rule a name), against positions made with fmt.
func TestPositionsChunked(t *testing.T) {
	var many []string
	for i := range 5000 {
		many = append(many, fmt.Sprintf("nosuch_%d", i)) // none of the tables'
	}
	var args []specs.LinuxSeccompArg
	for v := range 300 {
		args = append(args, specs.LinuxSeccompArg{Index: 0, Value: uint64(v), Op: specs.OpEqualTo})
	}
	for _, tc := range []struct {
		name string
		s    *specs.LinuxSeccomp
	}{
		{"many names", &specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Syscalls: []specs.LinuxSyscall{
			{Names: []string{"read", "write"}, Action: specs.ActAllow},
			{Names: many, Action: specs.ActAllow},
			{Names: []string{"close", `odd"name`}, Action: specs.ActAllow}}}},
		{"split args", &specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Syscalls: []specs.LinuxSyscall{
			{Names: []string{"read"}, Action: specs.ActAllow},
			{Names: []string{"personality", "ioctl"}, Action: specs.ActAllow, Args: args},
			{Names: []string{"close"}, Action: specs.ActAllow}}}},
	} {
		p, _, err := FromSpec(tc.s, Options{Filename: "f.json", Target: "x86_64"})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		// The rules as expand makes them, in profile order.
		var want []string
		for i, r := range tc.s.Syscalls {
			for _, n := range r.Names {
				if len(r.Args) == 0 {
					want = append(want, fmt.Sprintf("f.json: syscalls[%d] (%q)", i, n))
				}
				for k := range r.Args {
					want = append(want, fmt.Sprintf("f.json: syscalls[%d] (%q) args[%d]", i, n, k))
				}
			}
		}
		size := 0
		for _, w := range want {
			size += len(w)
		}
		if size <= maxChunk && tc.name == "many names" {
			t.Fatalf("%s: %d bytes of positions fit one chunk", tc.name, size)
		}
		got := make(map[string]int)
		for _, r := range p.Rules {
			got[r.Pos]++
		}
		if len(p.Rules) != len(want) {
			t.Fatalf("%s: %d rules, want %d", tc.name, len(p.Rules), len(want))
		}
		for _, w := range want {
			if got[w] != 1 {
				t.Fatalf("%s: position %s found %d times", tc.name, w, got[w])
			}
		}
	}
}

// TestWarningsInProfileOrder checks that libseccompOrder's warnings
// come syscall by syscall in the order of each syscall's first rule,
// whatever the order of their second rules (when ruleGroups makes their
// groups): on a fixed profile, and on random ones.
func TestWarningsInProfileOrder(t *testing.T) {
	rule := func(name string, act specs.LinuxSeccompAction) specs.LinuxSyscall {
		return specs.LinuxSyscall{Names: []string{name}, Action: act}
	}
	// read's group is made after write's.
	fixed := []specs.LinuxSyscall{rule("read", specs.ActAllow), rule("write", specs.ActAllow),
		rule("write", specs.ActTrap), rule("read", specs.ActTrap)}
	rnd := rand.New(rand.NewSource(2))
	pool := []string{"read", "write", "close", "openat", "mmap", "brk", "dup", "pipe"}
	acts := []specs.LinuxSeccompAction{specs.ActAllow, specs.ActTrap, specs.ActLog}
	for round := range 200 {
		rules := fixed
		if round > 0 {
			rules = nil
			for range 3 + rnd.Intn(20) {
				rules = append(rules, rule(pool[rnd.Intn(len(pool))], acts[rnd.Intn(len(acts))]))
			}
		}
		p, ws, err := FromSpec(&specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Syscalls: rules}, Options{Target: "x86_64"})
		if err != nil {
			t.Fatal(err)
		}
		firstAt := map[string]int{}
		for i, r := range rules {
			if _, ok := firstAt[r.Names[0]]; !ok {
				firstAt[r.Names[0]] = i
			}
		}
		var got []string
		last := -1
		for _, w := range ws {
			if w.Kind != ir.WarnRuleDropped {
				continue
			}
			got = append(got, w.Syscalls[0])
			if at := firstAt[w.Syscalls[0]]; at < last {
				t.Fatalf("round %d: warnings of %q: syscalls %q not in the order of their first rules in %v", round, w.Syscalls[0], got, rules)
			} else {
				last = at
			}
		}
		if round == 0 && (len(got) != 2 || len(p.Rules) != 2) {
			t.Fatalf("fixed profile: %d rules, warnings of %q, want 2 rules and read's and write's", len(p.Rules), got)
		}
	}
}
