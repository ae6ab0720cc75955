//go:build linux && amd64

package lower_test

// These tests check, in the running kernel, what struct seccomp_data
// carries in the high words of the arguments of a syscall that takes
// the compat (ia32) entry path, and that filters compiled for the
// 32-bit ABIs, which compare the low word only, decide as the
// interpreter says.
//
// The kernel side, for an x86_64 kernel with CONFIG_IA32_EMULATION:
// populate_seccomp_data (kernel/seccomp.c) copies the six unsigned longs
// of syscall_get_arguments (arch/x86/include/asm/syscall.h) into the
// __u64 args. For a task with TS_COMPAT set (any entry through
// entry_INT80_compat, entry_SYSENTER_compat or entry_SYSCALL_compat,
// arch/x86/entry/entry_64_compat.S, whose do_*_32 handlers set it in
// syscall_32_enter) those are the saved 64-bit registers bx, cx, dx,
// si, di, bp as they are, and syscall_get_arch says AUDIT_ARCH_I386.
// The entry code zero-extends the syscall number (movl %eax, %eax) but
// not the argument registers. A 32-bit program cannot set their upper
// halves, so its high words are 0 (subtest i386); a 64-bit program
// that executes int $0x80 can, and they reach the filter (subtest
// int80). The ia32 syscall wrappers (SC_IA32_REGS_TO_ARGS,
// arch/x86/include/asm/syscall_wrapper.h) cast every register to
// unsigned int, so the syscall itself sees the low word only: a filter
// that compares the low word decides on what the syscall will use.
//
// x32 syscalls enter through entry_SYSCALL_64 like x86_64 ones; TS_COMPAT
// is not set, so syscall_get_arch says AUDIT_ARCH_X86_64 and
// syscall_get_arguments gives the full 64-bit di, si, dx, r10, r8, r9.

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"

	"github.com/seccompc/seccompc"
	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/lower"
	"github.com/seccompc/seccompc/verify"
)

// Environment of the child half (TestCompatChild): the entry path, the
// raw filter file and the calls, "nr:a0:...:a5" separated by spaces.
const (
	compatChildEnv  = "SECCOMPC_COMPAT_CHILD"
	compatFilterEnv = "SECCOMPC_COMPAT_FILTER"
	compatCallsEnv  = "SECCOMPC_COMPAT_CALLS"
)

const (
	auditI386   = 0x40000003 // AUDIT_ARCH_I386
	auditX86_64 = 0xc000003e // AUDIT_ARCH_X86_64
	x32Bit      = 0x40000000 // __X32_SYSCALL_BIT

	retAllow = 0x7fff0000 // SECCOMP_RET_ALLOW
	retErrno = 0x00050000 // SECCOMP_RET_ERRNO
)

// compatCall is one syscall made under a filter and the errno the
// kernel must answer (0: the call went through).
type compatCall struct {
	name string
	nr   uint32
	args [6]uint64
	want int
}

func (c compatCall) spec() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d", c.nr)
	for _, a := range c.args {
		fmt.Fprintf(&b, ":%#x", a)
	}
	return b.String()
}

// i386 syscall numbers (arch/x86/entry/syscalls/syscall_32.tbl).
const (
	i386Getpid      = 20
	i386Getgid      = 47
	i386Getppid     = 64
	i386Personality = 136
)

// highWordFilter returns a hand-written filter: for the given audit
// value and syscall number it fails with errno 2+i when the high word of
// args[i] is not 0 (the first such i), and otherwise with errno 20, 21
// or 22 when the low word of args[0] is 0xffffffff, 0x80000000 or 0,
// and errno 1 for any other low word. Everything else is allowed.
func highWordFilter(t *testing.T, audit, nr uint32) []bpf.RawInstruction {
	t.Helper()
	errno := func(n uint32) bpf.Instruction { return bpf.RetConstant{Val: retErrno | n} }
	allow := bpf.RetConstant{Val: retAllow}
	prog := []bpf.Instruction{
		bpf.LoadAbsolute{Off: 4, Size: 4}, // arch
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: audit, SkipTrue: 1},
		allow,
		bpf.LoadAbsolute{Off: 0, Size: 4}, // nr
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: nr, SkipTrue: 1},
		allow,
	}
	for i := range uint32(6) {
		prog = append(prog,
			bpf.LoadAbsolute{Off: 16 + 8*i + 4, Size: 4}, // high word of args[i] (little-endian)
			bpf.JumpIf{Cond: bpf.JumpEqual, Val: 0, SkipTrue: 1},
			errno(2+i))
	}
	prog = append(prog, bpf.LoadAbsolute{Off: 16, Size: 4}) // low word of args[0]
	for i, v := range []uint32{0xffffffff, 0x80000000, 0} {
		prog = append(prog,
			bpf.JumpIf{Cond: bpf.JumpNotEqual, Val: v, SkipTrue: 1},
			errno(20+uint32(i)))
	}
	prog = append(prog, errno(1))
	raw, err := bpf.Assemble(prog)
	if err != nil {
		t.Fatal(err)
	}
	if err := verify.Check(raw); err != nil {
		t.Fatalf("hand-written filter: %v", err)
	}
	return raw
}

// writeCompatFilter writes insns as little-endian struct sock_filter records.
func writeCompatFilter(t *testing.T, insns []bpf.RawInstruction) string {
	t.Helper()
	b := make([]byte, 0, 8*len(insns))
	for _, ins := range insns {
		b = binary.LittleEndian.AppendUint16(b, ins.Op)
		b = append(b, ins.Jt, ins.Jf)
		b = binary.LittleEndian.AppendUint32(b, ins.K)
	}
	name := filepath.Join(t.TempDir(), "filter.bpf")
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// parseCompatCalls reads the "CALL spec\terrno" lines of a child's output.
func parseCompatCalls(t *testing.T, out []byte) map[string]int {
	t.Helper()
	got := map[string]int{}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		spec, res, ok := strings.Cut(strings.TrimPrefix(sc.Text(), "CALL "), "\t")
		if !ok || !strings.HasPrefix(sc.Text(), "CALL ") {
			continue
		}
		n, err := strconv.Atoi(res)
		if err != nil {
			t.Fatalf("child output %q: %v", sc.Text(), err)
		}
		got[spec] = n
	}
	return got
}

// buildProbe32 builds testdata/compat/probe32 for GOARCH=386 and checks
// that this kernel runs it; it skips the test when it does not.
func buildProbe32(t *testing.T) string {
	t.Helper()
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("cannot build the 386 probe: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "probe32")
	build := exec.Command(gocmd, "build", "-o", bin, "./testdata/compat/probe32")
	build.Dir = ".."
	build.Env = append(os.Environ(), "GOARCH=386", "CGO_ENABLED=0", "GOOS=linux")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build of the 386 probe: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "-", strconv.Itoa(i386Getppid)).CombinedOutput()
	if err != nil {
		if errors.Is(err, syscall.ENOEXEC) {
			t.Skipf("kernel cannot run 32-bit x86 programs (no ia32 emulation?): %v", err)
		}
		t.Fatalf("probe without a filter: %v\n%s", err, out)
	}
	if got := parseCompatCalls(t, out); got[strconv.Itoa(i386Getppid)] != 0 {
		t.Fatalf("probe without a filter: getppid failed:\n%s", out)
	}
	return bin
}

// runProbe32 runs the 386 probe under the filter and returns the errno
// of each call, by spec.
func runProbe32(t *testing.T, bin string, insns []bpf.RawInstruction, calls []compatCall) map[string]int {
	t.Helper()
	args := []string{writeCompatFilter(t, insns)}
	for _, c := range calls {
		for _, a := range c.args {
			if a > 0xffffffff {
				t.Fatalf("%s: a 32-bit task cannot pass %#x", c.name, a)
			}
		}
		args = append(args, c.spec())
	}
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("probe: %v\n%s", err, out)
	}
	return parseCompatCalls(t, out)
}

// runCompatChild re-executes this test binary as TestCompatChild, which makes
// the calls from 64-bit code through the given entry ("int80" or
// "x32") under the filter.
func runCompatChild(t *testing.T, entry string, insns []bpf.RawInstruction, calls []compatCall) map[string]int {
	t.Helper()
	specs := make([]string, len(calls))
	for i, c := range calls {
		specs[i] = c.spec()
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestCompatChild$", "-test.v")
	cmd.Env = append(os.Environ(),
		compatChildEnv+"="+entry,
		compatFilterEnv+"="+writeCompatFilter(t, insns),
		compatCallsEnv+"="+strings.Join(specs, " "))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child (%s): %v\n%s", entry, err, out)
	}
	return parseCompatCalls(t, out)
}

// compatPolicy has rules on harmless syscalls (getppid and getgid take
// no arguments, personality(0xffffffff) only queries) and allows
// everything else, so that the Go runtime of the child keeps working.
const compatPolicy = `
default allow
baseline none
arch %s
errno(5) personality if a0 == 0xffffffff
errno(6) getppid if a0 in {0x10..0x20}
errno(7) getppid if (a1 & 0x80000000) != 0
errno(8) getppid if a2 > 0xfffffffe
errno(9) getgid if a0 == 0x100000005
`

// compileCompat compiles compatPolicy for target and arches.
func compileCompat(t *testing.T, target, arches string) (*ir.Resolved, *emit.Program) {
	t.Helper()
	p, err := ir.Parse(fmt.Appendf(nil, compatPolicy, arches), "compat.policy")
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := ir.Resolve(p, target)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := lower.Compile(r)
	if err != nil {
		t.Fatal(err)
	}
	return r, prog
}

// checkCompat compares the kernel's answers with the wanted errno, with
// verify.Run on the seccomp_data the kernel builds (args as the task
// passed them) and with the policy's own verdict.
func checkCompat(t *testing.T, got map[string]int, audit uint32, r *ir.Resolved, prog *emit.Program, calls []compatCall) {
	t.Helper()
	for _, c := range calls {
		res, ok := got[c.spec()]
		if !ok {
			t.Errorf("%s: no answer from the child", c.name)
			continue
		}
		if res != c.want {
			t.Errorf("%s: kernel says errno %d, want %d", c.name, res, c.want)
		}
		if prog == nil {
			continue
		}
		d := verify.SeccompData{Nr: c.nr, Arch: audit, Args: c.args}
		ret, err := verify.Run(prog.Insns, &d, false)
		if err != nil {
			t.Fatal(err)
		}
		if sim := compatErrno(t, ret); sim != res {
			t.Errorf("%s: kernel says errno %d, interpreter %d (ret %#x)", c.name, res, sim, ret)
		}
		if ev := compatErrno(t, r.Eval(ir.Data{Arch: audit, Nr: c.nr, Args: c.args}).Ret()); ev != res {
			t.Errorf("%s: kernel says errno %d, policy %d", c.name, res, ev)
		}
	}
}

// compatErrno maps a filter verdict to what the caller sees: 0 for ALLOW,
// the errno for ERRNO.
func compatErrno(t *testing.T, ret uint32) int {
	t.Helper()
	a, ok := ir.ActionFromRet(ret)
	switch {
	case ok && a.Kind == ir.ActAllow:
		return 0
	case ok && a.Kind == ir.ActErrno:
		return int(a.Data)
	}
	t.Fatalf("verdict %#x is neither ALLOW nor ERRNO", ret)
	return -1
}

// TestKernelCompatArgs runs syscalls through the compat entry paths of
// the running kernel under a hand-written filter that reports the high
// words of the arguments and under filters compiled by lower.
func TestKernelCompatArgs(t *testing.T) {
	if err := unix.Prctl(unix.PR_GET_SECCOMP, 0, 0, 0, 0); errors.Is(err, unix.EINVAL) {
		t.Skip("kernel without seccomp (prctl(PR_GET_SECCOMP) = EINVAL)")
	}
	probe := buildProbe32(t)

	// A 32-bit task: every high word is 0, even for values that a
	// sign extension would fill (0xffffffff, 0x80000000).
	t.Run("i386/high-words", func(t *testing.T) {
		calls := []compatCall{
			{"getppid(0xffffffff x6)", i386Getppid, [6]uint64{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, 20},
			{"getppid(0x80000000 x6)", i386Getppid, [6]uint64{0x80000000, 0x80000000, 0x80000000, 0x80000000, 0x80000000, 0x80000000}, 21},
			{"getppid(0 x6)", i386Getppid, [6]uint64{}, 22},
			{"getppid(7)", i386Getppid, [6]uint64{7}, 1},
			{"getpid (not filtered)", i386Getpid, [6]uint64{0xffffffff}, 0},
		}
		got := runProbe32(t, probe, highWordFilter(t, auditI386, i386Getppid), calls)
		checkCompat(t, got, auditI386, nil, nil, calls)
	})

	t.Run("i386/compiled", func(t *testing.T) {
		r, prog := compileCompat(t, "x86", "x86")
		calls := []compatCall{
			{"personality(0xffffffff)", i386Personality, [6]uint64{0xffffffff}, 5},
			{"getppid(0x10)", i386Getppid, [6]uint64{0x10}, 6},
			{"getppid(0x20)", i386Getppid, [6]uint64{0x20}, 6},
			{"getppid(0xf)", i386Getppid, [6]uint64{0xf}, 0},
			{"getppid(0x21)", i386Getppid, [6]uint64{0x21}, 0},
			{"getppid(0, 0x80000000)", i386Getppid, [6]uint64{0, 0x80000000}, 7},
			{"getppid(0, 0x7fffffff)", i386Getppid, [6]uint64{0, 0x7fffffff}, 0},
			{"getppid(0x15, 0x80000000): the first rule", i386Getppid, [6]uint64{0x15, 0x80000000}, 6},
			{"getppid(0, 0, 0xffffffff)", i386Getppid, [6]uint64{0, 0, 0xffffffff}, 8},
			{"getppid(0, 0, 0xfffffffe)", i386Getppid, [6]uint64{0, 0, 0xfffffffe}, 0},
			{"getgid(5): 0x100000005 truncated", i386Getgid, [6]uint64{5}, 9},
			{"getgid(6)", i386Getgid, [6]uint64{6}, 0},
		}
		got := runProbe32(t, probe, prog.Insns, calls)
		checkCompat(t, got, auditI386, r, prog, calls)
	})

	// A 64-bit task executing int $0x80: arch is AUDIT_ARCH_I386 and
	// the high words are whatever the 64-bit registers held.
	t.Run("int80/high-words", func(t *testing.T) {
		calls := []compatCall{
			{"getppid(0x1_ffffffff)", i386Getppid, [6]uint64{0x1_ffffffff}, 2},
			{"getppid(0xffffffff_80000000)", i386Getppid, [6]uint64{0xffffffff_80000000}, 2},
			{"getppid(0, 0, 0, 0, 0, 1<<32)", i386Getppid, [6]uint64{5: 1 << 32}, 7},
			{"getppid(0, 0, 1<<63)", i386Getppid, [6]uint64{2: 1 << 63}, 4},
			{"getppid(0xffffffff)", i386Getppid, [6]uint64{0xffffffff}, 20},
			{"getppid(0)", i386Getppid, [6]uint64{}, 22},
		}
		got := runCompatChild(t, "int80", highWordFilter(t, auditI386, i386Getppid), calls)
		checkCompat(t, got, auditI386, nil, nil, calls)
	})

	t.Run("int80/compiled", func(t *testing.T) {
		r, prog := compileCompat(t, "x86_64", "x86_64 x86")
		calls := []compatCall{
			{"personality(0x1_ffffffff)", i386Personality, [6]uint64{0x1_ffffffff}, 5},
			{"getppid(0x1_00000015): low word in range", i386Getppid, [6]uint64{0x1_00000015}, 6},
			{"getppid(0xffffffff_00000021)", i386Getppid, [6]uint64{0xffffffff_00000021}, 0},
			{"getppid(0, 0xdeadbeef_80000000)", i386Getppid, [6]uint64{0, 0xdeadbeef_80000000}, 7},
			{"getppid(0, 0x80000000_7fffffff)", i386Getppid, [6]uint64{0, 0x80000000_7fffffff}, 0},
			{"getgid(0x1_00000005)", i386Getgid, [6]uint64{0x1_00000005}, 9},
			{"getgid(0x2_00000005)", i386Getgid, [6]uint64{0x2_00000005}, 9},
		}
		got := runCompatChild(t, "int80", prog.Insns, calls)
		checkCompat(t, got, auditI386, r, prog, calls)
	})

	// x32 numbers (the x86_64 table's numbers with bit 30 set) come
	// with AUDIT_ARCH_X86_64 and the full 64-bit registers.
	x32 := func(t *testing.T) {
		t.Helper()
		if _, _, errno := unix.RawSyscall(x32Bit|unix.SYS_GETPID, 0, 0, 0); errno != 0 {
			t.Skipf("kernel without x32 syscalls (CONFIG_X86_X32_ABI off or syscall.x32=n): getpid|0x40000000 = %v", errno)
		}
	}
	const (
		x32Getppid     = x32Bit | 110
		x32Getgid      = x32Bit | 104
		x32Personality = x32Bit | 135
	)
	t.Run("x32/high-words", func(t *testing.T) {
		x32(t)
		calls := []compatCall{
			{"getppid(0x1_ffffffff)", x32Getppid, [6]uint64{0x1_ffffffff}, 2},
			{"getppid(0, 0, 1<<63)", x32Getppid, [6]uint64{2: 1 << 63}, 4},
			{"getppid(0xffffffff)", x32Getppid, [6]uint64{0xffffffff}, 20},
		}
		got := runCompatChild(t, "x32", highWordFilter(t, auditX86_64, x32Getppid), calls)
		checkCompat(t, got, auditX86_64, nil, nil, calls)
	})
	t.Run("x32/compiled", func(t *testing.T) {
		x32(t)
		r, prog := compileCompat(t, "x86_64", "x86_64 x32")
		calls := []compatCall{
			{"personality(0x1_ffffffff)", x32Personality, [6]uint64{0x1_ffffffff}, 5},
			{"getppid(0x1_00000015)", x32Getppid, [6]uint64{0x1_00000015}, 6},
			{"getppid(0, 0xdeadbeef_80000000)", x32Getppid, [6]uint64{0, 0xdeadbeef_80000000}, 7},
			{"getgid(0x2_00000005)", x32Getgid, [6]uint64{0x2_00000005}, 9},
		}
		got := runCompatChild(t, "x32", prog.Insns, calls)
		checkCompat(t, got, auditX86_64, r, prog, calls)
	})
}

// TestCompatChild is the child half of TestKernelCompatArgs.
func TestCompatChild(t *testing.T) {
	entry := os.Getenv(compatChildEnv)
	if entry == "" {
		t.Skip("runs only as the child of TestKernelCompatArgs")
	}
	data, err := os.ReadFile(os.Getenv(compatFilterEnv))
	if err != nil {
		t.Fatal(err)
	}
	insns := make([]bpf.RawInstruction, len(data)/8)
	for i := range insns {
		b := data[8*i:]
		insns[i] = bpf.RawInstruction{Op: binary.LittleEndian.Uint16(b), Jt: b[2], Jf: b[3], K: binary.LittleEndian.Uint32(b[4:])}
	}
	var calls []compatCall
	for _, s := range strings.Fields(os.Getenv(compatCallsEnv)) {
		f := strings.Split(s, ":")
		if len(f) != 7 {
			t.Fatalf("call %q: want nr and six arguments", s)
		}
		var c compatCall
		for i, x := range f {
			v, err := strconv.ParseUint(x, 0, 64)
			if err != nil {
				t.Fatalf("call %q: %v", s, err)
			}
			if i == 0 {
				c.nr = uint32(v)
			} else {
				c.args[i-1] = v
			}
		}
		calls = append(calls, c)
	}
	var int80 *int80Caller
	if entry == "int80" {
		if int80, err = newInt80Caller(); err != nil {
			t.Fatal(err)
		}
		defer int80.close()
	}
	runtime.LockOSThread()
	if _, err := seccompc.Install(insns, 0, seccompc.InstallOptions{NoNewPrivs: true, TSYNC: true}); err != nil {
		t.Fatalf("install: %v", err)
	}
	var out strings.Builder
	for _, c := range calls {
		var errno uintptr
		switch entry {
		case "int80":
			if r := int64(int80.call(c.nr, c.args)); r < 0 && r >= -4095 {
				errno = uintptr(-r)
			}
		case "x32":
			_, _, e := unix.RawSyscall6(uintptr(c.nr), uintptr(c.args[0]), uintptr(c.args[1]), uintptr(c.args[2]), uintptr(c.args[3]), uintptr(c.args[4]), uintptr(c.args[5]))
			errno = uintptr(e)
		default:
			t.Fatalf("unknown entry %q", entry)
		}
		fmt.Fprintf(&out, "CALL %s\t%d\n", c.spec(), errno)
	}
	fmt.Print(out.String())
}

// int80Caller makes system calls from 64-bit code with int $0x80, the
// i386 entry, passing full 64-bit registers. Go has no way to do that
// without assembly, so it writes a small routine into an executable
// page and calls it as a func value. The routine takes no arguments
// (it reads nr and a0..a5 from a data page and writes rax back), keeps
// rbx and rbp, and uses a few bytes of stack, within what the Go
// runtime guarantees to a frameless leaf.
type int80Caller struct {
	mem  []byte
	data []byte // nr, a0..a5, result: 8 little-endian uint64
	fn   func()
}

func newInt80Caller() (*int80Caller, error) {
	page := os.Getpagesize()
	mem, err := unix.Mmap(-1, 0, 2*page, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err != nil {
		return nil, fmt.Errorf("int80: mmap: %w", err)
	}
	c := &int80Caller{mem: mem, data: mem[page : page+64]}
	block := uint64(uintptr(unsafe.Pointer(&c.data[0])))
	movR11 := binary.LittleEndian.AppendUint64([]byte{0x49, 0xbb}, block) // movabs r11, block
	var code []byte
	code = append(code, 0x53, 0x55) // push rbx; push rbp
	code = append(code, movR11...)
	code = append(code,
		0x49, 0x8b, 0x03, // mov rax, [r11]
		0x49, 0x8b, 0x5b, 0x08, // mov rbx, [r11+8]
		0x49, 0x8b, 0x4b, 0x10, // mov rcx, [r11+16]
		0x49, 0x8b, 0x53, 0x18, // mov rdx, [r11+24]
		0x49, 0x8b, 0x73, 0x20, // mov rsi, [r11+32]
		0x49, 0x8b, 0x7b, 0x28, // mov rdi, [r11+40]
		0x49, 0x8b, 0x6b, 0x30, // mov rbp, [r11+48]
		0xcd, 0x80, // int $0x80
	)
	code = append(code, movR11...)
	code = append(code,
		0x49, 0x89, 0x43, 0x38, // mov [r11+56], rax
		0x5d, 0x5b, // pop rbp; pop rbx
		0xc3, // ret
	)
	copy(mem, code)
	if err := unix.Mprotect(mem[:page], unix.PROT_READ|unix.PROT_EXEC); err != nil {
		unix.Munmap(mem)
		return nil, fmt.Errorf("int80: mprotect: %w", err)
	}
	// A func value points to a word holding the code address.
	type funcval struct{ fn uintptr }
	fv := &funcval{fn: uintptr(unsafe.Pointer(&mem[0]))}
	c.fn = *(*func())(unsafe.Pointer(&fv))
	return c, nil
}

// call makes syscall nr with args and returns rax.
func (c *int80Caller) call(nr uint32, args [6]uint64) uint64 {
	binary.LittleEndian.PutUint64(c.data, uint64(nr))
	for i, a := range args {
		binary.LittleEndian.PutUint64(c.data[8+8*i:], a)
	}
	c.fn()
	return binary.LittleEndian.Uint64(c.data[56:])
}

func (c *int80Caller) close() { unix.Munmap(c.mem) }
