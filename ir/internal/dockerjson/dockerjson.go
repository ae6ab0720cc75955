// Package dockerjson decodes JSON seccomp profiles: Docker (moby)
// profiles ([Decode]) for package ir/docker, OCI LinuxSeccomp objects
// ([DecodeOCI]) and the linux.seccomp object of a config.json
// ([DecodeConfig]) for package ir/oci, and all of them for package
// ir/profile, whose input detection reads the keys it notes. It is the
// one decoder of every JSON format seccompc reads.
//
// It reads with package jsonread and gives exactly the value
// encoding/json would give for moby's and runtime-spec's types, for
// every input encoding/json accepts: keys matched to fields exactly or
// by Unicode case folding, escapes, null (which clears a slice or a
// pointer and leaves anything else as it is), and keys given twice in
// one object, whose later value decodes into the earlier one (a string
// or number replaced, an array decoded element by element into the
// slice already there, an object merged field by field). It reports
// invalid input (ok false) exactly where encoding/json returns an
// error: invalid JSON, a value of the wrong type, a number that does
// not fit or is not an integer where one is wanted, a minKernel that
// seccomp.KernelVersion refuses. Callers then use encoding/json only to
// word the error.
//
// One difference is deliberate: a rule's names list keeps each name
// once. A repeat within one list adds nothing (runc adds the same rule
// again), and a generated profile that repeats its names millions of
// times would otherwise cost memory at every step for each repeat. The
// list is kept whole where its indexes matter (see [Repeat]). On the
// way Decode notes what the field walks and the input detection of its
// callers need: keys outside the format's fields, and the keys that
// tell a Docker profile or an OCI config.json from an OCI LinuxSeccomp
// object.
//
// Why a hand-written reader at all: measured against the same pipeline
// built on encoding/json alone (with a names type that keeps each name
// once, so that memory stays bounded), this reader makes the whole cold
// compile of Docker's and podman's default profiles 1.9 and 2.1 times
// faster, and the compile of 8 to 80 MB profiles 10 to 20 times faster;
// go-json-experiment/json and goccy/go-json bought only 1.03 to 1.17
// times over encoding/json. The fuzz targets of this package and of its
// callers keep it equal to encoding/json on every input.
package dockerjson

import (
	"maps"
	"slices"

	"github.com/moby/profiles/seccomp"
	"github.com/opencontainers/runtime-spec/specs-go"

	"github.com/seccompc/seccompc/ir/internal/jsonread"
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

// Result is what Decode, DecodeOCI or DecodeConfig read.
type Result struct {
	Profile *seccomp.Seccomp    // Decode's profile
	Seccomp *specs.LinuxSeccomp // DecodeOCI's object; DecodeConfig's linux.seccomp, nil if none

	// Repeated reports a key that named a field already given in the
	// same object (the value decoded into the earlier one). The
	// detection flags below do not account for it: the kind of such an
	// input is decided by package ir/profile's key walk.
	Repeated bool

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

// Repeat says which names a rule's list repeated. Every list keeps all
// its names, and there is no Repeat, in a profile where a name no
// architecture defines follows a repeat in its list (errors about it
// give its index as written) and in one with Repeated keys.
type Repeat struct {
	Rule  int            // index in Profile.Syscalls
	Names map[string]int // each repeated name, and how many times it was repeated
	Count int            // the repeats in all
}

// Drop returns list, the names as written, without the repeats rep
// records, and whether list repeats exactly those names that many
// times. It states what a Repeat means; the tests check the decoders
// against encoding/json with it.
func (rep Repeat) Drop(list []string) (kept []string, ok bool) {
	kept = []string{}
	count := 0
	repeated := map[string]int{}
	for _, n := range list {
		if slices.Contains(kept, n) {
			repeated[n]++
			count++
			continue
		}
		kept = append(kept, n)
	}
	return kept, count == rep.Count && maps.Equal(repeated, rep.Names)
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
	// Keys are mostly written as the fields are: try those first.
	for i, f := range set {
		if string(key) == f {
			return 1 << i
		}
	}
	// A key of another length matches only with non-ASCII letters:
	// compare those of the same length first.
	for i, f := range set {
		if len(key) == len(f) && jsonread.EqualFold(key, f) {
			return 1 << i
		}
	}
	for _, c := range key {
		if c >= 0x80 {
			for i, f := range set {
				if jsonread.EqualFold(key, f) {
					return 1 << i
				}
			}
			break
		}
	}
	return 0
}

// decode runs a decode, the exact run after a fast one that needs it.
func decode(data []byte, oci bool, read func(d *decoder)) (Result, bool) {
	d := newDecoder(data, oci, false)
	read(d)
	if d.restart {
		d = newDecoder(data, oci, true)
		read(d)
	}
	d.r.End()
	if d.r.Failed() {
		return Result{}, false
	}
	return d.res, true
}

// Decode decodes a Docker profile (moby's seccomp.Seccomp). ok is false
// for input encoding/json refuses (see the package documentation).
func Decode(data []byte) (res Result, ok bool) {
	return decode(data, false, func(d *decoder) {
		p := &seccomp.Seccomp{}
		d.res.Profile = p
		if !d.r.Null() && d.r.Object() {
			d.seccomp(&p.LinuxSeccomp, p, true)
		}
	})
}

// DecodeOCI decodes an OCI LinuxSeccomp object, into Result.Seccomp;
// the keys of a Docker profile are unknown keys there. ok is false for
// input encoding/json refuses.
func DecodeOCI(data []byte) (res Result, ok bool) {
	return decode(data, true, func(d *decoder) {
		s := &specs.LinuxSeccomp{}
		d.res.Seccomp = s
		if !d.r.Null() && d.r.Object() {
			d.seccomp(s, nil, true)
		}
	})
}

// OCI returns the profile read as an OCI LinuxSeccomp object: DecodeOCI's
// and DecodeConfig's Seccomp; for Decode, the LinuxSeccomp fields of
// its profile and the OCI fields of each rule (a null rule is a zero
// one), which is what DecodeOCI reads when OCIFields holds and nothing
// is Repeated.
func (res *Result) OCI() *specs.LinuxSeccomp {
	if res.Profile == nil {
		return res.Seccomp
	}
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

// OCIFields reports whether every key read is a field of the OCI
// LinuxSeccomp format, so that OCI's field walk would find nothing.
func (res *Result) OCIFields() bool {
	return !res.Unknown && !res.Config && !res.DockerKey && !res.DockerRule && !res.RuleErrno
}

// DecodeConfig decodes the linux.seccomp object of an OCI config.json
// as DecodeOCI decodes an object, into Result.Seccomp (nil when the
// configuration has none), with encoding/json's reading of the type
// struct{ Linux *struct{ Seccomp *specs.LinuxSeccomp } }: every other
// key is skipped, linux and seccomp given twice are merged. ok is false
// for input encoding/json refuses.
func DecodeConfig(data []byte) (res Result, ok bool) {
	return decode(data, true, func(d *decoder) {
		r := d.r
		if r.Null() || !r.Object() {
			return
		}
		type linux struct{ seccomp *specs.LinuxSeccomp }
		var lx *linux
		var mask uint32
		for j := 0; ; j = 1 {
			bit, null, more := d.configField(j, "linux", &mask)
			if !more {
				break
			}
			if bit == 0 {
				continue
			}
			if null {
				lx = nil
				continue
			}
			if !r.Object() {
				return
			}
			if lx == nil {
				lx = &linux{}
			}
			var mask2 uint32
			for k := 0; ; k = 1 {
				bit, null, more := d.configField(k, "seccomp", &mask2)
				if !more {
					break
				}
				switch {
				case bit == 0:
				case null:
					lx.seccomp = nil
				case r.Object():
					if lx.seccomp == nil {
						lx.seccomp = &specs.LinuxSeccomp{}
					}
					d.seccomp(lx.seccomp, nil, false)
				default:
					return
				}
			}
		}
		if lx != nil {
			d.res.Seccomp = lx.seccomp
		}
	})
}

// configField is field for the objects of a config.json around
// linux.seccomp, whose only field is name: it returns 1 for that field,
// 0 for any other key, whose value it skips.
func (d *decoder) configField(i int, name string, mask *uint32) (bit uint32, null, more bool) {
	key, ok := d.r.Key(i)
	if !ok {
		return 0, false, false
	}
	if !jsonread.EqualFold(key, name) {
		d.r.Skip()
		return 0, false, true
	}
	if *mask != 0 {
		if !d.exact {
			d.restart = true
			d.r.Fail()
			return 0, false, false
		}
		d.res.Repeated = true
	}
	*mask = 1
	return 1, d.r.Null(), true
}
