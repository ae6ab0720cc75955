package dockerjson

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/moby/profiles/seccomp"
	"github.com/opencontainers/runtime-spec/specs-go"
)

// gen writes random profiles with hostile twists: keys repeated and in
// case variants (ASCII, U+017F, U+212A, \u escapes) at every level,
// nulls, wrong types, unknown keys of every type, numbers at the
// boundaries of each numeric field, strings with every escape, invalid
// UTF-8, deep nesting, odd white space and a BOM now and then.
type gen struct {
	r     *rand.Rand
	clean bool // no invalid JSON and no wrong types in this document
	b     strings.Builder
	depth int
}

func (g *gen) p(pct int) bool { return g.r.Intn(100) < pct }

func (g *gen) ws() {
	if !g.p(30) {
		return
	}
	for range g.r.Intn(3) {
		g.b.WriteByte(" \t\n\r"[g.r.Intn(4)])
	}
	if !g.clean && g.p(1) {
		g.b.WriteByte("\f\v\x00"[g.r.Intn(3)]) // not JSON white space
	}
}

// key writes name in a variant that encoding/json matches to it, or
// (rarely) one it does not.
func (g *gen) key(name string) {
	var k []byte
	for _, c := range []byte(name) {
		switch {
		case c == 's' && g.p(8), c == 'S' && g.p(8):
			k = append(k, []string{"ſ", `\u017f`, `\u017F`}[g.r.Intn(3)]...)
		case c == 'k' && g.p(15), c == 'K' && g.p(15):
			k = append(k, []string{"\u212a", `\u212a`, `\u212A`}[g.r.Intn(3)]...)
		case g.p(10):
			k = append(k, fmt.Sprintf(`\u%04x`, c)...)
		case g.p(10) && 'a' <= c && c <= 'z':
			k = append(k, c-'a'+'A')
		case g.p(2):
			k = append(k, "é"...) // no longer the name
		default:
			k = append(k, c)
		}
	}
	g.ws()
	g.b.WriteByte('"')
	g.b.Write(k)
	g.b.WriteByte('"')
	g.ws()
	g.b.WriteByte(':')
	g.ws()
}

var strPieces = []string{
	"read", "write", "open", "opne", "close", "", "SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_LOG", "SCMP_CMP_EQ",
	"SCMP_CMP_MASKED_EQ", "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "amd64", "CAP_SYS_ADMIN", "4.8",
	`\u0072ead`, `\ud800`, `\ud800\udc00`, `\udc00\ud800`, `\ud800\u0041`, `\ud83d\ude00`, `\uFFFD`, "\xff", "\xed\xa0\x80", "\xe2\x82",
	`\/`, `\b\f\n\r\t`, `\"`, `\\`, "é", "ſ", `\u0000`, "x y",
}

func (g *gen) str() {
	g.b.WriteByte('"')
	for range g.r.Intn(3) {
		g.b.WriteString(strPieces[g.r.Intn(len(strPieces))])
	}
	if !g.clean && g.p(1) {
		g.b.WriteByte('\n') // a control character: invalid
	}
	g.b.WriteByte('"')
}

var kernels = []string{`"4.8"`, `""`, `"0.0"`, `"0.1"`, `"256.1"`, `"255.255"`, `"4"`, `"4.8.1"`, `"05.08"`, `"4.\u0038"`, `"+4.8"`, `" 4.8"`, `"4.8 "`, `"4.-1"`, `".8"`, `"4."`, `4`, `null`, `{}`, `"\u0034.8"`}

var numbers = []string{
	"0", "1", "7", "255", "256", "65535", "4294967295", "4294967296", "9223372036854775807", "9223372036854775808",
	"18446744073709551615", "18446744073709551616", "99999999999999999999999", "-0", "-1", "1.0", "1e2", "1E2", "0.5", "0e0", "-0.0",
}

func (g *gen) num() {
	if g.clean {
		g.b.WriteString(numbers[g.r.Intn(11)])
		return
	}
	if g.p(1) {
		g.b.WriteString([]string{"01", "1.", "-", "1e", "+1", ".5", "0x10"}[g.r.Intn(7)]) // invalid JSON
		return
	}
	g.b.WriteString(numbers[g.r.Intn(len(numbers))])
}

// any writes an arbitrary value (unknown keys, wrong types).
func (g *gen) any() {
	g.ws()
	switch g.r.Intn(9) {
	case 0:
		g.b.WriteString("null")
	case 1:
		g.b.WriteString([]string{"true", "false"}[g.r.Intn(2)])
	case 2:
		g.num()
	case 3:
		g.str()
	case 4:
		if g.depth < 6 && g.p(50) {
			g.depth++
			g.b.WriteByte('[')
			for i := range g.r.Intn(3) {
				if i > 0 {
					g.b.WriteByte(',')
				}
				g.any()
			}
			g.b.WriteByte(']')
			g.depth--
		} else {
			g.b.WriteString("[]")
		}
	case 5:
		if g.depth < 6 && g.p(50) {
			g.depth++
			g.b.WriteByte('{')
			for i := range g.r.Intn(3) {
				if i > 0 {
					g.b.WriteByte(',')
				}
				g.key([]string{"a", "names", "syscalls", "linux", "seccomp"}[g.r.Intn(5)])
				g.any()
			}
			g.b.WriteByte('}')
			g.depth--
		} else {
			g.b.WriteString("{}")
		}
	case 6:
		// deep nesting near the limit
		if g.p(3) {
			n := 9990 + g.r.Intn(15)
			if g.clean {
				n -= 10
			}
			g.b.WriteString(strings.Repeat("[", n) + strings.Repeat("]", n))
		} else {
			g.b.WriteString("[[[{}]]]")
		}
	default:
		g.str()
	}
	g.ws()
}

type field struct {
	name string
	val  func(g *gen)
}

// obj writes an object of fields, each zero to three times, in any
// order, with unknown keys among them.
func (g *gen) obj(fields []field) {
	g.ws()
	g.b.WriteByte('{')
	type m struct {
		f   *field
		any bool
	}
	var ms []m
	for i := range fields {
		n := 0
		switch x := g.r.Intn(100); {
		case x < 55:
			n = 1
		case x < 75:
			n = 0
		case x < 92:
			n = 2
		default:
			n = 3
		}
		for range n {
			ms = append(ms, m{f: &fields[i]})
		}
	}
	for range g.r.Intn(2) {
		if g.p(30) {
			ms = append(ms, m{any: true})
		}
	}
	g.r.Shuffle(len(ms), func(i, j int) { ms[i], ms[j] = ms[j], ms[i] })
	for i, x := range ms {
		if i > 0 {
			g.b.WriteByte(',')
		}
		if x.any {
			g.key([]string{"zz", "errno", "defaultErrno", "name", "comment", "includes", "archMap", "linux", "ociVersion"}[g.r.Intn(9)])
			g.any()
			continue
		}
		g.key(x.f.name)
		switch {
		case g.p(12):
			g.b.WriteString("null")
		case !g.clean && g.p(2):
			g.any() // most likely the wrong type
		default:
			x.f.val(g)
		}
	}
	g.ws()
	g.b.WriteByte('}')
	g.ws()
}

func (g *gen) arr(elem func(g *gen)) {
	g.b.WriteByte('[')
	n := []int{0, 1, 2, 3, 5, 8}[g.r.Intn(6)]
	for i := range n {
		if i > 0 {
			g.b.WriteByte(',')
		}
		g.ws()
		if g.p(10) {
			g.b.WriteString("null")
		} else if !g.clean && g.p(1) {
			g.any()
		} else {
			elem(g)
		}
		g.ws()
	}
	g.b.WriteByte(']')
}

// pick writes one of vals (JSON texts) mostly, else a random string.
func pick(vals ...string) func(g *gen) {
	return func(g *gen) {
		if g.p(85) {
			g.b.WriteString(vals[g.r.Intn(len(vals))])
			return
		}
		g.str()
	}
}

var (
	action = pick(`"SCMP_ACT_ALLOW"`, `"SCMP_ACT_ERRNO"`, `"SCMP_ACT_LOG"`, `"SCMP_ACT_KILL"`, `"SCMP_ACT_TRAP"`, `"SCMP_ACT_\u0041LLOW"`)
	op     = pick(`"SCMP_CMP_EQ"`, `"SCMP_CMP_NE"`, `"SCMP_CMP_MASKED_EQ"`, `"SCMP_CMP_GE"`, `"SCMP_CMP_LT"`)
	arch   = pick(`"SCMP_ARCH_X86_64"`, `"SCMP_ARCH_X86"`, `"SCMP_ARCH_X32"`, `"SCMP_ARCH_AARCH64"`)
)

func strs(g *gen) { g.arr(func(g *gen) { g.str() }) }

func nameList(g *gen) {
	// few distinct names, so that lists repeat them
	pool := []string{`"read"`, `"write"`, `"opne"`, `""`, `"r\u0065ad"`, `"close"`, `"ſ"`, `"\ud800"`}
	g.arr(func(g *gen) { g.b.WriteString(pool[g.r.Intn(len(pool))]) })
}

func (g *gen) argObj() {
	g.obj([]field{
		{"index", (*gen).num}, {"value", (*gen).num}, {"valueTwo", (*gen).num}, {"op", op},
	})
}

func (g *gen) filterObj() {
	g.obj([]field{
		{"caps", strs}, {"arches", strs}, {"minKernel", func(g *gen) {
			if g.clean {
				g.b.WriteString(kernels[[]int{0, 1, 3, 5, 8, 9, 17, 19}[g.r.Intn(8)]])
				return
			}
			g.b.WriteString(kernels[g.r.Intn(len(kernels))])
		}},
	})
}

func (g *gen) ruleObj() {
	g.obj([]field{
		{"names", nameList}, {"name", (*gen).str}, {"action", action}, {"errnoRet", (*gen).num},
		{"args", func(g *gen) { g.arr((*gen).argObj) }}, {"comment", (*gen).str},
		{"includes", (*gen).filterObj}, {"excludes", (*gen).filterObj}, {"errno", (*gen).any},
	})
}

func (g *gen) profile() {
	g.obj([]field{
		{"defaultAction", action}, {"defaultErrnoRet", (*gen).num}, {"architectures", func(g *gen) { g.arr(arch) }}, {"flags", strs},
		{"listenerPath", (*gen).str}, {"listenerMetadata", (*gen).str},
		{"syscalls", func(g *gen) { g.arr((*gen).ruleObj) }},
		{"archMap", func(g *gen) {
			g.arr(func(g *gen) {
				g.obj([]field{{"architecture", arch}, {"subArchitectures", func(g *gen) { g.arr(arch) }}})
			})
		}},
		{"defaultErrno", (*gen).any},
	})
}

func (g *gen) config() {
	g.obj([]field{
		{"ociVersion", (*gen).str},
		{"linux", func(g *gen) {
			g.obj([]field{{"seccomp", (*gen).profile}, {"namespaces", (*gen).any}})
		}},
		{"process", (*gen).any},
	})
}

func (g *gen) doc(kind int) []byte {
	g.b.Reset()
	g.clean = g.p(60)
	if !g.clean && g.p(1) {
		g.b.WriteString("\xef\xbb\xbf")
	}
	g.ws()
	switch {
	case !g.clean && g.p(2):
		g.any()
	case g.p(2):
		g.b.WriteString("null")
	case kind == 2:
		g.config()
	default:
		g.profile()
	}
	g.ws()
	if !g.clean && g.p(1) {
		g.b.WriteString([]string{"x", "{}", "null", ",", "]", "\x00"}[g.r.Intn(6)]) // after the value: invalid
	}
	return []byte(g.b.String())
}

// dedup removes the repeats each Repeat says the decoder dropped from
// encoding/json's names lists.
func dedup(t *testing.T, data []byte, reps []Repeat, list func(i int) *[]string) {
	t.Helper()
	for _, rep := range reps {
		l := list(rep.Rule)
		if l == nil {
			t.Fatalf("%q: a Repeat for rule %d, which has no names", data, rep.Rule)
		}
		kept, ok := rep.Drop(*l)
		if !ok {
			t.Fatalf("%q: rule %d repeats %v (%d), the list is %v", data, rep.Rule, rep.Names, rep.Count, *l)
		}
		*l = kept
	}
}

// genCount is the number of inputs per kind TestGenerated decodes
// (SECCOMPC_GEN_N raises it).
func genCount() int {
	if n, err := strconv.Atoi(os.Getenv("SECCOMPC_GEN_N")); err == nil {
		return n
	}
	if testing.Short() {
		return 200
	}
	return 1000
}

// ociRules returns the names list of each rule of s, for dedup.
func ociRules(s *specs.LinuxSeccomp) func(i int) *[]string {
	return func(i int) *[]string {
		if i >= len(s.Syscalls) {
			return nil
		}
		return &s.Syscalls[i].Names
	}
}

// genKinds are the decoders TestGenerated checks, each with
// encoding/json's reading of the same input into the same type (and the
// names lists of its rules).
var genKinds = []struct {
	name   string
	decode func([]byte) (Result, bool)
	got    func(*Result) any
	want   func([]byte) (any, func(int) *[]string, error)
}{
	{"Decode", Decode, func(r *Result) any { return r.Profile }, func(data []byte) (any, func(int) *[]string, error) {
		var want seccomp.Seccomp
		err := json.Unmarshal(data, &want)
		return &want, func(i int) *[]string {
			if i >= len(want.Syscalls) || want.Syscalls[i] == nil {
				return nil
			}
			return &want.Syscalls[i].Names
		}, err
	}},
	{"DecodeOCI", DecodeOCI, func(r *Result) any { return r.Seccomp }, func(data []byte) (any, func(int) *[]string, error) {
		var want specs.LinuxSeccomp
		err := json.Unmarshal(data, &want)
		return &want, ociRules(&want), err
	}},
	{"DecodeConfig", DecodeConfig, func(r *Result) any { return r.Seccomp }, func(data []byte) (any, func(int) *[]string, error) {
		var doc struct {
			Linux *struct {
				Seccomp *specs.LinuxSeccomp `json:"seccomp"`
			} `json:"linux"`
		}
		err := json.Unmarshal(data, &doc)
		if doc.Linux == nil || doc.Linux.Seccomp == nil {
			return (*specs.LinuxSeccomp)(nil), nil, err
		}
		return doc.Linux.Seccomp, ociRules(doc.Linux.Seccomp), err
	}},
}

// TestGenerated compares Decode, DecodeOCI and DecodeConfig with
// encoding/json on generated hostile input: the same verdict and, on
// valid input, the same value (up to the names the Repeats dropped).
func TestGenerated(t *testing.T) {
	seed := int64(1)
	if s, err := strconv.ParseInt(os.Getenv("SECCOMPC_GEN_SEED"), 10, 64); err == nil {
		seed = s
	}
	g := &gen{r: rand.New(rand.NewSource(seed))}
	n := genCount()
	valid := make([]int, len(genKinds))
	for i := range n {
		for kind, k := range genKinds {
			data := g.doc(kind)
			res, ok := k.decode(data)
			want, rules, err := k.want(data)
			if ok != (err == nil) {
				t.Fatalf("input %d: %s(%q) ok %v, encoding/json: %v", i, k.name, data, ok, err)
			}
			if ok {
				if rules != nil {
					dedup(t, data, res.Repeats, rules)
				}
				if got := k.got(&res); !reflect.DeepEqual(got, want) {
					t.Fatalf("input %d: %s(%q) =\n%#v\nencoding/json\n%#v", i, k.name, data, got, want)
				}
			}
			if ok {
				valid[kind]++
			}
			if dir := os.Getenv("SECCOMPC_GEN_DIR"); dir != "" {
				name := fmt.Sprintf("%s/%d-%d.json", dir, i, kind)
				if err := os.WriteFile(name, data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	t.Logf("seed %d: %d inputs per kind; valid: docker %d, oci %d, config %d", seed, n, valid[0], valid[1], valid[2])
}
