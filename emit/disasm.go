package emit

import (
	"fmt"
	"strings"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/internal/bpfop"
	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/tables"
)

// Disassembly options.
type DisasmOptions struct {
	// Comment returns the comment for instruction pc (the source rule, for
	// a compiled program); nil for none.
	Comment func(pc int) string
}

// Disassemble prints any seccomp filter readably: one line per
// instruction with its pc, absolute jump targets, architecture names for
// compares with the arch word, syscall names for compares with the nr
// word (in the section of the architecture the path has checked),
// struct seccomp_data field names for loads, and actions for returns.
// It works on programs of any origin (libseccomp's too): what the
// accumulator holds is tracked along the jumps.
func Disassemble(insns []bpf.RawInstruction, opts DisasmOptions) string {
	ctx := flowContexts(insns)
	var b strings.Builder
	for pc, ins := range insns {
		text := disasmInsn(pc, ins, ctx[pc])
		comment := ""
		if opts.Comment != nil {
			// The comment may hold text from a profile (a file name):
			// keep it on its line.
			comment = quote.Text(opts.Comment(pc))
		}
		if comment != "" {
			fmt.Fprintf(&b, "%4d: %-44s ; %s\n", pc, text, comment)
		} else {
			fmt.Fprintf(&b, "%4d: %s\n", pc, text)
		}
	}
	return b.String()
}

// What the accumulator holds at an instruction, and which architecture
// the path has established.
type accState uint8

const (
	accUnknown accState = iota
	accNr
	accArch
	accOther
)

type flowCtx struct {
	acc   accState
	audit uint32 // 0 when unknown
	known bool   // visited
	mixed bool   // reached with different audits
}

// flowContexts propagates the accumulator contents and the checked arch
// forward through the program (jumps are forward only).
func flowContexts(insns []bpf.RawInstruction) []flowCtx {
	ctx := make([]flowCtx, len(insns)+1)
	if len(insns) > 0 {
		ctx[0] = flowCtx{known: true}
	}
	merge := func(to int, c flowCtx) {
		if to < 0 || to >= len(insns) {
			return
		}
		t := &ctx[to]
		if !t.known {
			*t = c
			t.known = true
			return
		}
		if t.acc != c.acc {
			t.acc = accUnknown
		}
		if t.audit != c.audit {
			t.mixed = true
		}
	}
	for pc, ins := range insns {
		c := ctx[pc]
		if !c.known {
			continue
		}
		if c.mixed {
			c.audit = 0
		}
		c.mixed = false
		cls := ins.Op & bpfop.ClassMask
		switch {
		case ins.Op == bpfop.LdAbsW:
			switch ins.K {
			case bpfop.OffNr:
				c.acc = accNr
			case bpfop.OffArch:
				c.acc = accArch
			default:
				c.acc = accOther
			}
			merge(pc+1, c)
		case cls == bpfop.RET:
		case ins.Op == bpfop.Ja:
			merge(pc+1+int(ins.K), c)
		case cls == bpfop.JMP:
			t, f := c, c
			if c.acc == accArch && ins.Op == bpfop.JeqK {
				t.audit = ins.K
			}
			merge(pc+1+int(ins.Jt), t)
			merge(pc+1+int(ins.Jf), f)
		case cls == bpfop.ALU, cls == bpfop.LD, cls == bpfop.LDX, cls == bpfop.MISC:
			if cls == bpfop.ALU || cls == bpfop.LD || ins.Op == bpfop.Txa {
				c.acc = accOther
			}
			merge(pc+1, c)
		default:
			merge(pc+1, c)
		}
	}
	return ctx
}

var fieldNames = map[uint32]string{0: "nr", 4: "arch", 8: "ip_lo", 12: "ip_hi"}

func fieldName(k uint32) string {
	if s, ok := fieldNames[k]; ok {
		return s
	}
	if k >= 16 && k < 64 && k%4 == 0 {
		// The word's half depends on the byte order; name it by offset.
		return fmt.Sprintf("args[%d]+%d", (k-16)/8, (k-16)%8)
	}
	return fmt.Sprintf("%d", k)
}

func archName(audit uint32) string {
	var names []string
	for _, a := range arch.ByAudit(audit) {
		names = append(names, a.Name)
	}
	if len(names) == 0 {
		return ""
	}
	return strings.Join(names, "/")
}

func syscallName(audit, nr uint32) string {
	if audit == 0 {
		return ""
	}
	for _, a := range arch.ByAudit(audit) {
		if a.SyscallBit != 0 && nr < a.SyscallBit {
			continue
		}
		if a.SyscallBit == 0 && nr >= 0x40000000 && len(arch.ByAudit(audit)) > 1 {
			continue
		}
		t, err := tables.ForArch(a.Table)
		if err != nil {
			continue
		}
		if s, ok := t.ByNr(nr); ok {
			return s.Name
		}
	}
	return ""
}

// RetString names a return value: "ALLOW", "ERRNO(1)", "KILL_PROCESS".
func RetString(k uint32) string {
	data := k & bpfop.RetData
	switch k & bpfop.RetActionFull {
	case bpfop.RetKillProcess:
		return "KILL_PROCESS"
	case bpfop.RetKillThread:
		return "KILL_THREAD"
	case bpfop.RetTrap:
		return fmt.Sprintf("TRAP(%d)", data)
	case bpfop.RetErrno:
		return fmt.Sprintf("ERRNO(%d)", data)
	case bpfop.RetUserNotif:
		return "NOTIFY"
	case bpfop.RetTrace:
		return fmt.Sprintf("TRACE(%d)", data)
	case bpfop.RetLog:
		return "LOG"
	case bpfop.RetAllow:
		return "ALLOW"
	}
	return fmt.Sprintf("%#x (unknown action: KILL_PROCESS)", k)
}

func disasmInsn(pc int, ins bpf.RawInstruction, c flowCtx) string {
	switch {
	case ins.Op == bpfop.LdAbsW:
		return fmt.Sprintf("ld  [%d]  %s", ins.K, fieldName(ins.K))
	case ins.Op == bpfop.RetK:
		return "ret " + RetString(ins.K)
	case ins.Op == bpfop.RetA:
		return "ret A"
	case ins.Op == bpfop.Ja:
		return fmt.Sprintf("ja  %d", pc+1+int(ins.K))
	case ins.Op&bpfop.ClassMask == bpfop.JMP && ins.Op&bpfop.SrcMask == bpfop.K: // conditional with K
		op, ok := jumpNames[ins.Op&bpfop.OpMask]
		if !ok {
			return insnString(ins)
		}
		k := fmt.Sprintf("#%#x", ins.K)
		switch c.acc {
		case accArch:
			if n := archName(ins.K); n != "" {
				k += " " + n
			}
		case accNr:
			if n := syscallName(c.audit, ins.K); n != "" {
				k += " " + n
			} else if ins.K < 0x10000 {
				k = fmt.Sprintf("#%d", ins.K)
			}
		}
		return fmt.Sprintf("%-4s %-28s %d, %d", op, k, pc+1+int(ins.Jt), pc+1+int(ins.Jf))
	}
	return insnString(ins)
}
