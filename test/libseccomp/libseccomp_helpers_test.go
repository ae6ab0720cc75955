//go:build cgo && linux

package libseccomp_test

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/opencontainers/runtime-spec/specs-go"
	libseccomp "github.com/seccomp/libseccomp-golang"
	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/ir/docker"
)

// This file builds libseccomp filters the way runc does
// (libcontainer/specconv SetupSeccomp, then libcontainer/seccomp
// InitSeccomp and matchCall), from the OCI LinuxSeccomp that moby makes
// of a Docker profile, and exports them as classic BPF. The facts
// followed, all from runc:
//
//   - Every name of a rule becomes a rule of its own; the action is
//     mapped with SCMP_ACT_KILL and SCMP_ACT_KILL_THREAD both becoming
//     libseccomp's KILL_THREAD, and ERRNO and TRACE without errnoRet
//     (defaultErrnoRet for the default action) returning EPERM.
//   - The filter starts from seccomp_init(default) with the native
//     architecture, and every architecture of the profile is added
//     (adding one already present is not an error). To build a filter
//     for a host other than the machine running the test, the native
//     architecture is removed first and the target added in its place,
//     which gives the section order a runc on that host would produce.
//   - A rule whose action equals the default action is skipped.
//   - The syscall number comes from seccomp_syscall_resolve_name, which
//     resolves on the native architecture (pseudo numbers for names the
//     native architecture lacks); libseccomp translates it by name for
//     every architecture of the filter (seccomp_rule_add, not the
//     _exact form), skipping architectures that lack the syscall and
//     rewriting socket and ipc calls for the multiplexers on x86 and the
//     other multiplexing architectures. Names libseccomp does not know
//     are skipped.
//   - A rule without conditions is added unconditionally. When two of
//     a rule's conditions test the same argument, each condition becomes
//     a rule of its own; otherwise the conditions are ANDed in one rule.
//   - TSYNC, the no-new-privileges attribute and the LOG and SPEC_ALLOW
//     flags change how the filter is loaded, not its BPF, and are left
//     alone; the bad-architecture action stays libseccomp's default,
//     KILL_THREAD.
//   - runc turns on the binary tree (optimize level 2) for profiles of
//     more than 32 syscalls; here the level is a parameter so that both
//     forms can be measured.

// libOptions select the form of a libseccomp filter.
type libOptions struct {
	tree bool // optimize level 2 (binary tree) instead of libseccomp's default level 1
}

// repeatedArg is runc's test (matchCall's argCounts) for a rule with
// two conditions on one argument index.
func repeatedArg(args []specs.LinuxSeccompArg) bool {
	seen := map[uint]bool{}
	for _, a := range args {
		if seen[a.Index] {
			return true
		}
		seen[a.Index] = true
	}
	return false
}

// libAction maps an OCI action to libseccomp's as runc's getAction does.
func libAction(act specs.LinuxSeccompAction, errnoRet *uint) (libseccomp.ScmpAction, error) {
	ret := int16(unix.EPERM)
	if errnoRet != nil {
		ret = int16(*errnoRet)
	}
	switch act {
	case specs.ActKill, specs.ActKillThread:
		return libseccomp.ActKillThread, nil
	case specs.ActKillProcess:
		return libseccomp.ActKillProcess, nil
	case specs.ActTrap:
		return libseccomp.ActTrap, nil
	case specs.ActErrno:
		return libseccomp.ActErrno.SetReturnCode(ret), nil
	case specs.ActTrace:
		return libseccomp.ActTrace.SetReturnCode(ret), nil
	case specs.ActAllow:
		return libseccomp.ActAllow, nil
	case specs.ActLog:
		return libseccomp.ActLog, nil
	case specs.ActNotify:
		return libseccomp.ActNotify, nil
	}
	return libseccomp.ActInvalid, fmt.Errorf("libseccomp action: unknown action %q", act)
}

// libOperator maps an OCI operator to libseccomp's.
func libOperator(op specs.LinuxSeccompOperator) (libseccomp.ScmpCompareOp, error) {
	switch op {
	case specs.OpNotEqual:
		return libseccomp.CompareNotEqual, nil
	case specs.OpLessThan:
		return libseccomp.CompareLess, nil
	case specs.OpLessEqual:
		return libseccomp.CompareLessOrEqual, nil
	case specs.OpEqualTo:
		return libseccomp.CompareEqual, nil
	case specs.OpGreaterEqual:
		return libseccomp.CompareGreaterEqual, nil
	case specs.OpGreaterThan:
		return libseccomp.CompareGreater, nil
	case specs.OpMaskedEqual:
		return libseccomp.CompareMaskedEqual, nil
	}
	return libseccomp.CompareInvalid, fmt.Errorf("libseccomp operator: unknown operator %q", op)
}

// libBuild builds and exports the libseccomp filter runc would load on a
// host of architecture target for the OCI profile s. It also returns
// the names libseccomp does not know (runc skips those rules).
func libBuild(s *specs.LinuxSeccomp, target string, o libOptions) ([]bpf.RawInstruction, []string, error) {
	def, err := libAction(s.DefaultAction, s.DefaultErrnoRet)
	if err != nil {
		return nil, nil, fmt.Errorf("libBuild: default action: %w", err)
	}
	f, err := libseccomp.NewFilter(def)
	if err != nil {
		return nil, nil, fmt.Errorf("libBuild: %w", err)
	}
	defer f.Release()

	t, err := arch.Lookup(target)
	if err != nil {
		return nil, nil, fmt.Errorf("libBuild: %w", err)
	}
	tArch, err := libseccomp.GetArchFromString(t.Name)
	if err != nil {
		return nil, nil, fmt.Errorf("libBuild: target %s: %w", t.Name, err)
	}
	native, err := libseccomp.GetNativeArch()
	if err != nil {
		return nil, nil, fmt.Errorf("libBuild: %w", err)
	}
	if native != tArch {
		if err := f.AddArch(tArch); err != nil {
			return nil, nil, fmt.Errorf("libBuild: add %s: %w", t.Name, err)
		}
		if err := f.RemoveArch(native); err != nil {
			return nil, nil, fmt.Errorf("libBuild: remove native: %w", err)
		}
	}
	for _, a := range s.Architectures {
		// runc's ConvertStringToArch: the OCI name to libseccomp's.
		info, err := arch.Lookup(string(a))
		if err != nil {
			return nil, nil, fmt.Errorf("libBuild: %w", err)
		}
		la, err := libseccomp.GetArchFromString(info.Name)
		if err != nil {
			return nil, nil, fmt.Errorf("libBuild: architecture %s: %w", a, err)
		}
		if err := f.AddArch(la); err != nil {
			return nil, nil, fmt.Errorf("libBuild: add %s: %w", a, err)
		}
	}
	if o.tree {
		if err := f.SetOptimize(2); err != nil {
			return nil, nil, fmt.Errorf("libBuild: optimize 2: %w", err)
		}
	}

	var unknown []string
	for i, sc := range s.Syscalls {
		act, err := libAction(sc.Action, sc.ErrnoRet)
		if err != nil {
			return nil, nil, fmt.Errorf("libBuild: syscalls[%d]: %w", i, err)
		}
		if act == def {
			continue
		}
		var conds []libseccomp.ScmpCondition
		for j, a := range sc.Args {
			op, err := libOperator(a.Op)
			if err != nil {
				return nil, nil, fmt.Errorf("libBuild: syscalls[%d].args[%d]: %w", i, j, err)
			}
			c, err := libseccomp.MakeCondition(a.Index, op, a.Value, a.ValueTwo)
			if err != nil {
				return nil, nil, fmt.Errorf("libBuild: syscalls[%d].args[%d]: %w", i, j, err)
			}
			conds = append(conds, c)
		}
		split := repeatedArg(sc.Args)
		for _, name := range sc.Names {
			nr, err := libseccomp.GetSyscallFromName(name)
			if err != nil {
				if !slices.Contains(unknown, name) {
					unknown = append(unknown, name)
				}
				continue
			}
			switch {
			case len(conds) == 0:
				err = f.AddRule(nr, act)
			case split:
				for _, c := range conds {
					if err = f.AddRuleConditional(nr, act, []libseccomp.ScmpCondition{c}); err != nil {
						break
					}
				}
			default:
				err = f.AddRuleConditional(nr, act, conds)
			}
			if err != nil {
				return nil, nil, fmt.Errorf("libBuild: syscalls[%d] %s: %w", i, name, err)
			}
		}
	}
	prog, err := libExport(f)
	if err != nil {
		return nil, nil, err
	}
	return prog, unknown, nil
}

// libExport writes f's BPF through a pipe and decodes it: struct
// sock_filter { __u16 code; __u8 jt; __u8 jf; __u32 k; } in the byte
// order of the machine.
func libExport(f *libseccomp.ScmpFilter) ([]bpf.RawInstruction, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("libExport: %w", err)
	}
	defer r.Close()
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := io.ReadAll(r)
		done <- result{data, err}
	}()
	eerr := f.ExportBPF(w)
	w.Close()
	res := <-done
	if eerr != nil {
		return nil, fmt.Errorf("libExport: %w", eerr)
	}
	if res.err != nil {
		return nil, fmt.Errorf("libExport: read: %w", res.err)
	}
	return decodeSockFilter(res.data)
}

// decodeSockFilter decodes an array of struct sock_filter in host byte
// order.
func decodeSockFilter(b []byte) ([]bpf.RawInstruction, error) {
	if len(b) == 0 || len(b)%8 != 0 {
		return nil, fmt.Errorf("decodeSockFilter: %d bytes is not a whole number of instructions", len(b))
	}
	o := binary.NativeEndian
	prog := make([]bpf.RawInstruction, len(b)/8)
	for i := range prog {
		p := b[8*i:]
		prog[i] = bpf.RawInstruction{Op: o.Uint16(p), Jt: p[2], Jf: p[3], K: o.Uint32(p[4:])}
	}
	return prog, nil
}

// libProfile is one profile of the comparison, as JSON bytes.
type libProfile struct {
	name string
	data []byte
}

// libProfiles returns Docker's default profile and podman's.
func libProfiles() ([]libProfile, error) {
	def := docker.Default()
	if def == nil {
		return nil, errors.New("libProfiles: no Docker default profile on this system")
	}
	d, err := json.Marshal(def)
	if err != nil {
		return nil, fmt.Errorf("libProfiles: %w", err)
	}
	p, err := os.ReadFile("../../testdata/profiles/podman-seccomp.json")
	if err != nil {
		return nil, fmt.Errorf("libProfiles: %w", err)
	}
	return []libProfile{{"docker-default", d}, {"podman", p}}, nil
}

// libHosts are the host architectures the filters are built for: the
// machine this test is written for and one it does not run on.
var libHosts = []string{"x86_64", "aarch64"}

// ociFor resolves a Docker profile into the OCI profile Docker hands
// runc on a host of architecture target, with Docker's default
// capabilities and the newest kernel.
func ociFor(data []byte, target string) (*specs.LinuxSeccomp, error) {
	s, _, err := docker.Parse(data, docker.Options{Target: target})
	if err != nil {
		return nil, fmt.Errorf("ociFor %s: %w", target, err)
	}
	return s, nil
}

// withoutNames returns s without the syscall names in drop; rules left
// without names are removed.
func withoutNames(s *specs.LinuxSeccomp, drop []string) *specs.LinuxSeccomp {
	out := *s
	out.Syscalls = nil
	for _, sc := range s.Syscalls {
		var names []string
		for _, n := range sc.Names {
			if !slices.Contains(drop, n) {
				names = append(names, n)
			}
		}
		if len(names) == 0 {
			continue
		}
		sc.Names = names
		out.Syscalls = append(out.Syscalls, sc)
	}
	return &out
}
