package ir

import (
	"cmp"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/seccompc/seccompc/internal/sysid"
	"github.com/seccompc/seccompc/internal/testdiff"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/tables"
)

const (
	auditX86_64 = 0xc000003e
	auditI386   = 0x40000003
	auditARM    = 0x40000028
	auditS390X  = 0x80000016
)

func mustResolve(t *testing.T, p *Policy, target string) *Resolved {
	t.Helper()
	r, _, err := Resolve(p, target)
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	return r
}

func nrOf(t *testing.T, table, name string) uint32 {
	t.Helper()
	tab, err := tables.ForArch(table)
	if err != nil {
		t.Fatal(err)
	}
	s, ok := tab.ByName(name)
	if !ok {
		t.Fatalf("%s unknown on %s", name, table)
	}
	return s.Nr
}

func TestDecide(t *testing.T) {
	v510, _ := tables.ParseVersion("5.10")
	base := func(rules ...Rule) *Policy {
		return &Policy{Default: Errno(EPERM), Arches: []string{"x86", "x32"}, Rules: rules, Baseline: Baseline{Mode: BaselineVersion, Version: v510}}
	}
	allow := func(name string, cond *Expr) Rule { return Rule{Syscall: name, Cond: cond, Action: Allow} }
	x := func(name string) uint32 { return nrOf(t, "x86_64", name) }
	type input struct {
		audit, nr uint32
		args      [MaxArgs]uint64
		want      Action
		reason    Reason
	}
	tests := []struct {
		name   string
		p      *Policy
		inputs []input
	}{
		{"allow and default", base(allow("read", nil)), []input{
			{auditX86_64, x("read"), [6]uint64{}, Allow, ReasonRule},
			{auditX86_64, x("write"), [6]uint64{}, Errno(EPERM), ReasonDefault},
		}},
		{"tail", base(allow("read", nil)), []input{
			{auditX86_64, x("clone3"), [6]uint64{}, Errno(EPERM), ReasonDefault},  // 5.3 <= 5.10
			{auditX86_64, x("cachestat"), [6]uint64{}, Errno(ENOSYS), ReasonTail}, // 6.5 > 5.10
			{auditX86_64, 1000, [6]uint64{}, Errno(ENOSYS), ReasonTail},           // unassigned
			{auditX86_64, x("tuxcall"), [6]uint64{}, Errno(ENOSYS), ReasonTail},   // never implemented
			{auditX86_64, 0xffffffff, [6]uint64{}, Errno(ENOSYS), ReasonTail},     // -1 is an x86_64 number
			{auditI386, nrOf(t, "x86", "cachestat"), [6]uint64{}, Errno(ENOSYS), ReasonTail},
		}},
		{"named but no match is default, never ENOSYS", base(allow("cachestat", Compare(0, CmpEq, 7))), []input{
			{auditX86_64, x("cachestat"), [6]uint64{0: 7}, Allow, ReasonRule},
			{auditX86_64, x("cachestat"), [6]uint64{0: 8}, Errno(EPERM), ReasonNoMatch},
		}},
		{"most restrictive wins", base(
			allow("socket", nil),
			Rule{Syscall: "socket", Cond: Compare(0, CmpEq, 40), Action: Errno(13)},
			Rule{Syscall: "socket", Cond: Compare(0, CmpGe, 40), Action: KillProcess},
			Rule{Syscall: "socket", Cond: Compare(0, CmpEq, 41), Action: Errno(14)},
		), []input{
			{auditX86_64, x("socket"), [6]uint64{0: 2}, Allow, ReasonRule},
			{auditX86_64, x("socket"), [6]uint64{0: 40}, KillProcess, ReasonRule},
			{auditX86_64, x("socket"), [6]uint64{0: 39}, Allow, ReasonRule},
		}},
		{"earliest rule breaks ties", base(
			Rule{Syscall: "socket", Cond: Compare(0, CmpGe, 10), Action: Errno(13)},
			Rule{Syscall: "socket", Cond: Compare(0, CmpGe, 5), Action: Errno(14)},
		), []input{
			{auditX86_64, x("socket"), [6]uint64{0: 11}, Errno(13), ReasonRule},
			{auditX86_64, x("socket"), [6]uint64{0: 6}, Errno(14), ReasonRule},
		}},
		{"bad arch", base(allow("read", nil)), []input{
			{auditARM, 3, [6]uint64{}, KillThread, ReasonBadArch},
			{auditS390X, 3, [6]uint64{}, KillThread, ReasonBadArch},
		}},
		{"x32 section", base(allow("read", nil)), []input{
			{auditX86_64, nrOf(t, "x32", "read"), [6]uint64{}, Allow, ReasonRule},
			{auditX86_64, nrOf(t, "x32", "write"), [6]uint64{}, Errno(EPERM), ReasonDefault},
			{auditX86_64, 0x40000000 | x("write"), [6]uint64{}, Errno(EPERM), ReasonDefault},
		}},
		{"x32 absent is bad arch", &Policy{Default: Errno(EPERM), Rules: []Rule{allow("read", nil)}}, []input{
			{auditX86_64, nrOf(t, "x32", "read"), [6]uint64{}, KillThread, ReasonBadArch},
			{auditX86_64, 0x80000000, [6]uint64{}, KillThread, ReasonBadArch},
			{auditX86_64, x("read"), [6]uint64{}, Allow, ReasonRule},
		}},
		{"32-bit ABI compares the low word", base(allow("personality", Compare(0, CmpEq, 0x100000008))), []input{
			{auditI386, nrOf(t, "x86", "personality"), [6]uint64{0: 8}, Allow, ReasonRule},
			{auditI386, nrOf(t, "x86", "personality"), [6]uint64{0: 0xffffffff00000008}, Allow, ReasonRule},
			{auditX86_64, x("personality"), [6]uint64{0: 8}, Errno(EPERM), ReasonNoMatch},
			{auditX86_64, x("personality"), [6]uint64{0: 0x100000008}, Allow, ReasonRule},
		}},
		{"socketcall multiplexing drops arg0", base(allow("socket", Compare(0, CmpEq, 1)), allow("connect", Compare(2, CmpEq, 16))), []input{
			{auditI386, nrOf(t, "x86", "socket"), [6]uint64{0: 1}, Allow, ReasonRule},
			{auditI386, nrOf(t, "x86", "socket"), [6]uint64{0: 2}, Errno(EPERM), ReasonNoMatch},
			// socketcall(SYS_SOCKET, ptr): the family is behind the pointer.
			{auditI386, nrOf(t, "x86", "socketcall"), [6]uint64{0: 1, 1: 0x1234}, Allow, ReasonRule},
			{auditI386, nrOf(t, "x86", "socketcall"), [6]uint64{0: 3, 2: 16}, Allow, ReasonRule},
			{auditI386, nrOf(t, "x86", "socketcall"), [6]uint64{0: 3, 2: 15}, Errno(EPERM), ReasonNoMatch},
			{auditI386, nrOf(t, "x86", "socketcall"), [6]uint64{0: 4}, Errno(EPERM), ReasonNoMatch},
		}},
		{"no tail for allow default", &Policy{Default: Allow, Rules: []Rule{{Syscall: "ptrace", Action: Errno(EPERM)}}}, []input{
			{auditX86_64, 1000, [6]uint64{}, Allow, ReasonDefault},
		}},
		{"baseline none", &Policy{Default: Errno(EPERM), Baseline: Baseline{Mode: BaselineNone}}, []input{
			{auditX86_64, 1000, [6]uint64{}, Errno(EPERM), ReasonDefault},
		}},
		{"raw number rule", base(Rule{Nr: 1000, Action: Allow}), []input{
			{auditX86_64, 1000, [6]uint64{}, Allow, ReasonRule},
			{auditX86_64, 1001, [6]uint64{}, Errno(ENOSYS), ReasonTail},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustResolve(t, tt.p, "x86_64")
			for _, in := range tt.inputs {
				d := r.Decide(Data{Arch: in.audit, Nr: in.nr, Args: in.args})
				if d.Action != in.want || d.Reason != in.reason {
					t.Errorf("Decide(arch %#x, nr %#x, args %#x) = %v (%v), want %v (%v)", in.audit, in.nr, in.args, d.Action, d.Reason, in.want, in.reason)
				}
				if got := r.Eval(Data{Arch: in.audit, Nr: in.nr, Args: in.args}); got != d.Action {
					t.Errorf("Eval and Decide disagree: %v vs %v", got, d.Action)
				}
			}
		})
	}
}

func TestBaselineAuto(t *testing.T) {
	p := &Policy{Default: Errno(EPERM), Rules: []Rule{{Syscall: "read", Action: Allow}, {Syscall: "openat2", Action: Allow}}}
	r := mustResolve(t, p, "aarch64")
	if got := r.Arches[0].Baseline.String(); got != "5.6" {
		t.Errorf("auto baseline = %s, want 5.6 (openat2)", got)
	}
	faccessat2 := nrOf(t, "aarch64", "faccessat2") // 5.8
	if got := r.Eval(Data{Arch: 0xc00000b7, Nr: faccessat2}); got != Errno(ENOSYS) {
		t.Errorf("faccessat2 under auto baseline 5.6 = %v, want errno(38)", got)
	}
	close := nrOf(t, "aarch64", "close")
	if got := r.Eval(Data{Arch: 0xc00000b7, Nr: close}); got != Errno(EPERM) {
		t.Errorf("close = %v, want errno(1)", got)
	}
}

func TestResolveWarnsUnknownSyscall(t *testing.T) {
	p := &Policy{Default: Errno(EPERM), Arches: []string{"x86"}, Rules: []Rule{{Syscall: "kexec_file_load", Action: Allow, Pos: "p.json: syscalls[0]"}, {Syscall: "no_such_call", Action: Allow}}}
	_, warns, err := Resolve(p, "x86_64")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range warns {
		got = append(got, w.String())
	}
	joined := strings.Join(got, "\n")
	want := `p.json: syscalls[0]: syscall "kexec_file_load" is not defined on x86; its rules are skipped there` + "\n" +
		`rule 1: unknown syscall "no_such_call": no architecture defines it; its rules have no effect`
	if joined != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", joined, want)
	}
}

// TestUnknownWarningsGrouping checks that Resolve gives one warning per
// cause: one per name no architecture defines (a typo, with the nearest
// defined name), and one per set of architectures lacking names that
// other architectures define, listing those names in rule order; each at
// its first rule, the warnings in the order of those rules.
func TestUnknownWarningsGrouping(t *testing.T) {
	rules := func(names ...string) []Rule {
		rs := make([]Rule, len(names))
		for i, n := range names {
			rs[i] = Rule{Syscall: n, Action: Allow, Pos: fmt.Sprintf("p:%d", i+1)}
		}
		return rs
	}
	many := []string{"chown32", "fstat64", "fcntl64", "getuid32", "lchown32", "setuid32", "setgid32", "stat64", "lstat64", "statfs64"}
	tests := []struct {
		name   string
		target string
		arches []string
		rules  []Rule
		want   []Warning // Msg is checked through String in wantText
		text   []string
	}{{
		name:   "typo and groups",
		target: "x86_64", arches: []string{"x86"},
		rules: rules("read", "opne", "newfstatat", "chown32", "epoll_ctl_old", "fstat64", "frobnicate_xyz"),
		want: []Warning{
			{Kind: WarnUnknownSyscall, Pos: "p:2", Syscalls: []string{"opne"}, Arches: []string{"x86_64", "x86"}, Suggest: "open"},
			{Kind: WarnMissingSyscall, Pos: "p:3", Syscalls: []string{"newfstatat", "epoll_ctl_old"}, Arches: []string{"x86"}},
			{Kind: WarnMissingSyscall, Pos: "p:4", Syscalls: []string{"chown32", "fstat64"}, Arches: []string{"x86_64"}},
			{Kind: WarnUnknownSyscall, Pos: "p:7", Syscalls: []string{"frobnicate_xyz"}, Arches: []string{"x86_64", "x86"}},
		},
		text: []string{
			`p:2: unknown syscall "opne" (did you mean "open"?): no architecture defines it; its rules have no effect`,
			`p:3: 2 syscalls are not defined on x86; their rules are skipped there: newfstatat, epoll_ctl_old`,
			`p:4: 2 syscalls are not defined on x86_64; their rules are skipped there: chown32, fstat64`,
			`p:7: unknown syscall "frobnicate_xyz": no architecture defines it; its rules have no effect`,
		},
	}, {
		// Names other architectures define are not typos, even when no
		// architecture of the filter has them.
		name:   "defined elsewhere",
		target: "aarch64", arches: []string{"arm"},
		rules: rules("vm86", "read", "ioperm", "accept", "chown32"),
		want: []Warning{
			{Kind: WarnMissingSyscall, Pos: "p:1", Syscalls: []string{"vm86", "ioperm"}, Arches: []string{"aarch64", "arm"}},
			{Kind: WarnMissingSyscall, Pos: "p:5", Syscalls: []string{"chown32"}, Arches: []string{"aarch64"}},
		},
		text: []string{
			`p:1: 2 syscalls are not defined on aarch64, arm; their rules are skipped there: vm86, ioperm`,
			`p:5: syscall "chown32" is not defined on aarch64; its rules are skipped there`,
		},
	}, {
		name:   "a name in several rules",
		target: "x86", arches: []string{"x86_64"},
		rules: rules("opne", "read", "opne", "accept"),
		want: []Warning{
			{Kind: WarnUnknownSyscall, Pos: "p:1", Syscalls: []string{"opne"}, Arches: []string{"x86", "x86_64"}, Suggest: "open"},
		},
		text: []string{`p:1: unknown syscall "opne" (did you mean "open"?): no architecture defines it; its rules have no effect`},
	}, {
		name:   "long list",
		target: "x86_64",
		rules:  rules(many...),
		want:   []Warning{{Kind: WarnMissingSyscall, Pos: "p:1", Syscalls: many, Arches: []string{"x86_64"}}},
		text: []string{`p:1: 10 syscalls are not defined on x86_64; their rules are skipped there: ` +
			`chown32, fstat64, fcntl64, getuid32, lchown32, setuid32, setgid32, stat64 and 2 more`},
	}, {
		// x86 reaches accept only through socketcall.
		name:   "no warning",
		target: "x86", arches: []string{"x86_64"},
		rules: rules("read", "socket", "accept"),
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Policy{Default: Errno(EPERM), Arches: tt.arches, Rules: tt.rules}
			_, ws, err := Resolve(p, tt.target)
			if err != nil {
				t.Fatal(err)
			}
			var text []string
			for i := range ws {
				text = append(text, ws[i].String())
				ws[i].Msg = ""
			}
			if diff := testdiff.Diff(tt.want, ws); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			if diff := testdiff.Diff(tt.text, text); diff != "" {
				t.Errorf("texts (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWarningStringBounded checks that a warning's text stays short
// whatever the input's names: an unknown name is cut in the message, and
// String cuts the whole.
func TestWarningStringBounded(t *testing.T) {
	long := strings.Repeat("n", 100000)
	p := &Policy{Default: Errno(EPERM), Rules: []Rule{{Syscall: long, Action: Allow, Pos: strings.Repeat("p", 100000)}}}
	_, ws, err := Resolve(p, "x86_64")
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 1 || ws[0].Kind != WarnUnknownSyscall {
		t.Fatalf("warnings %v", ws)
	}
	if len(ws[0].Msg) > 200 || !strings.Contains(ws[0].Msg, `nnn"...`) {
		t.Errorf("message of %d bytes: %.300s", len(ws[0].Msg), ws[0].Msg)
	}
	if s := ws[0].String(); len(s) > MaxWarningLen || !strings.HasSuffix(s, "...") {
		t.Errorf("String() of %d bytes, want at most %d ending in ...", len(s), MaxWarningLen)
	}
	if s := (Warning{Pos: "p", Msg: strings.Repeat("é", 300)}).String(); len(s) > MaxWarningLen || !utf8.ValidString(s) {
		t.Errorf("String() = %d bytes, valid UTF-8 %v", len(s), utf8.ValidString(s))
	}
	if got := WarnUnknownSyscall.String(); got != "unknown-syscall" {
		t.Errorf("WarnUnknownSyscall.String() = %q", got)
	}
	if got := WarningKind(0).String(); got != "WarningKind(0)" {
		t.Errorf("WarningKind(0).String() = %q", got)
	}
}

func TestResolveErrors(t *testing.T) {
	tests := []struct {
		p      *Policy
		target string
		want   string
	}{
		{&Policy{Default: Errno(5000)}, "x86_64", "errno 5000 is above 4095"},
		{&Policy{Default: Allow}, "vax", "vax"},
		{&Policy{Default: Allow, Arches: []string{"SCMP_ARCH_NOPE"}}, "x86_64", "SCMP_ARCH_NOPE"},
		{&Policy{Default: Allow, Rules: []Rule{{Syscall: "read", Cond: Compare(6, CmpEq, 1), Action: Allow}}}, "x86_64", "argument index 6"},
		{&Policy{Default: Allow, Flags: 1 << 9}, "x86_64", "unknown flags 0x200"},
		// Validate checks an action once while the rules repeat it:
		// a bad one after good ones is still found, at its rule.
		{&Policy{Default: Allow, Rules: []Rule{{Syscall: "read", Action: Allow}, {Syscall: "write", Action: Errno(1)},
			{Syscall: "close", Action: Errno(1)}, {Syscall: "open", Action: Errno(5000)}}}, "x86_64", "rule 3 (open): invalid errno: errno 5000"},
		{&Policy{Default: Allow, Rules: []Rule{{Syscall: "read", Action: Allow}, {Syscall: "write", Action: Action{Kind: ActAllow, Data: 3}}}}, "x86_64", "rule 1 (write)"},
	}
	for _, tt := range tests {
		_, _, err := Resolve(tt.p, tt.target)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Resolve error = %v, want it to mention %q", err, tt.want)
		}
	}
}

func TestGroupByNr(t *testing.T) {
	tests := [][]uint32{
		nil,
		{7},
		{3, 1, 3, 2, 1, 3},
		{0x40000000, 0x40000002, 0x40000000, 0x40000001},
		{0, 0xffffffff, 5, 0xffffffff, 0},
		{4000, 4001, 9, 4000, 1 << 20, 4001, 9},
		// arm: near numbers and private ones far above, interleaved.
		{0xf0005, 3, 0xf0002, 1, 3, 0xf0005, 0, 0xffffffff, 2, 0xf0002},
		// Numbers that differ in one bit of a byte only.
		{0x80, 0, 0x80, 0},
		{0x8000_0000, 1 << 16, 0x8000_0000, 0, 1 << 16},
	}
	var wide []uint32
	for i := range 3000 {
		wide = append(wide, uint32(i*7%2500), uint32(i%5)<<30)
	}
	tests = append(tests, wide)
	// Random numbers differing in one, two or every byte, with repeats.
	rng := rand.New(rand.NewPCG(14, 1))
	for _, mask := range []uint32{0xff, 0xff00, 0x3ff, 0xff0000ff, 0xffffffff} {
		nrs := make([]uint32, 1+rng.IntN(700))
		for k := range nrs {
			nrs[k] = 0x40000000 | rng.Uint32()&mask
			if k > 0 && rng.IntN(4) == 0 {
				nrs[k] = nrs[rng.IntN(k)]
			}
		}
		tests = append(tests, nrs)
	}
	var sc resolveScratch // shared, as Resolve shares it between arches
	for _, nrs := range tests {
		o := groupByNr(nrs, &sc)
		// The reference: a stable sort of the item indexes by number.
		want := make([]int32, len(nrs))
		for k := range want {
			want[k] = int32(k)
		}
		slices.SortStableFunc(want, func(a, b int32) int { return cmp.Compare(nrs[a], nrs[b]) })
		if !slices.Equal(o.perm, want) && len(nrs) > 0 {
			t.Errorf("%v: perm %v, want %v", nrs, o.perm, want)
		}
		if len(o.start) != len(o.nrs)+1 || int(o.start[len(o.start)-1]) != len(nrs) {
			t.Fatalf("%v: nrs %v, start %v", nrs, o.nrs, o.start)
		}
		for g, nr := range o.nrs {
			if g > 0 && o.nrs[g-1] >= nr {
				t.Errorf("%v: numbers %v not increasing", nrs, o.nrs)
			}
			if o.start[g] >= o.start[g+1] {
				t.Errorf("%v: empty group %d in %v", nrs, g, o.start)
			}
			for _, k := range o.perm[o.start[g]:o.start[g+1]] {
				if nrs[k] != nr {
					t.Errorf("%v: item %d (number %d) in the group of %d", nrs, k, nrs[k], nr)
				}
			}
		}
	}
}

// TestMuxCondShortcut checks that the condition condCache.muxCond builds
// for an unconditional rule is the one the general form gives.
func TestMuxCondShortcut(t *testing.T) {
	checked := 0
	for _, a := range arch.All() {
		for _, m := range []*arch.Mux{a.Socketcall, a.IPC} {
			if m == nil {
				continue
			}
			for name, code := range m.Calls {
				var c condCache
				got := c.muxCond(trueExpr, code, a)
				want := adaptCond(And(Compare(0, CmpEq, uint64(code)), withoutArg0(trueExpr)), a).Simplify()
				if !got.Equal(want) {
					t.Errorf("%s %s: %v, want %v", a.Name, name, got, want)
				}
				checked++
			}
		}
	}
	if checked == 0 {
		t.Fatal("no multiplexed calls")
	}
}

// TestUnknownWarningsArchBits checks that the architectures of a filter
// fit the bit set unknownWarnings keeps per syscall name.
func TestUnknownWarningsArchBits(t *testing.T) {
	if n := len(arch.All()); n >= 64 {
		t.Fatalf("%d architectures do not fit unknownWarnings' uint64", n)
	}
}

// TestVia checks the Via of the entries Resolve makes for multiplexed
// calls on x86: socketcall for socket, ipc for msgget, none for read.
func TestVia(t *testing.T) {
	p := &Policy{Default: Errno(1), Rules: []Rule{
		{Syscall: "socket", Action: Allow},
		{Syscall: "msgget", Action: Allow},
		{Syscall: "read", Action: Allow},
	}}
	r, _, err := Resolve(p, "x86")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	ap := r.Arches[0]
	for i, nr := range ap.Nrs {
		es := ap.EntriesAt(i)
		if byNr, ok := ap.Entries(nr); !ok || !slices.Equal(es, byNr) {
			t.Errorf("EntriesAt(%d) = %v, Entries(%d) = %v, %v", i, es, nr, byNr, ok)
		}
		for _, e := range es {
			got[p.Rules[e.Rule].Syscall+" via "+e.Via]++
		}
	}
	want := map[string]int{"socket via ": 1, "socket via socketcall": 1, "msgget via ": 1, "msgget via ipc": 1, "read via ": 1}
	if !maps.Equal(got, want) {
		t.Errorf("entries %v, want %v", got, want)
	}
}

// TestResolveSharesEntries checks that the sections of one Resolve store
// equal groups of entries once, and that each section still has exactly
// the entries it has when resolved alone.
func TestResolveSharesEntries(t *testing.T) {
	big := Compare(0, CmpEq, 1<<40|7) // differs on 32-bit sections
	p := &Policy{Default: Errno(EPERM), Arches: []string{"x86", "x32"}, Rules: []Rule{
		{Syscall: "read", Action: Allow},
		{Syscall: "write", Action: Allow, Cond: big},
		{Syscall: "socket", Action: Allow},
		{Syscall: "read", Action: Errno(1), Cond: Compare(1, CmpEq, 3)},
		{Syscall: "close", Action: Allow},
		{Syscall: "bind", Action: Errno(2)},
	}}
	r, _, err := Resolve(p, "x86_64")
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, ap := range r.Arches {
		alone, _, err := Resolve(&Policy{Default: p.Default, Rules: p.Rules}, ap.Arch.Name)
		if err != nil {
			t.Fatal(err)
		}
		want := alone.Arches[0]
		if !slices.Equal(ap.Nrs, want.Nrs) {
			t.Fatalf("%s: Nrs %v, alone %v", ap.Arch.Name, ap.Nrs, want.Nrs)
		}
		for i := range ap.Nrs {
			got, exp := ap.EntriesAt(i), want.EntriesAt(i)
			if fmt.Sprint(got) != fmt.Sprint(exp) {
				t.Errorf("%s nr %d: entries %v, alone %v", ap.Arch.Name, ap.Nrs[i], got, exp)
			}
			for k := range got {
				if got[k].Cond.String() != exp[k].Cond.String() {
					t.Errorf("%s nr %d entry %d: cond %v, alone %v", ap.Arch.Name, ap.Nrs[i], k, got[k].Cond, exp[k].Cond)
				}
			}
			total += len(got)
		}
		if &ap.all[0] != &r.Arches[0].all[0] {
			t.Errorf("%s: entries not in the array the other sections share", ap.Arch.Name)
		}
	}
	// x32 shares every group of x86_64 (same rules, same conditions);
	// x86 shares close and the direct entries of socket and bind.
	if stored := len(r.Arches[0].all); stored >= total || stored > 11 {
		t.Errorf("%d entries stored for %d in the sections, want at most 11", stored, total)
	}
}

// TestResolveConcurrent: Resolves running at once, of policies of
// different sizes (whose working arrays go through one pool), give what
// each gives alone, with the same warnings.
func TestResolveConcurrent(t *testing.T) {
	var ps []*Policy
	for n := range 6 {
		p := &Policy{Default: Errno(EPERM), Arches: []string{"x86", "x32"}}
		for i := range 40 * (n + 1) {
			name := []string{"read", "socket", "_llseek", "opne", "bind", "waitpid", "uretprobe"}[(i+n)%7]
			var cond *Expr
			if i%3 == 0 {
				cond = Compare(i%2, CmpEq, uint64(i))
			}
			p.Rules = append(p.Rules, Rule{Syscall: name, Action: Errno(uint16(i%5 + 1)), Cond: cond})
		}
		ps = append(ps, p)
	}
	describe := func(p *Policy) string {
		r, ws, err := Resolve(p, "x86_64")
		if err != nil {
			t.Error(err)
			return ""
		}
		var b strings.Builder
		for _, ap := range r.Arches {
			for i, nr := range ap.Nrs {
				fmt.Fprintf(&b, "%s %d %v\n", ap.Arch.Name, nr, ap.EntriesAt(i))
			}
		}
		for _, w := range ws {
			fmt.Fprintln(&b, w.Msg)
		}
		return b.String()
	}
	want := make([]string, len(ps))
	for i, p := range ps {
		want[i] = describe(p)
	}
	done := make(chan struct{})
	for g := range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for k := range 30 {
				i := (g + k) % len(ps)
				if got := describe(ps[i]); got != want[i] {
					t.Errorf("policy %d resolved at once with others differs:\n%s", i, testdiff.Diff(strings.Split(want[i], "\n"), strings.Split(got, "\n")))
					return
				}
			}
		}()
	}
	for range 4 {
		<-done
	}
}

// TestMuxCall checks muxCall, the multiplexer call of a syscall by its
// id, against arch.Info.MuxCall (by name) for every name of every table
// on every architecture, and that the table by id is in use.
func TestMuxCall(t *testing.T) {
	if builtinMux[0] == nil {
		t.Fatal("no multiplexer table: every call takes MuxCall")
	}
	muxes := 0
	for _, a := range arch.All() {
		if a.Socketcall == nil && a.IPC == nil {
			continue
		}
		for id := range sysid.Len {
			name := sysid.Name(id)
			m, code, ok := muxCall(a, int32(id), name)
			wm, wcode, wok := a.MuxCall(name)
			if m != wm || code != wcode || ok != wok {
				t.Errorf("%s: muxCall(%q) = %v, %d, %v; MuxCall says %v, %d, %v", a.Name, name, m, code, ok, wm, wcode, wok)
			}
			if ok {
				muxes++
			}
		}
		if m, _, ok := muxCall(a, -1, "socket"); !ok || m != a.Socketcall {
			t.Errorf("%s: muxCall of socket without an id = %v, %v", a.Name, m, ok)
		}
	}
	if muxes == 0 {
		t.Error("no call through a multiplexer")
	}
}
