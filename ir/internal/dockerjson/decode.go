package dockerjson

import (
	"bytes"
	"math/bits"

	"github.com/moby/profiles/seccomp"
	"github.com/opencontainers/runtime-spec/specs-go"

	"github.com/seccompc/seccompc/ir/internal/jsonread"
	"github.com/seccompc/seccompc/ir/internal/names"
	"github.com/seccompc/seccompc/ir/internal/sysnames"
)

// decoder is the state of one decode. The values it reads are carved
// from a few larger allocations (arenas); every slice handed out has
// its capacity cut to its length, so that appending to it copies.
//
// A decode first runs fast: it keeps each name of a list once and
// assumes that no key names a field twice. When either assumption
// fails (a key repeats a field, or a name no architecture defines
// follows a dropped repeat) it stops and the decode runs again exact:
// every name kept, repeated keys decoded into the value already there
// as encoding/json decodes them (see into).
type decoder struct {
	r   *jsonread.Reader
	res Result

	oci     bool // decoding OCI types: Docker-only keys are unknown
	exact   bool // the second run: no names dropped, repeats merged
	restart bool // the fast run met what needs the exact one

	strs []string
	seen names.Dedup
	// repeat is what the last names list repeated (Names nil: nothing).
	repeat Repeat
	argv   []specs.LinuxSeccompArg
	rules  []seccomp.Syscall
	filts  []seccomp.Filter
}

func newDecoder(data []byte, oci, exact bool) *decoder {
	return &decoder{
		r:     jsonread.New(data),
		oci:   oci,
		exact: exact,
		// Room for the strings and args of an ordinary profile; a
		// larger one grows the arenas.
		strs: make([]string, 0, min(len(data)/32+1, strChunk)),
		argv: make([]specs.LinuxSeccompArg, 0, min(len(data)/512+1, 1024)),
	}
}

// str reads a string value. The input is not kept as a whole (most of
// a profile is syntax and repeats): a name of x86_64's syscall table is
// that table's string and one of the format's constants (actions,
// operators, architectures) is the constant, neither costing an
// allocation; any other string is a copy of its bytes.
func (d *decoder) str() string {
	b := d.r.StringBytes()
	if len(b) == 0 {
		return ""
	}
	if len(b) > 5 && string(b[:5]) == "SCMP_" {
		for _, c := range constants {
			if string(b) == c {
				return c
			}
		}
	} else if s, _, _, ok := names.Static(b); ok {
		return s
	}
	return string(b)
}

// constants are the strings of the format that profiles repeat: actions,
// operators and architectures (those of Docker's and podman's profiles).
var constants = [...]string{
	"SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
	"SCMP_ACT_LOG", "SCMP_ACT_NOTIFY", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP",
	"SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT", "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE",
	"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM",
	"SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64",
	"SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64", "SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390",
	"SCMP_ARCH_S390X", "SCMP_ARCH_RISCV64", "SCMP_ARCH_LOONGARCH64",
}

// chunk is the number of rules and filters allocated at once.
const chunk = 32

func (d *decoder) newRule() *seccomp.Syscall {
	if len(d.rules) == cap(d.rules) {
		d.rules = make([]seccomp.Syscall, 0, chunk)
	}
	d.rules = d.rules[:len(d.rules)+1]
	return &d.rules[len(d.rules)-1]
}

func (d *decoder) newFilter() *seccomp.Filter {
	if len(d.filts) == cap(d.filts) {
		d.filts = make([]seccomp.Filter, 0, chunk)
	}
	d.filts = d.filts[:len(d.filts)+1]
	return &d.filts[len(d.filts)-1]
}

// field reads the next key of an object and returns the bit of the
// field of set it names, whether its value is null (then consumed), and
// false at the end of the object. Only the fields of goFields are
// fields of the Go type being decoded: the value of another key of set
// is skipped, and that of a key outside set too, marking
// Result.Unknown; at the top level (top true), a key of a config.json
// marks Result.Config. *mask records the fields of set seen. A key that
// names a Go field already seen marks Result.Repeated, or stops the
// fast run.
func (d *decoder) field(i int, set []string, goFields uint32, mask *uint32, top bool) (bit uint32, null, more bool) {
	for ; ; i++ {
		key, ok := d.r.Key(i)
		if !ok {
			return 0, false, false
		}
		bit = fieldBit(key, set)
		if bit == 0 || bit&goFields == 0 {
			// In an OCI object, every key outside its Go fields is
			// unknown; in a Docker profile, errno and defaultErrno
			// are known.
			if bit == 0 || d.oci {
				d.res.Unknown = true
			}
			*mask |= bit
			if top {
				for _, k := range configKeys {
					d.res.Config = d.res.Config || jsonread.EqualFold(key, k)
				}
			}
			d.r.Skip()
			continue
		}
		if *mask&bit != 0 {
			if !d.exact {
				d.restart = true
				d.r.Fail()
				return 0, false, false
			}
			d.res.Repeated = true
		}
		*mask |= bit
		return bit, d.r.Null(), true
	}
}

// into decodes a JSON array into s as encoding/json decodes an array
// into a slice that may already hold a value (a key given twice): each
// element into the element already at its index, including those
// between the length and the capacity that an earlier, longer value
// left (a null element leaves them as they are), the slice grown when
// full and cut to the elements read; an empty array makes a new empty
// slice. The capacity need not be encoding/json's: the elements past
// the length are those an earlier value wrote there, whatever the
// capacity (growing copies them all), and zero elsewhere, in both.
func into[T any](d *decoder, s []T, elem func(d *decoder, i int, p *T)) []T {
	if !d.r.Array() {
		return s
	}
	i := 0
	for ; d.r.Elem(i); i++ {
		switch {
		case i >= cap(s):
			var zero T
			s = append(s, zero)
		case i >= len(s):
			s = s[:i+1]
		}
		elem(d, i, &s[i])
		if d.r.Failed() {
			return nil
		}
	}
	if i < len(s) {
		s = s[:i]
	}
	if i == 0 {
		s = []T{}
	}
	return s
}

// strElem reads a string element; null leaves the element as it is.
func strElem[T ~string](d *decoder, _ int, p *T) {
	if !d.r.Null() {
		*p = T(d.str())
	}
}

// strList reads a list of strings into old (nil for a first key). A
// first list is appended to a local slice, whose first growth the
// compiler keeps off the heap.
func strList[T ~string](d *decoder, old []T) []T {
	if old != nil {
		return into(d, old, strElem[T])
	}
	if !d.r.Array() {
		return nil
	}
	out := []T{}
	for i := 0; d.r.Elem(i); i++ {
		var v T
		if !d.r.Null() {
			v = T(d.str())
		}
		out = append(out, v)
	}
	return out
}

// names reads a rule's names into old (nil for a first names key), each
// repeated name once in the fast run (see Decode). Once a repeat has
// been dropped, a later name that no architecture defines restarts the
// decode exact: the front end's errors about such a name give its
// index in the list as written.
func (d *decoder) names(old []string) []string {
	r := d.r
	if old != nil {
		return into(d, old, strElem[string])
	}
	if !r.Array() {
		return nil
	}
	start := len(d.strs)
	d.seen.Begin()
	dropped := false
	for i := 0; r.Elem(i); i++ {
		s, nr, x64 := "", uint32(0), false
		if !r.Null() {
			b := r.StringBytes()
			var static bool
			if s, nr, x64, static = names.Static(b); !static {
				s = string(b)
			}
		}
		if !d.exact {
			var seen bool
			if x64 {
				seen = d.seen.SeenNr(d.strs[start:], s, nr)
			} else {
				seen = d.seen.Seen(d.strs[start:], s)
			}
			if seen {
				if !dropped {
					d.repeat = Repeat{Names: map[string]int{}}
				}
				dropped = true
				d.repeat.Names[s]++
				d.repeat.Count++
				continue
			}
			if dropped && !sysnames.Known(s) {
				d.restart = true
				r.Fail()
				return nil
			}
		}
		d.push(&start, s)
	}
	return d.strs[start:len(d.strs):len(d.strs)]
}

// strChunk is the number of strings of a fresh arena of d.strs.
const strChunk = 4096

// push appends s to the list being read, d.strs[*start:]. A full arena
// is replaced rather than grown (the lists handed out keep the old one
// alive: growing would keep every size it went through), the list read
// so far moved to the new one.
func (d *decoder) push(start *int, s string) {
	if len(d.strs) == cap(d.strs) {
		n := len(d.strs) - *start
		next := make([]string, n, max(strChunk, 2*n))
		copy(next, d.strs[*start:])
		d.strs, *start = next, 0
	}
	d.strs = append(d.strs, s)
}

// strings reads a list of strings into old (nil for a first key).
func (d *decoder) strings(old []string) []string {
	r := d.r
	if old != nil {
		return into(d, old, strElem[string])
	}
	if !r.Array() {
		return nil
	}
	start := len(d.strs)
	for i := 0; r.Elem(i); i++ {
		if r.Null() {
			d.push(&start, "")
			continue
		}
		d.push(&start, d.str())
	}
	return d.strs[start:len(d.strs):len(d.strs)]
}

// setStr reads a string into *p; null leaves it as it is.
func setStr[T ~string](d *decoder, p *T, null bool) {
	if !null {
		*p = T(d.str())
	}
}

// setUint reads an unsigned number into *p; null makes it nil.
func setUint(d *decoder, p **uint, null bool) {
	*p = nil
	if !null {
		n := uint(d.r.Uint(bits.UintSize))
		*p = &n
	}
}

// object consumes the '{' of an object; null and other values give
// false, the others failing the reader.
func (d *decoder) object(null bool) bool {
	return !null && d.r.Object()
}

func archMapElem(d *decoder, _ int, a *seccomp.Architecture) {
	if d.r.Null() || !d.r.Object() {
		return
	}
	var mask uint32
	for j := 0; ; j = 1 {
		bit, null, more := d.field(j, ArchMapFields, 3, &mask, false)
		if !more {
			break
		}
		if bit == 1 {
			setStr(d, &a.Arch, null)
		} else if null {
			a.SubArches = nil
		} else {
			a.SubArches = strList(d, a.SubArches)
		}
	}
}

func argElem(d *decoder, _ int, a *specs.LinuxSeccompArg) {
	r := d.r
	if r.Null() || !r.Object() {
		return
	}
	var mask uint32
	for j := 0; ; j = 1 {
		bit, null, more := d.field(j, ArgFields, 15, &mask, false)
		if !more {
			break
		}
		if null {
			continue
		}
		switch bit {
		case 1 << 0:
			a.Index = uint(r.Uint(bits.UintSize))
		case 1 << 1:
			a.Value = r.Uint(64)
		case 1 << 2:
			a.ValueTwo = r.Uint(64)
		default:
			a.Op = specs.LinuxSeccompOperator(d.str())
		}
	}
}

// args reads a rule's args into old (nil for a first key).
func (d *decoder) args(old []specs.LinuxSeccompArg) []specs.LinuxSeccompArg {
	r := d.r
	if old != nil {
		return into(d, old, argElem)
	}
	if !r.Array() {
		return nil
	}
	start := len(d.argv)
	for i := 0; r.Elem(i); i++ {
		d.argv = append(d.argv, specs.LinuxSeccompArg{})
		argElem(d, i, &d.argv[len(d.argv)-1])
	}
	return d.argv[start:len(d.argv):len(d.argv)]
}

// filter reads includes or excludes into f (nil for a first key).
func (d *decoder) filter(f *seccomp.Filter, null bool) *seccomp.Filter {
	r := d.r
	if !d.object(null) {
		return nil
	}
	if f == nil {
		f = d.newFilter()
	}
	var mask uint32
	for j := 0; ; j = 1 {
		bit, null, more := d.field(j, FilterFields, 7, &mask, false)
		if !more {
			break
		}
		switch {
		case bit == 1<<0 && null:
			f.Caps = nil
		case bit == 1<<0:
			f.Caps = d.strings(f.Caps)
		case bit == 1<<1 && null:
			f.Arches = nil
		case bit == 1<<1:
			f.Arches = d.strings(f.Arches)
		case null:
			f.MinKernel = nil
		default:
			// KernelVersion.UnmarshalJSON would unquote the string with
			// encoding/json, whose first use costs a cold start more
			// than the whole decode; read it here by the same rules,
			// into the version already there (which "" leaves as it
			// is).
			if r.Peek() != '"' {
				r.Fail()
				return nil
			}
			s := r.StringBytes()
			if f.MinKernel == nil {
				f.MinKernel = &seccomp.KernelVersion{}
			}
			if len(s) > 0 {
				k, ok := kernelVersion(s)
				if r.Failed() || !ok {
					r.Fail()
					return nil
				}
				*f.MinKernel = k
			}
		}
	}
	return f
}

// kernelVersion parses the text of a minKernel value as
// seccomp.KernelVersion.UnmarshalJSON does: empty, or "<kernel>.<major>"
// with two decimal numbers below 256, not both 0. ok is false for text
// UnmarshalJSON rejects.
func kernelVersion(s []byte) (k seccomp.KernelVersion, ok bool) {
	if len(s) == 0 {
		return k, true
	}
	dot := bytes.IndexByte(s, '.')
	if dot < 0 {
		return k, false
	}
	var good [2]bool
	k.Kernel, good[0] = uint8Dec(s[:dot])
	k.Major, good[1] = uint8Dec(s[dot+1:])
	if !good[0] || !good[1] || k.Kernel == 0 && k.Major == 0 {
		return k, false
	}
	return k, true
}

// uint8Dec parses s as strconv.ParseUint(s, 10, 8) does.
func uint8Dec(s []byte) (uint64, bool) {
	if len(s) == 0 {
		return 0, false
	}
	var n uint64
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		if n = n*10 + uint64(c-'0'); n > 0xff {
			return 0, false
		}
	}
	return n, true
}

// The Go fields of a rule: all in a Docker profile, the OCI ones in an
// OCI object.
const (
	dockerRuleFields = ruleNames | ruleName | ruleAction | ruleErrnoRet | ruleArgs | ruleComment | ruleIncludes | ruleExcludes
	ociRuleFields    = ruleNames | ruleAction | ruleErrnoRet | ruleArgs
)

// rule reads a rule object into sc and, for a Docker profile, dk (whose
// LinuxSyscall sc is); the caller has consumed the '{'.
func (d *decoder) rule(sc *specs.LinuxSyscall, dk *seccomp.Syscall) {
	fields := uint32(dockerRuleFields)
	if dk == nil {
		fields = ociRuleFields
	}
	var mask uint32
	for j := 0; ; j = 1 {
		bit, null, more := d.field(j, RuleFields, fields, &mask, false)
		if !more {
			break
		}
		switch bit {
		case ruleNames:
			if null {
				sc.Names = nil
			} else {
				sc.Names = d.names(sc.Names)
			}
		case ruleName:
			setStr(d, &dk.Name, null)
		case ruleAction:
			setStr(d, &sc.Action, null)
		case ruleErrnoRet:
			setUint(d, &sc.ErrnoRet, null)
		case ruleArgs:
			if null {
				sc.Args = nil
			} else {
				sc.Args = d.args(sc.Args)
			}
		case ruleComment:
			setStr(d, &dk.Comment, null)
		case ruleIncludes:
			dk.Includes = d.filter(dk.Includes, null)
		case ruleExcludes:
			dk.Excludes = d.filter(dk.Excludes, null)
		}
	}
	d.res.DockerRule = d.res.DockerRule || mask&(ruleName|ruleComment|ruleIncludes|ruleExcludes) != 0
	d.res.RuleErrno = d.res.RuleErrno || mask&ruleErrno != 0
}

// noteRepeat records what the names list of rule i dropped.
func (d *decoder) noteRepeat(i int) {
	if d.repeat.Names != nil {
		d.repeat.Rule = i
		d.res.Repeats = append(d.res.Repeats, d.repeat)
		d.repeat = Repeat{}
	}
}

// dockerRule reads element i of a Docker profile's syscalls: a rule or
// null, which makes the pointer nil.
func dockerRule(d *decoder, i int, p **seccomp.Syscall) {
	if d.r.Null() || !d.r.Object() {
		*p = nil
		return
	}
	if *p == nil {
		*p = d.newRule()
	}
	d.rule(&(*p).LinuxSyscall, *p)
	d.noteRepeat(i)
}

// ociRule reads element i of an OCI object's syscalls: a rule, or null,
// which leaves the element as it is.
func ociRule(d *decoder, i int, p *specs.LinuxSyscall) {
	if d.r.Null() || !d.r.Object() {
		return
	}
	d.rule(p, nil)
	d.noteRepeat(i)
}

// The Go fields of the top object.
const (
	dockerTopFields = topDefaultAction | topDefaultErrnoRet | topArchitectures | topFlags | topListenerPath | topListenerMetadata | topSyscalls | topArchMap
	ociTopFields    = dockerTopFields &^ topArchMap
)

// seccomp reads a profile object into s and, for a Docker profile, dk
// (whose LinuxSeccomp s is); the caller has consumed the '{'.
func (d *decoder) seccomp(s *specs.LinuxSeccomp, dk *seccomp.Seccomp, top bool) {
	fields := uint32(dockerTopFields)
	if dk == nil {
		fields = ociTopFields
	}
	var mask uint32
	for j := 0; ; j = 1 {
		bit, null, more := d.field(j, TopFields, fields, &mask, top)
		if !more {
			break
		}
		switch bit {
		case topDefaultAction:
			setStr(d, &s.DefaultAction, null)
		case topDefaultErrnoRet:
			setUint(d, &s.DefaultErrnoRet, null)
		case topArchitectures:
			if null {
				s.Architectures = nil
			} else {
				s.Architectures = strList(d, s.Architectures)
			}
		case topFlags:
			if null {
				s.Flags = nil
			} else {
				s.Flags = strList(d, s.Flags)
			}
		case topListenerPath:
			setStr(d, &s.ListenerPath, null)
		case topListenerMetadata:
			setStr(d, &s.ListenerMetadata, null)
		case topSyscalls:
			switch {
			case null && dk != nil:
				dk.Syscalls = nil
			case null:
				s.Syscalls = nil
			case dk != nil:
				dk.Syscalls = into(d, dk.Syscalls, dockerRule)
			default:
				s.Syscalls = into(d, s.Syscalls, ociRule)
			}
		case topArchMap:
			if null {
				dk.ArchMap = nil
			} else {
				dk.ArchMap = into(d, dk.ArchMap, archMapElem)
			}
		}
	}
	d.res.DockerKey = d.res.DockerKey || mask&(topArchMap|topDefaultErrno) != 0
}
