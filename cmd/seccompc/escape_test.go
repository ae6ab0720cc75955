package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostileNames are names that break out of a comment or a string in one
// generated format or another: C and Go comment ends, quotes, line
// breaks (a new line of C, Go, asm or a //go: directive), NUL, invalid
// UTF-8 and a byte order mark in the middle.
var hostileNames = []string{
	"a*/ int evil = 1; /*.policy",
	`q"uote\" int evil2; ".policy`,
	"nl\nint evil3 = 3;\n//go:generate rm -rf /\n.policy",
	"cr\r\n 0: ret #0 ; x.policy",
	"nul\x00int evil4;.policy",
	"bad\xff\xfe utf8.policy",
	"bom\ufeff.policy",
	"back\\slash.policy",
	"tab\tand\x1b[2J escape.policy",
	"}; digraph evil { x -> y } //.policy",
}

// escapeFormats are the text formats of compile; raw has no text.
var escapeFormats = []string{"asm", "base64", "c", "go", "json", "dot"}

const escapePolicy = "default errno(1)\narch x86_64\nallow read, write\nallow personality if a0 == 8\nkill_process ptrace\n"

// TestGeneratedFormatsEscapeInput compiles one policy under hostile
// names, given as file names through the CLI (those a file system
// allows) and directly to the compiler (NUL), and checks that every
// text format still parses (gcc for C, go/parser for Go, the formats'
// grammars for asm, dot and JSON) to the same structure as under a
// plain name: the name may be escaped or dropped, never executed.
func TestGeneratedFormatsEscapeInput(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.policy")
	if err := os.WriteFile(plain, []byte(escapePolicy), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range escapeFormats {
		want := compileStructure(t, format, compileVia(t, format, plain, ""))
		for i, name := range hostileNames {
			t.Run(fmt.Sprintf("%s/%d", format, i), func(t *testing.T) {
				var out string
				if strings.IndexByte(name, 0) < 0 {
					// A name with slashes is a path through directories.
					path := filepath.Join(dir, fmt.Sprint(i), name)
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, []byte(escapePolicy), 0o644); err != nil {
						t.Fatal(err)
					}
					out = compileVia(t, format, path, "")
				} else {
					out = compileVia(t, format, "", name)
				}
				if got := compileStructure(t, format, out); got != want {
					t.Errorf("name %q changed the structure of --format %s:\n got: %s\nwant: %s\noutput:\n%s", name, format, got, want, out)
				}
			})
		}
	}
}

// TestGeneratedFormatsEscapeProfileText puts hostile text inside the
// profile: syscall names (unknown everywhere, so they reach the output
// as warnings) in an OCI profile.
func TestGeneratedFormatsEscapeProfileText(t *testing.T) {
	mk := func(names []string) string {
		js, err := json.Marshal(names)
		if err != nil {
			t.Fatal(err)
		}
		// encoding/json turns invalid UTF-8 into U+FFFD; put the raw
		// bytes back so the front end sees them.
		s := strings.ReplaceAll(string(js), `\ufffd`, "\xff")
		return `{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64"],"syscalls":[` +
			`{"names":["read","write"],"action":"SCMP_ACT_ALLOW"},` +
			`{"names":` + s + `,"action":"SCMP_ACT_ALLOW"}]}`
	}
	// Syscall names may not hold white space: the front end refuses
	// them.
	var plainNames, names []string
	for i, n := range hostileNames {
		plainNames = append(plainNames, fmt.Sprintf("nosuchsyscall%d", i))
		names = append(names, strings.Join(strings.Fields(n), ""))
	}
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.json")
	hostile := filepath.Join(dir, "hostile.json")
	if err := os.WriteFile(plain, []byte(mk(plainNames)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(hostile, []byte(mk(names)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range escapeFormats {
		want := compileStructure(t, format, compileVia(t, format, plain, ""))
		got := compileStructure(t, format, compileVia(t, format, hostile, ""))
		if got != want {
			t.Errorf("--format %s: hostile syscall names changed the structure:\n got: %s\nwant: %s", format, got, want)
		}
	}
}

// compileVia compiles escapePolicy (or the file at path) in format: by
// the CLI from path, or, for a name no file can have, by compileBytes
// under that name.
func compileVia(t *testing.T, format, path, name string) string {
	t.Helper()
	if path != "" {
		out, errs, code := runCLI(t, "", "compile", "--target", "x86_64", "--baseline", "5.4", "--format", format, path)
		if code != 0 {
			t.Fatalf("compile %q: exit %d: %s", path, code, errs)
		}
		return out
	}
	target, baseline := "x86_64", "5.4"
	c, err := compileBytes([]byte(escapePolicy), name, &compileFlags{target: &target, baseline: &baseline})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if format == "go" {
		err = writeGoFile(&buf, c, goFileOptions{})
	} else {
		err = writeProgram(&buf, c, format)
	}
	if err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return buf.String()
}

// compileStructure parses out in format and returns its structure with
// the text of comments and strings left out; it fails the test when out
// does not parse.
func compileStructure(t *testing.T, format, out string) string {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("--format %s: output is not valid UTF-8:\n%q", format, out)
	}
	var s string
	var err error
	switch format {
	case "asm":
		s, err = asmStructure(out)
	case "base64":
		var raw []byte
		raw, err = base64.StdEncoding.DecodeString(strings.TrimSpace(out))
		s = fmt.Sprintf("%d bytes", len(raw))
	case "c":
		s, err = cStructure(t, out)
	case "go":
		s, err = goStructure(out)
	case "json":
		s, err = jsonStructure(out)
	case "dot":
		s, err = dotStructure(out)
	}
	if err != nil {
		t.Fatalf("--format %s does not parse: %v\noutput:\n%s", format, err, out)
	}
	return s
}

var asmInsnLine = regexp.MustCompile(`^ *([0-9]+): (.*)$`)

// asmStructure checks the asm format: header lines starting with "; ",
// then one line per instruction, numbered from 0, with an optional
// " ; comment". It returns the headers' count and the instructions.
func asmStructure(out string) (string, error) {
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	var b strings.Builder
	headers, pc := 0, 0
	for _, l := range lines {
		if strings.ContainsAny(l, "\r\x00") {
			return "", fmt.Errorf("control character in line %q", l)
		}
		if pc == 0 && strings.HasPrefix(l, "; ") {
			headers++
			continue
		}
		m := asmInsnLine.FindStringSubmatch(l)
		if m == nil || m[1] != fmt.Sprint(pc) {
			return "", fmt.Errorf("line %q: want instruction %d", l, pc)
		}
		text, _, _ := strings.Cut(m[2], " ; ")
		fmt.Fprintf(&b, "%s|", strings.TrimSpace(text))
		pc++
	}
	return fmt.Sprintf("%d headers|%s", headers, b.String()), nil
}

// cStructure compiles out with gcc as a header included by a file that
// uses the filter, then returns the preprocessed header (comments
// removed).
func cStructure(t *testing.T, out string) (string, error) {
	t.Helper()
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		t.Skip("gcc not found: cannot check the C format")
	}
	dir := t.TempDir()
	h := filepath.Join(dir, "filter.h")
	c := filepath.Join(dir, "main.c")
	if err := os.WriteFile(h, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(c, []byte("#include <linux/filter.h>\n#include \"filter.h\"\nint main(void) { return seccompc_filter[0].code; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if msg, err := exec.Command(gcc, "-Wall", "-Werror", "-o", filepath.Join(dir, "a.out"), c).CombinedOutput(); err != nil {
		return "", fmt.Errorf("gcc: %v: %s", err, msg)
	}
	pre, err := exec.Command(gcc, "-E", "-P", h).Output()
	if err != nil {
		return "", fmt.Errorf("gcc -E: %v", err)
	}
	return strings.Join(strings.Fields(string(pre)), " "), nil
}

// goStructure parses out as Go source and returns its declarations
// printed without comments, and its //go: directives.
func goStructure(out string) (string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "filter.go", out, parser.ParseComments)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, g := range f.Comments {
		for _, c := range g.List {
			if strings.HasPrefix(c.Text, "//go:") || strings.HasPrefix(c.Text, "//line") {
				b.WriteString(c.Text + "|")
			}
		}
	}
	f.Comments = nil
	f.Doc = nil
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GenDecl:
			n.Doc = nil
		case *ast.ValueSpec:
			n.Doc, n.Comment = nil, nil
		}
		return true
	})
	if err := printer.Fprint(&b, fset, f); err != nil {
		return "", err
	}
	return b.String(), nil
}

// jsonStructure decodes out and returns it with every string emptied.
func jsonStructure(out string) (string, error) {
	var v any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		return "", err
	}
	var blank func(any) any
	blank = func(v any) any {
		switch v := v.(type) {
		case string:
			return ""
		case []any:
			for i := range v {
				v[i] = blank(v[i])
			}
		case map[string]any:
			for k := range v {
				v[k] = blank(v[k])
			}
		}
		return v
	}
	b, err := json.Marshal(blank(v))
	return string(b), err
}

// dotStructure tokenizes out by the Graphviz DOT grammar (IDs,
// numerals, double-quoted strings, punctuation, comments) and returns
// the tokens with every string's text left out. Graphviz reads UTF-8
// and ends a string at NUL, so both are checked.
func dotStructure(out string) (string, error) {
	var toks []string
	for i := 0; i < len(out); {
		c := out[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case c == '"':
			j := i + 1
			for ; j < len(out) && out[j] != '"'; j++ {
				switch out[j] {
				case '\\':
					j++
				case 0, '\r':
					return "", fmt.Errorf("control character in string at byte %d", j)
				}
			}
			if j >= len(out) {
				return "", fmt.Errorf("unterminated string at byte %d", i)
			}
			toks = append(toks, `""`)
			i = j + 1
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' && i+1 < len(out) && out[i+1] >= '0' && out[i+1] <= '9':
			j := i
			for j < len(out) && (out[j] == '_' || out[j] == '.' || out[j] >= 'a' && out[j] <= 'z' || out[j] >= 'A' && out[j] <= 'Z' || out[j] >= '0' && out[j] <= '9') {
				j++
			}
			if j == i {
				j++
			}
			toks = append(toks, out[i:j])
			i = j
		case c == '-' && i+1 < len(out) && out[i+1] == '>':
			toks = append(toks, "->")
			i += 2
		case strings.IndexByte("{}[];=,", c) >= 0:
			toks = append(toks, string(c))
			i++
		default:
			return "", fmt.Errorf("unexpected byte %q at %d", c, i)
		}
	}
	return strings.Join(toks, " "), nil
}
