package jsonread

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"testing"
)

// decode reads any value with the Reader, as encoding/json decodes into
// an interface with UseNumber, for the values the Reader reads: objects,
// arrays, plain strings, unsigned integers and null. Other literals are
// skipped and read as the string "skipped".
func decode(r *Reader) any {
	switch r.Peek() {
	case '{':
		m := map[string]any{}
		r.Object()
		for i := 0; ; i++ {
			k, ok := r.Key(i)
			if !ok {
				break
			}
			m[string(k)] = decode(r)
		}
		return m
	case '[':
		a := []any{}
		r.Array()
		for i := 0; r.Elem(i); i++ {
			a = append(a, decode(r))
		}
		return a
	case '"':
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
	got := decode(r)
	r.End()
	if r.Failed() {
		return true
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
		{`1.0`, true},    // Uint refuses floats
		{`"a\nb"`, true}, // String refuses escapes
		{`"\xff"`, true}, // and invalid UTF-8
		{`{"\u0061":1}`, true},
		{`{"é":1}`, true},
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
		{`[` + string(bytes.Repeat([]byte("["), MaxDepth)) + string(bytes.Repeat([]byte("]"), MaxDepth+1)), true},
	}
	for _, tt := range tests {
		if got := check(t, []byte(tt.in)); got != tt.failed {
			t.Errorf("%q: failed %v, want %v", tt.in, got, tt.failed)
		}
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
		{"[", "{", false}, // '[' is 'Z'+1, not a letter
	}
	for _, tt := range tests {
		if got := EqualFold([]byte(tt.key), tt.name); got != tt.want {
			t.Errorf("EqualFold(%q, %q) = %v", tt.key, tt.name, got)
		}
	}
}

func FuzzReader(f *testing.F) {
	for _, s := range []string{`{"a":[1,"b",null,{}]}`, `[-1.5e3,true]`, `"x"`, `{"a":{"b":[]}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { check(t, data) })
}
