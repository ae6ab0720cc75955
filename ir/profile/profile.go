package profile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/opencontainers/runtime-spec/specs-go"

	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/docker"
	"github.com/seccompc/seccompc/ir/internal/dockerjson"
	"github.com/seccompc/seccompc/ir/internal/jsonread"
	"github.com/seccompc/seccompc/ir/internal/place"
	"github.com/seccompc/seccompc/ir/internal/sysnames"
	"github.com/seccompc/seccompc/ir/oci"
	"github.com/seccompc/seccompc/tables"
)

// Kind is a kind of input.
type Kind uint8

// The kinds of input. The zero Kind is invalid.
const (
	KindPolicy Kind = 1 + iota // seccompc's policy language
	KindOCI                    // OCI LinuxSeccomp JSON
	KindConfig                 // OCI bundle config.json
	KindDocker                 // Docker (moby) seccomp profile
)

var kindNames = [...]string{
	KindPolicy: "policy",
	KindOCI:    "oci",
	KindConfig: "config",
	KindDocker: "docker",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Options control loading. See the package documentation for which
// option applies to which kind.
type Options struct {
	Filename         string         // names the input in positions; may be empty
	Target           string         // compile target (arch.Lookup name); "" for the host
	Caps             []string       // Docker: the container's capabilities; nil for Docker's default set
	Kernel           tables.Version // Docker: the host kernel; zero for the newest known
	KeepRepeatedArgs bool           // OCI and Docker: AND repeated argument conditions (see oci.Options)
	Strict           bool           // every kind: a syscall name no architecture defines is an error (see oci.Options)
}

// Detect returns the kind of input data is, by the rules in the package
// documentation.
func Detect(data []byte) Kind {
	data = bytes.TrimPrefix(data, []byte(place.BOM))
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return KindPolicy
	}
	if k, ok := detectFast(data); ok {
		return k
	}
	return detectSlow(data)
}

// detectFast is Detect for JSON input by one pass of package jsonread
// over the document. ok is false when the reader gives up (on invalid
// JSON among others) or the keys need the exact rules of detectSlow.
func detectFast(data []byte) (k Kind, ok bool) {
	r := jsonread.New(data)
	if !r.Object() {
		return 0, false
	}
	var config, dockerKey, dockerRule, syscalls bool
	for i := 0; ; i++ {
		key, more := r.Key(i)
		if !more {
			break
		}
		switch {
		case foldAny(key, configKeys):
			config = true
		case foldAny(key, dockerKeys):
			dockerKey = true
		case jsonread.EqualFold(key, "syscalls"):
			// encoding/json keeps the last of two equal keys in a map;
			// leave that to detectSlow.
			if syscalls {
				return 0, false
			}
			syscalls = true
			if dockerRules(r) {
				dockerRule = true
			}
			continue
		}
		r.Skip()
	}
	r.End()
	switch {
	case r.Failed():
		return 0, false
	case config:
		return KindConfig, true
	case dockerKey || dockerRule:
		return KindDocker, true
	}
	return KindOCI, true
}

// The keys Detect looks for.
var (
	configKeys = []string{"ociVersion", "linux", "process", "root"}
	dockerKeys = []string{"archMap", "defaultErrno"}
	ruleKeys   = []string{"includes", "excludes", "name", "comment"}
)

func foldAny(key []byte, names []string) bool {
	for _, n := range names {
		if jsonread.EqualFold(key, n) {
			return true
		}
	}
	return false
}

// dockerRules reads the value of "syscalls" and reports whether, read
// as an array of objects (as detectSlow reads it), it has a rule with a
// Docker-only key. Like detectSlow it ignores a value that is not an
// array of objects and nulls.
func dockerRules(r *jsonread.Reader) bool {
	if r.Peek() != '[' {
		r.Skip()
		return false
	}
	r.Array()
	found, typed := false, true
	for i := 0; r.Elem(i); i++ {
		if r.Peek() != '{' {
			typed = typed && r.Peek() == 'n'
			r.Skip()
			continue
		}
		r.Object()
		for j := 0; ; j++ {
			key, more := r.Key(j)
			if !more {
				break
			}
			found = found || foldAny(key, ruleKeys)
			r.Skip()
		}
	}
	return found && typed
}

// detectSlow is Detect for JSON input by decoding it with encoding/json.
func detectSlow(data []byte) Kind {
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		return KindOCI // let the OCI reader report the error
	}
	has := func(m map[string]json.RawMessage, keys ...string) bool {
		for k := range m {
			for _, want := range keys {
				if strings.EqualFold(k, want) {
					return true
				}
			}
		}
		return false
	}
	if has(top, "ociVersion", "linux", "process", "root") {
		return KindConfig
	}
	if has(top, "archMap", "defaultErrno") {
		return KindDocker
	}
	for k, v := range top {
		if !strings.EqualFold(k, "syscalls") {
			continue
		}
		var rules []map[string]json.RawMessage
		if json.Unmarshal(v, &rules) != nil {
			continue
		}
		for _, r := range rules {
			if has(r, "includes", "excludes", "name", "comment") {
				return KindDocker
			}
		}
	}
	return KindOCI
}

// Load detects the kind of data and loads it into a policy. The
// warnings are those of the reader used; the Kind is returned even when
// loading fails.
func Load(data []byte, opts Options) (*ir.Policy, []ir.Warning, Kind, error) {
	p, ws, k, err := loadOnce(data, opts)
	if k == 0 {
		k = Detect(data)
		switch k {
		case KindPolicy:
			p, err = ir.Parse(data, opts.Filename)
			if err != nil && meantJSON(data, opts.Filename) {
				// Say what is wrong with the JSON, not with the
				// policy the file was never meant to be.
				if jerr := notJSON(data, opts); jerr != nil {
					err = jerr
				}
			}
			if err == nil && opts.Strict {
				err = unknownNames(p)
			}
		case KindConfig:
			p, ws, err = oci.ParseConfig(data, opts.oci())
		case KindDocker:
			p, ws, err = docker.Load(data, opts.docker())
		default:
			p, ws, err = oci.Parse(data, opts.oci())
		}
	}
	if err != nil {
		return nil, nil, k, err
	}
	return p, ws, k, nil
}

// meantJSON reports whether data, which Detect takes for the policy
// language because it does not start with '{', was meant to be JSON: its
// file name ends in .json, it starts with '[' or a UTF-16 byte order
// mark, or a line of it starts with '{' followed by '"' or '}' (which no
// policy line can).
func meantJSON(data []byte, filename string) bool {
	if strings.HasSuffix(strings.ToLower(filename), ".json") {
		return true
	}
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return true
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '[' {
		return true
	}
	for _, line := range bytes.Split(data, []byte{'\n'}) {
		line = bytes.TrimLeft(line, " \t\r")
		if len(line) > 0 && line[0] == '{' {
			rest := bytes.TrimLeft(line[1:], " \t\r")
			if len(rest) == 0 || rest[0] == '"' || rest[0] == '}' {
				return true
			}
		}
	}
	return false
}

// notJSON returns the error of reading data, which meantJSON judged to
// be meant as JSON, as a JSON profile; nil if it reads.
func notJSON(data []byte, opts Options) error {
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return &ir.Error{Code: ir.ErrFormat, Pos: opts.Filename, Detail: "not valid JSON: the file is UTF-16; save it as UTF-8"}
	}
	_, _, err := oci.Parse(data, opts.oci())
	return err
}

// unknownNames returns an error for the first rule of p that names a
// syscall no architecture defines.
func unknownNames(p *ir.Policy) error {
	for i := range p.Rules {
		r := &p.Rules[i]
		if r.Syscall != "" && !sysnames.Known(r.Syscall) {
			return &ir.Error{Code: ir.ErrSyscall, Pos: r.Pos, Detail: sysnames.Unknown(r.Syscall)}
		}
	}
	return nil
}

func (o *Options) oci() oci.Options {
	return oci.Options{Filename: o.Filename, Target: o.Target, KeepRepeatedArgs: o.KeepRepeatedArgs, Strict: o.Strict}
}

func (o *Options) docker() docker.Options {
	return docker.Options{
		Filename:         o.Filename,
		Target:           o.Target,
		Caps:             o.Caps,
		Kernel:           o.Kernel,
		KeepRepeatedArgs: o.KeepRepeatedArgs,
		Strict:           o.Strict,
	}
}

// loadOnce is Load for the common JSON profiles in one pass over the
// input: it decodes data as a Docker profile (package dockerjson), which
// also notes the keys Detect looks at, and hands the decoded profile to
// the reader of its kind. Its result is Load's whenever it decides (k
// not 0); it leaves to Load every input the decoder gives up on (which
// includes invalid JSON), config.json files, and profiles with unknown
// fields, whose readers name them in warnings.
func loadOnce(data []byte, opts Options) (*ir.Policy, []ir.Warning, Kind, error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, nil, 0, nil
	}
	res, ok := dockerjson.Decode(data)
	switch {
	case !ok || res.Config || res.Unknown:
		return nil, nil, 0, nil
	case res.DockerKey || res.DockerRule:
		p, ws, err := docker.FromProfile(res.Profile, opts.docker())
		return p, ws, KindDocker, err
	case res.RuleErrno:
		// Not an OCI field: oci.Parse warns about it.
		return nil, nil, 0, nil
	}
	// An OCI profile: no Docker-only key, so its rules are the OCI
	// parts of the Docker ones, and a null rule is a zero one.
	s := res.Profile.LinuxSeccomp
	if res.Profile.Syscalls != nil {
		s.Syscalls = make([]specs.LinuxSyscall, len(res.Profile.Syscalls))
		for i, r := range res.Profile.Syscalls {
			if r != nil {
				s.Syscalls[i] = r.LinuxSyscall
			}
		}
	}
	p, ws, err := oci.FromSpec(&s, opts.oci())
	return p, ws, KindOCI, err
}
