package oci

import (
	"math/bits"

	"github.com/opencontainers/runtime-spec/specs-go"

	"github.com/seccompc/seccompc/ir/internal/jsonread"
	"github.com/seccompc/seccompc/ir/internal/names"
	"github.com/seccompc/seccompc/ir/internal/sysnames"
)

// This file holds the fast path of Parse and ParseConfig: a decoder for
// the LinuxSeccomp object over package jsonread that gives the value
// encoding/json would give (each name of a rule's list once, see
// fastSeccomp), or gives up. It gives up on anything it does
// not read exactly as encoding/json does (see jsonread), and also on a
// key that names a field twice (encoding/json merges or overwrites
// those), so that the callers fall back to encoding/json and its error
// messages. It reports whether an object had a key outside the
// format's field sets; only then is the (slower) field walk that names
// those keys run.

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

// seen records bit in *mask and fails r when the field was already set.
func seen(r *jsonread.Reader, mask *uint32, bit uint32) {
	if *mask&bit != 0 {
		r.Fail()
	}
	*mask |= bit
}

// readUintPtr reads a *uint field: nil for null.
func readUintPtr(r *jsonread.Reader) *uint {
	if r.Null() {
		return nil
	}
	n := uint(r.Uint(bits.UintSize))
	return &n
}

// readStrings reads an array of strings of any string type; null gives
// nil, [] an empty slice, and a null element the empty string.
func readStrings[S ~string](r *jsonread.Reader) []S {
	if r.Null() {
		return nil
	}
	if !r.Array() {
		return nil
	}
	out := []S{}
	for i := 0; r.Elem(i); i++ {
		if r.Null() {
			out = append(out, "")
			continue
		}
		out = append(out, S(r.String()))
	}
	return out
}

// readNames reads a rule's names as readStrings does, but keeps each
// name once (see fastSeccomp). Once a repeat has been dropped, a later
// name that no architecture defines fails the reader: the errors about
// such a name give its index in the list as written, which
// encoding/json keeps.
func readNames(r *jsonread.Reader, dd *names.Dedup) []string {
	if r.Null() {
		return nil
	}
	if !r.Array() {
		return nil
	}
	out := []string{}
	dd.Begin()
	dropped := false
	for i := 0; r.Elem(i); i++ {
		s := ""
		if !r.Null() {
			s = r.String()
		}
		if dd.Seen(out, s) {
			dropped = true
			continue
		}
		if dropped && !sysnames.Known(s) {
			r.Fail()
			return nil
		}
		out = append(out, s)
	}
	return out
}

// readArgs reads a rule's args. unknown is set when an argument has a
// key outside argFields.
func readArgs(r *jsonread.Reader, unknown *bool) []specs.LinuxSeccompArg {
	if r.Null() {
		return nil
	}
	if !r.Array() {
		return nil
	}
	out := []specs.LinuxSeccompArg{}
	for i := 0; r.Elem(i); i++ {
		out = append(out, specs.LinuxSeccompArg{})
		if r.Null() {
			continue
		}
		a := &out[len(out)-1]
		if !r.Object() {
			return nil
		}
		var mask uint32
		for j := 0; ; j++ {
			key, ok := r.Key(j)
			if !ok {
				break
			}
			bit := fieldBit(key, argFields)
			seen(r, &mask, bit)
			if bit != 0 && r.Null() {
				continue
			}
			switch bit {
			case 1 << 0:
				a.Index = uint(r.Uint(bits.UintSize))
			case 1 << 1:
				a.Value = r.Uint(64)
			case 1 << 2:
				a.ValueTwo = r.Uint(64)
			case 1 << 3:
				a.Op = specs.LinuxSeccompOperator(r.String())
			default:
				*unknown = true
				r.Skip()
			}
		}
	}
	return out
}

// readSyscall reads the members of an OCI rule object whose '{' has been
// consumed.
func readSyscall(r *jsonread.Reader, sc *specs.LinuxSyscall, unknown *bool, dd *names.Dedup) {
	var mask uint32
	for j := 0; ; j++ {
		key, ok := r.Key(j)
		if !ok {
			return
		}
		bit := fieldBit(key, syscallFields)
		seen(r, &mask, bit)
		if bit != 0 && r.Null() {
			continue
		}
		switch bit {
		case 1 << 0:
			sc.Names = readNames(r, dd)
		case 1 << 1:
			sc.Action = specs.LinuxSeccompAction(r.String())
		case 1 << 2:
			sc.ErrnoRet = readUintPtr(r)
		case 1 << 3:
			sc.Args = readArgs(r, unknown)
		default:
			*unknown = true
			r.Skip()
		}
	}
}

// readSeccomp reads a LinuxSeccomp object (or null, leaving s alone).
func readSeccomp(r *jsonread.Reader, s *specs.LinuxSeccomp, unknown *bool) {
	if r.Null() {
		return
	}
	if !r.Object() {
		return
	}
	var mask uint32
	for j := 0; ; j++ {
		key, ok := r.Key(j)
		if !ok {
			return
		}
		bit := fieldBit(key, seccompFields)
		seen(r, &mask, bit)
		if bit != 0 && r.Null() {
			continue
		}
		switch bit {
		case 1 << 0:
			s.DefaultAction = specs.LinuxSeccompAction(r.String())
		case 1 << 1:
			s.DefaultErrnoRet = readUintPtr(r)
		case 1 << 2:
			s.Architectures = readStrings[specs.Arch](r)
		case 1 << 3:
			s.Flags = readStrings[specs.LinuxSeccompFlag](r)
		case 1 << 4:
			s.ListenerPath = r.String()
		case 1 << 5:
			s.ListenerMetadata = r.String()
		case 1 << 6:
			if !r.Array() {
				return
			}
			s.Syscalls = []specs.LinuxSyscall{}
			var dd names.Dedup
			for i := 0; r.Elem(i); i++ {
				s.Syscalls = append(s.Syscalls, specs.LinuxSyscall{})
				if r.Null() {
					continue
				}
				if !r.Object() {
					return
				}
				readSyscall(r, &s.Syscalls[len(s.Syscalls)-1], unknown, &dd)
			}
		default:
			*unknown = true
			r.Skip()
		}
	}
}

// fastSeccomp decodes data as a LinuxSeccomp object. ok is false when
// the caller must use encoding/json instead. It gives what encoding/json
// gives, except that a rule's names list keeps each name once: a repeat
// within one list adds nothing (runc adds the same rule again), and a
// generated profile that repeats its names millions of times would
// otherwise cost memory at every step for each repeat.
func fastSeccomp(data []byte) (s *specs.LinuxSeccomp, unknown, ok bool) {
	r := jsonread.New(data)
	s = &specs.LinuxSeccomp{}
	if r.Peek() != '{' {
		return nil, false, false
	}
	readSeccomp(r, s, &unknown)
	r.End()
	if r.Failed() {
		return nil, false, false
	}
	return s, unknown, true
}

// fastConfig decodes the linux.seccomp object of a config.json. ok is
// false when the caller must use encoding/json instead, which includes
// every configuration without linux.seccomp (an error).
func fastConfig(data []byte) (s *specs.LinuxSeccomp, unknown, ok bool) {
	r := jsonread.New(data)
	if !r.Object() {
		return nil, false, false
	}
	var linuxSeen, seccompSeen bool
	for j := 0; ; j++ {
		key, more := r.Key(j)
		if !more {
			break
		}
		if !jsonread.EqualFold(key, "linux") {
			r.Skip()
			continue
		}
		if linuxSeen || !r.Object() {
			return nil, false, false
		}
		linuxSeen = true
		for k := 0; ; k++ {
			key, more := r.Key(k)
			if !more {
				break
			}
			if !jsonread.EqualFold(key, "seccomp") {
				r.Skip()
				continue
			}
			if seccompSeen || r.Peek() != '{' {
				return nil, false, false
			}
			seccompSeen = true
			s = &specs.LinuxSeccomp{}
			readSeccomp(r, s, &unknown)
		}
	}
	r.End()
	if r.Failed() || s == nil {
		return nil, false, false
	}
	return s, unknown, true
}
