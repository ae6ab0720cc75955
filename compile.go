package seccompc

import (
	"errors"
	"fmt"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/oci"
	"github.com/seccompc/seccompc/ir/profile"
	"github.com/seccompc/seccompc/lower"
	"github.com/seccompc/seccompc/verify"
)

// Options control compilation. The zero value compiles for the host
// with the auto baseline, as runc would load the profile.
type Options struct {
	// Target is the architecture to compile for: a seccomp architecture
	// name (x86_64, aarch64, SCMP_ARCH_X86_64, ...; see package arch);
	// "" is the host. The filter also covers the profile's other
	// architectures.
	Target string

	// Baseline chooses the ENOSYS tail: "auto" or "" (the newest
	// syscall the profile names; no tail when it names none), a kernel
	// version such as "5.10", or "none" (no tail: every syscall the
	// profile does not name gets the default action, as with runc and
	// libseccomp). See the package documentation.
	Baseline string

	// Strict makes a syscall name that no architecture defines (most
	// likely a typo) an error instead of a warning, as crun's
	// run.oci.seccomp_fail_unknown_syscall annotation does. Names that
	// only other architectures define are never errors.
	Strict bool

	// RefuseAsRunc makes an error of every profile that runc (with
	// libseccomp 2.5) refuses to load, or hangs loading, and that
	// seccompc otherwise compiles with an ir.WarnRuncRefuses warning
	// (see the package documentation), so that a runtime that swaps
	// libseccomp for seccompc does not start containers runc would not
	// start. A syscall with more than 256 rules is not judged: it gets an
	// ir.WarnRuncUnchecked warning instead.
	RefuseAsRunc bool

	// BadArch is the action for a syscall of an architecture the filter
	// does not cover. The zero Action is KILL_THREAD, as with runc
	// (libseccomp's default); ir.KillProcess is stricter. ALLOW and LOG
	// are refused, here and in a policy-language profile's badarch
	// directive: every syscall of a foreign architecture would bypass the
	// filter.
	BadArch ir.Action

	// Filename names the profile in errors and warnings.
	Filename string
}

// Filter is a compiled seccomp filter and what a runtime needs to load
// and report it.
type Filter struct {
	// Target is the architecture the filter was compiled for.
	Target string

	// Program is the filter, ready for seccomp(2).
	Program []bpf.RawInstruction

	// Flags are the seccomp(2) flags to load it with, by runc's rules
	// (see the package documentation): the profile's, with
	// SECCOMP_FILTER_FLAG_SPEC_ALLOW when it has no flags field and
	// SECCOMP_FILTER_FLAG_NEW_LISTENER when a rule is NOTIFY.
	Flags ir.Flags

	// ListenerPath and ListenerMetadata are the profile's listenerPath
	// and listenerMetadata: where a runtime sends the listener fd of a
	// filter with NOTIFY rules, and the data it sends with it.
	ListenerPath, ListenerMetadata string

	// Warnings say what was accepted but skipped or changed (such as
	// syscall names some architectures lack, skipped there as runc
	// skips them); one per cause. Switch on Warning.Kind.
	Warnings []Warning

	// Stats are cheap figures to log at every container start.
	Stats Stats

	implicit ir.Flags // flags runc adds only where the kernel has them
	resolved *ir.Resolved
}

// Warning is a warning about the profile; its Kind constants are in
// package ir (ir.WarnUnknownSyscall, ir.WarnMissingSyscall, ...).
type Warning = ir.Warning

// Stats describe a compiled filter in figures that cost nothing more
// to get than the compilation itself.
type Stats struct {
	Instructions int           // the program's length (the kernel's limit is 4096)
	Arches       []ArchStats   // the filter's architectures, the target first
	CompileTime  time.Duration // from the profile to the program
}

// ArchStats describe one architecture section of a filter.
type ArchStats struct {
	Arch     string // architecture name
	Syscalls int    // syscall numbers that rules name
	Baseline string // the ENOSYS tail's kernel version, or "none"
}

// Compile compiles an OCI profile (the linux.seccomp object of a
// container's configuration) as runc loads it; see the package
// documentation for the semantics.
func Compile(s *specs.LinuxSeccomp, opts Options) (*Filter, error) {
	if s == nil {
		return nil, errors.New("seccompc: no seccomp profile (nil LinuxSeccomp)")
	}
	start := time.Now()
	p, ws, err := oci.FromSpec(s, oci.Options{Filename: opts.Filename, Target: opts.Target, Strict: opts.Strict, RefuseAsRunc: opts.RefuseAsRunc})
	if err != nil {
		return nil, fmt.Errorf("seccompc: %w", err)
	}
	return compile(p, ws, opts, start)
}

// CompileProfile compiles a profile of any kind seccompc reads, told
// apart by its content: an OCI LinuxSeccomp object, a whole config.json
// (its linux.seccomp), a Docker/moby profile (for Docker's default
// capabilities), or seccompc's own policy language.
func CompileProfile(data []byte, opts Options) (*Filter, error) {
	start := time.Now()
	p, ws, _, err := profile.Load(data, profile.Options{Filename: opts.Filename, Target: opts.Target, Strict: opts.Strict, RefuseAsRunc: opts.RefuseAsRunc})
	if err != nil {
		return nil, fmt.Errorf("seccompc: %w", err)
	}
	return compile(p, ws, opts, start)
}

func compile(p *ir.Policy, ws []ir.Warning, opts Options, start time.Time) (*Filter, error) {
	if opts.Baseline != "" {
		b, err := ir.ParseBaseline(opts.Baseline)
		if err != nil {
			return nil, fmt.Errorf("seccompc: Options.Baseline: %w", err)
		}
		p.Baseline = b
	}
	if opts.BadArch != (ir.Action{}) {
		if opts.BadArch.Kind == ir.ActAllow || opts.BadArch.Kind == ir.ActLog {
			return nil, fmt.Errorf("seccompc: Options.BadArch: %v would let every syscall of an architecture the filter does not cover bypass it", opts.BadArch)
		}
		p.BadArch = opts.BadArch
	}
	if err := runtimeChecks(p); err != nil {
		return nil, err
	}
	flags, implicit, fws, err := runcFlags(p)
	if err != nil {
		return nil, err
	}
	r, rws, err := ir.Resolve(p, opts.Target)
	if err != nil {
		return nil, fmt.Errorf("seccompc: %w", err)
	}
	if err := notifyWrite(r); err != nil {
		return nil, err
	}
	opt := lower.DefaultOptions
	opt.NoSources = true // a Filter has no use for them
	prog, err := lower.CompileOptions(r, opt)
	if err != nil {
		return nil, fmt.Errorf("seccompc: %w", err)
	}
	f := &Filter{
		Target:           r.Target.Name,
		Program:          prog.Insns,
		Flags:            flags,
		ListenerPath:     p.ListenerPath,
		ListenerMetadata: p.ListenerMetadata,
		Warnings:         append(append(ws, rws...), fws...),
		implicit:         implicit,
		resolved:         r,
	}
	f.Stats.Instructions = len(prog.Insns)
	for _, ap := range r.Arches {
		base := "none"
		if ap.Tail {
			base = ap.Baseline.String()
		}
		f.Stats.Arches = append(f.Stats.Arches, ArchStats{Arch: ap.Arch.Name, Syscalls: len(ap.Nrs), Baseline: base})
	}
	f.Stats.CompileTime = time.Since(start)
	return f, nil
}

// runtimeChecks refuses, for a policy of any input kind, what runc
// refuses or what would defeat the filter: NOTIFY as the default or
// bad-architecture action (it would cover write, see notifyWrite),
// NOTIFY without a listener path, and ALLOW or LOG for foreign
// architectures.
func runtimeChecks(p *ir.Policy) error {
	switch {
	case p.Default.Kind == ir.ActNotify:
		return fmt.Errorf("seccompc: %s: NOTIFY cannot be the default action (runc refuses it: it would cover write, which the runtime needs after loading the filter)", p.Source)
	case p.BadArch.Kind == ir.ActNotify:
		return fmt.Errorf("seccompc: %s: NOTIFY cannot be the bad-architecture action", p.Source)
	case p.BadArch.Kind == ir.ActAllow || p.BadArch.Kind == ir.ActLog:
		return fmt.Errorf("seccompc: %s: the bad-architecture action %v would let every syscall of an architecture the filter does not cover bypass it", p.Source, p.BadArch)
	case p.UsesNotify() && p.ListenerPath == "":
		return fmt.Errorf("seccompc: %s: NOTIFY rules need a listener path (listenerPath) to send the listener fd to", p.Source)
	}
	return nil
}

// notifyWrite refuses NOTIFY for write, by name or by number, on any
// architecture of the filter: runc refuses it, because the runtime
// writes to its parent after loading the filter and would wait for
// itself.
func notifyWrite(r *ir.Resolved) error {
	for _, ap := range r.Arches {
		sc, ok := ap.Table.ByName("write")
		if !ok {
			continue
		}
		entries, _ := ap.Entries(sc.Nr)
		for _, e := range entries {
			if e.Action.Kind == ir.ActNotify {
				return fmt.Errorf("seccompc: %s: SCMP_ACT_NOTIFY cannot be used for write (runc refuses it: the runtime itself writes after loading the filter and would deadlock)", r.Policy.Rules[e.Rule].Pos)
			}
		}
	}
	return nil
}

// runcFlags returns the flags runc loads a policy's filter with, those
// of them it adds only where the kernel supports them, and warnings for
// the profile's flags it does not pass on.
func runcFlags(p *ir.Policy) (flags, implicit ir.Flags, ws []ir.Warning, err error) {
	flags = p.Flags
	if bad := flags & (ir.FlagNewListener | ir.FlagTSYNCESRCH); bad != 0 {
		return 0, 0, nil, fmt.Errorf("seccompc: flags: %v is not a profile flag (runc refuses it): the runtime sets %v itself when a rule is NOTIFY", bad, ir.FlagNewListener)
	}
	if p.FlagsAbsent {
		// runc, like crun, loads with SPEC_ALLOW when the profile has no
		// flags field at all, if the kernel supports it.
		flags |= ir.FlagSpecAllow
		implicit |= ir.FlagSpecAllow
	}
	if flags&ir.FlagTSYNC != 0 {
		flags &^= ir.FlagTSYNC
		ws = append(ws, ir.Warning{Kind: ir.WarnFlagIgnored, Pos: p.Source,
			Msg: "SECCOMP_FILTER_FLAG_TSYNC is ignored, as runc ignores it: the filter is loaded on the thread that executes the container's process; ask for InstallOptions.TSYNC to load it on every thread"})
	}
	if p.UsesNotify() {
		flags |= ir.FlagNewListener
	} else if flags&ir.FlagWaitKillableRecv != 0 {
		flags &^= ir.FlagWaitKillableRecv
		ws = append(ws, ir.Warning{Kind: ir.WarnFlagIgnored, Pos: p.Source,
			Msg: "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV is ignored: it only applies to a filter with NOTIFY rules, and the kernel refuses it without one"})
	}
	return flags, implicit, ws, nil
}

// Install loads the filter as the calling thread's seccomp filter (every
// thread's with opts.TSYNC), with f.Flags and those opts asks for; see
// the package function [Install]. It returns the user-notification fd
// when the filter has NOTIFY rules (send it to f.ListenerPath), -1
// otherwise. Flags runc adds only where the kernel supports them
// (SPEC_ALLOW for a profile without flags) are left out on kernels
// without them.
func (f *Filter) Install(opts InstallOptions) (notifyFD int, err error) {
	if f == nil || len(f.Program) == 0 {
		return -1, errors.New("seccompc: install: no filter")
	}
	flags := f.Flags
	if f.implicit != 0 {
		flags &^= probeFlags(f.implicit)
	}
	return Install(f.Program, flags, opts)
}

// Bytes returns the program as the kernel reads it: an array of struct
// sock_filter in the target's byte order. Base64 of it is the value of
// crun's run.oci.seccomp_bpf_data annotation.
func (f *Filter) Bytes() []byte {
	if f == nil || f.resolved == nil {
		return nil
	}
	return emit.Encode(f.Program, f.resolved.Target.BigEndian)
}

// Prove proves that the program gives the profile's verdict for every
// syscall of every architecture and every argument vector (see package
// verify). It costs tens of milliseconds for Docker's default profile: for
// tests and CI, not for every container start.
func (f *Filter) Prove() error {
	if f == nil || f.resolved == nil {
		return errors.New("seccompc: prove: no filter")
	}
	_, err := verify.Prove(f.Program, f.resolved)
	return err
}
