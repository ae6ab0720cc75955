// Package dockerjson decodes JSON seccomp profiles fast: Docker (moby)
// profiles for package ir/docker, OCI LinuxSeccomp objects (the OCI
// part of a Docker profile, [Result.OCI]) and the linux.seccomp object
// of a config.json ([DecodeConfig]) for package ir/oci, and all of them
// for package ir/profile, whose input detection reads the keys it notes.
// It is the one hand-written JSON reader of seccompc.
//
// [Decode] reads a profile with package jsonread and gives the value
// encoding/json would give, or gives up (ok false) on anything it does
// not read exactly as encoding/json does, including a key that names a
// field twice; callers then fall back to encoding/json. One difference
// is deliberate: a rule's names list keeps each name once. A repeat
// within one list adds nothing (runc adds the same rule again), and a
// generated profile that repeats its names millions of times would
// otherwise cost memory at every step for each repeat. On the way it
// notes what the field walks and the input detection of its callers
// need: keys outside the format's fields, and the keys that tell a
// Docker profile or an OCI config.json from an OCI LinuxSeccomp object.
//
// Why a hand-written reader at all: measured against the same pipeline
// built on encoding/json alone (with a names type that keeps each name
// once, so that memory stays bounded), this reader makes the whole cold
// compile of Docker's and podman's default profiles 1.9 and 2.1 times
// faster, and the compile of 8 to 80 MB profiles 10 to 20 times faster;
// go-json-experiment/json and goccy/go-json bought only 1.03 to 1.17
// times over encoding/json. The fuzz targets of this package and of its
// callers keep it equal to encoding/json on every input it reads.
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

// Fields of the Docker profile format, per object. Podman's profiles
// add errno names (defaultErrno, errno) next to the numbers; Docker
// ignores them, and so do the decoder and the field walk of package
// ir/docker.
var (
	TopFields     = []string{"defaultAction", "defaultErrnoRet", "architectures", "flags", "listenerPath", "listenerMetadata", "syscalls", "archMap", "defaultErrno"}
	ArchMapFields = []string{"architecture", "subArchitectures"}
	RuleFields    = []string{"names", "name", "action", "errnoRet", "args", "comment", "includes", "excludes", "errno"}
	FilterFields  = []string{"caps", "arches", "minKernel"}
	ArgFields     = []string{"index", "value", "valueTwo", "op"}
)

// configKeys are the top-level keys that make an input an OCI
// config.json (see package ir/profile).
var configKeys = []string{"ociVersion", "linux", "process", "root"}

// Result is what Decode read.
type Result struct {
	Profile *seccomp.Seccomp

	// Unknown reports a key outside the field lists in an object that
	// ir/docker's field walk checks: the top level, archMap entries,
	// rules, their includes and excludes, and their args.
	Unknown bool

	// Repeats are the rules whose names list repeated names, which
	// Decode keeps once each, in rule order.
	Repeats []Repeat

	Config     bool // a top-level key of a config.json (configKeys)
	DockerKey  bool // a top-level archMap or defaultErrno key
	DockerRule bool // a rule with a name, comment, includes or excludes key
	RuleErrno  bool // a rule with an errno key (not an OCI field)
}

// Repeat says which names a rule's list repeated.
type Repeat struct {
	Rule  int            // index in Profile.Syscalls
	Names map[string]int // each repeated name, and how many times it was repeated
	Count int            // the repeats in all
}

// The positions of the fields in the field lists.
const (
	topDefaultAction = 1 << iota
	topDefaultErrnoRet
	topArchitectures
	topFlags
	topListenerPath
	topListenerMetadata
	topSyscalls
	topArchMap
	topDefaultErrno
)

const (
	ruleNames = 1 << iota
	ruleName
	ruleAction
	ruleErrnoRet
	ruleArgs
	ruleComment
	ruleIncludes
	ruleExcludes
	ruleErrno
)

// fieldBit returns the bit of the field key names in set (matched as
// encoding/json matches keys), or 0 when it names none of them.
func fieldBit(key []byte, set []string) uint32 {
	for i, f := range set {
		if jsonread.EqualFold(key, f) {
			return 1 << i
		}
	}
	return 0
}

// decoder is the state of one fast decode. The values it reads are
// carved from a few larger allocations (arenas); every slice handed out
// has its capacity cut to its length, so that appending to it copies.
type decoder struct {
	r   *jsonread.Reader
	res Result

	strs []string
	seen names.Dedup
	// repeat is what the last names list repeated (Names nil: nothing).
	repeat Repeat
	argv   []specs.LinuxSeccompArg
	rules  []seccomp.Syscall
	filts  []seccomp.Filter
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

// field reads the next key of an object, fails the reader when it
// repeats a field of set, and reports whether the value is to be read:
// false for a null value of a field (which leaves a fresh field at its
// zero value, as in encoding/json), and at the end of the object. The
// value of a key outside set is skipped, and marks Result.Unknown; at
// the top level (top true), a key of a config.json marks Result.Config.
// *mask records the fields seen, null or not.
func (d *decoder) field(i int, set []string, mask *uint32, top bool) (bit uint32, more bool) {
	for {
		key, ok := d.r.Key(i)
		if !ok {
			return 0, false
		}
		bit = fieldBit(key, set)
		if bit == 0 {
			d.res.Unknown = true
			if top {
				for _, k := range configKeys {
					d.res.Config = d.res.Config || jsonread.EqualFold(key, k)
				}
			}
			d.r.Skip()
			i++
			continue
		}
		if *mask&bit != 0 {
			d.r.Fail()
			return 0, false
		}
		*mask |= bit
		if d.r.Null() {
			i++
			continue
		}
		return bit, true
	}
}

// names reads a rule's names, each repeated name once (see Decode).
// Once a repeat has been dropped, a later name that no architecture
// defines fails the decode: the front end's errors about such a name
// give its index in the list as written, which encoding/json keeps.
func (d *decoder) names() []string {
	r := d.r
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
			r.Fail()
			return nil
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

func (d *decoder) strings() []string {
	r := d.r
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

func (d *decoder) arches() []specs.Arch {
	r := d.r
	if !r.Array() {
		return nil
	}
	out := []specs.Arch{}
	for i := 0; r.Elem(i); i++ {
		if r.Null() {
			out = append(out, "")
			continue
		}
		out = append(out, specs.Arch(d.str()))
	}
	return out
}

func (d *decoder) uintPtr() *uint {
	n := uint(d.r.Uint(bits.UintSize))
	return &n
}

func (d *decoder) archMap() []seccomp.Architecture {
	r := d.r
	if !r.Array() {
		return nil
	}
	out := []seccomp.Architecture{}
	for i := 0; r.Elem(i); i++ {
		out = append(out, seccomp.Architecture{})
		if r.Null() {
			continue
		}
		a := &out[len(out)-1]
		if !r.Object() {
			return nil
		}
		var mask uint32
		for j := 0; ; j = 1 {
			bit, more := d.field(j, ArchMapFields, &mask, false)
			if !more {
				break
			}
			if bit == 1 {
				a.Arch = specs.Arch(d.str())
			} else {
				a.SubArches = d.arches()
			}
		}
	}
	return out
}

func (d *decoder) args() []specs.LinuxSeccompArg {
	r := d.r
	if !r.Array() {
		return nil
	}
	start := len(d.argv)
	for i := 0; r.Elem(i); i++ {
		d.argv = append(d.argv, specs.LinuxSeccompArg{})
		if r.Null() {
			continue
		}
		a := &d.argv[len(d.argv)-1]
		if !r.Object() {
			return nil
		}
		var mask uint32
		for j := 0; ; j = 1 {
			bit, more := d.field(j, ArgFields, &mask, false)
			if !more {
				break
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
	return d.argv[start:len(d.argv):len(d.argv)]
}

func (d *decoder) filter() *seccomp.Filter {
	r := d.r
	if !r.Object() {
		return nil
	}
	f := d.newFilter()
	var mask uint32
	for j := 0; ; j = 1 {
		bit, more := d.field(j, FilterFields, &mask, false)
		if !more {
			break
		}
		switch bit {
		case 1 << 0:
			f.Caps = d.strings()
		case 1 << 1:
			f.Arches = d.strings()
		default:
			// KernelVersion.UnmarshalJSON would unquote the string with
			// encoding/json, whose first use costs a cold start more
			// than the whole decode; read it here by the same rules.
			if r.Peek() != '"' {
				r.Fail()
				return nil
			}
			k, ok := kernelVersion(r.StringBytes())
			if r.Failed() || !ok {
				r.Fail()
				return nil
			}
			f.MinKernel = k
		}
	}
	return f
}

// kernelVersion parses the text of a minKernel value as
// seccomp.KernelVersion.UnmarshalJSON does: empty, or "<kernel>.<major>"
// with two decimal numbers below 256, not both 0. ok is false for text
// UnmarshalJSON rejects.
func kernelVersion(s []byte) (k *seccomp.KernelVersion, ok bool) {
	k = &seccomp.KernelVersion{}
	if len(s) == 0 {
		return k, true
	}
	dot := bytes.IndexByte(s, '.')
	if dot < 0 {
		return nil, false
	}
	var good [2]bool
	k.Kernel, good[0] = uint8Dec(s[:dot])
	k.Major, good[1] = uint8Dec(s[dot+1:])
	if !good[0] || !good[1] || k.Kernel == 0 && k.Major == 0 {
		return nil, false
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

func (d *decoder) rule() *seccomp.Syscall {
	r := d.r
	if !r.Object() {
		return nil
	}
	sc := d.newRule()
	var mask uint32
	for j := 0; ; j = 1 {
		bit, more := d.field(j, RuleFields, &mask, false)
		if !more {
			break
		}
		switch bit {
		case ruleNames:
			sc.Names = d.names()
		case ruleName:
			sc.Name = d.str()
		case ruleAction:
			sc.Action = specs.LinuxSeccompAction(d.str())
		case ruleErrnoRet:
			sc.ErrnoRet = d.uintPtr()
		case ruleArgs:
			sc.Args = d.args()
		case ruleComment:
			sc.Comment = d.str()
		case ruleIncludes:
			sc.Includes = d.filter()
		case ruleExcludes:
			sc.Excludes = d.filter()
		default: // errno: not a field of the Go type
			r.Skip()
		}
	}
	d.res.DockerRule = d.res.DockerRule || mask&(ruleName|ruleComment|ruleIncludes|ruleExcludes) != 0
	d.res.RuleErrno = d.res.RuleErrno || mask&ruleErrno != 0
	return sc
}

// Decode decodes a Docker profile. ok is false when the caller must use
// encoding/json instead.
func Decode(data []byte) (res Result, ok bool) {
	d := &decoder{
		r: jsonread.New(data),
		// Room for the strings and args of an ordinary profile; a
		// larger one grows the arenas.
		strs: make([]string, 0, min(len(data)/32+1, strChunk)),
		argv: make([]specs.LinuxSeccompArg, 0, min(len(data)/512+1, 1024)),
	}
	r := d.r
	if !r.Object() {
		return Result{}, false
	}
	p := &seccomp.Seccomp{}
	var mask uint32
	for j := 0; ; j = 1 {
		bit, more := d.field(j, TopFields, &mask, true)
		if !more {
			break
		}
		switch bit {
		case topDefaultAction:
			p.DefaultAction = specs.LinuxSeccompAction(d.str())
		case topDefaultErrnoRet:
			p.DefaultErrnoRet = d.uintPtr()
		case topArchitectures:
			p.Architectures = d.arches()
		case topFlags:
			if r.Array() {
				p.Flags = []specs.LinuxSeccompFlag{}
				for i := 0; r.Elem(i); i++ {
					if r.Null() {
						p.Flags = append(p.Flags, "")
						continue
					}
					p.Flags = append(p.Flags, specs.LinuxSeccompFlag(d.str()))
				}
			}
		case topListenerPath:
			p.ListenerPath = d.str()
		case topListenerMetadata:
			p.ListenerMetadata = d.str()
		case topSyscalls:
			if r.Array() {
				p.Syscalls = []*seccomp.Syscall{}
				for i := 0; r.Elem(i); i++ {
					if r.Null() {
						p.Syscalls = append(p.Syscalls, nil)
						continue
					}
					d.repeat = Repeat{}
					p.Syscalls = append(p.Syscalls, d.rule())
					if d.repeat.Names != nil {
						d.repeat.Rule = len(p.Syscalls) - 1
						d.res.Repeats = append(d.res.Repeats, d.repeat)
					}
				}
			}
		case topArchMap:
			p.ArchMap = d.archMap()
		default: // defaultErrno: not a field of the Go type
			r.Skip()
		}
	}
	r.End()
	if r.Failed() {
		return Result{}, false
	}
	d.res.Profile = p
	d.res.DockerKey = mask&(topArchMap|topDefaultErrno) != 0
	return d.res, true
}

// OCI returns the profile read as an OCI LinuxSeccomp object: its
// LinuxSeccomp fields, and the OCI fields of each rule (a null rule is
// a zero one, as encoding/json reads it). The keys that are not OCI
// fields are the Docker-only ones (DockerKey, DockerRule, RuleErrno) and
// the unknown ones (Unknown, Config).
func (res *Result) OCI() *specs.LinuxSeccomp {
	s := res.Profile.LinuxSeccomp
	if res.Profile.Syscalls != nil {
		s.Syscalls = make([]specs.LinuxSyscall, len(res.Profile.Syscalls))
		for i, r := range res.Profile.Syscalls {
			if r != nil {
				s.Syscalls[i] = r.LinuxSyscall
			}
		}
	}
	return &s
}

// OCIFields reports whether every key Decode read is a field of the OCI
// LinuxSeccomp format, so that OCI's field walk would find nothing.
func (res *Result) OCIFields() bool {
	return !res.Unknown && !res.Config && !res.DockerKey && !res.DockerRule && !res.RuleErrno
}

// DecodeConfig decodes the linux.seccomp object of an OCI config.json
// as Decode decodes a profile (use Result.OCI). ok is false when the
// caller must use encoding/json instead, which includes a configuration
// without linux.seccomp (an error) and one that names linux or seccomp
// twice (encoding/json merges those).
func DecodeConfig(data []byte) (res Result, ok bool) {
	r := jsonread.New(data)
	if !r.Object() {
		return Result{}, false
	}
	linux := false
	var seccomp []byte
	for j := 0; ; j++ {
		key, more := r.Key(j)
		if !more {
			break
		}
		if !jsonread.EqualFold(key, "linux") {
			r.Skip()
			continue
		}
		if linux || !r.Object() {
			return Result{}, false
		}
		linux = true
		for k := 0; ; k++ {
			key, more := r.Key(k)
			if !more {
				break
			}
			if !jsonread.EqualFold(key, "seccomp") {
				r.Skip()
				continue
			}
			if seccomp != nil || r.Peek() != '{' {
				return Result{}, false
			}
			start := r.Pos()
			r.Skip()
			seccomp = r.Raw(start)
		}
	}
	r.End()
	if r.Failed() || seccomp == nil {
		return Result{}, false
	}
	return Decode(seccomp)
}
