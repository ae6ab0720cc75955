package lower

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/seccompc/seccompc/emit"
)

// largest names the n syscalls whose code takes the most instructions
// in the DAG below root, for the message of a program too long for the
// kernel: "ioctl 3526 (x86_64 3524, x86 2), fcntl 941 (...); value sets:
// ioctl a1 in a set of 3000 values at p.policy:4". Each node
// counts once (hash-consing shares nodes between sections and
// syscalls), for the syscall and section of the rule or default that
// produced it, or, when shared, of the first section that reaches it
// (the target's first), so the counts partition the syscalls' part of
// the program; dispatch and the architecture checks are not counted.
func (c *compiler) largest(root emit.Node, n int) string {
	type key struct{ name, arch string }
	count := map[key]int{}
	seen := make([]bool, c.b.Len())
	stack := []emit.Node{root}
	for len(stack) > 0 {
		nd := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		info, ok := c.b.Info(nd)
		if !ok || seen[nd] {
			continue
		}
		seen[nd] = true
		// Jt last, so that it is walked first: the target's section
		// (the first arch check's jt) before the others.
		stack = append(stack, info.Jf, info.Jt)
		src := info.Src
		name := src.Note
		switch src.Part {
		case emit.PartRule:
			if name == "" && src.Rule >= 0 && src.Rule < len(c.r.Policy.Rules) {
				name = c.r.Policy.Rules[src.Rule].Target()
			}
		case emit.PartDefault:
			// The default of a syscall that rules name carries its name.
		default:
			continue
		}
		if name == "" {
			continue
		}
		count[key{name, src.Arch}]++
	}
	type total struct {
		name   string
		n      int
		arches []key
	}
	byName := map[string]*total{}
	var all []*total
	for k, v := range count {
		t := byName[k.name]
		if t == nil {
			t = &total{name: k.name}
			byName[k.name] = t
			all = append(all, t)
		}
		t.n += v
		t.arches = append(t.arches, k)
	}
	slices.SortFunc(all, func(a, b *total) int {
		return cmp.Or(cmp.Compare(b.n, a.n), strings.Compare(a.name, b.name))
	})
	// The arches in the filter's order (the target first).
	order := map[string]int{}
	for i, ap := range c.r.Arches {
		order[ap.Arch.Name] = i
	}
	var parts, sets []string
	for _, t := range all[:min(n, len(all))] {
		slices.SortFunc(t.arches, func(a, b key) int { return cmp.Compare(order[a.arch], order[b.arch]) })
		var per []string
		for _, k := range t.arches {
			per = append(per, fmt.Sprintf("%s %d", k.arch, count[k]))
		}
		parts = append(parts, fmt.Sprintf("%s %d (%s)", t.name, t.n, strings.Join(per, ", ")))
		if set, ok := c.bigSets[t.name]; ok {
			sets = append(sets, t.name+" "+set.describe(c.r.Policy))
		}
	}
	if len(parts) == 0 {
		return "no syscall's rules (the dispatch on syscall numbers alone is too long)"
	}
	msg := strings.Join(parts, ", ")
	if len(sets) > 0 {
		msg += "; value sets: " + strings.Join(sets, "; ")
	}
	return msg
}
