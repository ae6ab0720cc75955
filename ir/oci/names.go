package oci

import (
	"fmt"
	"strings"

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
	var ws []ir.Warning
	seen := map[string]bool{}
	for i := range p.Rules {
		r := &p.Rules[i]
		if r.Syscall == "" || seen[r.Syscall] {
			continue
		}
		seen[r.Syscall] = true
		var missing []string
		for _, at := range ts {
			if _, ok := at.t.ByName(r.Syscall); !ok {
				missing = append(missing, at.name)
			}
		}
		switch {
		case len(missing) == 0:
		case len(missing) == len(ts):
			ws = append(ws, ir.Warning{Pos: r.Pos, Msg: fmt.Sprintf(
				"unknown syscall %q: no architecture of the policy (%s) defines it; its rules are skipped", r.Syscall, strings.Join(missing, ", "))})
		default:
			ws = append(ws, ir.Warning{Pos: r.Pos, Msg: fmt.Sprintf(
				"syscall %q is not defined on %s; its rules are skipped there", r.Syscall, strings.Join(missing, ", "))})
		}
	}
	return ws
}
