// Package loadhook lets package ir/lint reach what package ir/profile
// decoded of a JSON profile, so that lint reads the input once: the
// decoder's result, which lint needs for the rules as written (the
// rules the OCI front end drops, the lists' repeats, the positions).
package loadhook

import (
	"github.com/moby/profiles/seccomp"
	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/internal/dockerjson"
	"github.com/seccompc/seccompc/tables"
)

// Decoded is what Load read of a JSON profile besides the policy.
type Decoded struct {
	// Res is dockerjson.Decode's result of the input (after a byte
	// order mark); nil when Load had none (the policy language, a
	// file with a byte order mark, keys given twice).
	Res *dockerjson.Result

	// Spec, for an OCI profile that Load translated from Res, is the
	// object it translated (Res.OCI()); nil otherwise.
	Spec *specs.LinuxSeccomp
}

// Load is profile.Load (opts is a profile.Options) that also returns
// what it decoded; package ir/profile sets it when it is initialized.
var Load func(data []byte, opts any) (p *ir.Policy, ws []ir.Warning, kind uint8, d Decoded, err error)

// DockerRules resolves the Docker profile p as docker.Resolve does for
// the target, capabilities and kernel, without copying its rules: the
// header of the OCI profile (Syscalls nil), the rules kept, in order,
// which point into p and are only to be read, and for each the index
// of its rule in p. Package ir/docker sets it when it is initialized.
var DockerRules func(p *seccomp.Seccomp, target string, caps []string, kernel tables.Version) (header *specs.LinuxSeccomp, rules []*specs.LinuxSyscall, index []int32, err error)
