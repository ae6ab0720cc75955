package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// Messages (errors, warnings, lint findings) quote and cut every piece
// of input they show: whatever the input, a message line stays below
// maxMessageLine bytes of valid UTF-8 without control characters.
const maxMessageLine = 1024

// hugePiece is a piece of input much longer than any message may show:
// it starts with the bytes that break a line or a terminal (a line
// break, NUL, an escape sequence, invalid UTF-8, a quote).
func hugePiece(n int) string {
	return "\n\x00\x1b[2J\xff\"*/" + strings.Repeat("a", n)
}

// checkMessages fails when out holds a line longer than maxMessageLine,
// invalid UTF-8 or a control character, or is longer than max in all.
func checkMessages(t *testing.T, what, out string, max int) {
	t.Helper()
	if len(out) > max {
		t.Errorf("%s: %d bytes of messages, want at most %d: %.300q", what, len(out), max, out)
		return
	}
	for _, l := range strings.Split(out, "\n") {
		switch {
		case len(l) > maxMessageLine:
			t.Errorf("%s: a line of %d bytes: %.300q", what, len(l), l)
		case !utf8.ValidString(l):
			t.Errorf("%s: invalid UTF-8 in %q", what, l)
		case strings.ContainsFunc(l, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }):
			t.Errorf("%s: control character in %q", what, l)
		}
	}
}

// TestMessagesBoundedHuge feeds the inputs of issue 12 D6: a 100 MB
// defaultAction (once copied whole into the error) and a 1 MB syscall
// name (2 MB of warning).
func TestMessagesBoundedHuge(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a 100 MB profile")
	}
	action := `{"defaultAction":"` + strings.Repeat("X", 100<<20) + `"}`
	_, errs, code := runCLI(t, action, "compile", "--target", "x86_64", "-")
	if code != 2 {
		t.Errorf("100 MB defaultAction: exit %d, want 2", code)
	}
	checkMessages(t, "compile, 100 MB defaultAction", errs, maxMessageLine)
	if !strings.Contains(errs, "(104857600 bytes)") {
		t.Errorf("the message does not say how long the action was: %.300q", errs)
	}

	// The same hostile name (without white space, which names may not
	// hold) three times: lint's duplicate and shadowing findings print
	// the rules.
	esc, _ := json.Marshal(strings.Join(strings.Fields(hugePiece(1<<20)), ""))
	twice := `{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64"],"syscalls":[` +
		`{"names":[` + string(esc) + `],"action":"SCMP_ACT_ALLOW"},{"names":[` + string(esc) + `],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":1,"op":"SCMP_CMP_EQ"}]},` +
		`{"names":[` + string(esc) + `],"action":"SCMP_ACT_ALLOW"}]}`
	for _, cmd := range []string{"compile", "lint", "verify"} {
		out, errs, _ := runCLI(t, twice, cmd, "--target", "x86_64", "-")
		checkMessages(t, cmd+" stderr, a hostile name three times", errs, 8*maxMessageLine)
		if cmd == "lint" {
			checkMessages(t, "lint stdout, a hostile name three times", out, 8*maxMessageLine)
		}
	}

	name := strings.Repeat("r", 1<<20)
	profile := `{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64"],"syscalls":[` +
		`{"names":["read"],"action":"SCMP_ACT_ALLOW"},{"names":["` + name + `"],"action":"SCMP_ACT_ALLOW"}]}`
	for _, cmd := range [][]string{{"compile"}, {"lint"}, {"verify"}, {"stats"}, {"explain", "-", "read"}, {"sim", "-", "read"}} {
		args := append([]string{cmd[0], "--target", "x86_64"}, cmd[1:]...)
		if len(cmd) == 1 {
			args = append(args, "-")
		}
		out, errs, _ := runCLI(t, profile, args...)
		checkMessages(t, cmd[0]+" stderr, 1 MB syscall name", errs, 4*maxMessageLine)
		if cmd[0] == "lint" {
			checkMessages(t, "lint stdout, 1 MB syscall name", out, 4*maxMessageLine)
		}
	}
}

// TestMessagesBoundedArgs gives the CLI huge words on the command line:
// usage errors quote and cut them as they do input.
func TestMessagesBoundedArgs(t *testing.T) {
	huge := hugePiece(1 << 20)
	many := make([]string, 20)
	for i := range many {
		many[i] = hugePiece(64 << 10)
	}
	const small = "../../testdata/e2e/probe.policy"
	for _, args := range [][]string{
		{huge},
		{"compile", "--format", huge, small},
		{"compile", "--target", huge},
		{"compile", "--baseline", huge},
		{"compile", "--format", "go", "--package", huge, small},
		{"compile", "--format", "go", "--var", huge, small},
		{"compile", "--format", "go", "--build", huge, small},
		append([]string{"compile"}, many...),
		{"syscalls", "--baseline", huge},
		{"syscalls", "--format", huge},
		{"syscalls", "--arch", huge},
		append([]string{"syscalls"}, many...),
		{"stats", "--format", huge},
		append([]string{"stats"}, many...),
		{"diff", "--format", huge, "a", "b"},
		{"dump", "--format", huge, "--pid", "1"},
		append([]string{"dump", "--pid", "1"}, many...),
		{"lint", "--format", huge},
		{"verify", "--format", huge},
		append([]string{"verify"}, many...),
		{"verify", "--bpf", "x.bpf", huge},
		{"exec", "--flags", huge, small, "--", "true"},
		append([]string{"exec"}, append(many, "--", "true")...),
		{"sim", "../../testdata/e2e/probe.policy", huge},
		{"sim", "../../testdata/e2e/probe.policy", "read", huge},
		{"explain", "../../testdata/e2e/probe.policy", huge},
		{"disasm", "--target", huge, "x.bpf"},
	} {
		_, errs, code := runCLI(t, "", args...)
		if code == 0 {
			t.Errorf("%.40q: exit 0", args)
		}
		checkMessages(t, fmt.Sprintf("%.40q", args), errs, 4*maxMessageLine)
	}
}

// messageSeeds are small profiles of every kind, with every field the
// front ends read.
var messageSeeds = map[string]string{
	"oci.json": `{"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":1,"architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_X86"],
		"flags":["SECCOMP_FILTER_FLAG_LOG"],"listenerPath":"/run/l.sock","listenerMetadata":"m",
		"syscalls":[{"names":["read","write"],"action":"SCMP_ACT_ALLOW"},
		{"names":["personality"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":8,"valueTwo":0,"op":"SCMP_CMP_EQ"}]},
		{"names":["socket"],"action":"SCMP_ACT_NOTIFY"},
		{"names":["ioctl"],"action":"SCMP_ACT_ERRNO","errnoRet":13,"args":[{"index":1,"value":255,"valueTwo":40,"op":"SCMP_CMP_MASKED_EQ"}]}]}`,
	"config.json": `{"ociVersion":"1.0.2","process":{"args":["sh"]},"linux":{"seccomp":{"defaultAction":"SCMP_ACT_ERRNO",
		"architectures":["SCMP_ARCH_X86_64"],"syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW",
		"args":[{"index":2,"value":1,"op":"SCMP_CMP_GE"}]}]}}}`,
	"docker.json": `{"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":1,
		"archMap":[{"architecture":"SCMP_ARCH_X86_64","subArchitectures":["SCMP_ARCH_X86","SCMP_ARCH_X32"]}],
		"syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW","comment":"c"},
		{"name":"write","action":"SCMP_ACT_ALLOW"},
		{"names":["ptrace"],"action":"SCMP_ACT_ALLOW","includes":{"caps":["CAP_SYS_PTRACE"],"minKernel":"4.8"},"excludes":{"arches":["s390x"]}},
		{"names":["clone"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":2114060288,"valueTwo":0,"op":"SCMP_CMP_MASKED_EQ"}],"excludes":{"caps":["CAP_SYS_ADMIN"]}}]}`,
	"x.policy": "default errno(1)\nbadarch kill_process\narch x86_64 x86\nbaseline 5.4\nflag log tsync\nlistener \"/run/l.sock\" \"meta\"\n" +
		"allow read, write, 400\nallow personality if a0 in {0, 8..9} || lo32(a1) == 3\nerrno(13) ioctl if (a1 & 0xff) != 0x10\nnotify socket\ntrace(3) kcmp\n",
}

// TestMessagesBoundedEveryField replaces each piece of each seed in
// turn (every JSON key, string, number, array and object; every token of
// the policy language) by a 100 KB one holding line breaks, NUL and
// invalid UTF-8, and checks every message of compile and lint: the
// class of defect is any error or warning that embeds input whole.
func TestMessagesBoundedEveryField(t *testing.T) {
	huge := hugePiece(100 << 10)
	names := make([]string, 0, len(messageSeeds))
	for name := range messageSeeds {
		names = append(names, name)
	}
	sort.Strings(names)
	runs := 0
	for _, name := range names {
		var variants []string
		if strings.HasSuffix(name, ".json") {
			variants = jsonVariants(t, messageSeeds[name], huge)
		} else {
			variants = policyVariants(messageSeeds[name], huge)
		}
		for i, v := range variants {
			for _, cmd := range []string{"compile", "lint"} {
				out, errs, _ := runCLI(t, v, cmd, "--target", "x86_64", "-")
				what := fmt.Sprintf("%s variant %d, %s", name, i, cmd)
				checkMessages(t, what+" stderr", errs, 8*maxMessageLine)
				if cmd == "lint" {
					checkMessages(t, what+" stdout", out, 16*maxMessageLine)
				}
				runs++
			}
		}
	}
	if runs < 200 {
		t.Errorf("only %d runs", runs)
	}
}

// hugeMark stands for the huge piece in marshalled JSON.
const hugeMark = "\x01HUGE\x01"

// jsonVariants returns seed with each key and each value in turn
// replaced by huge as a string, and each number also by a huge number.
func jsonVariants(t *testing.T, seed, huge string) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(seed))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		t.Fatalf("seed: %v", err)
	}
	// The huge piece goes in raw, so that the input holds invalid UTF-8
	// (encoding/json would replace it) and escaped control characters.
	esc, _ := json.Marshal(strings.ToValidUTF8(huge, ""))
	raw := `"` + strings.Replace(string(esc[1:len(esc)-1]), `\u001b`, "\xff\\u001b", 1) + `"`
	hugeNumber := strings.Repeat("9", len(huge))
	var out []string
	emit := func() {
		b, err := json.Marshal(root)
		if err != nil {
			t.Fatal(err)
		}
		s := strings.ReplaceAll(string(b), `"\u0001HUGE\u0001"`, raw)
		s = strings.ReplaceAll(s, "1234567.1234567", hugeNumber)
		out = append(out, s)
	}
	var walk func(v any, set func(any))
	walk = func(v any, set func(any)) {
		set(hugeMark)
		emit()
		if _, ok := v.(json.Number); ok {
			set(json.Number("1234567.1234567"))
			emit()
		}
		set(v)
		switch v := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				x := v[k]
				delete(v, k)
				v[hugeMark] = x
				emit()
				delete(v, hugeMark)
				v[k] = x
				walk(x, func(y any) { v[k] = y })
			}
		case []any:
			for i := range v {
				walk(v[i], func(y any) { v[i] = y })
			}
		}
	}
	walk(root, func(y any) { root = y })
	return out
}

var policyToken = regexp.MustCompile(`"[^"]*"|[A-Za-z0-9_.]+|[^\sA-Za-z0-9_."]+`)

// policyVariants returns seed with each token in turn replaced by huge
// and by a huge word, number and string.
func policyVariants(seed, huge string) []string {
	word := strings.Repeat("w", len(huge))
	var out []string
	for _, loc := range policyToken.FindAllStringIndex(seed, -1) {
		for _, r := range []string{huge, word, strings.Repeat("7", len(huge)), `"` + huge[1:] + `"`} {
			var b bytes.Buffer
			b.WriteString(seed[:loc[0]])
			b.WriteString(r)
			b.WriteString(seed[loc[1]:])
			out = append(out, b.String())
		}
	}
	return out
}
