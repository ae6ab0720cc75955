package quote

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/seccompc/seccompc/internal/gosource"
)

func TestAppendMatchesStrconv(t *testing.T) {
	for _, s := range []string{"", "read", "clock_gettime64", `a"b`, `a\b`, "tab\there", "caf\u00e9", "\x00", "~ok~"} {
		if got, want := string(Append([]byte("x="), s)), "x="+strconv.Quote(s); got != want {
			t.Errorf("Append(%q) = %s, want %s", s, got, want)
		}
	}
}

// TestAppendEveryByte checks Append against strconv.Quote for every
// byte, alone and inside a name.
func TestAppendEveryByte(t *testing.T) {
	for c := range 256 {
		for _, s := range []string{string([]byte{byte(c)}), "ab" + string([]byte{byte(c)}) + "cd"} {
			if got, want := string(Append(nil, s)), strconv.Quote(s); got != want {
				t.Errorf("Append(%q) = %s, want %s", s, got, want)
			}
		}
	}
}

// TestValueBounded checks that Value cuts long input to MaxValue bytes,
// says how long it was, and never splits a character.
func TestValueBounded(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{strings.Repeat("a", MaxValue), strconv.Quote(strings.Repeat("a", MaxValue))},
		{strings.Repeat("a", MaxValue+1), strconv.Quote(strings.Repeat("a", MaxValue)) + "... (65 bytes)"},
		{strings.Repeat("a", 1<<20), strconv.Quote(strings.Repeat("a", MaxValue)) + "... (1048576 bytes)"},
		// A 3-byte character across the cut is left out whole.
		{strings.Repeat("a", MaxValue-1) + "€€", strconv.Quote(strings.Repeat("a", MaxValue-1)) + "... (69 bytes)"},
		{strings.Repeat("\xff", 100), strconv.Quote(strings.Repeat("\xff", MaxValue)) + "... (100 bytes)"},
		{strings.Repeat("\x00", 100), strconv.Quote(strings.Repeat("\x00", MaxValue)) + "... (100 bytes)"},
	} {
		got := Value(tc.in)
		if got != tc.want {
			t.Errorf("Value(%.20q...) = %s, want %s", tc.in, got, tc.want)
		}
		// The quoted part is at most MaxValue bytes of input escaped
		// (4 bytes each at worst), the quotes and the suffix.
		if len(got) > 4*MaxValue+2+len("... (18446744073709551615 bytes)") {
			t.Errorf("Value(%.20q...) is %d bytes", tc.in, len(got))
		}
		if strings.ContainsAny(got, "\n\r\x00") || !utf8.ValidString(got) {
			t.Errorf("Value(%.20q...) = %q: not one line of valid UTF-8", tc.in, got)
		}
	}
}

// TestText checks both forms of Text: plain names as they are, the rest
// as a string literal that Go parses back to the name and that holds no
// comment delimiter and no line break.
func TestText(t *testing.T) {
	for _, s := range []string{"profile.json", "testdata/a b.policy", "café.policy", "<stdin>", "a*b/c", `q"uote`, `back\slash`} {
		if got := Text(s); got != s {
			t.Errorf("Text(%q) = %q, want it unchanged", s, got)
		}
	}
	for _, s := range []string{
		"a*/ int evil = 1; /*.policy", "/*", "*/", "nl\nx", "cr\rx", "nul\x00x", "bad\xff", "bom\ufeff", "tab\tx", "esc\x1b[2J",
		"\u2028line separator", "\ufffd",
	} {
		got := Text(s)
		if got == s {
			t.Errorf("Text(%q) unchanged", s)
			continue
		}
		if strings.Contains(got, "*/") || strings.Contains(got, "/*") || strings.ContainsAny(got, "\n\r\x00") || !utf8.ValidString(got) {
			t.Errorf("Text(%q) = %q: holds a delimiter, a line break or invalid UTF-8", s, got)
		}
		if _, err := parser.ParseExpr(got); err != nil {
			t.Errorf("Text(%q) = %s: not a Go expression: %v", s, got, err)
			continue
		}
		if back, err := strconv.Unquote(got); err != nil || back != s {
			t.Errorf("Text(%q) = %s unquotes to %q, %v", s, got, back, err)
		}
	}
}

func TestCut(t *testing.T) {
	long := strings.Repeat("9", 1000)
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"18446744073709551616", "18446744073709551616"},
		{strings.Repeat("w", MaxValue), strings.Repeat("w", MaxValue)},
		{long, long[:MaxValue] + "... (1000 bytes)"},
		{"a\nb", `"a\nb"`},
		{`q"`, `"q\""`},
		{strings.Repeat("a", 100) + "\n", strings.Repeat("a", MaxValue) + "... (101 bytes)"},
	} {
		if got := Cut(tc.in); got != tc.want {
			t.Errorf("Cut(%.20q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestErr(t *testing.T) {
	if Err(nil) != nil {
		t.Error("Err(nil) != nil")
	}
	base := errors.New("short and plain")
	if e := Err(base); e.Error() != base.Error() || !errors.Is(e, base) {
		t.Errorf("Err(plain) = %q, Is %v", e, errors.Is(e, base))
	}
	long := fmt.Errorf("invalid kernel version: %s", "\n\x00\xff"+strings.Repeat("a", 1<<20))
	e := Err(long)
	want := `invalid kernel version: \n\x00\xff` + strings.Repeat("a", MaxMessage-len("invalid kernel version: \n\x00\xff")) + "... (1048603 bytes)"
	if e.Error() != want {
		t.Errorf("Err(long) = %.100q..., want %.100q...", e.Error(), want)
	}
	if !errors.Is(e, long) || Err(e) != e {
		t.Error("Err does not unwrap, or wraps twice")
	}
}

// TestLibraryMessagesUseValue reads the library packages' source (not
// the tests, nor generators built with "go run", nor the CLI, whose
// usageError bounds its arguments, nor the nested test modules) and
// fails on a %q verb in any string: strconv-style quoting copies input
// whole into a message, where Value or Cut bound it.
func TestLibraryMessagesUseValue(t *testing.T) {
	files := gosource.ForTest(t)
	checked := 0
	for _, f := range files {
		if f.Generator || strings.HasPrefix(f.Rel, "cmd/") || strings.HasPrefix(f.Rel, "test/") {
			continue
		}
		checked++
		ast.Inspect(f.AST, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && strings.Contains(lit.Value, "%q") {
				t.Errorf("%s: %%q in %s: quote input with quote.Value (or quote.Cut), which bounds it", f.Fset.Position(lit.Pos()), lit.Value)
			}
			return true
		})
	}
	if checked < 50 {
		t.Errorf("read only %d Go files", checked)
	}
}
