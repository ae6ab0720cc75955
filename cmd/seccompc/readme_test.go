package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The README test runs the command lines of README.md as a reader
// would, and checks what they print.
//
// Which lines are commands:
//
//   - A ```sh block holds command lines, one a line ("\" continues a
//     line); lines starting with # are comments. Its lines run in order
//     in one shell, so a variable one line sets (tmp=$(mktemp -d)) holds
//     for the next ones.
//   - A fenced block whose first line starts with "$ " is a transcript:
//     each "$ " line is a command, and the lines up to the next "$ " are
//     its output (stdout and stderr as a terminal shows them). A line
//     that is only "…" stands for any number of lines left out.
//   - Other blocks (```go, the policy language, diagrams) are not run.
//
// Marking what the test cannot run: a command line that needs root, a
// container runtime or a process of the reader's ends with a comment
// "# needs: root, process"; a whole block is marked by the line
// "<!-- needs: root, crun -->" just before its opening fence (invisible
// once rendered). The needs are root (run when the test runs as root),
// crun, podman (never run here: TestCrun runs containers) and process (a
// process id of the reader's: never run). Every seccompc invocation,
// run or not, must name a command and flags that exist.
//
// "go install ./cmd/seccompc" is the test's own build, "go run
// ./cmd/seccompc" stands for seccompc, and "go test ./..." is the test
// itself, not run again.
//
// Where they run: a temporary directory holding a copy of every
// repository file the commands name (so "testdata/..." paths resolve
// and print as they do from the root, and nothing is written into the
// repository), with TMPDIR inside it and the seccompc the test built
// first on PATH.
//
// What is compared: each command's exit status must be 0 or 1 (1 is a
// finding: lint errors, a difference); its output, with the temporary
// paths and the compile times replaced by placeholders, must equal its
// golden file in testdata/golden/readme (-update rewrites them and
// removes the stale ones), and a transcript's output must match the
// golden output. The outputs shown are from an x86_64 host: elsewhere
// the commands run but their outputs are not compared.

// readmeNeeds are the needs a command line or a block may declare.
var readmeNeeds = map[string]bool{"root": true, "crun": true, "podman": true, "process": true}

// readmeCmd is one command line of the README.
type readmeCmd struct {
	line  int      // 1-based line in README.md
	text  string   // the command, continuations joined
	needs []string // what it needs that the test may lack
	shown []string // a transcript's output lines; nil in a sh block
	trans bool     // from a transcript
}

// readmeBlock is a block of commands run in one shell.
type readmeBlock struct {
	line int
	cmds []readmeCmd
}

var needsComment = regexp.MustCompile(`\s+#\s*needs:\s*(.*)$`)
var needsMarker = regexp.MustCompile(`^<!--\s*needs:\s*(.*?)\s*-->$`)

// parseNeeds reads "root, crun" into its words.
func parseNeeds(s string) []string {
	var out []string
	for _, w := range strings.Split(s, ",") {
		if w = strings.TrimSpace(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// readmeBlocks returns the blocks of commands of the README text.
func readmeBlocks(t *testing.T, text string) []readmeBlock {
	var blocks []readmeBlock
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		fence, ok := strings.CutPrefix(lines[i], "```")
		if !ok {
			continue
		}
		lang := strings.TrimSpace(fence)
		var blockNeeds []string
		if i > 0 {
			if m := needsMarker.FindStringSubmatch(strings.TrimSpace(lines[i-1])); m != nil {
				blockNeeds = parseNeeds(m[1])
			}
		}
		start := i + 1
		end := start
		for end < len(lines) && !strings.HasPrefix(lines[end], "```") {
			end++
		}
		body := lines[start:end]
		i = end
		b := readmeBlock{line: start}
		switch {
		case len(body) > 0 && strings.HasPrefix(body[0], "$ "):
			for k := 0; k < len(body); k++ {
				cmd, ok := strings.CutPrefix(body[k], "$ ")
				if !ok {
					t.Errorf("README.md:%d: transcript line outside a command's output: %q", start+k+1, body[k])
					continue
				}
				c := readmeCmd{line: start + k + 1, text: cmd, needs: blockNeeds, trans: true, shown: []string{}}
				for k+1 < len(body) && !strings.HasPrefix(body[k+1], "$ ") {
					k++
					c.shown = append(c.shown, body[k])
				}
				b.cmds = append(b.cmds, c)
			}
		case lang == "sh":
			for k := 0; k < len(body); k++ {
				line := body[k]
				first := start + k + 1
				for strings.HasSuffix(line, "\\") && k+1 < len(body) {
					k++
					line = strings.TrimSuffix(line, "\\") + " " + strings.TrimSpace(body[k])
				}
				trimmed := strings.TrimSpace(line)
				if trimmed == "" || strings.HasPrefix(trimmed, "#") {
					continue
				}
				c := readmeCmd{line: first, text: trimmed, needs: blockNeeds}
				if m := needsComment.FindStringSubmatchIndex(trimmed); m != nil {
					c.needs = append(slices.Clone(blockNeeds), parseNeeds(trimmed[m[2]:m[3]])...)
					c.text = strings.TrimSpace(trimmed[:m[0]])
				}
				b.cmds = append(b.cmds, c)
			}
		default:
			continue
		}
		for _, c := range b.cmds {
			for _, n := range c.needs {
				if !readmeNeeds[n] {
					t.Errorf("README.md:%d: unknown need %q (known: root, crun, podman, process)", c.line, n)
				}
			}
		}
		blocks = append(blocks, b)
	}
	return blocks
}

// runnable reports whether the test runs c, and if not, why.
func (c *readmeCmd) runnable() (bool, string) {
	for _, n := range c.needs {
		switch n {
		case "root":
			if os.Geteuid() != 0 {
				return false, "needs root"
			}
		default:
			return false, "needs " + n
		}
	}
	return true, ""
}

var (
	subst      = regexp.MustCompile(`"?\$\(([^()]*)\)"?`)
	shellSplit = regexp.MustCompile(`\s*(\|\||&&|[|;&])\s*`)
)

// seccompcArgs returns the argument lists of the seccompc invocations
// in a command line, $(...) substitutions included.
func seccompcArgs(text string) [][]string {
	var out [][]string
	line := text
	for {
		m := subst.FindStringSubmatchIndex(line)
		if m == nil {
			break
		}
		inner := line[m[2]:m[3]]
		out = append(out, seccompcArgs(inner)...)
		line = line[:m[0]] + "1" + line[m[1]:] // a value that parses as any flag's
	}
	if i := strings.Index(line, " #"); i >= 0 {
		line = line[:i]
	}
	for _, seg := range shellSplit.Split(line, -1) {
		f := strings.Fields(strings.NewReplacer(`"`, "", `'`, "").Replace(seg))
		if len(f) > 0 && f[0] == "seccompc" {
			out = append(out, f[1:])
		}
	}
	return out
}

// checkInvocation checks that args name a command and flags it has.
func checkInvocation(args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("seccompc without a command")
	}
	if args[0] == "help" {
		return nil
	}
	c := lookup(args[0])
	if c == nil {
		return fmt.Errorf("no command %q", args[0])
	}
	var fs *flag.FlagSet
	flagSetHook = func(_ *command, f *flag.FlagSet) { fs = f }
	defer func() { flagSetHook = nil }()
	run(&env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}, []string{c.name, "-h"})
	if fs == nil {
		return fmt.Errorf("%s: no flag set", c.name)
	}
	rest := args[1:]
	if i := slices.Index(rest, "--"); i >= 0 && c.name == "exec" {
		rest = rest[:i]
	}
	return fs.Parse(rest)
}

// translate turns the go commands of the set-up into what the test
// does: "" for a line it does not run.
func translate(text string) (string, bool) {
	switch {
	case text == "go install ./cmd/seccompc", text == "go test ./...":
		return "", false
	case strings.HasPrefix(text, "go run ./cmd/seccompc"):
		return "seccompc" + strings.TrimPrefix(text, "go run ./cmd/seccompc"), true
	}
	return text, true
}

var (
	compileTimes = regexp.MustCompile(`\d+\.\d+ ms`)
	jsonTimes    = regexp.MustCompile(`("compile(_warm)?_ms": )[0-9.e+-]+`)
)

func TestReadme(t *testing.T) {
	x := buildE2E(t)
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skipf("no sh to run the README's command lines: %v", err)
	}
	text, err := os.ReadFile(filepath.Join(x.root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := readmeBlocks(t, string(text))

	// Every seccompc invocation names a command and flags that exist.
	for _, b := range blocks {
		for _, c := range b.cmds {
			cmd, _ := translate(c.text)
			for _, args := range seccompcArgs(cmd) {
				if err := checkInvocation(args); err != nil {
					t.Errorf("README.md:%d: seccompc %s: %v", c.line, strings.Join(args, " "), err)
				}
			}
		}
	}

	// The working directory: the repository files the commands name.
	work := t.TempDir()
	tmpdir := filepath.Join(work, "tmp")
	if err := os.Mkdir(tmpdir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, b := range blocks {
		for _, c := range b.cmds {
			for _, f := range strings.Fields(c.text) {
				f = strings.Trim(f, `"'`)
				if f == "" || filepath.IsAbs(f) || strings.Contains(f, "$") || !strings.Contains(f, "/") {
					continue
				}
				src := filepath.Join(x.root, f)
				if fi, err := os.Stat(src); err == nil && fi.Mode().IsRegular() {
					copyInto(t, src, filepath.Join(work, f))
				}
			}
		}
	}

	compare := runtime.GOARCH == "amd64"
	if !compare {
		t.Logf("the README's outputs are from an x86_64 host; on %s the commands run but their outputs are not compared", runtime.GOARCH)
	}
	goldenDir := filepath.Join(x.root, "testdata", "golden", "readme")
	used := map[string]bool{}
	ran := 0
	for _, b := range blocks {
		var run []readmeCmd
		var script strings.Builder
		script.WriteString("exec 2>&1\n")
		for _, c := range b.cmds {
			cmd, ok := translate(c.text)
			if !ok {
				continue
			}
			if ok, why := c.runnable(); !ok {
				t.Logf("README.md:%d: not run (%s): %s", c.line, why, c.text)
				continue
			}
			c.text = cmd
			run = append(run, c)
			fmt.Fprintf(&script, "%s\nprintf '@@readme-exit %%d\\n' $?\n", cmd)
		}
		if len(run) == 0 {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		shell := exec.CommandContext(ctx, sh, "-c", script.String())
		shell.Dir = work
		shell.Env = append(os.Environ(), "PATH="+filepath.Dir(x.bin)+string(os.PathListSeparator)+os.Getenv("PATH"), "TMPDIR="+tmpdir)
		out, err := shell.Output()
		cancel()
		if err != nil {
			t.Fatalf("README.md:%d: the block's shell failed: %v\n%s", b.line, err, out)
		}
		parts := strings.Split(string(out), "@@readme-exit ")
		if len(parts) != len(run)+1 {
			t.Fatalf("README.md:%d: %d commands, %d results:\n%s", b.line, len(run), len(parts)-1, out)
		}
		for i, c := range run {
			ran++
			output := parts[i]
			if i > 0 {
				// Each part after the first starts with the previous
				// command's exit status line.
				_, output, _ = strings.Cut(output, "\n")
			}
			statusText, _, _ := strings.Cut(parts[i+1], "\n")
			status, _ := strconv.Atoi(statusText)
			output = normalizeReadme(output, work, tmpdir)
			if status != 0 && status != 1 {
				t.Errorf("README.md:%d: %s: exit status %d:\n%s", c.line, c.text, status, output)
				continue
			}
			name := goldenName(c.text)
			again := used[name] // the same command again: one golden file
			used[name] = true
			got := fmt.Sprintf("$ %s\nexit %d\n%s", c.text, status, output)
			if !compare {
				continue
			}
			path := filepath.Join(goldenDir, name)
			if *update && !again {
				if err := os.MkdirAll(goldenDir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			} else if want, err := os.ReadFile(path); err != nil {
				t.Errorf("README.md:%d: %v (go test -run TestReadme -update creates it)", c.line, err)
			} else if string(want) != got {
				t.Errorf("README.md:%d: %s: output differs from %s (-update rewrites it):\n%s", c.line, c.text, path, lineDiff(string(want), got))
			}
			if c.trans {
				if err := matchShown(c.shown, output); err != nil {
					t.Errorf("README.md:%d: %s: the output shown is not the output: %v", c.line, c.text, err)
				}
			}
		}
	}
	if ran == 0 {
		t.Fatal("no command of the README ran")
	}
	t.Logf("ran %d command lines of the README", ran)

	// Stale golden files: a command that left the README.
	if !compare {
		return
	}
	entries, _ := os.ReadDir(goldenDir)
	for _, e := range entries {
		if used[e.Name()] {
			continue
		}
		if *update {
			os.Remove(filepath.Join(goldenDir, e.Name()))
		} else {
			t.Errorf("%s: no README command has this golden file (-update removes it)", filepath.Join(goldenDir, e.Name()))
		}
	}
}

// normalizeReadme replaces what changes from run to run in output: the
// temporary directories and the compile times.
func normalizeReadme(s, work, tmpdir string) string {
	tmpRun := regexp.MustCompile(regexp.QuoteMeta(tmpdir) + `/tmp\.[A-Za-z0-9]+`)
	s = tmpRun.ReplaceAllString(s, "$$tmp")
	s = strings.ReplaceAll(s, work, "$$WORK")
	s = compileTimes.ReplaceAllString(s, "N ms")
	return jsonTimes.ReplaceAllString(s, "${1}N")
}

// goldenName names the golden file of a command: its words, and a hash
// of it to keep two commands apart.
func goldenName(cmd string) string {
	h := fnv.New32a()
	h.Write([]byte(cmd))
	var b strings.Builder
	for _, r := range strings.TrimPrefix(cmd, "seccompc ") {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '_':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		default:
			if s := b.String(); s != "" && !strings.HasSuffix(s, "-") {
				b.WriteByte('-')
			}
		}
	}
	name := strings.Trim(b.String(), "-")
	if len(name) > 60 {
		name = strings.TrimRight(name[:60], "-")
	}
	return fmt.Sprintf("%s-%08x.golden", name, h.Sum32())
}

// matchShown checks the lines a transcript shows against the output: in
// order and equal, "…" standing for any number of lines.
func matchShown(shown []string, output string) error {
	got := strings.Split(strings.TrimSuffix(output, "\n"), "\n")
	if output == "" {
		got = nil
	}
	var match func(s, g int) bool
	match = func(s, g int) bool {
		if s == len(shown) {
			return g == len(got)
		}
		if strings.TrimSpace(shown[s]) == "…" {
			for k := g; k <= len(got); k++ {
				if match(s+1, k) {
					return true
				}
			}
			return false
		}
		return g < len(got) && shown[s] == got[g] && match(s+1, g+1)
	}
	if match(0, 0) {
		return nil
	}
	// Name the first shown line that is not in the output in order.
	g := 0
	for _, l := range shown {
		if strings.TrimSpace(l) == "…" {
			continue
		}
		k := slices.Index(got[g:], l)
		if k < 0 {
			return fmt.Errorf("shown line %q is not in the output (after line %d):\n%s", l, g, output)
		}
		g += k + 1
	}
	return fmt.Errorf("the output has lines the README neither shows nor elides with …:\n%s", output)
}

// copyInto copies the file src to dst, making dst's directory.
func copyInto(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestReadmeParsing checks the README test's reading of blocks, marks
// and ellipses on a small page, so that a marker it misread cannot let
// a command go unrun unnoticed.
func TestReadmeParsing(t *testing.T) {
	page := "text\n```sh\n# comment\nseccompc verify\nseccompc compile \\\n  --target x86 -o $tmp/f.bpf\nseccompc dump --pid \"$(pidof x)\"  # needs: root, process\n```\n" +
		"<!-- needs: crun -->\n```sh\ncrun run x\n```\n" +
		"```\n$ seccompc verify\nproved: 1\n…\n$ seccompc lint\n```\n" +
		"```go\nseccompc.Install()\n```\n"
	blocks := readmeBlocks(t, page)
	var got []string
	for _, b := range blocks {
		for _, c := range b.cmds {
			got = append(got, fmt.Sprintf("%d %s %v %v %q", c.line, c.text, c.needs, c.trans, c.shown))
		}
	}
	want := []string{
		`4 seccompc verify [] false []`,
		`5 seccompc compile  --target x86 -o $tmp/f.bpf [] false []`,
		`7 seccompc dump --pid "$(pidof x)" [root process] false []`,
		`11 crun run x [crun] false []`,
		`14 seccompc verify [] true ["proved: 1" "…"]`,
		`17 seccompc lint [] true []`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("blocks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if args := seccompcArgs(`podman run --annotation a=$(seccompc compile --format base64 p.json) IMAGE`); len(args) != 1 || strings.Join(args[0], " ") != "compile --format base64 p.json" {
		t.Errorf("seccompcArgs in $(...): %q", args)
	}
	if err := checkInvocation([]string{"compile", "--tagret", "x86"}); err == nil {
		t.Error("checkInvocation accepted --tagret")
	}
	if err := checkInvocation([]string{"dump", "--pid", "1", "--profile", "web.json"}); err != nil {
		t.Errorf("checkInvocation: %v", err)
	}
	for _, tt := range []struct {
		shown  []string
		output string
		ok     bool
	}{
		{[]string{"a", "b"}, "a\nb\n", true},
		{[]string{"a", "…", "d"}, "a\nb\nc\nd\n", true},
		{[]string{"a", "…"}, "a\n", true},
		{[]string{"a", "d"}, "a\nb\nd\n", false}, // a line left out without …
		{[]string{"a", "x"}, "a\nb\n", false},
		{[]string{}, "", true},
		{[]string{}, "a\n", false},
	} {
		if err := matchShown(tt.shown, tt.output); (err == nil) != tt.ok {
			t.Errorf("matchShown(%q, %q) = %v, want ok %v", tt.shown, tt.output, err, tt.ok)
		}
	}
	if bytes.Contains([]byte(goldenName("seccompc lint testdata/lint/mistakes.policy")), []byte("/")) {
		t.Error("golden name holds a slash")
	}
}
