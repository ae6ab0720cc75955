package profile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/docker"
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
}

var utf8BOM = []byte{0xef, 0xbb, 0xbf}

// Detect returns the kind of input data is, by the rules in the package
// documentation.
func Detect(data []byte) Kind {
	data = bytes.TrimPrefix(data, utf8BOM)
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return KindPolicy
	}
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
	data = bytes.TrimPrefix(data, utf8BOM)
	k := Detect(data)
	ociOpts := oci.Options{Filename: opts.Filename, Target: opts.Target, KeepRepeatedArgs: opts.KeepRepeatedArgs}
	var (
		p   *ir.Policy
		ws  []ir.Warning
		err error
	)
	switch k {
	case KindPolicy:
		p, err = ir.Parse(data, opts.Filename)
	case KindConfig:
		p, ws, err = oci.ParseConfig(data, ociOpts)
	case KindDocker:
		p, ws, err = docker.Load(data, docker.Options{
			Filename:         opts.Filename,
			Target:           opts.Target,
			Caps:             opts.Caps,
			Kernel:           opts.Kernel,
			KeepRepeatedArgs: opts.KeepRepeatedArgs,
		})
	default:
		p, ws, err = oci.Parse(data, ociOpts)
	}
	if err != nil {
		return nil, nil, k, err
	}
	return p, ws, k, nil
}
