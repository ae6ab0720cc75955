package ir

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/tables"
)

// refSection is a section resolved the plain way, rule by rule, with the
// tables' name and number lookups and no sharing, scratch or caching:
// the reference Resolve is checked against.
type refSection struct {
	nrs     []uint32
	entries map[uint32][]string // an entry as "rule action via cond"
	exempt  []uint32
	unknown []string // the names of the rules skipped, in rule order
	newest  tables.Version
}

func refResolveArch(t *testing.T, p *Policy, a *arch.Info) refSection {
	t.Helper()
	tab, err := tables.ForArch(a.Table)
	if err != nil {
		t.Fatal(err)
	}
	s := refSection{entries: map[uint32][]string{}}
	note := func(v tables.Version) {
		if s.newest.Less(v) {
			s.newest = v
		}
	}
	add := func(nr uint32, rule int, via string, cond *Expr) {
		if _, ok := s.entries[nr]; !ok {
			s.nrs = append(s.nrs, nr)
		}
		s.entries[nr] = append(s.entries[nr], fmt.Sprintf("%d %v %q %v", rule, p.Rules[rule].Action, via, cond))
	}
	for i, r := range p.Rules {
		if r.Syscall == "" {
			if sc, ok := tab.ByNr(r.Nr); ok {
				note(sc.Since)
			}
			add(r.Nr, i, "", adaptCond(r.Condition(), a).Simplify())
			continue
		}
		found := false
		if sc, ok := tab.ByName(r.Syscall); ok {
			found = true
			note(sc.Since)
			add(sc.Nr, i, "", adaptCond(r.Condition(), a).Simplify())
		}
		if mux, code, ok := a.MuxCall(r.Syscall); ok {
			if msc, ok := tab.ByName(mux.Name); ok {
				found = true
				note(msc.Since)
				cond := adaptCond(And(Compare(0, CmpEq, uint64(code)), withoutArg0(r.Condition())), a).Simplify()
				add(msc.Nr, i, mux.Name, cond)
			}
		}
		if !found {
			s.unknown = append(s.unknown, r.Syscall)
		}
	}
	slices.Sort(s.nrs)
	for _, name := range p.DefaultNamed {
		if sc, ok := tab.ByName(name); ok {
			note(sc.Since)
			if _, named := s.entries[sc.Nr]; !named && !slices.Contains(s.exempt, sc.Nr) {
				s.exempt = append(s.exempt, sc.Nr)
			}
		}
	}
	slices.Sort(s.exempt)
	return s
}

// checkAgainstReference compares Resolve(p, target) with the reference:
// the numbers, entries (conditions by their text), exemptions and
// baseline of every section, and the names the warnings say each
// architecture lacks.
func checkAgainstReference(t *testing.T, what string, p *Policy, target string) {
	t.Helper()
	r, ws, err := Resolve(p, target)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	var newest tables.Version
	refs := make([]refSection, len(r.Arches))
	for k, ap := range r.Arches {
		refs[k] = refResolveArch(t, p, ap.Arch)
		if newest.Less(refs[k].newest) {
			newest = refs[k].newest
		}
	}
	missing := map[string]bool{} // "arch name" the warnings report
	for _, w := range ws {
		for _, a := range w.Arches {
			for _, name := range w.Syscalls {
				missing[a+" "+name] = true
			}
		}
	}
	skipped := map[string]bool{}
	for k, ap := range r.Arches {
		ref := refs[k]
		name := ap.Arch.Name
		if !slices.Equal(ap.Nrs, ref.nrs) {
			t.Fatalf("%s on %s: Nrs %v, reference %v", what, name, ap.Nrs, ref.nrs)
		}
		for i, nr := range ap.Nrs {
			var got []string
			for _, e := range ap.EntriesAt(i) {
				got = append(got, fmt.Sprintf("%d %v %q %v", e.Rule, e.Action, e.Via, e.Cond))
			}
			if !slices.Equal(got, ref.entries[nr]) {
				t.Errorf("%s on %s, nr %d: entries\n%s\nreference\n%s", what, name, nr,
					strings.Join(got, "\n"), strings.Join(ref.entries[nr], "\n"))
			}
		}
		if !slices.Equal(ap.Exempt, ref.exempt) {
			t.Errorf("%s on %s: Exempt %v, reference %v", what, name, ap.Exempt, ref.exempt)
		}
		wantTail := p.HasTail() && (p.Baseline.Mode == BaselineVersion || !newest.IsZero())
		if ap.Tail != wantTail {
			t.Errorf("%s on %s: Tail %v, reference %v", what, name, ap.Tail, wantTail)
		}
		if wantTail {
			x := newest
			if p.Baseline.Mode == BaselineVersion {
				x = p.Baseline.Version
			}
			if first := ap.Table.Oldest(); x.Less(first) {
				x = first
			}
			if ap.Baseline != x {
				t.Errorf("%s on %s: Baseline %v, reference %v", what, name, ap.Baseline, x)
			}
		}
		for _, n := range ref.unknown {
			if !missing[name+" "+n] {
				t.Errorf("%s on %s: no warning that %q is missing", what, name, n)
			}
			skipped[name+" "+n] = true
		}
	}
	for m := range missing {
		if !skipped[m] {
			t.Errorf("%s: warning of a missing %q the reference does not skip", what, m)
		}
	}
}

// The vocabulary of the random and fuzzed policies: names on some
// tables only, multiplexed calls, typos, numbers in the tables and
// outside them, conditions that differ on 32-bit sections or not.
var (
	refNames = []string{"read", "write", "socket", "bind", "connect", "recvmsg", "semop", "shmat", "msgrcv",
		"_llseek", "waitpid", "arch_prctl", "uretprobe", "socketcall", "ipc", "openat", "clone", "opne", "mmap2",
		"cacheflush", "riscv_flush_icache", "fstatat64", "newfstatat", "getrandom"}
	refNrs     = []uint32{0, 1, 2, 59, 102, 231, 400, 0x1ff, 0x40000000, 0x40000001, 0x4000000f, 4000, 5000, 6000, 1 << 20, 0xffffffff}
	refActions = []Action{Allow, Errno(EPERM), Errno(ENOSYS), KillProcess, Log}
	refConds   = []*Expr{nil, Compare(0, CmpEq, 1<<40|2), Compare(1, CmpLe, 7),
		And(Compare(0, CmpEq, 3), Masked(2, 0xff00, 0x100, true)), Or(Compare(0, CmpGe, 9), Compare(3, CmpNe, 1))}
	refTargets = []string{"x86_64", "x86", "x32", "aarch64", "s390x", "s390", "mips", "ppc64le"}
)

// TestResolveMatchesReference checks Resolve against the plain rule by
// rule resolution, on the policies of testdata and on random policies
// mixing names of every kind (on some tables only, multiplexed calls,
// typos), numbers in the tables and outside them, conditions shared by
// neighbouring and distant rules, and names with the default action.
func TestResolveMatchesReference(t *testing.T) {
	files, _ := filepath.Glob("../testdata/policies/*.policy")
	if len(files) == 0 {
		t.Fatal("no policies in ../testdata/policies")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Parse(src, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, target := range refTargets {
			checkAgainstReference(t, f, p, target)
		}
	}

	rnd := rand.New(rand.NewPCG(14, 1))
	for n := range 300 {
		p := &Policy{Default: Errno(EPERM)}
		for _, name := range []string{"x86", "x32", "x86_64", "aarch64", "s390"} {
			if rnd.IntN(3) == 0 {
				p.Arches = append(p.Arches, name)
			}
		}
		rules := 1 + rnd.IntN(40+n)
		var cond *Expr
		for range rules {
			if rnd.IntN(3) == 0 { // else the previous rule's condition, as "allow a, b if X" gives
				cond = refConds[rnd.IntN(len(refConds))]
			}
			r := Rule{Action: refActions[rnd.IntN(len(refActions))], Cond: cond}
			if rnd.IntN(6) == 0 {
				r.Nr = refNrs[rnd.IntN(len(refNrs))]
			} else {
				r.Syscall = refNames[rnd.IntN(len(refNames))]
			}
			p.Rules = append(p.Rules, r)
		}
		for range rnd.IntN(3) {
			p.DefaultNamed = append(p.DefaultNamed, refNames[rnd.IntN(len(refNames))])
		}
		if rnd.IntN(4) == 0 {
			p.Baseline = Baseline{Mode: BaselineVersion, Version: tables.Version{Major: 4, Minor: 14}}
		}
		target := refTargets[rnd.IntN(len(refTargets))]
		checkAgainstReference(t, fmt.Sprintf("random policy %d (target %s)", n, target), p, target)
	}
}

// TestResolveConditionChanged: a Resolve sees a policy's conditions as
// they are, not as an earlier Resolve of the same expressions (the same
// pointers) simplified them: the condition cache kept between Resolves
// is emptied. (It fails when condCache.reset is not called.)
func TestResolveConditionChanged(t *testing.T) {
	cond := Compare(1, CmpEq, 5)
	p := &Policy{Default: Errno(EPERM), Arches: []string{"x86"}, Rules: []Rule{
		{Syscall: "read", Action: Allow, Cond: cond},
		{Syscall: "socket", Action: Allow, Cond: cond},
	}}
	for _, v := range []uint64{5, 6, 1<<32 | 7} {
		*cond = *Compare(1, CmpEq, v)
		checkAgainstReference(t, fmt.Sprintf("a1 == %#x", v), p, "x86_64")
	}
}

// TestSurroundingSpace checks Validate's shortcut against
// strings.TrimSpace on names starting and ending with every byte and
// with multi-byte spaces (U+0085, U+00A0, U+3000).
func TestSurroundingSpace(t *testing.T) {
	var names []string
	for b := range 256 {
		c := string([]byte{byte(b)})
		names = append(names, c, c+"read", "read"+c, c+"x"+c)
	}
	for _, sp := range []string{"\u0085", "\u00a0", "\u3000", "\u2028"} {
		names = append(names, sp+"read", "read"+sp, "re"+sp+"ad")
	}
	for _, name := range names {
		if got, want := surroundingSpace(name), strings.TrimSpace(name) != name; got != want {
			t.Errorf("surroundingSpace(%q) = %v, want %v", name, got, want)
		}
	}
}

// FuzzResolveReference checks Resolve against the plain rule-by-rule
// resolution on policies the input spells: its first byte picks the
// target and the other architectures, then every two bytes a rule (a
// name or a number, an action, a new condition or the previous one's).
func FuzzResolveReference(f *testing.F) {
	f.Add([]byte{0, 0, 0})
	f.Add([]byte{0x1f, 2, 1, 2, 0x13, 6, 0x22, 6, 3, 9, 0xa1})
	f.Add([]byte{0x29, 0x80, 0, 0x83, 0x41, 5, 0x14, 13, 0, 1, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 || len(data) > 2001 {
			return
		}
		p := &Policy{Default: Errno(EPERM)}
		for k, name := range []string{"x86", "x32", "x86_64", "aarch64", "s390"} {
			if data[0]>>(3+k%5)&1 != 0 {
				p.Arches = append(p.Arches, name)
			}
		}
		target := refTargets[int(data[0])%len(refTargets)]
		var cond *Expr
		for i := 1; i+1 < len(data); i += 2 {
			a, b := data[i], data[i+1]
			if b&0x80 != 0 {
				cond = refConds[int(b>>4&7)%len(refConds)]
			}
			r := Rule{Action: refActions[int(b&15)%len(refActions)], Cond: cond}
			if a&0x80 != 0 {
				r.Nr = refNrs[int(a&0x7f)%len(refNrs)]
			} else {
				r.Syscall = refNames[int(a)%len(refNames)]
			}
			p.Rules = append(p.Rules, r)
		}
		checkAgainstReference(t, fmt.Sprintf("fuzzed policy %x", data), p, target)
	})
}
