// Package ocihook lets seccompc's own front ends reach what package
// ir/oci does not export: the translation with rules named by their
// index in another input (the Docker front end's), and the errors of
// invalid JSON input, which speak the profile's JSON.
package ocihook

import (
	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/seccompc/seccompc/ir"
)

// Options are oci.Options plus Rules and RuleIndex.
type Options struct {
	Filename         string
	Target           string
	KeepRepeatedArgs bool
	Strict           bool
	RefuseAsRunc     bool

	// Rules, when not nil, are the rules to translate in place of the
	// profile's Syscalls, which are then ignored: the Docker front end
	// points into the rules of its own input instead of copying them.
	// The translation only reads them.
	Rules []*specs.LinuxSyscall

	// RuleIndex gives for each rule the index that positions show
	// ("syscalls[N]"); rules past its end show their own.
	RuleIndex []int32
}

// FromSpec is ir/oci's translation; ir/oci sets it when it is
// initialized, so a caller imports ir/oci too.
var FromSpec func(s *specs.LinuxSeccomp, opts Options) (*ir.Policy, []ir.Warning, error)

// Invalid returns the error of JSON input that package dockerjson
// refused, worded by encoding/json decoding data into v, as an
// *ir.Error that names the place in the file and speaks JSON and the
// profile's fields, never Go's types; ir/oci sets it.
var Invalid func(data []byte, filename string, v any) error
