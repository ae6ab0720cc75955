//go:build cgo && linux

package libseccomp_test

import (
	"encoding/json"
	"testing"

	"github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/internal/bpfop"
)

// TestExplainerCauses checks the explainer on profiles whose cause is
// known, and that it explains nothing else: the same programs with one
// comparison changed (a difference no missing load, layout or dropped
// rule can cause) must be disagreements.
func TestExplainerCauses(t *testing.T) {
	tests := []struct {
		name, host, profile string
		want                string
	}{
		{
			// Issue 15's seed 3 counterexample: after a1 is loaded,
			// libseccomp applies a0's mask (and #255) to it.
			name: "a0's mask applied to a1 (x86)", host: "x86",
			profile: `{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["personality"],"action":"SCMP_ACT_LOG","args":[{"index":0,"value":9223372036854775808,"op":"SCMP_CMP_NE"},{"index":1,"value":4294967295,"op":"SCMP_CMP_EQ"}]},{"names":["personality"],"action":"SCMP_ACT_LOG","args":[{"index":0,"value":255,"op":"SCMP_CMP_MASKED_EQ"}]}]}`,
			want:    outLibAcc,
		},
		{
			// The TRAP rule's a2 chain matches the first ALLOW rule's,
			// and libseccomp calls the TRAP rule redundant.
			name: "a rule dropped as redundant (aarch64)", host: "aarch64",
			profile: `{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW","args":[{"index":2,"value":15600840228745510912,"op":"SCMP_CMP_EQ"}]},{"names":["read"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":15600840228745510912,"op":"SCMP_CMP_EQ"}]},{"names":["read"],"action":"SCMP_ACT_TRAP","args":[{"index":0,"value":15600840228745510912,"op":"SCMP_CMP_GT"},{"index":2,"value":15600840228745510912,"op":"SCMP_CMP_NE"}]}]}`,
			want:    outLibDropped,
		},
		{
			// x86_64's rules merged in x86's 32-bit layout.
			name: "the other layout (x86 target, x86_64 listed)", host: "x86",
			profile: `{"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64"],"syscalls":[{"names":["read"],"action":"SCMP_ACT_TRACE","args":[{"index":0,"value":13204591185211794096,"op":"SCMP_CMP_GT"}]},{"names":["read"],"action":"SCMP_ACT_TRACE","args":[{"index":0,"value":2147483648,"op":"SCMP_CMP_LE"},{"index":1,"value":2147483648,"op":"SCMP_CMP_GE"}]}]}`,
			want:    outOtherLayout + " + " + outLibAcc, // and x86's own section has a missing reload
		},
	}
	w := &libWorker{}
	defer w.stop()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s specs.LinuxSeccomp
			if err := json.Unmarshal([]byte(tt.profile), &s); err != nil {
				t.Fatal(err)
			}
			prog, _, err := libBuild(&s, tt.host, libOptions{})
			if err != nil {
				t.Fatal(err)
			}
			fr, err := seccompcFront(&s, tt.host)
			if err != nil {
				t.Fatal(err)
			}
			explain := func(p []bpf.RawInstruction) (string, string) {
				x := &explainer{s: &s, r: fr.r, ws: fr.ws, w: w, host: tt.host}
				return x.explainAll(p)
			}
			if got, detail := explain(prog); got != tt.want {
				t.Errorf("libseccomp's program: %q, want %q\n%s", got, tt.want, detail)
			}
			// Change each comparison's constant in turn: a mutant must be
			// a disagreement, or (a comparison that decides nothing) no
			// difference at all; never excused by a cause.
			disagreements, mutants := 0, 0
			for pc, ins := range prog {
				if ins.Op&bpfop.ClassMask != bpfop.JMP || ins.Op == bpfop.Ja || ins.K == 0 {
					continue // not a conditional jump on a constant
				}
				mut := append([]bpf.RawInstruction(nil), prog...)
				mut[pc].K ^= 1
				mutants++
				switch got, _ := explain(mut); {
				case disagreement(got):
					disagreements++
				case got != "" && got != tt.want:
					t.Errorf("mutant (k %#x at %d) explained as %q", mut[pc].K, pc, got)
				}
			}
			t.Logf("%d of %d mutants are disagreements", disagreements, mutants)
			if disagreements == 0 {
				t.Errorf("no mutant of libseccomp's program is a disagreement: the explainer excuses anything")
			}
		})
	}
}
