package arch

import (
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"

	"github.com/seccompc/seccompc/internal/namehash"
	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/internal/suggest"
)

// Info holds the seccomp-relevant facts about one architecture (more
// precisely, one syscall ABI as seen by seccomp: x86_64 and x32 are two
// Infos). Values returned by this package are shared and must not be
// modified.
type Info struct {
	Name       string   // canonical short name (libseccomp's), e.g. "x86_64"
	OCI        string   // OCI runtime-spec / libseccomp token name, e.g. "SCMP_ARCH_X86_64"
	Audit      uint32   // value the kernel stores in seccomp_data.arch (AUDIT_ARCH_*)
	BigEndian  bool     // byte order of seccomp_data words
	Bits       int      // 32 or 64: argument width libseccomp compares (arch_def.size)
	SyscallBit uint32   // bit set in seccomp_data.nr for this ABI (x32: 0x40000000)
	NrBase     uint32   // offset added to table numbers (MIPS o32 4000, n64 5000, n32 6000)
	Table      string   // name of the syscall table this ABI uses (one of 18)
	GOARCH     string   // Go port name, "" if Go has no port for this ABI
	Socketcall *Mux     // socketcall(2) multiplexer, nil if none
	IPC        *Mux     // ipc(2) multiplexer, nil if none
	Compat     []string // canonical names a host of this arch adds by default (moby archMap)
}

// Mux describes a multiplexing system call: one syscall number whose first
// argument selects the operation.
type Mux struct {
	Name  string            // "socketcall" or "ipc": the multiplexer's syscall name
	Calls map[string]uint32 // multiplexed syscall name -> call code in args[0]
}

// ErrUnknown is returned (wrapped) by Lookup and Native for a name that
// matches no architecture.
var ErrUnknown = errors.New("unknown architecture")

// Flag values shared by many entries, named for readability of the table.
const (
	x32SyscallBit = 0x40000000 // __X32_SYSCALL_BIT, arch/x86/include/uapi/asm/unistd.h

	nrBaseO32 = 4000 // __NR_O32_Linux, arch/mips/include/uapi/asm/unistd.h
	nrBaseN64 = 5000 // __NR_64_Linux
	nrBaseN32 = 6000 // __NR_N32_Linux
)

// all is the table of every supported ABI, in the order All documents: the
// column order of the syscall fact file (libseccomp's syscalls.csv), with
// the variants sharing a table placed after the table's first user.
var all = []*Info{
	{Name: "x86", OCI: "SCMP_ARCH_X86", Audit: auditI386, Bits: 32, Table: "x86", GOARCH: "386",
		Socketcall: socketcall, IPC: ipc},
	{Name: "x86_64", OCI: "SCMP_ARCH_X86_64", Audit: auditX86_64, Bits: 64, Table: "x86_64", GOARCH: "amd64",
		Compat: []string{"x86", "x32"}},
	{Name: "x32", OCI: "SCMP_ARCH_X32", Audit: auditX86_64, Bits: 32, SyscallBit: x32SyscallBit, Table: "x32"},
	{Name: "arm", OCI: "SCMP_ARCH_ARM", Audit: auditARM, Bits: 32, Table: "arm", GOARCH: "arm"},
	{Name: "aarch64", OCI: "SCMP_ARCH_AARCH64", Audit: auditAARCH64, Bits: 64, Table: "aarch64", GOARCH: "arm64",
		Compat: []string{"arm"}},
	{Name: "loongarch64", OCI: "SCMP_ARCH_LOONGARCH64", Audit: auditLOONGARCH64, Bits: 64, Table: "loongarch64", GOARCH: "loong64"},
	{Name: "m68k", OCI: "SCMP_ARCH_M68K", Audit: auditM68K, BigEndian: true, Bits: 32, Table: "m68k",
		Socketcall: socketcall, IPC: ipc},
	{Name: "mips", OCI: "SCMP_ARCH_MIPS", Audit: auditMIPS, BigEndian: true, Bits: 32, NrBase: nrBaseO32, Table: "mips", GOARCH: "mips",
		Socketcall: socketcall, IPC: ipc},
	{Name: "mipsel", OCI: "SCMP_ARCH_MIPSEL", Audit: auditMIPSEL, Bits: 32, NrBase: nrBaseO32, Table: "mips", GOARCH: "mipsle",
		Socketcall: socketcall, IPC: ipc},
	{Name: "mips64", OCI: "SCMP_ARCH_MIPS64", Audit: auditMIPS64, BigEndian: true, Bits: 64, NrBase: nrBaseN64, Table: "mips64", GOARCH: "mips64",
		Compat: []string{"mips", "mips64n32"}},
	{Name: "mipsel64", OCI: "SCMP_ARCH_MIPSEL64", Audit: auditMIPSEL64, Bits: 64, NrBase: nrBaseN64, Table: "mips64", GOARCH: "mips64le",
		Compat: []string{"mipsel", "mipsel64n32"}},
	{Name: "mips64n32", OCI: "SCMP_ARCH_MIPS64N32", Audit: auditMIPS64N32, BigEndian: true, Bits: 32, NrBase: nrBaseN32, Table: "mips64n32",
		Compat: []string{"mips", "mips64"}},
	{Name: "mipsel64n32", OCI: "SCMP_ARCH_MIPSEL64N32", Audit: auditMIPSEL64N32, Bits: 32, NrBase: nrBaseN32, Table: "mips64n32",
		Compat: []string{"mipsel", "mipsel64"}},
	{Name: "parisc", OCI: "SCMP_ARCH_PARISC", Audit: auditPARISC, BigEndian: true, Bits: 32, Table: "parisc"},
	{Name: "parisc64", OCI: "SCMP_ARCH_PARISC64", Audit: auditPARISC64, BigEndian: true, Bits: 64, Table: "parisc64"},
	{Name: "ppc", OCI: "SCMP_ARCH_PPC", Audit: auditPPC, BigEndian: true, Bits: 32, Table: "ppc",
		Socketcall: socketcall, IPC: ipc},
	{Name: "ppc64", OCI: "SCMP_ARCH_PPC64", Audit: auditPPC64, BigEndian: true, Bits: 64, Table: "ppc64", GOARCH: "ppc64",
		Socketcall: socketcall, IPC: ipc},
	{Name: "ppc64le", OCI: "SCMP_ARCH_PPC64LE", Audit: auditPPC64LE, Bits: 64, Table: "ppc64", GOARCH: "ppc64le",
		Socketcall: socketcall, IPC: ipc},
	{Name: "riscv64", OCI: "SCMP_ARCH_RISCV64", Audit: auditRISCV64, Bits: 64, Table: "riscv64", GOARCH: "riscv64"},
	{Name: "s390", OCI: "SCMP_ARCH_S390", Audit: auditS390, BigEndian: true, Bits: 32, Table: "s390",
		Socketcall: socketcall, IPC: ipc},
	{Name: "s390x", OCI: "SCMP_ARCH_S390X", Audit: auditS390X, BigEndian: true, Bits: 64, Table: "s390x", GOARCH: "s390x",
		Socketcall: socketcall, IPC: ipc, Compat: []string{"s390"}},
	// libseccomp: SCMP_ARCH_SH is little-endian (AUDIT_ARCH_SHEL),
	// SCMP_ARCH_SHEB big-endian (AUDIT_ARCH_SH, which lacks the LE bit).
	{Name: "sh", OCI: "SCMP_ARCH_SH", Audit: auditSHEL, Bits: 32, Table: "sh",
		Socketcall: socketcall, IPC: ipc},
	{Name: "sheb", OCI: "SCMP_ARCH_SHEB", Audit: auditSH, BigEndian: true, Bits: 32, Table: "sh",
		Socketcall: socketcall, IPC: ipc},
}

// aliases maps extra accepted names to canonical names. Canonical, OCI and
// GOARCH names are indexed from the table and are not repeated here.
var aliases = map[string]string{
	// uname -m / distribution names for 32-bit x86.
	"i386": "x86",
	"i486": "x86",
	"i586": "x86",
	"i686": "x86",
	// uname -m and Debian names for 32-bit ARM (little-endian EABI).
	"armv6l": "arm",
	"armv7l": "arm",
	"armv8l": "arm",
	"armhf":  "arm",
	"armel":  "arm",
	// Debian names.
	"ppc64el":  "ppc64le",
	"mips64el": "mipsel64",
	// GNU triplet CPU names.
	"powerpc":     "ppc",
	"powerpc64":   "ppc64",
	"powerpc64le": "ppc64le",
	// Reserved GOARCH values (go/build knownArch) with no Go port, mapped
	// as moby's goToNative table maps them.
	"mips64p32":   "mips64n32",
	"mips64p32le": "mipsel64n32",
	// moby/profiles/seccomp's own spelling of mipsel64n32 in its
	// nativeToSeccomp table (a typo, kept for profile compatibility).
	"mips3l64n32": "mipsel64n32",
}

// index maps every accepted name to its Info.
var index = buildIndex()

func buildIndex() map[string]*Info {
	m := make(map[string]*Info, 4*len(all))
	add := func(key string, a *Info) {
		if prev, ok := m[key]; ok && prev != a {
			panic("arch: name " + key + " names both " + prev.Name + " and " + a.Name)
		}
		m[key] = a
	}
	for _, a := range all {
		add(a.Name, a)
		add(a.OCI, a)
		if a.GOARCH != "" {
			add(a.GOARCH, a)
		}
	}
	for alias, name := range aliases {
		a, ok := m[name]
		if !ok {
			panic("arch: alias " + alias + " targets unknown " + name)
		}
		add(alias, a)
	}
	return m
}

// Lookup returns the architecture called name. It accepts the canonical
// short name ("x86_64"), the OCI name ("SCMP_ARCH_X86_64"), the Go GOARCH
// name ("amd64") and the aliases listed in the package documentation.
// Matching is exact and case-sensitive.
//
// For a name it does not accept, the error is an [*UnknownError] (which
// wraps ErrUnknown) naming the nearest accepted name, if one is near,
// and the canonical names nearest first.
func Lookup(name string) (*Info, error) {
	if a, ok := index[name]; ok {
		return a, nil
	}
	return nil, newUnknownError(name)
}

// UnknownError is the error of [Lookup] for a name it does not accept.
type UnknownError struct {
	Name    string   // the name given
	Suggest string   // the accepted name nearest to Name, "" if none is near
	Valid   []string // the canonical names, nearest to Name first
}

func newUnknownError(name string) *UnknownError {
	e := &UnknownError{Name: name}
	if rest, ok := cutOCIPrefix(name); ok {
		// Compare what follows SCMP_ARCH_, which is the name proper:
		// the shared prefix would make any name look near.
		short := make([]string, len(all))
		for i, a := range all {
			short[i], _ = cutOCIPrefix(a.OCI)
		}
		if s, ok := suggest.Nearest(rest, short); ok {
			e.Suggest = "SCMP_ARCH_" + s
		}
	} else if s, ok := suggest.Nearest(name, lookupNames); ok {
		e.Suggest = s
	}
	// An architecture is as near as the nearest of its accepted names.
	dist := make(map[*Info]int, len(all))
	for _, key := range lookupNames {
		a := index[key]
		if d, ok := dist[a]; !ok || suggest.Distance(name, key) < d {
			dist[a] = suggest.Distance(name, key)
		}
	}
	order := append([]*Info(nil), all...)
	sort.SliceStable(order, func(i, j int) bool { return dist[order[i]] < dist[order[j]] })
	e.Valid = make([]string, len(order))
	for i, a := range order {
		e.Valid[i] = a.Name
	}
	return e
}

// cutOCIPrefix returns name without a leading "SCMP_ARCH_" in any case,
// and whether it had one.
func cutOCIPrefix(name string) (string, bool) {
	const prefix = "SCMP_ARCH_"
	if len(name) >= len(prefix) && strings.EqualFold(name[:len(prefix)], prefix) {
		return name[len(prefix):], true
	}
	return name, false
}

// lookupNames is every name Lookup accepts, in a fixed order: for each
// architecture in All order its canonical, OCI and GOARCH names, then
// the aliases sorted. Suggestions prefer the earliest of equally near
// names.
var lookupNames = func() []string {
	var s []string
	for _, a := range all {
		s = append(s, a.Name, a.OCI)
		if a.GOARCH != "" {
			s = append(s, a.GOARCH)
		}
	}
	var as []string
	for alias := range aliases {
		as = append(as, alias)
	}
	sort.Strings(as)
	return append(s, as...)
}()

// Error says the name is unknown, as described by [UnknownError.Describe].
func (e *UnknownError) Error() string {
	return "arch: unknown architecture " + e.Describe()
}

// Describe returns the quoted name (cut as quote.Value cuts), the nearest name
// when one is near, and the valid names nearest first, as in
// `"amd64x" (did you mean "amd64", the GOARCH name of x86_64?); valid
// names, nearest first: x86_64, aarch64, ... (or their SCMP_ARCH_* or
// GOARCH forms)`.
//
// A nil UnknownError describes as the zero one.
func (e *UnknownError) Describe() string {
	if e == nil {
		e = &UnknownError{}
	}
	var b strings.Builder
	b.WriteString(quote.Value(e.Name))
	if e.Suggest != "" {
		b.WriteString(" (did you mean " + quote.Value(e.Suggest))
		switch a := index[e.Suggest]; {
		case a == nil, e.Suggest == a.Name:
		case e.Suggest == a.OCI:
			fmt.Fprintf(&b, ", the OCI name of %s", a.Name)
		case e.Suggest == a.GOARCH:
			fmt.Fprintf(&b, ", the GOARCH name of %s", a.Name)
		default:
			fmt.Fprintf(&b, ", an alias of %s", a.Name)
		}
		b.WriteString("?)")
	}
	fmt.Fprintf(&b, "; valid names, nearest first: %s (or their SCMP_ARCH_* or GOARCH forms)", strings.Join(e.Valid, ", "))
	return b.String()
}

// Unwrap returns ErrUnknown.
func (e *UnknownError) Unwrap() error { return ErrUnknown }

// All returns every architecture this package knows, in a fixed order:
// x86, x86_64, x32, arm, aarch64, loongarch64, m68k, mips, mipsel, mips64,
// mipsel64, mips64n32, mipsel64n32, parisc, parisc64, ppc, ppc64, ppc64le,
// riscv64, s390, s390x, sh, sheb. The slice is freshly allocated; the
// Infos are shared.
func All() []*Info {
	return append([]*Info(nil), all...)
}

// Native returns the architecture of the running program, from
// runtime.GOARCH.
func Native() (*Info, error) {
	return nativeFor(runtime.GOARCH)
}

func nativeFor(goarch string) (*Info, error) {
	for _, a := range all {
		if a.GOARCH != "" && a.GOARCH == goarch {
			return a, nil
		}
	}
	return nil, fmt.Errorf("arch: GOARCH %s: %w (no seccomp architecture for this Go port)", quote.Value(goarch), ErrUnknown)
}

// ByAudit returns every architecture whose seccomp_data.arch value is
// audit, in All order. More than one matches when ABIs share an audit value
// (AUDIT_ARCH_X86_64 is both x86_64 and x32). It returns nil if none match.
func ByAudit(audit uint32) []*Info {
	var out []*Info
	for _, a := range all {
		if a.Audit == audit {
			out = append(out, a)
		}
	}
	return out
}

// String returns the canonical short name.
func (a *Info) String() string {
	if a == nil {
		return "<nil>"
	}
	return a.Name
}

// MuxCall reports whether the syscall called name can be reached through a
// multiplexer (socketcall or ipc) on this architecture, and if so which
// multiplexer and which call code it passes in args[0]. A syscall may be
// reachable both directly and through a multiplexer; MuxCall says nothing
// about the direct route.
func (a *Info) MuxCall(name string) (mux *Mux, code uint32, ok bool) {
	if a == nil {
		return nil, 0, false
	}
	// Most names are no call of this package's multiplexers: a filter
	// by hash spares a map lookup for them.
	builtin := muxHashes[namehash.Sum(name)%uint32(len(muxHashes))] != 0
	for _, m := range [2]*Mux{a.Socketcall, a.IPC} {
		if m == nil || !builtin && (m == socketcall || m == ipc) {
			continue
		}
		if c, found := m.Calls[name]; found {
			return m, c, true
		}
	}
	return nil, 0, false
}

// muxHashes marks, by namehash.Sum modulo its length, the names of the
// calls of socketcall and ipc.
var muxHashes = func() (set [256]uint8) {
	for _, m := range []*Mux{socketcall, ipc} {
		for name := range m.Calls {
			set[namehash.Sum(name)%uint32(len(set))] = 1
		}
	}
	return set
}()
