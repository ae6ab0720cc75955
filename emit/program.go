package emit

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/net/bpf"
)

// Program is an assembled filter, ready to be loaded.
type Program struct {
	Insns []bpf.RawInstruction // golang.org/x/net/bpf
	Src   []Source             // Src[i] produced Insns[i]
}

// String prints the program one instruction per line as
// "pc: insn ; source", with the instruction in the syntax of
// bpf.Instruction.String (the kernel's bpf_asm, with relative jump
// offsets).
func (p *Program) String() string {
	if p == nil {
		return ""
	}
	var b strings.Builder
	width := len(strconv.Itoa(max(len(p.Insns)-1, 0)))
	for i, ins := range p.Insns {
		text := insnString(ins)
		var src string
		if i < len(p.Src) {
			src = p.Src[i].String()
		}
		if src == "" {
			fmt.Fprintf(&b, "%*d: %s\n", width, i, text)
		} else {
			fmt.Fprintf(&b, "%*d: %-22s ; %s\n", width, i, text, src)
		}
	}
	return b.String()
}

func insnString(ins bpf.RawInstruction) string {
	if s, ok := ins.Disassemble().(fmt.Stringer); ok {
		return s.String()
	}
	return fmt.Sprintf("unknown op=%#04x jt=%d jf=%d k=%#x", ins.Op, ins.Jt, ins.Jf, ins.K)
}
