//go:build cgo && linux

package libseccomp_test

import (
	"bufio"
	"cmp"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/oci"
	"github.com/seccompc/seccompc/lower"
	"github.com/seccompc/seccompc/verify"
)

var (
	libRandomN    = flag.Int("libseccomp.n", 300, "random OCI profiles for TestLibseccompRandomProfiles")
	libRandomSeed = flag.Uint64("libseccomp.seed", 1, "seed of TestLibseccompRandomProfiles's profile generator")
)

// randHost is a host architecture of the generator and the OCI
// architectures a profile for it may list.
type randHost struct {
	host   string
	arches []specs.Arch
	weight int
}

var randHosts = []randHost{
	{"x86_64", []specs.Arch{specs.ArchX86_64, specs.ArchX86, specs.ArchX32}, 6},
	{"x86", []specs.Arch{specs.ArchX86, specs.ArchX86_64}, 1},
	{"aarch64", []specs.Arch{specs.ArchAARCH64, specs.ArchARM}, 2},
	{"arm", []specs.Arch{specs.ArchARM}, 1},
}

// Syscall names the rules draw from: ordinary ones, and socket and ipc
// calls that x86 (and libseccomp's x86 filter) reaches through the
// socketcall and ipc multiplexers as well as, for some, directly.
var (
	randPlain = []string{"read", "personality", "ioctl", "mmap", "clone"}
	randMux   = []string{"socket", "accept", "connect", "msgget", "semop"}
)

// randActions are the rule actions; ERRNO and TRACE get an errnoRet
// from randErrnos (nil: runc's EPERM).
var randActions = []specs.LinuxSeccompAction{
	specs.ActAllow, specs.ActAllow, specs.ActErrno, specs.ActErrno, specs.ActKill,
	specs.ActTrap, specs.ActTrace, specs.ActLog, specs.ActKillProcess,
}

var randDefaults = []specs.LinuxSeccompAction{
	specs.ActErrno, specs.ActErrno, specs.ActKill, specs.ActKillProcess, specs.ActTrap, specs.ActLog, specs.ActAllow,
}

var randOps = []specs.LinuxSeccompOperator{
	specs.OpEqualTo, specs.OpNotEqual, specs.OpLessThan, specs.OpLessEqual,
	specs.OpGreaterThan, specs.OpGreaterEqual, specs.OpMaskedEqual,
}

// randValue returns one of the values comparisons are interesting at.
func randValue(rng *rand.Rand) uint64 {
	switch rng.IntN(14) {
	case 0:
		return 0
	case 1:
		return 1
	case 2:
		return uint64(2 + rng.IntN(15))
	case 3:
		return 0xffffffff
	case 4:
		return 0x100000000
	case 5:
		return 1 << 63
	case 6:
		return ^uint64(0)
	case 7:
		return 0x80000000
	case 8:
		return 0x100000000 | uint64(rng.IntN(4))
	case 9:
		return 0xfffffffe
	case 10:
		return uint64(rng.Uint32())
	case 11:
		return uint64(rng.Uint32()) << 32
	case 12:
		return 0xff
	}
	return rng.Uint64()
}

// randErrno returns an errnoRet: nil (EPERM) or a value.
func randErrno(rng *rand.Rand) *uint {
	var v uint
	switch rng.IntN(12) {
	case 0, 1, 2, 3:
		return nil
	case 4, 5:
		v = 1 // EPERM, as nil
	case 6, 7:
		v = 38 // ENOSYS
	case 8, 9:
		v = uint(rng.IntN(3)) // 0 (a successful return), 1, 2
	case 10:
		v = 4094
	default:
		v = 4095 // libseccomp takes errno values below 4095 only
	}
	return &v
}

// randProfile generates an OCI profile for one of randHosts that runc
// hands libseccomp: the generator stays inside what runc and seccompc
// both accept for the fields (errnoRet only on ERRNO and TRACE, known
// names and operators), and leaves it to the rules to collide.
func randProfile(rng *rand.Rand) (*specs.LinuxSeccomp, string) {
	total := 0
	for _, h := range randHosts {
		total += h.weight
	}
	pick := rng.IntN(total)
	var h randHost
	for _, h = range randHosts {
		if pick < h.weight {
			break
		}
		pick -= h.weight
	}
	s := &specs.LinuxSeccomp{DefaultAction: randDefaults[rng.IntN(len(randDefaults))]}
	if s.DefaultAction == specs.ActErrno && rng.IntN(3) == 0 {
		s.DefaultErrnoRet = randErrno(rng)
	}
	for _, a := range h.arches {
		if rng.IntN(2) == 0 {
			s.Architectures = append(s.Architectures, a)
		}
	}
	// A small pool of names and of values per profile, so that rules
	// meet on the same syscalls, arguments and datums.
	var pool []string
	for range 2 + rng.IntN(3) {
		src := randPlain
		if rng.IntN(3) == 0 {
			src = randMux
		}
		n := src[rng.IntN(len(src))]
		if !slices.Contains(pool, n) {
			pool = append(pool, n)
		}
	}
	values := make([]uint64, 2+rng.IntN(4))
	for i := range values {
		values[i] = randValue(rng)
	}
	value := func() uint64 {
		if rng.IntN(5) == 0 {
			return randValue(rng)
		}
		return values[rng.IntN(len(values))]
	}
	for range 2 + rng.IntN(11) {
		sc := specs.LinuxSyscall{Names: []string{pool[rng.IntN(len(pool))]}}
		if rng.IntN(6) == 0 {
			if n := pool[rng.IntN(len(pool))]; n != sc.Names[0] {
				sc.Names = append(sc.Names, n)
			}
		}
		sc.Action = randActions[rng.IntN(len(randActions))]
		if sc.Action == specs.ActErrno || sc.Action == specs.ActTrace {
			sc.ErrnoRet = randErrno(rng)
		}
		for range rng.IntN(4) {
			a := specs.LinuxSeccompArg{Op: randOps[rng.IntN(len(randOps))]}
			// Low indexes are more likely, so that rules share arguments.
			a.Index = uint(min(rng.IntN(4), rng.IntN(6)))
			a.Value = value()
			if a.Op == specs.OpMaskedEqual {
				switch rng.IntN(4) {
				case 0:
					a.ValueTwo = a.Value & value() // inside the mask
				case 1:
					a.ValueTwo = value() // maybe with bits outside the mask
				default:
					a.ValueTwo = a.Value & randValue(rng)
				}
			}
			sc.Args = append(sc.Args, a)
		}
		s.Syscalls = append(s.Syscalls, sc)
	}
	return s, h.host
}

// Outcome kinds of one profile. A profile on which libseccomp's program
// and seccompc's policy differ gets the causes of its differences,
// section by section (explainer, in libseccomp_cause_test.go), joined
// with " + "; a difference no cause explains is a disagreement.
const (
	outProved      = "proved"                                                  // both accept; libseccomp's programs proved equal to seccompc's policy
	outBothRefuse  = "both refuse"                                             // libseccomp and seccompc (with RefuseAsRunc) refuse the profile
	outBothHang    = "libseccomp hangs, seccompc refuses"                      // libseccomp loops forever (runc would hang); seccompc reports an error
	outLibRefuses  = "libseccomp refuses, seccompc accepts"                    // a disagreement
	outLibHangs    = "libseccomp hangs, seccompc accepts"                      // a disagreement
	outOursRefuses = "seccompc refuses, libseccomp accepts"                    // a disagreement
	outOursHangs   = "seccompc hangs"                                          // a disagreement: oci.FromSpec or ir.Resolve does not return
	outCounter     = "counterexample"                                          // a disagreement: a difference no cause explains
	outSilent      = "runc refuses, seccompc's default mode compiles silently" // a disagreement

	// Causes in libseccomp's code generator (libseccomp_cause_test.go):
	// adding the loads it leaves out makes its program agree.
	outLibNoNr = "libseccomp bug: syscall number never loaded"     // causeNoNr
	outLibAcc  = "libseccomp bug: no accumulator reload at a join" // causeNoReload

	// A cause in libseccomp's tree construction (explainer.dropped): it
	// leaves a rule out as redundant though it is not, and its program
	// agrees with seccompc's policy for the profile without the rule.
	outLibDropped = "libseccomp bug: rule dropped as redundant"

	// The same cause where seccompc's replay, which does not drop the
	// rule, finds it colliding (EEXIST): seccompc refuses a profile runc
	// loads (refusedDropped). Counted, not a failure: a gap of seccompc's
	// replay with its cause shown.
	outOursRefusesDropped = "seccompc refuses (EEXIST) a rule libseccomp drops as redundant"

	// Documented divergences of seccompc's (ir/oci), each shown to be
	// the cause: the section agrees with seccompc's policy merged in the
	// section's own layout (outOtherLayout), or built without the masked
	// comparisons libseccomp drops on 32-bit architectures (outMask32);
	// seccompc warns about both.
	outOtherLayout = "documented: other-layout tree"
	outMask32      = "documented: high-only mask on a 32-bit architecture"
	outTooLarge    = "documented: tree too large" // a difference on a syscall whose tree seccompc does not replay, with its warning

	// seccompc's known gap (ir/oci's package documentation): the
	// verdicts of the multiplexed forms of socket and ipc calls
	// (socketcall or ipc with a0 == the call's code), which libseccomp
	// takes from one tree per multiplexer. Counted, not a failure, when
	// every other difference of the section has a cause.
	outKnownMux = "known gap: multiplexed rules merged by libseccomp"

	outTooComplex   = "prover: too complex"                        // Prove gave up
	outUnsupported  = "prover: unsupported"                        // Prove cannot model libseccomp's program
	outInternal     = "internal"                                   // an error of the test's own machinery
	outCompileError = "seccompc: lower.Compile or its proof fails" // a disagreement of seccompc with itself
)

// disagreement reports whether an outcome kind (causes joined by
// joinKinds) fails the test.
func disagreement(kind string) bool {
	if parts := strings.Split(kind, " + "); len(parts) > 1 {
		for _, p := range parts {
			if disagreement(p) {
				return true
			}
		}
		return false
	}
	if strings.HasPrefix(kind, outBothRefuse+" (") {
		return false
	}
	switch kind {
	case outProved, outBothRefuse, outBothHang, outOtherLayout, outTooLarge, outMask32, outTooComplex, outLibNoNr, outLibAcc, outLibDropped, outOursRefusesDropped,
		outKnownMux:
		return false
	}
	return true
}

// refusal names why both refuse a profile: EEXIST when libseccomp says
// so and seccompc's replay finds it; ERRNO(4095) when seccompc names it
// (libseccomp refuses it under several texts: "could not create filter"
// for the default action, libseccomp-golang's "two checks on same
// syscall argument" for a rule's); otherwise libseccomp's text.
func refusal(libErr, oursErr string) string {
	switch {
	case strings.Contains(libErr, "file exists") && strings.Contains(oursErr, "EEXIST"):
		return "EEXIST"
	case strings.Contains(oursErr, "libseccomp refuses 4095"):
		return "ERRNO(4095)"
	}
	return "libseccomp:" + libErr[strings.LastIndex(libErr, ": ")+1:]
}

// randOutcome is what became of one profile.
type randOutcome struct {
	kind   string
	detail string // the errors, or the counterexample with both verdicts
	tree   bool   // the outcome was found on the binary-tree form
}

// libWorkerEnv makes the test binary a libWorker child
// (TestHelperLibseccompWorker).
const libWorkerEnv = "SECCOMPC_LIBSECCOMP_WORKER"

// libTimeout bounds one request to the worker; a build takes well under
// a millisecond.
const libTimeout = time.Second

// libRequest asks the worker to build a profile with libseccomp (op
// "lib", as libBuild) or to translate it with seccompc's front end (op
// "oci": oci.FromSpec and ir.Resolve, the result thrown away).
type libRequest struct {
	Op   string              `json:"op"`
	Spec *specs.LinuxSeccomp `json:"spec"`
	Host string              `json:"host"`
	Tree bool                `json:"tree"`
}

// libResponse is the worker's answer.
type libResponse struct {
	Insns   [][4]uint32 `json:"insns"` // op, jt, jf, k
	Unknown []string    `json:"unknown"`
	Err     string      `json:"err"`
	Warned  bool        `json:"warned"` // op "oci-default": an ir.WarnRuncRefuses warning
}

// libRespPrefix marks the worker's answers among whatever else the test
// binary prints.
const libRespPrefix = "LIBSECCOMP-WORKER "

// libWorker runs libseccomp (and seccompc's front end, on request) in a
// child process, so that a request that never returns costs a timeout
// and a restart instead of the test: libseccomp 2.5.4 loops forever on
// some profiles, and so does seccompc's replay of it.
type libWorker struct {
	cmd   *exec.Cmd
	in    io.WriteCloser
	lines chan string
}

func (w *libWorker) start() error {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperLibseccompWorker$")
	cmd.Env = append(os.Environ(), libWorkerEnv+"=1")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return fmt.Errorf("libWorker: %w", err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("libWorker: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("libWorker: %w", err)
	}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		sc.Buffer(nil, 16<<20)
		for sc.Scan() {
			if l, ok := strings.CutPrefix(sc.Text(), libRespPrefix); ok {
				lines <- l
			}
		}
		close(lines)
	}()
	w.cmd, w.in, w.lines = cmd, in, lines
	return nil
}

// stop ends the child (the process this worker started).
func (w *libWorker) stop() {
	if w.cmd == nil {
		return
	}
	w.in.Close()
	w.cmd.Process.Kill()
	w.cmd.Wait()
	w.cmd = nil
}

// do sends one request. hung reports that the child did not answer in
// libTimeout (it is then killed, and the next request starts another).
func (w *libWorker) do(req libRequest) (resp libResponse, hung bool, err error) {
	if w.cmd == nil {
		if err := w.start(); err != nil {
			return resp, false, err
		}
	}
	b, err := json.Marshal(req)
	if err != nil {
		return resp, false, fmt.Errorf("libWorker: %w", err)
	}
	if _, err := w.in.Write(append(b, '\n')); err != nil {
		w.stop()
		return resp, false, fmt.Errorf("libWorker: write: %w", err)
	}
	select {
	case l, ok := <-w.lines:
		if !ok {
			w.stop()
			return resp, false, errors.New("libWorker: the child exited without an answer")
		}
		if err := json.Unmarshal([]byte(l), &resp); err != nil {
			w.stop()
			return resp, false, fmt.Errorf("libWorker: answer: %w", err)
		}
		return resp, false, nil
	case <-time.After(libTimeout):
		w.stop()
		return resp, true, nil
	}
}

// TestHelperLibseccompWorker is the child of libWorker: it answers
// libRequests read from stdin, one JSON object a line.
func TestHelperLibseccompWorker(t *testing.T) {
	if os.Getenv(libWorkerEnv) == "" {
		t.Skip("runs only as the child of TestLibseccompRandomProfiles")
	}
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var req libRequest
		var resp libResponse
		if err := json.Unmarshal(sc.Bytes(), &req); err != nil {
			resp.Err = err.Error()
		} else {
			switch req.Op {
			case "lib":
				prog, unknown, err := libBuild(req.Spec, req.Host, libOptions{tree: req.Tree})
				if err != nil {
					resp.Err = err.Error()
				}
				for _, in := range prog {
					resp.Insns = append(resp.Insns, [4]uint32{uint32(in.Op), uint32(in.Jt), uint32(in.Jf), in.K})
				}
				resp.Unknown = unknown
			case "oci":
				if _, err := seccompcFront(req.Spec, req.Host); err != nil {
					resp.Err = err.Error()
				}
			case "oci-default":
				// seccompc's default mode: what runc refuses and seccompc
				// can still give meaning compiles, with a warning.
				_, ws, err := oci.FromSpec(req.Spec, oci.Options{Target: req.Host})
				if err != nil {
					resp.Err = err.Error()
				}
				for _, w := range ws {
					resp.Warned = resp.Warned || w.Kind == ir.WarnRuncRefuses
				}
			default:
				resp.Err = fmt.Sprintf("unknown op %q", req.Op)
			}
		}
		b, err := json.Marshal(resp)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("%s%s\n", libRespPrefix, b)
	}
}

// seccompcFront is seccompc's side of the comparison: the profile
// translated for host and resolved with baseline none.
func seccompcFront(s *specs.LinuxSeccomp, host string) (*frontResult, error) {
	p, ws, err := oci.FromSpec(s, oci.Options{Target: host, RefuseAsRunc: true})
	if err != nil {
		return nil, err
	}
	if p.Baseline, err = ir.ParseBaseline("none"); err != nil {
		return nil, err
	}
	r, rws, err := ir.Resolve(p, host)
	if err != nil {
		return nil, err
	}
	return &frontResult{r, append(ws, rws...)}, nil
}

type frontResult struct {
	r  *ir.Resolved
	ws []ir.Warning
}

// judgeProfile builds s for a host of architecture host with libseccomp
// (linear, and binary tree when tree is set) and with seccompc (baseline
// none), and decides how they relate.
func judgeProfile(w *libWorker, s *specs.LinuxSeccomp, host string, tree bool) randOutcome {
	lib, libHung, err := w.do(libRequest{Op: "lib", Spec: s, Host: host})
	if err != nil {
		return randOutcome{kind: outInternal, detail: err.Error()}
	}
	if lib.Err == "" && len(lib.Unknown) > 0 {
		return randOutcome{kind: outInternal, detail: "libseccomp does not know " + strings.Join(lib.Unknown, ", ")}
	}
	// seccompc's front end runs in the worker first, so that a front
	// end that never returns does not stop the test.
	front, oursHung, err := w.do(libRequest{Op: "oci", Spec: s, Host: host})
	if err != nil {
		return randOutcome{kind: outInternal, detail: err.Error()}
	}
	libErr := lib.Err
	if libHung {
		libErr = fmt.Sprintf("libseccomp does not return (killed after %v)", libTimeout)
	}
	switch {
	case oursHung:
		return randOutcome{kind: outOursHangs, detail: fmt.Sprintf("libseccomp: %s\nseccompc: oci.FromSpec and ir.Resolve do not return (killed after %v)", cmp.Or(libErr, "accepts"), libTimeout)}
	case libHung && front.Err != "":
		return randOutcome{kind: outBothHang, detail: fmt.Sprintf("libseccomp: %s\nseccompc: %s", libErr, front.Err)}
	case libHung:
		return randOutcome{kind: outLibHangs, detail: "libseccomp: " + libErr}
	case lib.Err != "" && front.Err != "":
		why := refusal(lib.Err, front.Err)
		if why == "EEXIST" {
			// Without RefuseAsRunc, seccompc refuses too or compiles
			// with a runc-refuses warning, never silently.
			def, hung, err := w.do(libRequest{Op: "oci-default", Spec: s, Host: host})
			switch {
			case err != nil || hung:
				return randOutcome{kind: outInternal, detail: fmt.Sprintf("seccompc's default mode: hung %v, %v", hung, err)}
			case def.Err != "":
				why += ", seccompc's default mode: error"
			case def.Warned:
				why += ", seccompc's default mode: warning"
			default:
				return randOutcome{kind: outSilent, detail: "libseccomp: " + lib.Err + "\nseccompc without RefuseAsRunc: no error, no runc-refuses warning"}
			}
		}
		return randOutcome{kind: outBothRefuse + " (" + why + ")", detail: fmt.Sprintf("libseccomp: %s\nseccompc: %s", lib.Err, front.Err)}
	case lib.Err != "":
		return randOutcome{kind: outLibRefuses, detail: "libseccomp: " + lib.Err}
	case front.Err != "":
		if k, ok := refusedDropped(w, s, host, rawInsns(lib.Insns)); ok {
			return randOutcome{kind: outOursRefusesDropped, detail: fmt.Sprintf("seccompc: %s\nlibseccomp's program is the same without rule %d (as runc adds it), which seccompc accepts", front.Err, k)}
		}
		return randOutcome{kind: outOursRefuses, detail: "seccompc: " + front.Err}
	}
	fr, err := seccompcFront(s, host)
	if err != nil {
		return randOutcome{kind: outInternal, detail: fmt.Sprintf("seccompc's front end failed here but not in the worker: %v", err)}
	}
	r, ws := fr.r, fr.ws
	// seccompc's own program must prove against its policy; that is the
	// other tests' subject, checked here only so that a failure is not
	// blamed on libseccomp. The reference lowering keeps this test
	// independent of the optimizer's speed.
	prog, err := lower.CompileOptions(r, lower.Options{})
	if err == nil {
		_, err = verify.Prove(prog.Insns, r)
	}
	var ve *verify.Error
	if err != nil && !(errors.As(err, &ve) && ve.Code == verify.ErrTooComplex) {
		return randOutcome{kind: outCompileError, detail: err.Error()}
	}
	type form struct {
		tree bool
		prog []bpf.RawInstruction
	}
	forms := []form{{false, rawInsns(lib.Insns)}}
	if tree {
		tl, hung, err := w.do(libRequest{Op: "lib", Spec: s, Host: host, Tree: true})
		switch {
		case err != nil:
			return randOutcome{kind: outInternal, detail: err.Error(), tree: true}
		case hung || tl.Err != "":
			return randOutcome{kind: outInternal, detail: fmt.Sprintf("libseccomp's tree form failed (hung %v) where the linear form did not: %s", hung, tl.Err), tree: true}
		}
		forms = append(forms, form{true, rawInsns(tl.Insns)})
	}
	for _, f := range forms {
		_, err := verify.Prove(f.prog, r)
		if err == nil {
			continue
		}
		var ce *verify.Counterexample
		switch {
		case errors.As(err, &ce):
			x := &explainer{s: s, r: r, ws: ws, w: w, host: host, tree: f.tree}
			kind, detail := x.explainAll(f.prog)
			if kind == "" {
				kind, detail = outInternal, "verify.Diff finds no difference where verify.Prove finds one"
			}
			if disagreement(kind) {
				detail = counterText(ce, r, ws) + emit.Disassemble(f.prog, emit.DisasmOptions{}) + detail
			}
			return randOutcome{kind: kind, detail: detail, tree: f.tree}
		case errors.As(err, &ve) && ve.Code == verify.ErrTooComplex:
			return randOutcome{kind: outTooComplex, detail: err.Error(), tree: f.tree}
		case errors.As(err, &ve) && ve.Code == verify.ErrUnsupported:
			return randOutcome{kind: outUnsupported, detail: err.Error(), tree: f.tree}
		}
		return randOutcome{kind: outInternal, detail: err.Error(), tree: f.tree}
	}
	return randOutcome{kind: outProved}
}

// rawInsns decodes the worker's instructions.
func rawInsns(in [][4]uint32) []bpf.RawInstruction {
	out := make([]bpf.RawInstruction, len(in))
	for i, x := range in {
		out[i] = bpf.RawInstruction{Op: uint16(x[0]), Jt: uint8(x[1]), Jf: uint8(x[2]), K: x[3]}
	}
	return out
}

// ruleNames returns the profile's syscall names that reach syscall name
// on architecture a: name itself, and for a multiplexer the names it
// multiplexes there.
func ruleNames(name string, a *arch.Info) []string {
	out := []string{name}
	for _, m := range []*arch.Mux{a.Socketcall, a.IPC} {
		if m != nil && m.Name == name {
			for n := range m.Calls {
				out = append(out, n)
			}
		}
	}
	return out
}

// warned reports whether a warning about syscall name (quoted, as
// package oci quotes it) contains phrase.
func warned(ws []ir.Warning, names []string, phrase string) bool {
	for _, w := range ws {
		if !strings.Contains(w.Msg, phrase) {
			continue
		}
		for _, n := range names {
			if q := fmt.Sprintf("%q", n); strings.Contains(w.Msg, q) || strings.Contains(w.Pos, q) {
				return true
			}
		}
	}
	return false
}

// classifyData sorts a difference that no cause explains, on input d in
// section ap: a tree too large for seccompc to replay (seccompc warns,
// and keeps the rules' own meaning), or a disagreement.
func classifyData(d *verify.Difference, ap *ir.ArchPolicy, ws []ir.Warning) string {
	if sc, ok := ap.Table.ByNr(d.Data.Nr); ok && warned(ws, ruleNames(sc.Name, ap.Arch), "too large to replay") {
		return outTooLarge
	}
	return outCounter
}

// dataText shows an input of section ap.
func dataText(d *verify.SeccompData, ap *ir.ArchPolicy) string {
	name := "?"
	if sc, ok := ap.Table.ByNr(d.Nr); ok {
		name = sc.Name
	}
	return fmt.Sprintf("nr %#x (%s) args %#x", d.Nr, name, d.Args)
}

// counterText describes a counterexample with both verdicts and the
// entries seccompc's policy has for the syscall.
func counterText(ce *verify.Counterexample, r *ir.Resolved, ws []ir.Warning) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v\n", ce)
	got, _ := ir.ActionFromRet(ce.Program)
	fmt.Fprintf(&b, "libseccomp: %v, seccompc's policy: %v\n", got, ce.Policy)
	for _, ap := range r.Arches {
		if ap.Arch.Name != ce.Arch {
			continue
		}
		entries, _ := ap.Entries(ce.Data.Nr)
		for _, e := range entries {
			fmt.Fprintf(&b, "  entry: %+v\n", e)
		}
	}
	for _, w := range ws {
		fmt.Fprintf(&b, "  warning: %s: %s\n", w.Pos, w.Msg)
	}
	return b.String()
}

// cloneSpec deep-copies the parts of a profile minimize changes.
func cloneSpec(s *specs.LinuxSeccomp) *specs.LinuxSeccomp {
	out := *s
	out.Architectures = slices.Clone(s.Architectures)
	out.Syscalls = make([]specs.LinuxSyscall, len(s.Syscalls))
	for i, sc := range s.Syscalls {
		sc.Names = slices.Clone(sc.Names)
		sc.Args = slices.Clone(sc.Args)
		out.Syscalls[i] = sc
	}
	return &out
}

// minimizeBudget bounds the time minimize spends on one profile.
const minimizeBudget = 3 * time.Second

// minimize shrinks s while judge still gives outcome kind want: it drops
// architectures, rules, names and conditions one at a time, and rounds
// values towards simpler ones, until nothing more can go.
func minimize(w *libWorker, s *specs.LinuxSeccomp, host string, tree bool, want string) *specs.LinuxSeccomp {
	// A profile that hangs costs a timeout per try; the budget bounds the
	// search, leaving s smaller but maybe not minimal.
	deadline := time.Now().Add(minimizeBudget)
	keeps := func(c *specs.LinuxSeccomp) bool { return judgeProfile(w, c, host, tree).kind == want }
	for changed := true; changed; {
		changed = false
		try := func(c *specs.LinuxSeccomp) {
			if time.Now().Before(deadline) && keeps(c) {
				s, changed = c, true
			}
		}
		for i := len(s.Architectures) - 1; i >= 0; i-- {
			if i < len(s.Architectures) {
				c := cloneSpec(s)
				c.Architectures = slices.Delete(c.Architectures, i, i+1)
				try(c)
			}
		}
		for i := len(s.Syscalls) - 1; i >= 0; i-- {
			if i < len(s.Syscalls) && len(s.Syscalls) > 1 {
				c := cloneSpec(s)
				c.Syscalls = slices.Delete(c.Syscalls, i, i+1)
				try(c)
			}
		}
		for i := range s.Syscalls {
			for j := len(s.Syscalls[i].Names) - 1; j >= 0; j-- {
				if j < len(s.Syscalls[i].Names) && len(s.Syscalls[i].Names) > 1 {
					c := cloneSpec(s)
					c.Syscalls[i].Names = slices.Delete(c.Syscalls[i].Names, j, j+1)
					try(c)
				}
			}
			for j := len(s.Syscalls[i].Args) - 1; j >= 0; j-- {
				if j < len(s.Syscalls[i].Args) {
					c := cloneSpec(s)
					c.Syscalls[i].Args = slices.Delete(c.Syscalls[i].Args, j, j+1)
					try(c)
				}
			}
			if s.Syscalls[i].ErrnoRet != nil {
				c := cloneSpec(s)
				c.Syscalls[i].ErrnoRet = nil
				try(c)
			}
		}
		if s.DefaultErrnoRet != nil {
			c := cloneSpec(s)
			c.DefaultErrnoRet = nil
			try(c)
		}
	}
	return s
}

// TestLibseccompRandomProfiles is a differential test of the OCI front
// end (ir/oci) against libseccomp itself on random profiles
// (randProfile: 2 to 12 rules on a few syscall names, multiplexed socket
// and ipc calls among them, every operator, repeated argument indexes,
// values at the 32-bit boundaries, for x86_64, x86, aarch64 and arm
// hosts; -libseccomp.n and -libseccomp.seed choose the sample). For each
// profile, libseccomp builds the filter as runc does (libBuild; linear,
// and for a third of them also the binary tree) in a child process
// (libWorker), and seccompc translates the same profile (oci.FromSpec,
// ir.Resolve with baseline none, with oci.Options.RefuseAsRunc, the
// mode that refuses what runc refuses). Then:
//
//   - when libseccomp refuses the profile, or never returns (runc would
//     hang), seccompc must report an error; when libseccomp accepts it,
//     seccompc must accept it; seccompc must never hang;
//   - verify.Prove must show libseccomp's own program equal to
//     seccompc's policy for every input. When it does not, every
//     difference must have a cause, decided section by section by the
//     explainer (libseccomp_cause_test.go): libseccomp's code generator
//     leaving out a load of the accumulator (shown by adding the loads
//     and finding no difference left), one of seccompc's documented
//     divergences (shown by merging the rules in the section's own
//     layout, or building them as libseccomp does on 32-bit
//     architectures, and finding none left; a tree too large to replay,
//     with its warning), or, on the socketcall and ipc multiplexers
//     only, seccompc's known gap there (the rest of the section
//     explained). Those are counted by cause.
//
// A disagreement is shrunk (minimize) and reported with the minimal
// profile as JSON, both verdicts, the input and libseccomp's program.
func TestLibseccompRandomProfiles(t *testing.T) {
	n := *libRandomN
	if testing.Short() {
		n /= 4
	}
	rng := rand.New(rand.NewPCG(*libRandomSeed, 0x5eccc0))
	start := time.Now()
	w := &libWorker{}
	defer w.stop()
	counts := map[string]int{}
	trees := 0
	type failure struct {
		i    int
		host string
		spec *specs.LinuxSeccomp
		out  randOutcome
	}
	var fails []failure
	for i := range n {
		s, host := randProfile(rng)
		tree := rng.IntN(3) == 0
		if tree {
			trees++
		}
		out := judgeProfile(w, s, host, tree)
		counts[out.kind]++
		if disagreement(out.kind) {
			fails = append(fails, failure{i, host, s, out})
		}
	}
	kinds := make([]string, 0, len(counts))
	for k := range counts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var summary strings.Builder
	for _, k := range kinds {
		fmt.Fprintf(&summary, "; %s: %d", k, counts[k])
	}
	t.Logf("%d random profiles (seed %d, %d also as binary tree) in %v%s", n, *libRandomSeed, trees, time.Since(start).Round(time.Millisecond), summary.String())
	if counts[outProved] < n/3 {
		t.Errorf("only %d of %d profiles proved: the generator makes too few profiles both accept", counts[outProved], n)
	}

	// Shrink and report the first disagreement of each signature (kind
	// and message, without rule indexes), at most maxReports of them.
	const maxReports = 12
	shown := map[string]int{}
	var sigs []string
	for _, f := range fails {
		sig := signature(f.out)
		shown[sig]++
		if shown[sig] > 1 {
			continue
		}
		sigs = append(sigs, sig)
		if len(sigs) > maxReports {
			continue
		}
		min := minimize(w, cloneSpec(f.spec), f.host, f.out.tree, f.out.kind)
		mo := judgeProfile(w, min, f.host, f.out.tree)
		js, _ := json.Marshal(min)
		form := "linear"
		if f.out.tree {
			form = "tree"
		}
		t.Errorf("profile %d (host %s, libseccomp %s): %s; minimal profile:\n%s\n%s", f.i, f.host, form, f.out.kind, js, mo.detail)
	}
	for _, sig := range sigs {
		t.Logf("%5d  %s", shown[sig], sig)
	}
}

// signature names a disagreement for grouping: its kind and the first
// line of its detail without numbers in brackets and argument values.
func signature(o randOutcome) string {
	line, _, _ := strings.Cut(o.detail, "\n")
	line = sigNoise.ReplaceAllString(line, "")
	return o.kind + ": " + line
}

var sigNoise = regexp.MustCompile(`\[[^\]]*\]|args \S+|0x[0-9a-f]+|syscalls\S* \S+ |\(\w*\)`)
