package oci

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/ir"
)

// JSONError converts an error of encoding/json decoding data into an
// *ir.Error with Code ir.ErrFormat whose Pos is "filename:line:column"
// when the error carries a byte offset. Other errors are wrapped with
// the file name alone. It returns nil for a nil err. The Docker front
// end shares it.
func JSONError(data []byte, filename string, err error) error {
	if err == nil {
		return nil
	}
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &syn):
		// Offset counts the bytes read, the offending one included;
		// point at that byte, or past the end for truncated input.
		off := syn.Offset
		if off > 0 && syn.Error() != "unexpected end of JSON input" {
			off--
		}
		return &ir.Error{Code: ir.ErrFormat, Pos: offsetPos(data, filename, off), Detail: syn.Error(), Err: err}
	case errors.As(err, &typ):
		// Value holds a number's literal whole ("number 999..."): cut it.
		short := *typ
		short.Value = quote.Cut(typ.Value)
		return &ir.Error{Code: ir.ErrFormat, Pos: offsetPos(data, filename, typ.Offset), Err: &shortError{short.Error(), err}}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &ir.Error{Code: ir.ErrFormat, Pos: offsetPos(data, filename, int64(len(data))), Detail: "unexpected end of JSON input", Err: err}
	}
	// Other errors come from UnmarshalJSON methods of other packages
	// (moby's KernelVersion quotes its input whole): bound them.
	return &ir.Error{Code: ir.ErrFormat, Pos: filename, Err: quote.Err(err)}
}

// shortError is err under a shorter message.
type shortError struct {
	msg string
	err error
}

func (e *shortError) Error() string { return e.msg }
func (e *shortError) Unwrap() error { return e.err }

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

// decode unmarshals data into v, converting errors with JSONError. An
// empty or all-space input is an error of its own.
func decode(data []byte, filename string, v any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return &ir.Error{Code: ir.ErrFormat, Pos: filename, Detail: "empty input"}
	}
	return JSONError(data, filename, json.Unmarshal(data, v))
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
func unknownFields(raw json.RawMessage, fs fieldSet, pos string) []ir.Warning {
	keys, ok := objectKeys(raw)
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

// objectKeys returns the keys of a JSON object in input order.
func objectKeys(raw json.RawMessage) ([]string, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return nil, false
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return keys, false
		}
		k, ok := tok.(string)
		if !ok {
			return keys, false
		}
		keys = append(keys, k)
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return keys, false
		}
	}
	return keys, true
}
