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
	rd  jsonread.Reader // what r points to: one allocation less
	res Result

	oci     bool // decoding OCI types: Docker-only keys are unknown
	exact   bool // the second run: no names dropped, repeats merged
	restart bool // the fast run met what needs the exact one

	strs []string
	seen names.Dedup
	// repeat is what the last names list repeated (Names nil: nothing).
	repeat Repeat
	argv   []specs.LinuxSeccompArg
	archs  []specs.Arch
	flags  []specs.LinuxSeccompFlag
	uints  []uint
	rules  []seccomp.Syscall
	filts  []seccomp.Filter

	// hint is a guess at the number of rules, from the input's size
	// (Docker's and podman's profiles have a rule per 300 to 450
	// bytes): the first rule chunk and the first syscalls slice are
	// made that large, rather than grown through every power of two.
	hint int
}

func newDecoder(data []byte, oci, exact bool) *decoder {
	d := &decoder{
		rd:    *jsonread.New(data),
		oci:   oci,
		exact: exact,
		// Room for the strings and args of an ordinary profile; a
		// larger one grows the arenas. (Docker's default has an arg per
		// 480 bytes: an arena of one per 512 overflowed, and its
		// doubling made 4.4 KB of arenas for 1.5 KB of args.)
		strs: make([]string, 0, min(len(data)/32+1, strChunk)),
		argv: make([]specs.LinuxSeccompArg, 0, min(len(data)/448+1, 1024)),
		hint: min(len(data)/256+1, 1024),
	}
	d.r = &d.rd
	return d
}

// str reads a string value. The input is not kept as a whole (most of
// a profile is syntax and repeats): a name of x86_64's syscall table is
// that table's string and one of the format's constants (actions,
// operators, architectures) is the constant, neither costing an
// allocation; any other string is a copy of its bytes.
func (d *decoder) str() string {
	if b, ok := d.r.PlainString(); ok {
		return d.plain(b)
	}
	return d.plain(d.r.StringBytes())
}

// plain returns the string of the bytes b of a string value: see str.
func (d *decoder) plain(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if s, ok := intern(b); ok {
		return s
	}
	if s, _, _, ok := names.Static(b); ok {
		return s
	}
	return string(b)
}

// chunk is the number of rules and filters allocated at once.
const chunk = 32

func (d *decoder) newRule() *seccomp.Syscall {
	if len(d.rules) == cap(d.rules) {
		n := chunk
		if d.rules == nil {
			n = max(chunk, d.hint)
		}
		d.rules = make([]seccomp.Syscall, 0, n)
	}
	d.rules = d.rules[:len(d.rules)+1]
	return &d.rules[len(d.rules)-1]
}

func (d *decoder) newFilter() *seccomp.Filter {
	if len(d.filts) == cap(d.filts) {
		d.filts = make([]seccomp.Filter, 0, min(max(chunk, 2*cap(d.filts)), 1024))
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
// capacity (growing copies them all), and zero elsewhere, in both. A
// slice without capacity is given hint elements' at the first element.
func into[T any](d *decoder, s []T, hint int, elem func(d *decoder, i int, p *T)) []T {
	if !d.r.Array() {
		return s
	}
	i := 0
	for ; d.r.Elem(i); i++ {
		switch {
		case cap(s) == 0:
			s = make([]T, 1, max(hint, 1))
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

// names reads a rule's names into old (nil for a first names key), each
// repeated name once in the fast run (see Decode). Once a repeat has
// been dropped, a later name that no architecture defines restarts the
// decode exact: the front end's errors about such a name give its
// index in the list as written.
func (d *decoder) names(old []string) []string {
	r := d.r
	if old != nil {
		return into(d, old, 0, strElem[string])
	}
	if !r.Array() {
		return nil
	}
	start := len(d.strs)
	d.seen.Begin()
	dropped := false
	for i := 0; ; i++ {
		b, str, more := r.ElemString(i)
		if !more {
			break
		}
		null := false
		if !str {
			if null = r.Null(); !null {
				b = r.StringBytes()
			}
		}
		s, nr, x64 := "", uint32(0), false
		if !null {
			var static bool
			if s, nr, x64, static = names.Static(b); !static {
				s = otherName(b)
			}
		}
		if !d.exact {
			seen, marked := false, false
			if x64 {
				seen, marked = d.seen.MarkNr(nr)
			}
			if !marked {
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
		push(&d.strs, &start, s, strChunk)
	}
	return d.strs[start:len(d.strs):len(d.strs)]
}

// strChunk is the number of strings of a fresh arena of d.strs.
const strChunk = 4096

// push appends v to the list being read, (*arena)[*start:]. A full
// arena is replaced by one of chunk elements (or twice the list) rather
// than grown (the lists handed out keep the old one alive: growing
// would keep every size it went through), the list read so far moved to
// the new one.
func push[T any](arena *[]T, start *int, v T, chunk int) {
	if len(*arena) == cap(*arena) {
		n := len(*arena) - *start
		next := make([]T, n, max(chunk, 2*n))
		copy(next, (*arena)[*start:])
		*arena, *start = next, 0
	}
	*arena = append(*arena, v)
}

// list reads a list of strings into old (nil for a first key), a first
// one carved from arena, whose fresh chunks hold chunk strings.
func list[T ~string](d *decoder, arena *[]T, chunk int, old []T) []T {
	r := d.r
	if old != nil {
		return into(d, old, 0, strElem[T])
	}
	if !r.Array() {
		return nil
	}
	start := len(*arena)
	for i := 0; ; i++ {
		b, str, more := r.ElemString(i)
		if !more {
			break
		}
		var v T
		switch {
		case str:
			v = T(d.plain(b))
		case !r.Null():
			v = T(d.str())
		}
		push(arena, &start, v, chunk)
	}
	if len(*arena) == start {
		return []T{} // not nil, even from an arena not made yet
	}
	return (*arena)[start:len(*arena):len(*arena)]
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
		if len(d.uints) == cap(d.uints) {
			d.uints = make([]uint, 0, 16)
		}
		d.uints = append(d.uints, uint(d.r.Uint(bits.UintSize)))
		*p = &d.uints[len(d.uints)-1]
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
			a.SubArches = list(d, &d.archs, 16, a.SubArches)
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
		return into(d, old, 0, argElem)
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
			f.Caps = list(d, &d.strs, strChunk, f.Caps)
		case bit == 1<<1 && null:
			f.Arches = nil
		case bit == 1<<1:
			f.Arches = list(d, &d.strs, strChunk, f.Arches)
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
				s.Architectures = list(d, &d.archs, 16, s.Architectures)
			}
		case topFlags:
			if null {
				s.Flags = nil
			} else {
				s.Flags = list(d, &d.flags, 16, s.Flags)
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
				dk.Syscalls = into(d, dk.Syscalls, d.hint, dockerRule)
			default:
				s.Syscalls = into(d, s.Syscalls, d.hint, ociRule)
			}
		case topArchMap:
			if null {
				dk.ArchMap = nil
			} else {
				dk.ArchMap = into(d, dk.ArchMap, 16, archMapElem)
			}
		}
	}
	d.res.DockerKey = d.res.DockerKey || mask&(topArchMap|topDefaultErrno) != 0
}
