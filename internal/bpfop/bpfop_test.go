package bpfop

import "testing"

// TestMasks checks that each mask covers exactly the values of its field.
func TestMasks(t *testing.T) {
	fields := []struct {
		name   string
		mask   uint16
		values []uint16
	}{
		{"ClassMask", ClassMask, []uint16{LD, LDX, ST, STX, ALU, JMP, RET, MISC}},
		{"OpMask", OpMask, []uint16{ADD, SUB, MUL, DIV, OR, AND, LSH, RSH, NEG, MOD, XOR, JA, JEQ, JGT, JGE, JSET}},
		{"SrcMask", SrcMask, []uint16{K, X}},
	}
	for _, f := range fields {
		var union uint16
		for _, v := range f.values {
			if v&^f.mask != 0 {
				t.Errorf("%s: value %#x has bits outside the mask", f.name, v)
			}
			union |= v
		}
		if union != f.mask {
			t.Errorf("%s = %#x, its values cover %#x", f.name, f.mask, union)
		}
	}
	if end := OffArgs + 6*8; end != DataLen {
		t.Errorf("OffArgs + 6 args = %d, DataLen = %d", end, DataLen)
	}
}
