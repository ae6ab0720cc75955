package oci

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/opencontainers/runtime-spec/specs-go"

	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/internal/jsonread"
	"github.com/seccompc/seccompc/ir/internal/place"
)

// jsonError converts an error of encoding/json decoding data into an
// *ir.Error with Code ir.ErrFormat whose Pos is "filename:line:column"
// when the error carries a byte offset, and whose Detail speaks JSON
// and the profile's fields, never Go's types:
//
//   - a syntax error says "not valid JSON" and points at the fault where
//     it can: the comma before a closing bracket, the place of a missing
//     comma, the bracket an early end leaves open, a comment, a single
//     quote, an unquoted key;
//   - a value of the wrong type names the field by its JSON path
//     (syscalls[0].args[1].op), the value, and what the field takes,
//     with the valid names for actions, operators and flags.
//
// Other errors are wrapped with the file name alone. It returns nil
// for a nil err.
func jsonError(data []byte, filename string, err error) error {
	if err == nil {
		return nil
	}
	if place.HasBOM(data) {
		// encoding/json stops at the mark, as runc's decoder does.
		return &ir.Error{Code: ir.ErrFormat, Pos: place.Start(filename), Detail: place.BOMDetail, Err: err}
	}
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &syn):
		off, what := syntaxFault(data, syn)
		return &ir.Error{Code: ir.ErrFormat, Pos: offsetPos(data, filename, off), Detail: "not valid JSON: " + what, Err: err}
	case errors.As(err, &typ) && err != error(typ):
		// An UnmarshalJSON method of another package wrapped the
		// type error of decoding its own value (moby's KernelVersion:
		// `invalid kernel version: 5, expected "<kernel>.<major>": %w`):
		// its offset counts in that value, not in data. The method's
		// text names the value; the wrapped Go-speak is left out.
		msg := strings.TrimSuffix(err.Error(), ": "+typ.Error())
		return &ir.Error{Code: ir.ErrFormat, Pos: filename, Detail: quote.Err(errors.New(msg)).Error(), Err: err}
	case errors.As(err, &typ):
		off, what := typeFault(data, typ)
		return &ir.Error{Code: ir.ErrFormat, Pos: offsetPos(data, filename, off), Detail: what, Err: err}
	case errors.Is(err, io.ErrUnexpectedEOF):
		off, what := endFault(data)
		return &ir.Error{Code: ir.ErrFormat, Pos: offsetPos(data, filename, off), Detail: "not valid JSON: " + what, Err: err}
	}
	// Other errors come from UnmarshalJSON methods of other packages
	// (moby's KernelVersion quotes its input whole): bound them.
	return &ir.Error{Code: ir.ErrFormat, Pos: filename, Err: quote.Err(err)}
}

// syntaxFault returns the offset of the fault a syntax error reports and
// what it is.
func syntaxFault(data []byte, syn *json.SyntaxError) (int64, string) {
	msg := syn.Error()
	if msg == "unexpected end of JSON input" {
		return endFault(data)
	}
	// Offset counts the bytes read, the offending one included.
	at := syn.Offset - 1
	if at < 0 || at >= int64(len(data)) {
		return syn.Offset, msg
	}
	c := data[at]
	prev := at - 1
	for prev >= 0 && isSpace(data[prev]) {
		prev--
	}
	switch {
	case (c == ']' || c == '}') && prev >= 0 && data[prev] == ',':
		return prev, fmt.Sprintf("a comma before '%c' (JSON allows no trailing comma)", c)
	case c == '/':
		return at, "JSON has no comments"
	case c == '\'':
		return at, "JSON strings take double quotes, not '"
	case strings.HasSuffix(msg, "after object key:value pair") || strings.HasSuffix(msg, "after array element"):
		return prev + 1, fmt.Sprintf("a comma is missing before %s", tokenAt(data, at))
	case strings.HasSuffix(msg, "after object key"):
		return at, fmt.Sprintf("a colon is missing after the key, before %s", tokenAt(data, at))
	case strings.HasSuffix(msg, "looking for beginning of object key string") && c != '}':
		return at, fmt.Sprintf("an object key must be a string in double quotes (found %s)", tokenAt(data, at))
	case strings.HasSuffix(msg, "after top-level value") && (c == '}' || c == ']'):
		return at, fmt.Sprintf("'%c' after the end of the top-level value: one '%c' too many", c, c)
	case strings.HasSuffix(msg, "after top-level value"):
		return at, fmt.Sprintf("%s after the end of the top-level value", tokenAt(data, at))
	case strings.HasSuffix(msg, "looking for beginning of value") && prev < 0:
		return at, fmt.Sprintf("a JSON profile starts with '{', not %s", tokenAt(data, at))
	case strings.HasSuffix(msg, "looking for beginning of value"):
		return at, fmt.Sprintf("%s where a value should start", tokenAt(data, at))
	}
	return at, msg
}

// endFault returns the offset and the description of input that ends
// too early: the bracket or string it leaves open.
func endFault(data []byte) (int64, string) {
	var open []int // offsets of the unclosed brackets
	inString, esc, str := false, false, 0
	for i, c := range data {
		switch {
		case inString:
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString, str = true, i
		case c == '{' || c == '[':
			open = append(open, i)
		case (c == '}' || c == ']') && len(open) > 0:
			open = open[:len(open)-1]
		}
	}
	end := int64(len(data))
	switch {
	case inString:
		return end, fmt.Sprintf("the input ends inside the string that starts at %s", offsetPos(data, "", int64(str)))
	case len(open) > 0:
		o := open[len(open)-1]
		return end, fmt.Sprintf("the input ends before the '%c' at %s is closed", data[o], offsetPos(data, "", int64(o)))
	}
	return end, "unexpected end of input"
}

// tokenAt describes the input at offset i for a message: a quoted
// string, word or number of at most 24 bytes, or the character.
func tokenAt(data []byte, i int64) string {
	rest := data[i:]
	n := 0
	switch c := rest[0]; {
	case c == '"':
		n = 1
		for n < len(rest) && rest[n] != '"' && rest[n] != '\n' {
			if rest[n] == '\\' {
				n++
			}
			n++
		}
		n++
	case c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		for n < len(rest) && (rest[n] == '-' || rest[n] == '_' || rest[n] == '.' || rest[n] >= '0' && rest[n] <= '9' || rest[n] >= 'a' && rest[n] <= 'z' || rest[n] >= 'A' && rest[n] <= 'Z') {
			n++
		}
	case c > ' ' && c < 0x7f:
		return fmt.Sprintf("'%c'", c)
	default:
		return quote.Value(string(rest[:1]))
	}
	n = min(n, len(rest))
	if n > 24 {
		return quote.Value(string(rest[:24])) + "..."
	}
	return string(rest[:n])
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// typeFault returns the offset of the value a type error reports and
// what is wrong with it, in the terms of the profile.
func typeFault(data []byte, typ *json.UnmarshalTypeError) (int64, string) {
	path, start, end := locate(data, typ.Offset)
	got := "a " + typ.Value
	switch {
	case start < 0:
		start = typ.Offset
	case typ.Value == "string":
		var s string
		if json.Unmarshal(data[start:end], &s) == nil {
			got = "the string " + quote.Value(s)
		}
	case strings.HasPrefix(typ.Value, "number"):
		got = "the number " + quote.Cut(string(data[start:end]))
	case typ.Value == "bool":
		got = quote.Cut(string(data[start:end]))
	case typ.Value == "array", typ.Value == "object":
		got = "an " + typ.Value
	}
	where := path
	if where == "" {
		where = "the profile"
	}
	return start, fmt.Sprintf("%s: want %s, not %s", where, wantOf(typ.Type), got)
}

// Types of the OCI format whose values are names.
var (
	actionType   = reflect.TypeOf(specs.LinuxSeccompAction(""))
	operatorType = reflect.TypeOf(specs.LinuxSeccompOperator(""))
	archType     = reflect.TypeOf(specs.Arch(""))
	flagType     = reflect.TypeOf(specs.LinuxSeccompFlag(""))
)

// wantOf says what a field of Go type t takes, in JSON terms.
func wantOf(t reflect.Type) string {
	switch t {
	case actionType:
		return "an action name (" + strings.Join(ociActionNames, ", ") + ")"
	case operatorType:
		return "an operator name (" + strings.Join(operatorNames, ", ") + ")"
	case archType:
		return "an architecture name such as SCMP_ARCH_X86_64"
	case flagType:
		return "a flag name (" + strings.Join(ir.FlagNames(), ", ") + ")"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return fmt.Sprintf("a whole number from 0 to %d", uint64(1)<<(t.Bits()-1)<<1-1)
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array, each element " + wantOf(t.Elem())
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Pointer:
		return wantOf(t.Elem())
	}
	return "a value of another type"
}

// locate returns the JSON path (syscalls[0].args[1].op) of the innermost
// value of data whose text holds the byte before offset off (or, for off
// 0, the first byte), with the offsets of its start and end; start is
// -1 when data cannot be read as JSON.
//
// data is JSON that encoding/json decoded up to a type error, so valid
// (on other bytes locate answers without a panic, not always a path):
// locate reads its tokens as json.Decoder's Token would give them
// (jsonToken), without the garbage Token makes (a syntax error built
// and dropped at every string and number: 10 bytes of garbage and 60%
// of the time of refusing a profile, per byte of the profile).
func locate(data []byte, off int64) (path string, start, end int64) {
	q := max(off-1, 0)
	// A frame is an open array or object. Its path is not kept as a
	// string (that costs the depth at every level, its square in all):
	// each frame keeps the step from its parent (at), and the path is
	// built once, for the answer. Keys are kept as their tokens (quoted,
	// escaped), unescaped for the path alone.
	type step struct {
		obj   bool
		key   []byte
		index int
	}
	type frame struct {
		obj    bool
		key    []byte
		index  int
		start  int64
		at     step
		hasKey bool
	}
	var stack []frame
	here := func(f *frame) step { return step{obj: f.obj, key: f.key, index: f.index} }
	pathOf := func(frames []frame, last *step) string {
		var b strings.Builder
		add := func(s step) {
			if !s.obj {
				fmt.Fprintf(&b, "[%d]", s.index)
				return
			}
			if b.Len() > 0 {
				b.WriteString(".")
			}
			key, ok := jsonKey(s.key)
			if !ok {
				key = string(s.key)
			}
			b.WriteString(key)
		}
		for i := 1; i < len(frames); i++ {
			add(frames[i].at)
		}
		if last != nil {
			add(*last)
		}
		return b.String()
	}
	framePath := func() string { return pathOf(stack, nil) }
	childPath := func() string {
		if len(stack) == 0 {
			return ""
		}
		s := here(&stack[len(stack)-1])
		return pathOf(stack, &s)
	}
	done := func() { // a value of the top frame ended
		if len(stack) == 0 {
			return
		}
		f := &stack[len(stack)-1]
		if f.obj {
			f.hasKey = false
		} else {
			f.index++
		}
	}
	prev := int64(0)
	for {
		tokStart, tokEnd, ok := jsonToken(data, prev)
		if !ok {
			if len(stack) > 0 {
				return framePath(), stack[len(stack)-1].start, int64(len(data))
			}
			return "", -1, -1
		}
		prev = tokEnd
		if tokStart > q && len(stack) > 0 {
			return framePath(), stack[len(stack)-1].start, tokStart
		}
		switch c := data[tokStart]; c {
		case '{', '[':
			var at step
			if len(stack) > 0 {
				at = here(&stack[len(stack)-1])
			}
			stack = append(stack, frame{obj: c == '{', start: tokStart, at: at})
			continue
		case '}', ']':
			if len(stack) == 0 { // not JSON: a closer with nothing open
				return "", -1, -1
			}
			if q < tokEnd {
				return framePath(), stack[len(stack)-1].start, tokEnd
			}
			stack = stack[:len(stack)-1]
			done()
			continue
		}
		if n := len(stack); n > 0 && stack[n-1].obj && !stack[n-1].hasKey {
			stack[n-1].key, stack[n-1].hasKey = data[tokStart:tokEnd], true
			continue
		}
		if q < tokEnd {
			return childPath(), tokStart, tokEnd
		}
		done()
	}
}

// jsonToken returns the next token of the valid JSON data after offset
// from (a bracket, a string or a literal: a number, true, false or
// null), skipping the white space, commas and colons before it, as
// json.Decoder's Token reads it: [start, end) is its text, end what
// InputOffset says after it. ok is false at the end of data and where
// data is not JSON.
func jsonToken(data []byte, from int64) (start, end int64, ok bool) {
	i := from
	for i < int64(len(data)) && (isSpace(data[i]) || data[i] == ',' || data[i] == ':') {
		i++
	}
	if i >= int64(len(data)) {
		return 0, 0, false
	}
	switch data[i] {
	case '{', '}', '[', ']':
		return i, i + 1, true
	case '"':
		for j := i + 1; j < int64(len(data)); j++ {
			switch data[j] {
			case '\\':
				j++
			case '"':
				return i, j + 1, true
			}
		}
		return 0, 0, false
	}
	j := i
	for ; j < int64(len(data)); j++ {
		if c := data[j]; isSpace(c) || c == ',' || c == ':' || c == '[' || c == ']' || c == '{' || c == '}' || c == '"' {
			break
		}
	}
	return i, j, true
}

// jsonKey returns the string a JSON string token (quotes included)
// stands for, as encoding/json unescapes it.
func jsonKey(tok []byte) (string, bool) {
	if len(tok) < 2 {
		return "", false
	}
	plain := true
	for _, c := range tok[1 : len(tok)-1] {
		if c == '\\' || c >= utf8.RuneSelf || c < ' ' {
			plain = false
			break
		}
	}
	if plain {
		return string(tok[1 : len(tok)-1]), true
	}
	var s string
	if err := json.Unmarshal(tok, &s); err != nil {
		return "", false
	}
	return s, true
}

// offsetPos returns "filename:line:column" for a byte offset into data
// (1-based line and column, the column counted in bytes).
func offsetPos(data []byte, filename string, off int64) string {
	if off < 0 {
		off = 0
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line := bytes.Count(before, []byte{'\n'}) + 1
	col := int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	pos := fmt.Sprintf("%d:%d", line, col)
	if filename != "" {
		pos = filename + ":" + pos
	}
	return pos
}

// invalid returns the error of data, which package dockerjson refused,
// as encoding/json words it decoding data into v (see jsonError). An
// empty or all-space input is an error of its own. encoding/json only
// words the error here: should it read data after all, the error says
// that the reader refused input it should read.
func invalid(data []byte, filename string, v any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return &ir.Error{Code: ir.ErrFormat, Pos: filename, Detail: "empty input"}
	}
	if err := json.Unmarshal(data, v); err != nil {
		return jsonError(data, filename, err)
	}
	return &ir.Error{Code: ir.ErrFormat, Pos: filename, Detail: "seccompc's JSON reader refuses this input, which encoding/json reads (a bug: please report it)"}
}

// fieldSet is the set of JSON keys a format defines for one object.
type fieldSet []string

// has reports whether key names one of the fields, case-insensitively
// as encoding/json matches them.
func (fs fieldSet) has(key string) bool {
	for _, f := range fs {
		if strings.EqualFold(f, key) {
			return true
		}
	}
	return false
}

// Field sets of the OCI LinuxSeccomp format.
var (
	seccompFields = fieldSet{"defaultAction", "defaultErrnoRet", "architectures", "flags", "listenerPath", "listenerMetadata", "syscalls"}
	syscallFields = fieldSet{"names", "action", "errnoRet", "args"}
	argFields     = fieldSet{"index", "value", "valueTwo", "op"}
)

// dockerOnly holds the Docker profile fields that an OCI reader ignores,
// with the advice to give when one appears.
var dockerOnly = map[string]string{
	"archMap":  "a Docker profile field",
	"name":     "a Docker profile field; OCI profiles use names",
	"includes": "a Docker profile field",
	"excludes": "a Docker profile field",
	"comment":  "a Docker profile field",
}

// unknownFields reports the keys of the JSON object raw that are not in
// fs, sorted as they appear in the input, as warnings at pos. raw must
// be an object; anything else reports nothing (the typed decoding has
// already rejected it).
func unknownFields(raw []byte, fs fieldSet, pos string) []ir.Warning {
	keys, _, ok := jsonread.Members(raw)
	if !ok {
		return nil
	}
	var ws []ir.Warning
	for _, k := range keys {
		if fs.has(k) {
			continue
		}
		msg := "unknown field " + quote.Value(k) + " ignored"
		for f, why := range dockerOnly {
			if strings.EqualFold(f, k) {
				msg = fmt.Sprintf("field %s ignored: %s (load the file as a Docker profile to use it)", quote.Value(k), why)
			}
		}
		ws = append(ws, ir.Warning{Kind: ir.WarnUnknownField, Pos: pos, Msg: msg})
	}
	return ws
}
