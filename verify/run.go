package verify

import (
	"fmt"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/internal/bpfop"
)

// Run executes prog on d as the kernel's seccomp does and returns the
// filter's 32-bit verdict. Loads from d use the byte order of the target
// machine (bigEndian). Programs that [Check] rejects are not run: Run returns
// Check's *[Error] instead. Run never panics.
func Run(prog []bpf.RawInstruction, d *SeccompData, bigEndian bool) (uint32, error) {
	if err := Check(prog); err != nil {
		return 0, err
	}
	return execute(prog, d, bigEndian, nil)
}

// Trace is [Run] that also returns the pcs it executed, in order. The last
// pc is the instruction that ended the program: a return, or a division by
// an X of zero.
func Trace(prog []bpf.RawInstruction, d *SeccompData, bigEndian bool) (ret uint32, pcs []int, err error) {
	if err := Check(prog); err != nil {
		return 0, nil, err
	}
	pcs = make([]int, 0, len(prog))
	ret, err = execute(prog, d, bigEndian, &pcs)
	return ret, pcs, err
}

// execute runs a program that passed Check. It follows the eBPF translation
// made by bpf_convert_filter (net/core/filter.c); see the package
// documentation. The run-time faults it guards against cannot happen after
// Check and are reported as internal errors rather than panics.
func execute(prog []bpf.RawInstruction, d *SeccompData, bigEndian bool, trace *[]int) (uint32, error) {
	var (
		a, x uint32
		mem  [bpfop.MemWords]uint32
	)
	if d == nil {
		d = &SeccompData{}
	}
	data := d.Bytes(bigEndian)
	order := byteOrder(bigEndian)
	internal := func(pc int, format string, args ...any) error {
		return &Error{PC: pc, Code: errInternal, Detail: fmt.Sprintf(format, args...)}
	}

	for pc := 0; pc < len(prog); pc++ {
		if trace != nil {
			*trace = append(*trace, pc)
		}
		ins := prog[pc]
		k := ins.K
		switch ins.Op {
		case bpfop.LdAbsW:
			if k >= bpfop.DataLen || k%4 != 0 {
				// Classic BPF ends the program with 0 on a load it cannot
				// do; Check keeps this from happening for seccomp.
				return 0, nil
			}
			a = order.Uint32(data[k:])
		case bpfop.LdLen: // rewritten by seccomp_check_filter to ld #64
			a = bpfop.DataLen
		case bpfop.LdxLen: // rewritten to ldx #64
			x = bpfop.DataLen
		case bpfop.LdImm:
			a = k
		case bpfop.LdxImm:
			x = k
		case bpfop.LdMem, bpfop.LdxMem, bpfop.St, bpfop.Stx:
			if k >= bpfop.MemWords {
				return 0, internal(pc, "scratch index %d", k)
			}
			switch ins.Op {
			case bpfop.LdMem:
				a = mem[k]
			case bpfop.LdxMem:
				x = mem[k]
			case bpfop.St:
				mem[k] = a
			case bpfop.Stx:
				mem[k] = x
			}
		case bpfop.Tax:
			x = a
		case bpfop.Txa:
			a = x
		case bpfop.Neg:
			a = -a
		case bpfop.RetK:
			return k, nil
		case bpfop.RetA:
			return a, nil
		case bpfop.Ja:
			if uint64(k) >= uint64(len(prog)-pc-1) {
				return 0, internal(pc, "ja %d out of range", k)
			}
			pc += int(k)
		default:
			switch ins.Op & bpfop.ClassMask {
			case bpfop.ALU:
				operand := k
				if ins.Op&bpfop.X != 0 {
					operand = x
				}
				switch ins.Op &^ bpfop.X {
				case bpfop.ALU | bpfop.ADD:
					a += operand
				case bpfop.ALU | bpfop.SUB:
					a -= operand
				case bpfop.ALU | bpfop.MUL:
					a *= operand
				case bpfop.ALU | bpfop.DIV:
					if operand == 0 {
						// bpf_convert_filter: "if X == 0, A = 0 and exit".
						// A constant zero is refused by Check.
						return 0, nil
					}
					a /= operand
				case bpfop.ALU | bpfop.AND:
					a &= operand
				case bpfop.ALU | bpfop.OR:
					a |= operand
				case bpfop.ALU | bpfop.XOR:
					a ^= operand
				case bpfop.ALU | bpfop.LSH:
					a <<= operand & 31 // eBPF ALU32 shifts mask the count
				case bpfop.ALU | bpfop.RSH:
					a >>= operand & 31
				default:
					return 0, internal(pc, "opcode %#04x", ins.Op)
				}
			case bpfop.JMP:
				operand := k
				if ins.Op&bpfop.X != 0 {
					operand = x
				}
				var taken bool
				switch ins.Op &^ bpfop.X {
				case bpfop.JMP | bpfop.JEQ:
					taken = a == operand
				case bpfop.JMP | bpfop.JGT:
					taken = a > operand
				case bpfop.JMP | bpfop.JGE:
					taken = a >= operand
				case bpfop.JMP | bpfop.JSET:
					taken = a&operand != 0
				default:
					return 0, internal(pc, "opcode %#04x", ins.Op)
				}
				skip := int(ins.Jf)
				if taken {
					skip = int(ins.Jt)
				}
				if pc+skip+1 >= len(prog) {
					return 0, internal(pc, "jump %d out of range", skip)
				}
				pc += skip
			default:
				return 0, internal(pc, "opcode %#04x", ins.Op)
			}
		}
	}
	return 0, internal(len(prog)-1, "ran off the end of the program")
}

// Filter is a program that passed [Check], ready to be run many times
// without checking it again.
type Filter struct {
	prog []bpf.RawInstruction
}

// NewFilter checks prog once and returns it ready to run.
func NewFilter(prog []bpf.RawInstruction) (*Filter, error) {
	if err := Check(prog); err != nil {
		return nil, err
	}
	return &Filter{prog: append([]bpf.RawInstruction(nil), prog...)}, nil
}

// Run is [Run] for a checked filter. A nil or zero Filter, which
// NewFilter never returns, is an empty program.
func (f *Filter) Run(d *SeccompData, bigEndian bool) (uint32, error) {
	if f == nil || len(f.prog) == 0 {
		return 0, &Error{PC: -1, Code: ErrEmpty, Detail: "no filter (make it with NewFilter)"}
	}
	return execute(f.prog, d, bigEndian, nil)
}
