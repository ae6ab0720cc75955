package oci

import (
	"strconv"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/tables"
)

// unknownNames reports the syscall names of p's rules that some of its
// architectures do not define. Rules naming them are skipped on those
// architectures when the policy is compiled, as runc skips them. A name
// is reported once, at its first rule.
func unknownNames(p *ir.Policy) []ir.Warning {
	type archTable struct {
		name string
		t    *tables.Table
	}
	var ts []archTable
	for _, a := range p.Arches {
		info, err := arch.Lookup(a)
		if err != nil {
			continue
		}
		t, err := tables.ForArch(info.Table)
		if err != nil {
			continue
		}
		ts = append(ts, archTable{a, t})
	}
	if len(ts) == 0 {
		return nil
	}
	// The messages are built in one buffer and cut from one string.
	type missing struct {
		rule int  // the first rule naming the syscall
		all  bool // every table lacks it
	}
	var ms []missing
	seen := make(map[string]bool, len(p.Rules))
	for i := range p.Rules {
		r := &p.Rules[i]
		if r.Syscall == "" || seen[r.Syscall] {
			continue
		}
		seen[r.Syscall] = true
		m := missing{rule: i}
		n := 0
		for _, at := range ts {
			if !hasName(at.t, r.Syscall) {
				n++
			}
		}
		if n > 0 {
			m.all = n == len(ts)
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		return nil
	}
	size := 0
	for _, m := range ms {
		size += len(p.Rules[m.rule].Syscall) + 96 // the longer message, name quoted
		for _, at := range ts {
			size += len(at.name) + 2
		}
	}
	buf := make([]byte, 0, size)
	ends := make([]int, len(ms))
	for j, m := range ms {
		r := &p.Rules[m.rule]
		if m.all {
			buf = append(buf, "unknown syscall "...)
			buf = strconv.AppendQuote(buf, r.Syscall)
			buf = append(buf, ": no architecture of the policy ("...)
		} else {
			buf = append(buf, "syscall "...)
			buf = strconv.AppendQuote(buf, r.Syscall)
			buf = append(buf, " is not defined on "...)
		}
		sep := false
		for _, at := range ts {
			if hasName(at.t, r.Syscall) {
				continue
			}
			if sep {
				buf = append(buf, ", "...)
			}
			sep = true
			buf = append(buf, at.name...)
		}
		if m.all {
			buf = append(buf, ") defines it; its rules are skipped"...)
		} else {
			buf = append(buf, "; its rules are skipped there"...)
		}
		ends[j] = len(buf)
	}
	all := string(buf)
	ws := make([]ir.Warning, len(ms))
	start := 0
	for j, m := range ms {
		ws[j] = ir.Warning{Pos: p.Rules[m.rule].Pos, Msg: all[start:ends[j]]}
		start = ends[j]
	}
	return ws
}

func hasName(t *tables.Table, name string) bool {
	_, ok := t.ByName(name)
	return ok
}
