//go:build linux

package verify

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/seccompc/seccompc/internal/bpfop"
	"github.com/seccompc/seccompc/internal/testdiff"
	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"
)

// TestKernel cross-checks Run against the running kernel. For each case a
// child process (this test binary, re-executed into TestHelperProcess)
// installs the filter on one locked OS thread and makes a raw syscall per
// input; the errno it gets back reveals the verdict, which the parent
// compares with Run on the host's byte order and audit arch.
//
// Every filter starts with a prologue that allows all syscalls except
// kernelTestNr, a number no architecture assigns, so the Go runtime keeps
// working and an ALLOW verdict shows up as ENOSYS. The bodies return
// SECCOMP_RET_ERRNO with data computed along the path taken, so both
// branches and arithmetic are visible in the errno (the kernel caps the data
// at MAX_ERRNO, 4095). A verdict of 0 is SECCOMP_RET_KILL_THREAD: the child
// sees its thread vanish and reports "killed".

const (
	kernelHelperEnv = "SECCOMPC_VERIFY_KERNEL_HELPER"
	kernelTestNr    = 0x7ff0
	maxErrno        = 4095 // MAX_ERRNO
	outPrefix       = "verify-kernel: "
)

type kernelCase struct {
	name string
	body func(be bool) []bpf.RawInstruction // after the prologue
	args [][6]uint64                        // one syscall each; a kill must be last
}

// errnoA ends a body by returning SECCOMP_RET_ERRNO with A's low 12 bits.
func errnoA() []bpf.RawInstruction {
	return []bpf.RawInstruction{aluK(bpfop.AND, 0xfff), aluK(bpfop.OR, actErrno), retA()}
}

func cat(parts ...[]bpf.RawInstruction) []bpf.RawInstruction {
	var p []bpf.RawInstruction
	for _, q := range parts {
		p = append(p, q...)
	}
	return p
}

var kernelCases = []kernelCase{
	{"arg0 low word", func(be bool) []bpf.RawInstruction {
		return []bpf.RawInstruction{ldAbs(argLo(0, be)), jump(bpfop.JeqK, 7, 0, 1), retK(actErrno | 1), retK(actErrno | 2)}
	}, [][6]uint64{{7}, {8}, {1<<32 | 7}, {7 << 32}}},
	{"arg0 high word unsigned", func(be bool) []bpf.RawInstruction {
		return []bpf.RawInstruction{ldAbs(argHi(0, be)), jump(bpfop.JgtK, 0x7fffffff, 0, 1), retK(actErrno | 3), retK(actErrno | 4)}
	}, [][6]uint64{{0x80000000_00000000}, {0x7fffffff_ffffffff}, {0xffffffff}, {^uint64(0)}}},
	{"arch", func(bool) []bpf.RawInstruction {
		return cat([]bpf.RawInstruction{ldAbs(bpfop.OffArch)}, errnoA())
	}, [][6]uint64{{}}},
	{"nr", func(bool) []bpf.RawInstruction {
		return cat([]bpf.RawInstruction{ldAbs(bpfop.OffNr)}, errnoA())
	}, [][6]uint64{{}}},
	{"alu chain", func(be bool) []bpf.RawInstruction {
		return cat([]bpf.RawInstruction{
			ldAbs(argLo(0, be)), aluK(bpfop.ADD, 5), stmt(bpfop.Tax, 0),
			ldAbs(argLo(1, be)), aluX(bpfop.MUL), aluK(bpfop.XOR, 0x5a5), aluX(bpfop.SUB),
			aluX(bpfop.OR), aluK(bpfop.SUB, 3), aluK(bpfop.MUL, 0x9e3779b9), aluK(bpfop.RSH, 20),
		}, errnoA())
	}, [][6]uint64{{0, 0}, {1, 2}, {0xffffffff, 3}, {0x12345678, 0x9abcdef0}, {0x80000000, 0x80000000}}},
	{"neg and and x", func(be bool) []bpf.RawInstruction {
		return cat([]bpf.RawInstruction{
			ldAbs(argLo(1, be)), stmt(bpfop.Tax, 0), ldAbs(argLo(0, be)), stmt(bpfop.Neg, 0), aluX(bpfop.AND), aluX(bpfop.XOR), aluK(bpfop.RSH, 4),
		}, errnoA())
	}, [][6]uint64{{1, 0xffff}, {0x1000, 0xfff0}, {0xfffffff0, 0x0fff0}}},
	{"lsh by x", func(be bool) []bpf.RawInstruction {
		return cat([]bpf.RawInstruction{ldAbs(argLo(1, be)), stmt(bpfop.Tax, 0), ldAbs(argLo(0, be)), aluX(bpfop.LSH)}, errnoA())
	}, [][6]uint64{{1, 3}, {1, 11}, {1, 31}, {1, 32}, {1, 33}, {5, 40}, {1, 0xffffffe4}}},
	{"rsh by x", func(be bool) []bpf.RawInstruction {
		return cat([]bpf.RawInstruction{ldAbs(argLo(1, be)), stmt(bpfop.Tax, 0), ldAbs(argLo(0, be)), aluX(bpfop.RSH)}, errnoA())
	}, [][6]uint64{{0x800, 3}, {0x800, 32}, {0x800, 35}, {0x80000000, 63}, {0x80000000, 20}}},
	{"div by k", func(be bool) []bpf.RawInstruction {
		return cat([]bpf.RawInstruction{ldAbs(argLo(0, be)), aluK(bpfop.DIV, 3)}, errnoA())
	}, [][6]uint64{{10}, {0xffffffff}, {2}}},
	{"div by x, zero last", func(be bool) []bpf.RawInstruction {
		return cat([]bpf.RawInstruction{ldAbs(argLo(1, be)), stmt(bpfop.Tax, 0), ldAbs(argLo(0, be)), aluX(bpfop.DIV)}, errnoA())
	}, [][6]uint64{{1000, 7}, {0xffffffff, 0x10000}, {5, 6}, {1000, 0}}},
	{"scratch memory", func(be bool) []bpf.RawInstruction {
		return cat([]bpf.RawInstruction{
			ldAbs(argLo(0, be)), stmt(bpfop.St, 2),
			ldAbs(argLo(1, be)), stmt(bpfop.St, 15),
			stmt(bpfop.LdxMem, 15), stmt(bpfop.Txa, 0), aluX(bpfop.ADD), stmt(bpfop.Tax, 0), stmt(bpfop.Stx, 0),
			stmt(bpfop.LdMem, 2), stmt(bpfop.LdxMem, 0), aluX(bpfop.SUB),
		}, errnoA())
	}, [][6]uint64{{100, 7}, {7, 100}, {0, 0}}},
	{"jumps with x", func(be bool) []bpf.RawInstruction {
		return []bpf.RawInstruction{
			ldAbs(argLo(1, be)), stmt(bpfop.Tax, 0), ldAbs(argLo(0, be)),
			jump(bpfop.JgeX, 0, 0, 3), // A >= X
			jump(bpfop.JsetX, 0, 0, 1),
			retK(actErrno | 10), // A >= X and A & X
			retK(actErrno | 11), // A >= X, no common bits
			jump(bpfop.JeqX, 0, 1, 0),
			retK(actErrno | 12), // A < X
			retK(actErrno | 13), // unreachable: A < X and A == X
		}
	}, [][6]uint64{{5, 4}, {8, 4}, {3, 4}, {0x80000000, 1}, {1, 0x80000000}}},
	{"top-bit constants", func(be bool) []bpf.RawInstruction {
		return []bpf.RawInstruction{
			ldAbs(argHi(2, be)),
			jump(bpfop.JeqK, 0xffffffff, 2, 0),
			jump(bpfop.JgeK, 0x80000000, 2, 0),
			retK(actErrno | 20),
			retK(actErrno | 21),
			jump(bpfop.JsetK, 0x80000000, 0, 1),
			retK(actErrno | 22),
			retK(actErrno | 23),
		}
	}, [][6]uint64{{0, 0, ^uint64(0)}, {0, 0, 0xfffffffe_00000000}, {0, 0, 0x7fffffff_ffffffff}, {0, 0, 0x80000000_00000000}}},
	{"ld len and ldx len", func(bool) []bpf.RawInstruction {
		return cat([]bpf.RawInstruction{stmt(bpfop.LdxLen, 0), stmt(bpfop.LdLen, 0), aluX(bpfop.ADD)}, errnoA())
	}, [][6]uint64{{}}},
	{"ja and allow", func(be bool) []bpf.RawInstruction {
		return []bpf.RawInstruction{
			ldAbs(argLo(0, be)), jump(bpfop.JeqK, 1, 0, 1), stmt(bpfop.Ja, 1), retK(actErrno | 5), retK(actAllow),
		}
	}, [][6]uint64{{1}, {2}}},
	{"errno data capped", func(be bool) []bpf.RawInstruction {
		return []bpf.RawInstruction{ldAbs(argLo(0, be)), aluK(bpfop.OR, actErrno), retA()}
	}, [][6]uint64{{4095}, {4096}, {0xffff}, {0}}},
}

// hostTarget returns the byte order and audit arch of the running kernel's
// native 64-bit ABI, if the test knows it.
func hostTarget() (bigEndian bool, audit uint32, ok bool) {
	var probe [2]byte
	binary.NativeEndian.PutUint16(probe[:], 1)
	bigEndian = probe[0] == 0
	audits := map[string]uint32{
		"amd64":   unix.AUDIT_ARCH_X86_64,
		"arm64":   unix.AUDIT_ARCH_AARCH64,
		"riscv64": unix.AUDIT_ARCH_RISCV64,
		"ppc64le": unix.AUDIT_ARCH_PPC64LE,
		"ppc64":   unix.AUDIT_ARCH_PPC64,
		"s390x":   unix.AUDIT_ARCH_S390X,
		"loong64": unix.AUDIT_ARCH_LOONGARCH64,
	}
	audit, ok = audits[runtime.GOARCH]
	return bigEndian, audit, ok
}

func kernelFilter(c kernelCase, be bool) []bpf.RawInstruction {
	return cat(kernelPrologue(), c.body(be))
}

// kernelPrologue allows every syscall but kernelTestNr; a body follows it.
func kernelPrologue() []bpf.RawInstruction {
	return []bpf.RawInstruction{
		ldAbs(bpfop.OffNr),
		jump(bpfop.JeqK, kernelTestNr, 1, 0),
		retK(actAllow),
	}
}

// kernelOutcome is what the child reports for a verdict.
func kernelOutcome(v uint32) (string, error) {
	switch v & 0xffff0000 { // SECCOMP_RET_ACTION_FULL
	case actAllow:
		return fmt.Sprintf("errno %d", int(unix.ENOSYS)), nil
	case actErrno:
		return fmt.Sprintf("errno %d", min(v&0xffff, maxErrno)), nil
	case 0: // SECCOMP_RET_KILL_THREAD
		return "killed", nil
	}
	return "", fmt.Errorf("verdict %#x is an action the harness cannot observe", v)
}

func TestKernel(t *testing.T) {
	be, audit, ok := hostTarget()
	if !ok {
		t.Skipf("no audit arch known for GOARCH=%s", runtime.GOARCH)
	}
	if _, err := unix.PrctlRetInt(unix.PR_GET_SECCOMP, 0, 0, 0, 0); errors.Is(err, unix.EINVAL) {
		t.Skip("kernel built without seccomp (prctl(PR_GET_SECCOMP) = EINVAL)")
	}
	for i, c := range kernelCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			prog := kernelFilter(c, be)
			if err := Check(prog); err != nil {
				t.Fatalf("test filter rejected by Check: %v", err)
			}
			var want []string
			for j, args := range c.args {
				v, err := Run(prog, &SeccompData{Nr: kernelTestNr, Arch: audit, Args: args}, be)
				if err != nil {
					t.Fatal(err)
				}
				o, err := kernelOutcome(v)
				if err != nil {
					t.Fatalf("input %d: %v", j, err)
				}
				if o == "killed" && j != len(c.args)-1 {
					t.Fatalf("input %d kills the thread but is not the last input", j)
				}
				want = append(want, o)
			}
			got, skip := runKernelChild(t, i)
			if skip != "" {
				t.Skip(skip)
			}
			if diff := testdiff.Diff(want, got); diff != "" {
				t.Errorf("kernel disagrees with Run (-Run +kernel):\n%s\nfilter: %v", diff, prog)
			}
		})
	}
}

// runKernelChild re-executes the test binary to run case i and returns the
// outcomes it reports, or a reason to skip.
func runKernelChild(t *testing.T, i int) (outcomes []string, skip string) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), kernelHelperEnv+"="+strconv.Itoa(i))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("helper process: %v\nstdout:\n%s\nstderr:\n%s", err, out, stderr.Bytes())
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), outPrefix)
		if !ok {
			continue
		}
		if s, ok := strings.CutPrefix(line, "skip: "); ok {
			return nil, s
		}
		if s, ok := strings.CutPrefix(line, "fail: "); ok {
			t.Fatalf("helper process: %s", s)
		}
		outcomes = append(outcomes, line)
	}
	return outcomes, ""
}

// TestHelperProcess is the child side of TestKernel. It does nothing unless
// started by TestKernel.
func TestHelperProcess(t *testing.T) {
	s := os.Getenv(kernelHelperEnv)
	if s == "" {
		t.Skip("helper for TestKernel; runs only in its child process")
	}
	defer os.Exit(0)
	report := func(format string, args ...any) { fmt.Printf(outPrefix+format+"\n", args...) }
	i, err := strconv.Atoi(s)
	if err != nil || i < 0 || i >= len(kernelCases) {
		report("fail: bad case index %q", s)
		return
	}
	c := kernelCases[i]
	be, _, _ := hostTarget()
	prog := kernelFilter(c, be)

	type result struct {
		errno int
		msg   string // set on setup problems
	}
	tidc := make(chan int, 1)
	start := make(chan struct{})
	results := make(chan result, len(c.args)+1)
	go func() {
		// The filter applies to this thread only; keep the goroutine on
		// it and let the thread die with the goroutine.
		runtime.LockOSThread()
		if _, _, e := unix.Syscall6(kernelTestNr, 0, 0, 0, 0, 0, 0); e != unix.ENOSYS {
			results <- result{msg: fmt.Sprintf("skip: syscall %#x returns %v before any filter is loaded (an outer seccomp filter?)", kernelTestNr, e)}
			return
		}
		if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
			results <- result{msg: fmt.Sprintf("skip: prctl(PR_SET_NO_NEW_PRIVS): %v", err)}
			return
		}
		if e := loadFilter([]bpf.RawInstruction{retK(actAllow)}); e != 0 {
			results <- result{msg: fmt.Sprintf("skip: seccomp filters unavailable: seccomp(SECCOMP_SET_MODE_FILTER) = %v", e)}
			return
		}
		if e := loadFilter(prog); e != 0 {
			results <- result{msg: fmt.Sprintf("fail: the kernel rejects a filter Check accepts: %v", e)}
			return
		}
		tidc <- unix.Gettid()
		<-start
		for _, a := range c.args {
			r1, _, e := unix.Syscall6(kernelTestNr, uintptr(a[0]), uintptr(a[1]), uintptr(a[2]), uintptr(a[3]), uintptr(a[4]), uintptr(a[5]))
			errno := int(e)
			// Go's syscall entry treats only -4094..-1 as errors; a
			// return of -4095 (MAX_ERRNO) comes back as r1.
			if r := int(r1); e == 0 && r < 0 && r >= -maxErrno {
				errno = -r
			}
			results <- result{errno: errno}
		}
	}()

	var tid int
	select {
	case tid = <-tidc:
	case r := <-results:
		report("%s", r.msg)
		return
	}
	if !threadAlive(tid) {
		report("skip: cannot watch threads in /proc/self/task")
		return
	}
	close(start)
	// Wait for each answer, or for the thread to vanish: a killed thread
	// never answers.
	deadline := time.Now().Add(30 * time.Second)
	next := func() (r result, killed bool) {
		for {
			select {
			case r := <-results:
				return r, false
			case <-time.After(2 * time.Millisecond):
			}
			if !threadAlive(tid) {
				select {
				case r := <-results: // it answered just before exiting
					return r, false
				default:
					return result{}, true
				}
			}
			if time.Now().After(deadline) {
				return result{msg: "fail: timed out"}, false
			}
		}
	}
	for range c.args {
		r, killed := next()
		switch {
		case killed:
			report("killed")
			return
		case r.msg != "":
			report("%s", r.msg)
			return
		}
		report("errno %d", r.errno)
	}
}

// loadFilter installs prog on the calling thread and returns the errno.
func loadFilter(prog []bpf.RawInstruction) unix.Errno {
	filter := make([]unix.SockFilter, len(prog))
	for i, ins := range prog {
		filter[i] = unix.SockFilter{Code: ins.Op, Jt: ins.Jt, Jf: ins.Jf, K: ins.K}
	}
	fprog := unix.SockFprog{Len: uint16(len(filter)), Filter: &filter[0]}
	_, _, e := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, 0, uintptr(unsafe.Pointer(&fprog)))
	runtime.KeepAlive(filter)
	return e
}

// threadAlive reports whether thread tid of this process still runs.
func threadAlive(tid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/self/task/%d/stat", tid))
	if err != nil {
		return false
	}
	// The state follows the command name, which is in parentheses.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 || i+2 >= len(b) {
		return true
	}
	return b[i+2] != 'Z' && b[i+2] != 'X'
}
