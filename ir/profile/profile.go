package profile

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/moby/profiles/seccomp"

	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/docker"
	"github.com/seccompc/seccompc/ir/internal/dockerjson"
	"github.com/seccompc/seccompc/ir/internal/jsonread"
	"github.com/seccompc/seccompc/ir/internal/loadhook"
	"github.com/seccompc/seccompc/ir/internal/ocihook"
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
	RefuseAsRunc     bool           // OCI and Docker: a profile runc refuses to load is an error (see oci.Options)
}

// Detect returns the kind of input data is, by the rules in the package
// documentation.
func Detect(data []byte) Kind {
	k, _ := detect(data)
	return k
}

// detect is the one place that tells the kinds apart. JSON input is
// read by the decoder of JSON profiles (package dockerjson), which notes
// the keys the rules look at; when it refuses the input as a Docker
// profile, or a key repeats a field, detectKeys decides by walking the
// keys. res is the decoder's result, for Load to translate without
// reading data again; nil when detectKeys decided.
func detect(data []byte) (k Kind, res *dockerjson.Result) {
	k, res, _ = detectDecode(data)
	return k, res
}

// detectDecode is detect, that also reports whether dockerjson.Decode
// refused data as it is (no byte order mark before it): the Docker
// reader, which would decode it again, would refuse it too.
func detectDecode(data []byte) (k Kind, res *dockerjson.Result, refused bool) {
	// The kind of a file with a byte order mark is that of the rest;
	// its reader reports the mark.
	bom := place.HasBOM(data)
	data = bytes.TrimPrefix(data, []byte(place.BOM))
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return KindPolicy, nil, false
	}
	r, ok := dockerjson.Decode(data)
	switch {
	case !ok || r.Repeated:
		return detectKeys(data), nil, !ok && !bom
	case r.Config:
		k = KindConfig
	case r.DockerKey || r.DockerRule:
		k = KindDocker
	default:
		k = KindOCI
	}
	if bom {
		return k, nil, false
	}
	return k, &r, false
}

// detectKeys is Detect for JSON input by its keys alone, as they would
// be read into a map[string]json.RawMessage: the last value of a key
// given twice, keys that differ in case apart. Invalid JSON is an OCI
// object, for the OCI reader to report the error.
func detectKeys(data []byte) Kind {
	keys, vals, ok := jsonread.Members(data)
	if !ok {
		return KindOCI
	}
	has := func(keys []string, want ...string) bool {
		for _, k := range keys {
			for _, w := range want {
				if strings.EqualFold(k, w) {
					return true
				}
			}
		}
		return false
	}
	if has(keys, "ociVersion", "linux", "process", "root") {
		return KindConfig
	}
	if has(keys, "archMap", "defaultErrno") {
		return KindDocker
	}
	last := map[string][]byte{}
	for i, k := range keys {
		if strings.EqualFold(k, "syscalls") {
			last[k] = vals[i]
		}
	}
	for _, v := range last {
		if dockerRules(v) {
			return KindDocker
		}
	}
	return KindOCI
}

// dockerRules reports whether v is an array of objects (or nulls), as
// a []map[string]json.RawMessage reads it, one of which has a key of a
// Docker rule.
func dockerRules(v []byte) bool {
	elems, ok := jsonread.Elements(v)
	if !ok {
		return false
	}
	docker := false
	for _, e := range elems {
		if string(e) == "null" {
			continue
		}
		keys, _, ok := jsonread.Members(e)
		if !ok {
			return false
		}
		for _, k := range keys {
			for _, w := range [...]string{"includes", "excludes", "name", "comment"} {
				docker = docker || strings.EqualFold(k, w)
			}
		}
	}
	return docker
}

// Load detects the kind of data and loads it into a policy. The
// warnings are those of the reader used; the Kind is returned even when
// loading fails.
func Load(data []byte, opts Options) (*ir.Policy, []ir.Warning, Kind, error) {
	p, ws, k, _, err := load(data, opts)
	return p, ws, k, err
}

func init() {
	// Package ir/lint checks the rules of a JSON profile as written,
	// from what Load decoded.
	loadhook.Load = func(data []byte, opts any) (*ir.Policy, []ir.Warning, uint8, loadhook.Decoded, error) {
		p, ws, k, d, err := load(data, opts.(Options))
		return p, ws, uint8(k), d, err
	}
}

// load is Load, that also returns what it decoded (see loadhook).
func load(data []byte, opts Options) (*ir.Policy, []ir.Warning, Kind, loadhook.Decoded, error) {
	k, res, refused := detectDecode(data)
	dec := loadhook.Decoded{Res: res}
	p, ws, done, err := loadDecoded(k, res, opts, &dec)
	if !done {
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
			if refused {
				// What docker.Load says, without reading data again
				// to find that it refuses it (issue 14: a pass over a
				// large invalid profile).
				err = ocihook.Invalid(data, opts.Filename, &seccomp.Seccomp{})
				break
			}
			p, ws, err = docker.Load(data, opts.docker())
		default:
			p, ws, err = oci.Parse(data, opts.oci())
		}
	}
	if err != nil {
		return nil, nil, k, loadhook.Decoded{}, err
	}
	return p, ws, k, dec, nil
}

// loadDecoded is Load for a JSON profile that detect has already
// decoded (res), so that data is read once: a Docker profile or an OCI
// object without a field its reader would name in a warning. done is
// false for every other input, which Load hands to the reader of its
// kind. The OCI object it translates goes to dec.Spec.
func loadDecoded(k Kind, res *dockerjson.Result, opts Options, dec *loadhook.Decoded) (p *ir.Policy, ws []ir.Warning, done bool, err error) {
	switch {
	case res == nil:
		return nil, nil, false, nil
	case k == KindDocker && !res.Unknown:
		p, ws, err = docker.FromProfile(res.Profile, opts.docker())
		return p, ws, true, err
	case k == KindOCI && res.OCIFields():
		// Decode read no key twice (detect), so its OCI view is what
		// DecodeOCI reads.
		dec.Spec = res.OCI()
		p, ws, err = oci.FromSpec(dec.Spec, opts.oci())
		return p, ws, true, err
	}
	return nil, nil, false, nil
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
	return oci.Options{Filename: o.Filename, Target: o.Target, KeepRepeatedArgs: o.KeepRepeatedArgs, Strict: o.Strict, RefuseAsRunc: o.RefuseAsRunc}
}

func (o *Options) docker() docker.Options {
	return docker.Options{
		Filename:         o.Filename,
		Target:           o.Target,
		Caps:             o.Caps,
		Kernel:           o.Kernel,
		KeepRepeatedArgs: o.KeepRepeatedArgs,
		Strict:           o.Strict,
		RefuseAsRunc:     o.RefuseAsRunc,
	}
}
