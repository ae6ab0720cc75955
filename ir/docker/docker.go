package docker

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/moby/profiles/seccomp"
	"github.com/opencontainers/runtime-spec/specs-go"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/internal/dockerjson"
	"github.com/seccompc/seccompc/ir/internal/loadhook"
	"github.com/seccompc/seccompc/ir/internal/ocihook"
	"github.com/seccompc/seccompc/ir/internal/place"
	_ "github.com/seccompc/seccompc/ir/oci" // sets ocihook's functions
	"github.com/seccompc/seccompc/tables"
)

// Options describe the container a profile is resolved for.
type Options struct {
	// Filename names the input in positions of errors and warnings. It
	// may be empty.
	Filename string

	// Target is the architecture of the host (an arch.Lookup name); ""
	// means the host this program runs on (arch.Native).
	Target string

	// Caps is the container's bounding capability set. nil means
	// Docker's default set, DefaultCaps; an empty non-nil slice means
	// no capabilities.
	Caps []string

	// Kernel is the host's kernel version, for minKernel filters. The
	// zero Version means the newest kernel the syscall tables know
	// (tables.Newest), so that every minKernel rule that can apply does.
	Kernel tables.Version

	// KeepRepeatedArgs is passed to the OCI translation by Load (see
	// oci.Options).
	KeepRepeatedArgs bool

	// Strict is passed to the OCI translation by Load and FromProfile:
	// a syscall name no architecture defines is an error (see
	// oci.Options).
	Strict bool

	// RefuseAsRunc is passed to the OCI translation by Load and
	// FromProfile: a profile runc refuses to load is an error (see
	// oci.Options).
	RefuseAsRunc bool
}

// DefaultCaps returns the capabilities Docker grants a container by
// default: the list in moby's oci/caps/defaults.go (DefaultCapabilities),
// the same in containerd's default spec.
func DefaultCaps() []string {
	return []string{
		"CAP_CHOWN",
		"CAP_DAC_OVERRIDE",
		"CAP_FSETID",
		"CAP_FOWNER",
		"CAP_MKNOD",
		"CAP_NET_RAW",
		"CAP_SETGID",
		"CAP_SETUID",
		"CAP_SETFCAP",
		"CAP_SETPCAP",
		"CAP_NET_BIND_SERVICE",
		"CAP_SYS_CHROOT",
		"CAP_KILL",
		"CAP_AUDIT_WRITE",
	}
}

// Load reads a Docker profile from JSON, resolves it and translates the
// result into a policy with package ir/oci, whose positions name the
// rules of the Docker profile.
func Load(data []byte, opts Options) (*ir.Policy, []ir.Warning, error) {
	p, ws, err := decode(data, opts)
	if err != nil {
		return nil, nil, err
	}
	pol, ws2, err := FromProfile(p, opts)
	if err != nil {
		return nil, nil, err
	}
	return pol, append(ws, ws2...), nil
}

// FromProfile is Load for a profile already decoded, such as Default():
// it resolves p with [Resolve] and translates the result into a policy
// with package ir/oci, whose positions name the rules of p. p is not
// modified.
func FromProfile(p *seccomp.Seccomp, opts Options) (*ir.Policy, []ir.Warning, error) {
	// The translation reads the rules kept where they are, in p: no
	// copy of them is made.
	r, err := resolve(p, opts)
	if err != nil {
		return nil, nil, err
	}
	pol, ws, err := ocihook.FromSpec(&r.header, ocihook.Options{
		Filename:         opts.Filename,
		Target:           opts.Target,
		KeepRepeatedArgs: opts.KeepRepeatedArgs,
		Strict:           opts.Strict,
		RefuseAsRunc:     opts.RefuseAsRunc,
		Rules:            r.rules,
		RuleIndex:        r.index,
	})
	if err != nil {
		return nil, nil, err
	}
	return pol, append(r.warns, ws...), nil
}

func init() {
	// Package ir/lint checks the rules of a Docker profile as resolved,
	// naming them by their index in p, without a copy of them.
	loadhook.DockerRules = func(p *seccomp.Seccomp, target string, caps []string, kernel tables.Version) (*specs.LinuxSeccomp, []*specs.LinuxSyscall, []int32, error) {
		r, err := resolve(p, Options{Target: target, Caps: caps, Kernel: kernel})
		if err != nil {
			return nil, nil, nil, err
		}
		return &r.header, r.rules, r.index, nil
	}
}

// Parse reads a Docker profile from JSON and resolves it with
// [Resolve]. Fields that are not part of the format get warnings.
func Parse(data []byte, opts Options) (*specs.LinuxSeccomp, []ir.Warning, error) {
	p, ws, err := decode(data, opts)
	if err != nil {
		return nil, nil, err
	}
	s, ws2, err := Resolve(p, opts)
	if err != nil {
		return nil, nil, err
	}
	return s, append(ws, ws2...), nil
}

// decode reads a Docker profile from JSON, with warnings for the fields
// that are not part of the format.
func decode(data []byte, opts Options) (*seccomp.Seccomp, []ir.Warning, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, &ir.Error{Code: ir.ErrFormat, Pos: opts.Filename, Detail: "empty input"}
	}
	// Only a profile with fields the format does not define pays for
	// the walk that names them.
	res, ok := dockerjson.Decode(data)
	if !ok {
		return nil, nil, ocihook.Invalid(data, opts.Filename, &seccomp.Seccomp{})
	}
	p := res.Profile
	var ws []ir.Warning
	if res.Unknown {
		ws = fieldWarnings(data, opts.Filename)
	}
	return p, ws, nil
}

// Resolve turns a Docker profile into the OCI profile Docker would give
// a container with the options' architecture, capabilities and kernel,
// as described in the package documentation. p is not modified.
func Resolve(p *seccomp.Seccomp, opts Options) (*specs.LinuxSeccomp, []ir.Warning, error) {
	r, err := resolve(p, opts)
	if err != nil {
		return nil, nil, err
	}
	out := r.header
	out.Architectures = slices.Clone(out.Architectures)
	out.Flags = slices.Clone(out.Flags)
	if len(r.rules) != 0 {
		out.Syscalls = make([]specs.LinuxSyscall, len(r.rules))
		for i, sc := range r.rules {
			out.Syscalls[i] = *sc
			out.Syscalls[i].Names = slices.Clone(sc.Names)
			out.Syscalls[i].Args = slices.Clone(sc.Args)
		}
	}
	return &out, r.warns, nil
}

// resolver holds the state of one resolution.
type resolver struct {
	opts   Options
	target *arch.Info
	caps   map[string]bool // normCap's form; defaultCapSet (not to be changed) for Options.Caps nil
	all    bool            // Caps holds "ALL"
	kernel tables.Version  // Options.Kernel; zero for the newest known (see hostAtLeast)
	warns  []ir.Warning
	badArc map[string]bool // unknown arch names already reported
}

func (r *resolver) at(place string) string {
	switch {
	case r.opts.Filename == "":
		return place
	case place == "":
		return r.opts.Filename
	}
	return r.opts.Filename + ": " + place
}

// resolved is a Docker profile resolved for a container.
type resolved struct {
	// header is the OCI profile without its rules (Syscalls nil). Its
	// lists may be p's: it is only read.
	header specs.LinuxSeccomp
	// rules are the OCI rules kept, in order: the LinuxSyscall of the
	// Docker rule, in the Docker profile itself, or for a rule with a
	// name (not names) a copy that lists it. They are only read.
	rules []*specs.LinuxSyscall
	// index gives for each rule the index of its Docker rule.
	index []int32
	warns []ir.Warning
}

// resolve resolves p for opts (see Resolve); the result points into p.
func resolve(p *seccomp.Seccomp, opts Options) (*resolved, error) {
	r := &resolver{opts: opts}
	if p == nil {
		return nil, &ir.Error{Code: ir.ErrFormat, Pos: opts.Filename, Detail: "no profile"}
	}
	var err error
	if opts.Target == "" {
		r.target, err = arch.Native()
	} else {
		r.target, err = arch.Lookup(opts.Target)
	}
	if err != nil {
		return nil, &ir.Error{Code: ir.ErrArch, Pos: "target", Err: err}
	}
	if opts.Caps == nil {
		r.caps = defaultCapSet // only read
	} else {
		r.caps = make(map[string]bool, len(opts.Caps))
		for _, c := range opts.Caps {
			c = normCap(c)
			r.caps[c] = true
			r.all = r.all || c == "ALL"
		}
	}
	r.kernel = opts.Kernel

	if p.DefaultAction == "" && len(p.Syscalls) == 0 {
		return nil, &ir.Error{Code: ir.ErrAction, Pos: r.at("defaultAction"),
			Detail: "missing defaultAction and no syscalls (Docker runs such a container without seccomp)"}
	}
	if len(p.Architectures) != 0 && len(p.ArchMap) != 0 {
		return nil, &ir.Error{Code: ir.ErrArch, Pos: r.at("archMap"),
			Detail: "both architectures and archMap are given; use one of them"}
	}
	if len(p.LinuxSeccomp.Syscalls) != 0 {
		// Only possible for a profile built in Go: JSON fills
		// Seccomp.Syscalls.
		return nil, &ir.Error{Code: ir.ErrFormat, Pos: opts.Filename,
			Detail: "the embedded LinuxSeccomp.Syscalls must be empty; Docker rules go in Seccomp.Syscalls"}
	}

	// The header shares p's lists, as the rules do: it is only read
	// (Resolve copies them).
	out := &resolved{header: p.LinuxSeccomp} // copies the common fields
	out.header.Syscalls = nil
	for i, a := range p.ArchMap {
		info, err := arch.Lookup(string(a.Arch))
		if err != nil {
			r.warnArch(r.at(fmt.Sprintf("archMap[%d]", i)), string(a.Arch))
			continue
		}
		if info == r.target {
			out.header.Architectures = append([]specs.Arch{a.Arch}, a.SubArches...)
			break
		}
	}

	if len(p.Syscalls) != 0 {
		out.rules = make([]*specs.LinuxSyscall, 0, len(p.Syscalls))
		out.index = make([]int32, 0, len(p.Syscalls))
	}
	for i, call := range p.Syscalls {
		if call == nil {
			return nil, &ir.Error{Code: ir.ErrFormat, Pos: r.at(fmt.Sprintf("syscalls[%d]", i)), Detail: "null rule"}
		}
		pos := func() string { return r.at(ruleLabel(i, call)) }
		sc := &call.LinuxSyscall
		if call.Name != "" {
			if len(call.Names) != 0 {
				return nil, &ir.Error{Code: ir.ErrSyscall, Pos: pos(), Detail: "both name and names are given; use one of them"}
			}
		}
		if !r.keep(call, pos) {
			continue
		}
		if call.Name != "" {
			one := *sc
			one.Names = []string{call.Name}
			sc = &one
		}
		out.rules = append(out.rules, sc)
		out.index = append(out.index, int32(i))
	}
	out.warns = r.warns
	return out, nil
}

// keep applies a rule's excludes and includes filters.
func (r *resolver) keep(call *seccomp.Syscall, pos func() string) bool {
	if ex := call.Excludes; ex != nil {
		if r.anyArch(ex.Arches, pos, " excludes.arches") {
			return false
		}
		for _, c := range ex.Caps {
			if r.hasCap(c) {
				return false
			}
		}
		if ex.MinKernel != nil && r.hostAtLeast(ex.MinKernel) {
			return false
		}
	}
	if in := call.Includes; in != nil {
		if len(in.Arches) > 0 && !r.anyArch(in.Arches, pos, " includes.arches") {
			return false
		}
		for _, c := range in.Caps {
			if !r.hasCap(c) {
				return false
			}
		}
		if in.MinKernel != nil && !r.hostAtLeast(in.MinKernel) {
			return false
		}
	}
	return true
}

// anyArch reports whether one of names is the target architecture;
// pos()+field is the place of the names.
func (r *resolver) anyArch(names []string, pos func() string, field string) bool {
	found := false
	for _, n := range names {
		info, err := arch.Lookup(n)
		if err != nil {
			if !r.badArc[n] {
				r.warnArch(pos()+field, n)
			}
			continue
		}
		found = found || info == r.target
	}
	return found
}

func (r *resolver) warnArch(pos, name string) {
	if r.badArc[name] {
		return
	}
	if r.badArc == nil {
		r.badArc = map[string]bool{}
	}
	r.badArc[name] = true
	msg := "unknown architecture " + quote.Value(name) + " never matches"
	var ue *arch.UnknownError
	if _, err := arch.Lookup(name); errors.As(err, &ue) {
		msg = "unknown architecture never matches: " + ue.Describe()
	}
	r.warns = append(r.warns, ir.Warning{Kind: ir.WarnUnknownArch, Pos: pos, Arches: []string{name}, Msg: msg})
}

func (r *resolver) hasCap(c string) bool { return r.all || r.caps[normCap(c)] }

// defaultCapSet is DefaultCaps as a set, in normCap's form, for the
// resolutions with Options.Caps nil.
var defaultCapSet = func() map[string]bool {
	set := map[string]bool{}
	for _, c := range DefaultCaps() {
		set[normCap(c)] = true
	}
	return set
}()

// normCap returns a capability name in Docker's canonical form:
// upper case with the CAP_ prefix ("ALL" stays "ALL").
func normCap(c string) string {
	c = strings.ToUpper(strings.TrimSpace(c))
	if c != "ALL" && !strings.HasPrefix(c, "CAP_") {
		c = "CAP_" + c
	}
	return c
}

// hostAtLeast reports whether the host kernel is at least min: the
// kernel of Options.Kernel, or for the zero Version the newest one the
// tables know. For the latter it asks the tables whether they know a
// syscall that new, which takes a look at a few syscalls where finding
// the newest version takes a pass over every table.
func (r *resolver) hostAtLeast(min *seccomp.KernelVersion) bool {
	if !r.kernel.IsZero() {
		return atLeast(r.kernel, min)
	}
	// atLeast(tables.Newest(), min), with min as a Version.
	switch {
	case min.Kernel > 0xffff:
		return false
	case min.Major > 0xffff:
		if min.Kernel == 0xffff {
			return false
		}
		return tables.NewestAtLeast(tables.Version{Major: uint16(min.Kernel) + 1})
	}
	return tables.NewestAtLeast(tables.Version{Major: uint16(min.Kernel), Minor: uint16(min.Major)})
}

// atLeast reports whether kernel k is at least min, comparing only the
// major and minor numbers as moby does.
func atLeast(k tables.Version, min *seccomp.KernelVersion) bool {
	if uint64(k.Major) != min.Kernel {
		return uint64(k.Major) > min.Kernel
	}
	return uint64(k.Minor) >= min.Major
}

// ruleLabel names Docker rule i: `syscalls[3] ("personality")`.
func ruleLabel(i int, call *seccomp.Syscall) string {
	names := call.Names
	if call.Name != "" {
		names = []string{call.Name}
	}
	return place.RuleLabel(i, names)
}
