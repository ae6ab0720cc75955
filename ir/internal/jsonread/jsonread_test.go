package jsonread

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// decode reads any value with the Reader, as encoding/json decodes into
// an interface with UseNumber, for the values the Reader reads: objects,
// arrays, plain strings, unsigned integers and null. Other literals are
// skipped and read as the string "skipped". With fast, it reads with
// the fast paths: elements of arrays with ElemString, strings first with
// PlainString.
func decode(r *Reader, fast bool) any {
	switch r.Peek() {
	case '{':
		m := map[string]any{}
		r.Object()
		for i := 0; ; i++ {
			k, ok := r.Key(i)
			if !ok {
				break
			}
			m[string(k)] = decode(r, fast)
		}
		return m
	case '[':
		a := []any{}
		r.Array()
		for i := 0; ; i++ {
			if fast {
				s, str, more := r.ElemString(i)
				if !more {
					break
				}
				if str {
					a = append(a, string(s))
					continue
				}
			} else if !r.Elem(i) {
				break
			}
			a = append(a, decode(r, fast))
		}
		return a
	case '"':
		if !fast {
			return r.String()
		}
		if s, ok := r.PlainString(); ok {
			return string(s)
		}
		return r.String()
	case 'n':
		r.Null()
		return nil
	case 't', 'f', '-':
		r.Skip()
		return "skipped"
	}
	return json.Number(strconv.FormatUint(r.Uint(64), 10))
}

// normalize replaces the values decode skips by "skipped".
func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = normalize(x)
		}
	case []any:
		for i, x := range v {
			v[i] = normalize(x)
		}
	case bool:
		return "skipped"
	case json.Number:
		if len(v) > 0 && v[0] == '-' {
			return "skipped"
		}
	}
	return v
}

// check is the Reader's contract on one input: when it does not fail,
// the input is valid JSON and the values read are encoding/json's.
func check(t *testing.T, data []byte) (failed bool) {
	t.Helper()
	r := New(data)
	r.Skip()
	r.End()
	if !r.Failed() && !json.Valid(data) {
		t.Fatalf("Skip accepts invalid JSON %q", data)
	}
	r = New(data)
	got := decode(r, false)
	r.End()
	fast := New(data)
	gotFast := decode(fast, true)
	fast.End()
	if fast.Failed() != r.Failed() {
		t.Fatalf("on %q the fast paths fail: %v, the others: %v", data, fast.Failed(), r.Failed())
	}
	if r.Failed() {
		return true
	}
	if !reflect.DeepEqual(gotFast, got) {
		t.Fatalf("the fast paths read %q as %#v, the others as %#v", data, gotFast, got)
	}
	if !json.Valid(data) {
		t.Fatalf("reader accepts invalid JSON %q", data)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var want any
	if err := dec.Decode(&want); err != nil {
		t.Fatalf("reader accepts %q, encoding/json: %v", data, err)
	}
	if want = normalize(want); !reflect.DeepEqual(got, want) {
		t.Fatalf("reader read %q as %#v, encoding/json as %#v", data, got, want)
	}
	return false
}

// checkWalk checks Members and Elements against encoding/json's tokens:
// the keys in order with repeats, and each value's text.
func checkWalk(t *testing.T, data []byte) {
	t.Helper()
	keys, vals, okm := Members(data)
	elems, oka := Elements(data)
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	valid := json.Valid(data) && len(trimmed) > 0
	if okm != (valid && trimmed[0] == '{') || oka != (valid && trimmed[0] == '[') {
		t.Fatalf("Members(%q) ok %v, Elements ok %v; valid %v", data, okm, oka, valid)
	}
	if !okm && !oka {
		return
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.Token()
	var wantKeys []string
	var wantVals [][]byte
	for dec.More() {
		if okm {
			tok, _ := dec.Token()
			wantKeys = append(wantKeys, tok.(string))
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			t.Fatal(err)
		}
		wantVals = append(wantVals, raw)
	}
	if oka {
		vals = elems
	}
	if !reflect.DeepEqual(keys, wantKeys) || len(vals) != len(wantVals) {
		t.Fatalf("walk of %q: keys %q, %d values; encoding/json %q, %d", data, keys, len(vals), wantKeys, len(wantVals))
	}
	for i := range vals {
		if !bytes.Equal(vals[i], wantVals[i]) {
			t.Fatalf("walk of %q: value %d %q, encoding/json %q", data, i, vals[i], wantVals[i])
		}
	}
}

func TestReader(t *testing.T) {
	tests := []struct {
		in     string
		failed bool
	}{
		{`{}`, false},
		{` { "a" : [ 1 , "x" , null , { } , [ ] ] } `, false},
		{`{"a":1,"b":{"c":[true,false,null,-1.5e3,0]}}`, false},
		{`[]`, false},
		{`"é"`, false},
		{`18446744073709551615`, false},
		{`18446744073709551616`, true}, // overflows uint64
		{`01`, true},
		{`1.0`, true}, // Uint refuses floats
		// Escapes, surrogates and invalid UTF-8, in keys and strings,
		// unescaped as encoding/json does.
		{`"a\nb\"\\\/\b\f\r\t"`, false},
		{"\"\xff\xfe\xed\xa0\x80\"", false},
		{`"\u00e9\u20AC"`, false},
		{`"\ud83d\ude00"`, false},
		{`"\ud800"`, false},
		{`"\udc00\ud800"`, false},
		{`"\ud800\u0041"`, false},
		{`"\ud800\\u0041"`, false},
		{`"\ud800\ud800\udc00"`, false},
		{`{"\u0061":1}`, false},
		{`{"é":1}`, false},
		{"{\"\xff\":1, \"\\ud800\":2}", false},
		{`{"a":1, "a":{"b":2}, "A":3}`, false},
		{`{"a":1,}`, true},
		{`{"a":1 "b":2}`, true},
		{`{,}`, true},
		{`[1,]`, true},
		{`[,1]`, true},
		{`[1 2]`, true},
		{`[`, true},
		{`{`, true},
		{`{"a"`, true},
		{`{"a":`, true},
		{`"abc`, true},
		{"\"a\tb\"", true},
		{`{} {}`, true},
		{`{}}`, true},
		{`nul`, true},
		{`nulll`, true},
		{`tru`, true},
		{`-`, true},
		{`1.`, true},
		{`1e`, true},
		{``, true},
		{"\x00", true},
		{"\xef\xbb\xbf{}", true},
		// encoding/json's nesting limit.
		{string(bytes.Repeat([]byte("["), MaxDepth)) + string(bytes.Repeat([]byte("]"), MaxDepth)), false},
		{`[` + string(bytes.Repeat([]byte("["), MaxDepth)) + string(bytes.Repeat([]byte("]"), MaxDepth+1)), true},
	}
	for _, tt := range tests {
		if got := check(t, []byte(tt.in)); got != tt.failed {
			t.Errorf("%q: failed %v, want %v", tt.in, got, tt.failed)
		}
		checkWalk(t, []byte(tt.in))
	}
}

func TestSkipValidates(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{`{"a\n\u00e9\"":[1,-0.5,2E+3,"\\\/\b\f\r\t",true,false,null]}`, true},
		{`"\u00g0"`, false},
		{`"\x"`, false},
		{`-01`, false},
		{`.5`, false},
		{`+1`, false},
		{`1e+`, false},
		{"\"\xff\"", true}, // encoding/json accepts invalid UTF-8
	}
	for _, tt := range tests {
		r := New([]byte(tt.in))
		r.Skip()
		r.End()
		if got := !r.Failed(); got != tt.want || got && !json.Valid([]byte(tt.in)) {
			t.Errorf("Skip(%q) valid %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestEqualFold(t *testing.T) {
	tests := []struct {
		key, name string
		want      bool
	}{
		{"syscalls", "syscalls", true},
		{"SysCalls", "syscalls", true},
		{"syscalls", "sysCalls", true},
		{"syscall", "syscalls", false},
		{"sysc@lls", "syscAlls", false},
		{"[", "{", false},                   // '[' is 'Z'+1, not a letter
		{"\u017fyscalls", "syscalls", true}, // LONG S folds to s
		{"\u212aey", "key", true},           // KELVIN SIGN folds to k
		{"\u0131d", "id", false},            // DOTLESS I does not fold to i
		{"\u0130d", "id", false},            // nor DOTTED CAPITAL I
		{"syscall\u017f", "syscalls", true},
		{"\u017f", "s", true},
		{"\u017f", "ss", false},
	}
	for _, tt := range tests {
		if got := EqualFold([]byte(tt.key), tt.name); got != tt.want {
			t.Errorf("EqualFold(%q, %q) = %v", tt.key, tt.name, got)
		}
	}
}

// TestEqualFoldEveryRune checks EqualFold on every rune against
// encoding/json's folding (fold.go: ASCII letters upper-cased, any
// other rune mapped to the smallest rune of its unicode.SimpleFold
// orbit; a key matches a field when both fold to the same bytes).
func TestEqualFoldEveryRune(t *testing.T) {
	fold := func(r rune) rune {
		if r < utf8.RuneSelf {
			if 'a' <= r && r <= 'z' {
				r -= 'a' - 'A'
			}
			return r
		}
		for {
			r2 := unicode.SimpleFold(r)
			if r2 <= r {
				return r2
			}
			r = r2
		}
	}
	matches := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if utf16.IsSurrogate(r) {
			continue
		}
		key := []byte(string(r))
		for _, c := range []rune{'a', 'k', 's', 'z', 'A', 'K', 'S', fold(r)} {
			if c >= utf8.RuneSelf {
				continue
			}
			want := fold(r) == fold(c)
			if got := EqualFold(key, string(c)); got != want {
				t.Errorf("EqualFold(%q, %q) = %v, encoding/json's folding %v", key, string(c), got, want)
			}
			if want && r >= utf8.RuneSelf {
				matches++
			}
		}
	}
	if matches == 0 {
		t.Error("no non-ASCII rune folds to an ASCII letter: the loop checks nothing")
	}
}

func FuzzReader(f *testing.F) {
	for _, s := range []string{`{"a":[1,"b",null,{}]}`, `[-1.5e3,true]`, `"x"`, `{"a":{"b":[]}}`,
		`{"\u017fa\ud800":"\ud83d\ude00\u0041", "a": 1, "A": [2]}`, "\"\xff\\n\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		check(t, data)
		checkWalk(t, data)
	})
}

// TestFastPathsEveryOffset checks the scans eight bytes at a time (of
// strings, and of indentation after a newline) and the fast paths that
// use them, with a byte that ends a plain run (or does not) at every
// offset of strings and keys, and indentation of every length: the
// reader fails exactly on invalid JSON and reads what encoding/json
// reads, with and without the fast paths (check).
func TestFastPathsEveryOffset(t *testing.T) {
	specials := []string{`"`, `\n`, `\"`, `\u00e9`, "\x01", "\x1f", " ", "\x7f", "é", "\xff", "\xed\xa0\x80", "~"}
	for n := 0; n <= 20; n++ {
		for _, sp := range specials {
			for at := 0; at <= n; at++ {
				s := strings.Repeat("a", at) + sp + strings.Repeat("b", n-at)
				for _, doc := range []string{
					`"` + s + `"`,
					`["` + s + `"]`,
					`["x", "` + s + `", "` + s + `"]`,
					`{"` + s + `": "` + s + `", "k": ["` + s + `"]}`,
				} {
					if got, want := check(t, []byte(doc)), !json.Valid([]byte(doc)); got != want {
						t.Errorf("%q: failed %v, want %v", doc, got, want)
					}
				}
			}
		}
	}
	// Separators: the fast paths check the comma they skip.
	for _, sep := range []string{",", " ,", ", ", ";", "x", ",,", ""} {
		for _, doc := range []string{
			`{"a":1` + sep + `"b":2}`,
			`{"a":"x"` + sep + `"b":"y"}`,
			`["a"` + sep + `"b"]`,
			`[null` + sep + `"b"]`,
		} {
			if got, want := check(t, []byte(doc)), !json.Valid([]byte(doc)); got != want {
				t.Errorf("%q: failed %v, want %v", doc, got, want)
			}
		}
	}
	for n := 0; n <= 20; n++ {
		for _, ind := range []string{"\t", " ", "\r", "\n", " \t", "\x0b", "x"} {
			w := "\n" + strings.Repeat(ind, n)
			for _, doc := range []string{
				"[" + w + `"a",` + w + `"b"` + w + "]",
				"{" + w + `"a":` + w + `["b"` + w + "," + w + "null]" + w + "," + w + `"c": 1` + w + "}",
				"[1," + w + "2" + w,
			} {
				if got, want := check(t, []byte(doc)), !json.Valid([]byte(doc)); got != want {
					t.Errorf("%q: failed %v, want %v", doc, got, want)
				}
			}
		}
	}
}
