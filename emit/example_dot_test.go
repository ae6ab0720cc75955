package emit_test

import (
	"fmt"

	"github.com/seccompc/seccompc/emit"
)

// Dot draws a program's decision structure for Graphviz ("dot -Tsvg").
// Here: allow write(2) on x86_64 when fd <= 2, EPERM otherwise.
func ExampleDot() {
	rule := emit.Source{Arch: "x86_64", Part: emit.PartRule, Rule: 0, Note: "write"}
	dispatch := emit.Source{Arch: "x86_64", Part: emit.PartDispatch, Rule: -1}
	b := emit.NewBuilder()
	allow := b.Ret(0x7fff0000, rule)
	eperm := b.Ret(0x00050001, emit.Source{Arch: "x86_64", Part: emit.PartDefault, Rule: -1})
	fd := b.LoadAbs(16, b.Jump(0x20, 2, eperm, allow, rule), rule) // args[0] low word > 2
	nr := b.LoadAbs(0, b.Jump(0x10, 1, fd, eperm, dispatch), dispatch)
	kill := b.Ret(0x80000000, emit.Source{Part: emit.PartBadArch, Rule: -1})
	root := b.LoadAbs(4, b.Jump(0x10, 0xc000003e, nr, kill, emit.Source{Part: emit.PartArch, Rule: -1}), emit.Source{Part: emit.PartArch, Rule: -1})
	p, err := b.Assemble(root)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(emit.Dot(p, emit.DotOptions{
		Name: "write to stdio",
		Comment: func(pc int) string {
			if p.Src[pc].Part == emit.PartRule {
				return "policy:3: allow write if a0 <= 2"
			}
			return "" // the Source
		},
	}))
	// Output:
	// digraph "write to stdio" {
	// 	graph [label="write to stdio", labelloc=t, fontname="monospace", rankdir=TB];
	// 	node [fontname="monospace", fontsize=10];
	// 	edge [fontname="monospace", fontsize=9];
	// 	n0 [shape=ellipse, label="A = arch\larch == 0xc000003e x86_64/x32 ?\l"];
	// 	n2 [shape=box, style="rounded,filled", fillcolor="#f8b0b0", label="KILL_PROCESS\lbadarch\l"];
	// 	subgraph cluster_0 {
	// 		label="x86_64";
	// 		style=rounded;
	// 		n3 [shape=ellipse, label="A = nr\lnr == 1 write ?\l"];
	// 		n8_c0 [shape=box, style="rounded,filled", fillcolor="#f8f0a0", label="ERRNO(1)\ldefault\l"];
	// 		n5 [shape=box, label="policy:3: allow write if a0 <= 2\lA = args[0]+0\lA > 0x2 ?\l"];
	// 		n7_c0 [shape=box, style="rounded,filled", fillcolor="#b8f0b8", label="ALLOW\l"];
	// 	}
	// 	n0 -> n3 [label="true"];
	// 	n0 -> n2 [label="false", style=dashed];
	// 	n3 -> n5 [label="true"];
	// 	n3 -> n8_c0 [label="false", style=dashed];
	// 	n5 -> n8_c0 [label="true"];
	// 	n5 -> n7_c0 [label="false", style=dashed];
	// }
}
