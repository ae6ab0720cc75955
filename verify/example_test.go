package verify_test

import (
	"errors"
	"fmt"

	"github.com/seccompc/seccompc/verify"
	"golang.org/x/net/bpf"
)

// A small x86-64 filter: kill other architectures, allow getpid (39),
// allow write (1) only to fd 1, and fail everything else with EPERM.
func exampleFilter() []bpf.RawInstruction {
	prog, err := bpf.Assemble([]bpf.Instruction{
		bpf.LoadAbsolute{Off: 4, Size: 4}, // A = arch
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: 0xc000003e, SkipTrue: 1},
		bpf.RetConstant{Val: 0x80000000},  // SECCOMP_RET_KILL_PROCESS
		bpf.LoadAbsolute{Off: 0, Size: 4}, // A = nr
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: 39, SkipTrue: 4},
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: 1, SkipFalse: 2},
		bpf.LoadAbsolute{Off: 16, Size: 4}, // A = low word of args[0] (little-endian)
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: 1, SkipTrue: 1},
		bpf.RetConstant{Val: 0x00050001}, // SECCOMP_RET_ERRNO | EPERM
		bpf.RetConstant{Val: 0x7fff0000}, // SECCOMP_RET_ALLOW
	})
	if err != nil {
		panic(err)
	}
	return prog
}

func ExampleRun() {
	prog := exampleFilter()
	for _, d := range []verify.SeccompData{
		{Nr: 39, Arch: 0xc000003e},
		{Nr: 1, Arch: 0xc000003e, Args: [6]uint64{1}},
		{Nr: 1, Arch: 0xc000003e, Args: [6]uint64{2}},
		{Nr: 1, Arch: 0x40000003},
	} {
		verdict, err := verify.Run(prog, &d, false)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("nr %d arch %#x args[0] %d: %#08x\n", d.Nr, d.Arch, d.Args[0], verdict)
	}
	// Output:
	// nr 39 arch 0xc000003e args[0] 0: 0x7fff0000
	// nr 1 arch 0xc000003e args[0] 1: 0x7fff0000
	// nr 1 arch 0xc000003e args[0] 2: 0x00050001
	// nr 1 arch 0x40000003 args[0] 0: 0x80000000
}

func ExampleTrace() {
	prog := exampleFilter()
	_, pcs, err := verify.Trace(prog, &verify.SeccompData{Nr: 1, Arch: 0xc000003e, Args: [6]uint64{1}}, false)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(pcs)
	// Output:
	// [0 1 3 4 5 6 7 9]
}

func ExampleCheck() {
	for _, prog := range [][]bpf.RawInstruction{
		{{Op: 0x20, K: 64}, {Op: 0x16}},                // ld [64]; ret a
		{{Op: 0x28, K: 0}, {Op: 0x16}},                 // ldh [0]; ret a
		{{Op: 0x15, Jt: 3, K: 1}, {Op: 0x06}},          // jeq #1, +3; ret #0
		{{Op: 0x60, K: 2}, {Op: 0x16}},                 // ld M[2]; ret a
		{{Op: 0x20, K: 60}, {Op: 0x06, K: 0x7fff0000}}, // ld [60]; ret #ALLOW
	} {
		err := verify.Check(prog)
		var e *verify.Error
		if errors.As(err, &e) {
			fmt.Printf("%s (code %q)\n", err, e.Code)
			continue
		}
		fmt.Println("ok")
	}
	// Output:
	// pc 0: load offset out of range: ld [k]: k 64, seccomp_data is 64 bytes (code "load offset out of range")
	// pc 0: opcode not allowed in seccomp: ldh [k]: opcode 0x0028 is valid classic BPF but not in seccomp_check_filter's list (code "opcode not allowed in seccomp")
	// pc 0: jump out of range: jeq #k: jt 3 targets pc 4, past the last instruction 1 (code "jump out of range")
	// pc 0: read of possibly unwritten scratch: ld M[k]: M[2] is not written on every path to this instruction (code "read of possibly unwritten scratch")
	// ok
}

func ExampleConstAllow() {
	prog := exampleFilter()
	for _, nr := range []uint32{39, 1, 2} {
		fmt.Printf("nr %d cached as allowed: %v\n", nr, verify.ConstAllow(prog, 0xc000003e, nr, false))
	}
	// Output:
	// nr 39 cached as allowed: true
	// nr 1 cached as allowed: false
	// nr 2 cached as allowed: false
}

func ExampleSeccompData_Bytes() {
	d := verify.SeccompData{Nr: 1, Args: [6]uint64{0x11111111_22222222}}
	le, be := d.Bytes(false), d.Bytes(true)
	fmt.Printf("little-endian nr % x, args[0] % x\n", le[0:4], le[16:24])
	fmt.Printf("big-endian    nr % x, args[0] % x\n", be[0:4], be[16:24])
	// Output:
	// little-endian nr 01 00 00 00, args[0] 22 22 22 22 11 11 11 11
	// big-endian    nr 00 00 00 01, args[0] 11 11 11 11 22 22 22 22
}
