package verify

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/internal/bpfop"
)

func repeat(ins bpf.RawInstruction, n int) []bpf.RawInstruction {
	p := make([]bpf.RawInstruction, n)
	for i := range p {
		p[i] = ins
	}
	return p
}

func TestCheckRejects(t *testing.T) {
	tests := []struct {
		name string
		prog []bpf.RawInstruction
		code ErrorCode
		pc   int
	}{
		{"empty", []bpf.RawInstruction{}, ErrEmpty, -1},
		{"4097 instructions", repeat(retK(0), bpfop.MaxInsns+1), ErrTooLong, -1},
		{"unknown opcode", []bpf.RawInstruction{stmt(0xff, 0), retK(0)}, ErrUnknownOpcode, 0},
		{"unknown opcode high bits", []bpf.RawInstruction{stmt(0x106, 0)}, ErrUnknownOpcode, 0},
		{"ret x", []bpf.RawInstruction{stmt(bpfop.RET|0x08, 0)}, ErrUnknownOpcode, 0},
		{"jt past end", []bpf.RawInstruction{ldAbs(0), jump(bpfop.JeqK, 0, 1, 0), retK(0)}, ErrJump, 1},
		{"jf past end", []bpf.RawInstruction{ldAbs(0), jump(bpfop.JgtX, 0, 0, 1), retK(0)}, ErrJump, 1},
		{"backward jump by wrap", []bpf.RawInstruction{retK(0), stmt(bpfop.Ja, 0xffffffff), retK(0)}, ErrJump, 1},
		{"ja past end", []bpf.RawInstruction{stmt(bpfop.Ja, 2), retK(0), retK(1)}, ErrJump, 0},
		{"ja as last instruction", []bpf.RawInstruction{retK(0), stmt(bpfop.Ja, 0)}, ErrJump, 1},
		{"cond jump as last instruction", []bpf.RawInstruction{retK(0), jump(bpfop.JsetK, 1, 0, 0)}, ErrJump, 1},
		{"no final ret", []bpf.RawInstruction{ldAbs(0), retK(0), ldImm(1)}, ErrNoReturn, 2},
		{"ld abs k=64", []bpf.RawInstruction{ldAbs(64), retA()}, ErrLoadOffset, 0},
		{"ld abs ancillary", []bpf.RawInstruction{ldAbs(bpfop.SKFADOff), retA()}, ErrLoadOffset, 0},
		{"ld abs unaligned k=2", []bpf.RawInstruction{ldAbs(2), retA()}, ErrLoadAlign, 0},
		{"ld abs unaligned k=61", []bpf.RawInstruction{ldAbs(61), retA()}, ErrLoadAlign, 0},
		{"ld h abs", []bpf.RawInstruction{stmt(bpfop.LdAbsH, 0), retA()}, ErrNotAllowed, 0},
		{"ld b abs", []bpf.RawInstruction{stmt(bpfop.LdAbsB, 4), retA()}, ErrNotAllowed, 0},
		{"ld w ind", []bpf.RawInstruction{stmt(bpfop.LdIndW, 0), retA()}, ErrNotAllowed, 0},
		{"ld b ind", []bpf.RawInstruction{stmt(bpfop.LdIndB, 0), retA()}, ErrNotAllowed, 0},
		{"ldx msh", []bpf.RawInstruction{stmt(bpfop.LdxMsh, 0), retA()}, ErrNotAllowed, 0},
		{"mod k", []bpf.RawInstruction{ldImm(5), aluK(bpfop.MOD, 3), retA()}, ErrNotAllowed, 1},
		{"mod x", []bpf.RawInstruction{ldxImm(5), aluX(bpfop.MOD), retA()}, ErrNotAllowed, 1},
		{"div by constant 0", []bpf.RawInstruction{ldImm(5), aluK(bpfop.DIV, 0), retA()}, ErrDivByZero, 1},
		{"mod by constant 0", []bpf.RawInstruction{aluK(bpfop.MOD, 0), retA()}, ErrDivByZero, 0},
		{"lsh k 32", []bpf.RawInstruction{aluK(bpfop.LSH, 32), retA()}, ErrShift, 0},
		{"rsh k 0xffffffff", []bpf.RawInstruction{aluK(bpfop.RSH, 0xffffffff), retA()}, ErrShift, 0},
		{"st M[16]", []bpf.RawInstruction{stmt(bpfop.St, 16), retA()}, ErrScratchIndex, 0},
		{"ldx M[16]", []bpf.RawInstruction{stmt(bpfop.Stx, 0), stmt(bpfop.LdxMem, 16), retA()}, ErrScratchIndex, 1},
		{"read of never-written scratch", []bpf.RawInstruction{stmt(bpfop.LdMem, 0), retA()}, ErrScratchUnset, 0},
		{"read of other slot", []bpf.RawInstruction{stmt(bpfop.St, 1), stmt(bpfop.LdxMem, 2), retA()}, ErrScratchUnset, 1},
		{"scratch written on one path only", []bpf.RawInstruction{
			ldAbs(bpfop.OffNr),
			jump(bpfop.JeqK, 1, 0, 1), // nr == 1: store; else skip the store
			stmt(bpfop.St, 4),
			stmt(bpfop.LdMem, 4),
			retA(),
		}, ErrScratchUnset, 3},
		{"scratch written on one path, joined by ja", []bpf.RawInstruction{
			ldAbs(bpfop.OffNr),
			jump(bpfop.JeqK, 1, 0, 2),
			stmt(bpfop.St, 4),
			stmt(bpfop.Ja, 1),
			stmt(bpfop.Stx, 5), // other path writes a different slot
			stmt(bpfop.LdMem, 4),
			retA(),
		}, ErrScratchUnset, 5},
		{"unreachable read after ret", []bpf.RawInstruction{retK(0), stmt(bpfop.LdMem, 0), retA()}, ErrScratchUnset, 1},
		{"first fault wins", []bpf.RawInstruction{stmt(bpfop.LdAbsH, 0), ldAbs(3), retA()}, ErrNotAllowed, 0},
	}
	sites := rejectionSites(t)
	hit := make([]bool, len(sites))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.prog)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Check = %v, want *Error", err)
			}
			if e.Code != tt.code || e.PC != tt.pc {
				t.Errorf("Check = %q (code %q, pc %d), want code %q, pc %d", err, e.Code, e.PC, tt.code, tt.pc)
			}
			msg := err.Error()
			if !strings.Contains(msg, string(tt.code)) {
				t.Errorf("message %q does not name the rule %q", msg, tt.code)
			}
			if tt.pc >= 0 && !strings.HasPrefix(msg, "pc ") {
				t.Errorf("message %q does not start with the pc", msg)
			}
			for i, s := range sites {
				if s.code == string(e.Code) && s.detail.MatchString(e.Detail) {
					hit[i] = true
				}
			}
		})
	}
	for i, s := range sites {
		if !hit[i] {
			t.Errorf("check.go:%d: no case reaches the rejection %s %q", s.line, s.code, s.format)
		}
	}
}

// A rejectionSite is a place in check.go that returns an *Error: its
// code's name, the format of its detail and a pattern the detail matches.
type rejectionSite struct {
	line   int
	code   string
	format string
	detail *regexp.Regexp
}

// rejectionSites reads check.go and returns its rejections: the calls
// fail(ErrX, "format", ...) and the literals &Error{Code: ErrX, Detail:
// "..." or fmt.Sprintf("format", ...)}. TestCheckRejects must reach each
// one, so a new rule without a case fails the test.
func rejectionSites(t *testing.T) []rejectionSite {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "check.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var sites []rejectionSite
	add := func(pos token.Pos, code, format ast.Expr) {
		id, ok := code.(*ast.Ident)
		if !ok {
			t.Fatalf("check.go:%d: code is not a constant", fset.Position(pos).Line)
		}
		if call, ok := format.(*ast.CallExpr); ok && len(call.Args) > 0 { // fmt.Sprintf(format, ...)
			format = call.Args[0]
		}
		lit, ok := format.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			t.Fatalf("check.go:%d: detail is not a format literal", fset.Position(pos).Line)
		}
		text, err := strconv.Unquote(lit.Value)
		if err != nil {
			t.Fatal(err)
		}
		pattern := regexp.QuoteMeta(text)
		pattern = regexp.MustCompile(`%[#0-9]*[dxvsq]`).ReplaceAllString(pattern, `.+`)
		sites = append(sites, rejectionSite{
			line:   fset.Position(pos).Line,
			code:   codeText(t, id.Name),
			format: text,
			detail: regexp.MustCompile(`(^|: )` + pattern + `$`),
		})
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "fail" && len(n.Args) >= 2 {
				add(n.Pos(), n.Args[0], n.Args[1])
			}
		case *ast.CompositeLit:
			if id, ok := n.Type.(*ast.Ident); ok && id.Name == "Error" {
				var code, detail ast.Expr
				for _, el := range n.Elts {
					kv := el.(*ast.KeyValueExpr)
					switch kv.Key.(*ast.Ident).Name {
					case "Code":
						code = kv.Value
					case "Detail":
						detail = kv.Value
					}
				}
				// Skip the internal error and fail's own literal (code is
				// its parameter), whose calls are sites themselves.
				if name := code.(*ast.Ident).Name; name != "errInternal" && name != "code" {
					add(n.Pos(), code, detail)
				}
			}
		}
		return true
	})
	if len(sites) == 0 {
		t.Fatal("found no rejections in check.go")
	}
	return sites
}

// codeText returns the text of the ErrorCode constant named name.
func codeText(t *testing.T, name string) string {
	t.Helper()
	code, ok := map[string]ErrorCode{
		"ErrEmpty": ErrEmpty, "ErrTooLong": ErrTooLong, "ErrUnknownOpcode": ErrUnknownOpcode,
		"ErrNotAllowed": ErrNotAllowed, "ErrLoadOffset": ErrLoadOffset, "ErrLoadAlign": ErrLoadAlign,
		"ErrDivByZero": ErrDivByZero, "ErrShift": ErrShift, "ErrScratchIndex": ErrScratchIndex,
		"ErrJump": ErrJump, "ErrNoReturn": ErrNoReturn, "ErrScratchUnset": ErrScratchUnset,
	}[name]
	if !ok {
		t.Fatalf("check.go returns %s, which the test does not know", name)
	}
	return string(code)
}

func TestCheckAccepts(t *testing.T) {
	tests := []struct {
		name string
		prog []bpf.RawInstruction
	}{
		{"single ret", []bpf.RawInstruction{retK(actAllow)}},
		{"ret a", []bpf.RawInstruction{retA()}},
		{"ld abs k=60", []bpf.RawInstruction{ldAbs(60), retA()}},
		{"ld abs every aligned offset", func() []bpf.RawInstruction {
			var p []bpf.RawInstruction
			for k := uint32(0); k < 64; k += 4 {
				p = append(p, ldAbs(k))
			}
			return append(p, retA())
		}()},
		{"4096 instructions", repeat(retK(0), bpfop.MaxInsns)},
		{"ld len and ldx len", []bpf.RawInstruction{stmt(bpfop.LdLen, 0), stmt(bpfop.LdxLen, 0), retA()}},
		{"ld len ignores k", []bpf.RawInstruction{stmt(bpfop.LdLen, 12345), retA()}},
		{"jump to last instruction", []bpf.RawInstruction{jump(bpfop.JeqK, 0, 1, 0), retK(0), retK(1)}},
		{"ja to last instruction", []bpf.RawInstruction{stmt(bpfop.Ja, 1), retK(0), retK(1)}},
		{"shift by 31", []bpf.RawInstruction{aluK(bpfop.LSH, 31), aluK(bpfop.RSH, 31), retA()}},
		{"div x (checked at run time)", []bpf.RawInstruction{aluX(bpfop.DIV), retA()}},
		{"scratch M[15]", []bpf.RawInstruction{stmt(bpfop.St, 15), stmt(bpfop.LdMem, 15), retA()}},
		{"scratch written on both paths", []bpf.RawInstruction{
			ldAbs(bpfop.OffNr),
			jump(bpfop.JeqK, 1, 0, 2),
			stmt(bpfop.St, 4),
			stmt(bpfop.Ja, 1),
			stmt(bpfop.Stx, 4),
			stmt(bpfop.LdMem, 4),
			retA(),
		}},
		{"scratch written before branch", []bpf.RawInstruction{
			stmt(bpfop.St, 0),
			ldAbs(bpfop.OffNr),
			jump(bpfop.JeqK, 1, 1, 0),
			retK(0),
			stmt(bpfop.LdxMem, 0),
			retA(),
		}},
		{"every whitelisted opcode", []bpf.RawInstruction{
			ldAbs(0), stmt(bpfop.LdLen, 0), stmt(bpfop.LdxLen, 0), ldImm(1), ldxImm(1),
			stmt(bpfop.St, 0), stmt(bpfop.Stx, 1), stmt(bpfop.LdMem, 0), stmt(bpfop.LdxMem, 1),
			aluK(bpfop.ADD, 1), aluX(bpfop.ADD), aluK(bpfop.SUB, 1), aluX(bpfop.SUB),
			aluK(bpfop.MUL, 1), aluX(bpfop.MUL), aluK(bpfop.DIV, 1), aluX(bpfop.DIV),
			aluK(bpfop.AND, 1), aluX(bpfop.AND), aluK(bpfop.OR, 1), aluX(bpfop.OR),
			aluK(bpfop.XOR, 1), aluX(bpfop.XOR), aluK(bpfop.LSH, 1), aluX(bpfop.LSH),
			aluK(bpfop.RSH, 1), aluX(bpfop.RSH), stmt(bpfop.Neg, 0), stmt(bpfop.Tax, 0), stmt(bpfop.Txa, 0),
			stmt(bpfop.Ja, 0),
			jump(bpfop.JeqK, 0, 0, 0), jump(bpfop.JeqX, 0, 0, 0), jump(bpfop.JgtK, 0, 0, 0), jump(bpfop.JgtX, 0, 0, 0),
			jump(bpfop.JgeK, 0, 0, 0), jump(bpfop.JgeX, 0, 0, 0), jump(bpfop.JsetK, 0, 0, 0), jump(bpfop.JsetX, 0, 0, 0),
			retK(0), retA(),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := Check(tt.prog); err != nil {
				t.Errorf("Check = %v, want nil", err)
			}
		})
	}
}

// TestCheckOpcodeTable checks the opcode table against the kernel's lists by
// counting: chk_code_allowed lists 49 opcodes, seccomp_check_filter keeps 41
// of them (38 unchanged, plus LD W ABS, LD W LEN and LDX W LEN).
func TestCheckOpcodeTable(t *testing.T) {
	classic, seccomp := 0, 0
	for op := 0; op < 1<<16; op++ {
		info, ok := classicOps[uint16(op)]
		if !ok {
			continue
		}
		classic++
		if info.seccomp {
			seccomp++
		}
		// Every opcode in the table must pass the unknown-opcode test and
		// every seccomp one must pass the whitelist.
		k := uint32(0)
		if op == bpfop.ALU|bpfop.DIV|bpfop.K || op == bpfop.ALU|bpfop.MOD|bpfop.K {
			k = 1
		}
		err := checkInsn(0, bpf.RawInstruction{Op: uint16(op), K: k}, 2)
		var e *Error
		if errors.As(err, &e) && e.Code == ErrUnknownOpcode {
			t.Errorf("opcode %#04x: %v", op, err)
		}
		if info.seccomp && err != nil {
			t.Errorf("whitelisted opcode %#04x (%s) rejected: %v", op, info.name, err)
		}
		if !info.seccomp && (err == nil || e.Code != ErrNotAllowed) {
			t.Errorf("non-seccomp opcode %#04x (%s): got %v, want %q", op, info.name, err, ErrNotAllowed)
		}
	}
	if classic != 49 || seccomp != 41 {
		t.Errorf("table has %d classic and %d seccomp opcodes, want 49 and 41", classic, seccomp)
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{PC: 12, Code: ErrJump, Detail: "jt 5"}, "pc 12: jump out of range: jt 5"},
		{&Error{PC: -1, Code: ErrEmpty}, "empty program"},
		{&Error{PC: 0, Code: ErrNoReturn}, "pc 0: last instruction is not a return"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}
