package ir_test

import (
	"fmt"
	"log"
	"testing"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/tables"
)

func TestExplain(t *testing.T) {
	src := "default errno(1)\narch x86_64 x86\nbaseline 5.10\n" +
		"allow personality if a0 == 0 || a0 == 8\n" +
		"errno(13) personality if (a0 & 0xff) == 8\n" +
		"allow socket if a0 == 1\n" +
		"allow read\n"
	p, err := ir.Parse([]byte(src), "e.policy")
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := ir.Resolve(p, "x86_64")
	if err != nil {
		t.Fatal(err)
	}
	x64, _ := arch.Lookup("x86_64")
	x86, _ := arch.Lookup("x86")
	nr := func(a *arch.Info, name string) uint32 {
		tab, _ := tables.ForArch(a.Table)
		s, ok := tab.ByName(name)
		if !ok {
			t.Fatalf("%s unknown on %s", name, a.Name)
		}
		return s.Nr
	}
	for _, tt := range []struct {
		name    string
		d       ir.Data
		reason  ir.Reason
		action  ir.Action
		holds   []bool // each entry's condition
		decided int    // Decision.Entry
	}{
		{"rule holds", ir.Data{Arch: x64.Audit, Nr: nr(x64, "personality")}, ir.ReasonRule, ir.Allow, []bool{true, false}, 0},
		{"more restrictive wins", ir.Data{Arch: x64.Audit, Nr: nr(x64, "personality"), Args: [6]uint64{8}}, ir.ReasonRule, ir.Errno(13), []bool{true, true}, 1},
		{"no condition holds", ir.Data{Arch: x64.Audit, Nr: nr(x64, "personality"), Args: [6]uint64{1}}, ir.ReasonNoMatch, ir.Errno(1), []bool{false, false}, -1},
		{"default", ir.Data{Arch: x64.Audit, Nr: nr(x64, "write")}, ir.ReasonDefault, ir.Errno(1), nil, -1},
		{"tail", ir.Data{Arch: x64.Audit, Nr: nr(x64, "cachestat")}, ir.ReasonTail, ir.Errno(ir.ENOSYS), nil, -1},
		{"socketcall", ir.Data{Arch: x86.Audit, Nr: nr(x86, "socketcall"), Args: [6]uint64{1}}, ir.ReasonRule, ir.Allow, []bool{true}, 0},
		{"bad arch", ir.Data{Arch: 0x1234, Nr: 0}, ir.ReasonBadArch, ir.KillThread, nil, -1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			x := r.Explain(tt.d)
			if want := r.Decide(tt.d); x.Decision != want {
				t.Errorf("decision %v, Decide says %v", x.Decision, want)
			}
			if x.Reason != tt.reason || x.Action != tt.action || x.Entry != tt.decided {
				t.Errorf("got %v (entry %d), want %v: %v (entry %d)", x.Decision, x.Entry, tt.action, tt.reason, tt.decided)
			}
			if len(x.Entries) != len(tt.holds) || x.Named != (len(tt.holds) > 0) {
				t.Fatalf("%d entries (named %v), want %d", len(x.Entries), x.Named, len(tt.holds))
			}
			for i, e := range x.Entries {
				if e.Cond.Holds != tt.holds[i] || e.Cond.Expr != e.Entry.Cond {
					t.Errorf("entry %d: holds %v, want %v", i, e.Cond.Holds, tt.holds[i])
				}
				if len(e.Cond.Sub) != len(e.Entry.Cond.Sub) {
					t.Errorf("entry %d: %d traced operands, condition has %d", i, len(e.Cond.Sub), len(e.Entry.Cond.Sub))
				}
			}
			if tt.reason != ir.ReasonBadArch && x.Syscall.Nr != tt.d.Nr {
				t.Errorf("syscall %+v for nr %d", x.Syscall, tt.d.Nr)
			}
		})
	}
	// Every operand is evaluated, also after the first that decides.
	x := r.Explain(ir.Data{Arch: x64.Audit, Nr: nr(x64, "personality")})
	or := x.Entries[0].Cond
	if or.Expr.Op != ir.OpOr || len(or.Sub) != 2 || !or.Sub[0].Holds || or.Sub[1].Holds {
		t.Errorf("a0 == 0 || a0 == 8 for a0 = 0: %+v", or)
	}
}

func ExampleResolved_Explain() {
	p, err := ir.Parse([]byte("default errno(1)\nallow personality if a0 == 0 || a0 == 8\nerrno(13) personality if a0 >= 8\n"), "ex.policy")
	if err != nil {
		log.Fatal(err)
	}
	r, _, err := ir.Resolve(p, "x86_64")
	if err != nil {
		log.Fatal(err)
	}
	x := r.Explain(ir.Data{Arch: r.Target.Audit, Nr: 135, Args: [6]uint64{8}})
	fmt.Println(x.Syscall.Name, "->", x.Decision)
	for i, e := range x.Entries {
		fmt.Printf("entry %d: %s: %s if %s: %v\n", i, p.Rules[e.Rule].Pos, e.Action, e.Cond.Expr, e.Cond.Holds)
	}
	// Output:
	// personality -> errno(13): rule on x86_64
	// entry 0: ex.policy:2: allow if a0 in {0, 8}: true
	// entry 1: ex.policy:3: errno(13) if a0 >= 8: true
}
