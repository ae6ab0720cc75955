package profile_test

import (
	"strings"
	"testing"

	"github.com/seccompc/seccompc"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/docker"
	"github.com/seccompc/seccompc/ir/lint"
	"github.com/seccompc/seccompc/ir/oci"
	"github.com/seccompc/seccompc/ir/profile"
)

// TestByteOrderMark checks the one rule for a UTF-8 byte order mark at
// the start of the input: every kind of profile, through every reader,
// is refused with an error at file:1:1 that names the mark, as runc's
// and Docker's JSON decoders (encoding/json) refuse it. The same input
// without the mark loads, so the mark is the only cause.
func TestByteOrderMark(t *testing.T) {
	const bom = "\xef\xbb\xbf"
	inputs := []struct {
		kind profile.Kind
		text string
	}{
		{profile.KindPolicy, "default errno(1)\nallow read\n"},
		{profile.KindOCI, `{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW"}]}`},
		{profile.KindConfig, `{"ociVersion":"1.0.2","linux":{"seccomp":{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW"}]}}}`},
		{profile.KindDocker, `{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW","includes":{}}]}`},
	}
	type reader struct {
		name string
		load func([]byte) error
	}
	const file = "p"
	readers := map[profile.Kind][]reader{
		profile.KindPolicy: {{"ir.Parse", func(b []byte) error { _, err := ir.Parse(b, file); return err }}},
		profile.KindOCI: {{"oci.Parse", func(b []byte) error {
			_, _, err := oci.Parse(b, oci.Options{Filename: file, Target: "x86_64"})
			return err
		}}},
		profile.KindConfig: {{"oci.ParseConfig", func(b []byte) error {
			_, _, err := oci.ParseConfig(b, oci.Options{Filename: file, Target: "x86_64"})
			return err
		}}},
		profile.KindDocker: {
			{"docker.Parse", func(b []byte) error {
				_, _, err := docker.Parse(b, docker.Options{Filename: file, Target: "x86_64"})
				return err
			}},
			{"docker.Load", func(b []byte) error {
				_, _, err := docker.Load(b, docker.Options{Filename: file, Target: "x86_64"})
				return err
			}},
		},
	}
	for _, in := range inputs {
		all := append([]reader{
			{"profile.Load", func(b []byte) error {
				_, _, _, err := profile.Load(b, profile.Options{Filename: file, Target: "x86_64"})
				return err
			}},
			{"lint.Profile", func(b []byte) error {
				_, err := lint.Profile(b, profile.Options{Filename: file, Target: "x86_64"})
				return err
			}},
			{"seccompc.CompileProfile", func(b []byte) error {
				_, err := seccompc.CompileProfile(b, seccompc.Options{Filename: file, Target: "x86_64"})
				return err
			}},
		}, readers[in.kind]...)
		if k := profile.Detect([]byte(bom + in.text)); k != in.kind {
			t.Errorf("Detect(BOM + %s) = %v, want %v", in.kind, k, in.kind)
		}
		for _, r := range all {
			if err := r.load([]byte(in.text)); err != nil {
				t.Errorf("%s of %s without a mark: %v", r.name, in.kind, err)
				continue
			}
			err := r.load([]byte(bom + in.text))
			if err == nil {
				t.Errorf("%s of %s with a byte order mark: accepted", r.name, in.kind)
				continue
			}
			msg := err.Error()
			if !strings.Contains(msg, file+":1:1: ") || !strings.Contains(msg, "byte order mark") {
				t.Errorf("%s of %s with a byte order mark: %q, want an error at %s:1:1 naming the byte order mark", r.name, in.kind, msg, file)
			}
		}
	}
}
