// Package jsonread is a small, strict JSON reader for seccompc's
// profile front ends (packages ir/internal/dockerjson, ir/oci, ir/docker
// and ir/profile).
//
// A Reader walks one JSON document in place, without reflection and
// with few allocations. It reads the language as encoding/json does:
// keys and strings are unescaped by its rules (invalid UTF-8 and lone
// surrogates become U+FFFD), nesting may go [MaxDepth] deep, and
// [EqualFold] matches a key to a field name as encoding/json matches
// keys to struct fields. It marks itself failed on invalid JSON and on
// a value its caller asks for that the input does not hold (a string
// where a number is, a number that is not a plain unsigned integer of
// the size asked for): input encoding/json would refuse to decode into
// the caller's types. So a reader that has not failed guarantees that
// the input is valid JSON (json.Valid holds) and that the values read
// are those encoding/json would decode.
//
// Usage:
//
//	r := jsonread.New(data)
//	if r.Object() {
//		for i := 0; ; i++ {
//			key, ok := r.Key(i)
//			if !ok {
//				break
//			}
//			... read or r.Skip() the value ...
//		}
//	}
//	r.End()
//	if r.Failed() { the input is invalid }
//
// Strings returned by [Reader.String] share memory with one string
// conversion of the whole input, so reading many short strings costs
// one allocation. [Members] and [Elements] read an object or an array
// whole, for walks over the keys of a document.
package jsonread

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth bounds the nesting of arrays and objects, as encoding/json's
// scanner bounds it: deeper input is invalid.
const MaxDepth = 10000

// Reader reads one JSON document. The zero Reader is not usable; use
// New.
type Reader struct {
	data  []byte
	text  string // data as a string, made on first use
	pos   int
	depth int
	fail  bool
	key   []byte // the last key unescaped, when it had to be
}

// New returns a reader positioned at the start of data.
func New(data []byte) *Reader { return &Reader{data: data} }

// Failed reports whether the reader met anything it does not read
// exactly as encoding/json does.
func (r *Reader) Failed() bool { return r.fail }

// Fail marks the reader failed; callers use it for type mismatches
// found above the reader.
func (r *Reader) Fail() { r.fail = true }

// Pos returns the offset of the next byte to read.
func (r *Reader) Pos() int { return r.pos }

// Raw returns the input from offset start to the reader's position:
// with start taken from Pos after Peek, the bytes of the value read
// since.
func (r *Reader) Raw(start int) []byte { return r.data[start:r.pos] }

func (r *Reader) ws() {
	r.pos = skipWhite(r.data, r.pos)
}

// white marks the bytes JSON reads as white space.
var white = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

// Masks for the tests of eight bytes at a time.
const (
	ones = 0x0101010101010101 // the low bit of each byte
	tops = 0x8080808080808080 // the top bit of each byte
)

// skipWhite returns the offset of the first byte at or after i that is
// not white space, len(data) if there is none. The white space between
// tokens is mostly a newline and indentation, a run of one byte (tabs
// or spaces): after a newline, it finds the end of such a run eight
// bytes at a time (the first byte of x ^ the run's byte repeated that
// is not zero).
func skipWhite(data []byte, i int) int {
	for i < len(data) {
		c := data[i]
		if !white[c] {
			break
		}
		i++
		if c != '\n' || i+8 > len(data) {
			continue
		}
		if c = data[i]; c == '\t' || c == ' ' {
			m := binary.LittleEndian.Uint64(data[i:i+8]) ^ ones*uint64(c)
			i += bits.TrailingZeros64(m) / 8 // 8 when all are c
		}
	}
	return i
}

// plainRun returns the offset of the first byte of data at or after i
// that ends a run of string contents needing no attention: a quote, a
// backslash, a control byte (< 0x20) or a non-ASCII one (>= 0x80);
// len(data) if there is none. It tests eight bytes at a time: for each
// kind of byte, the borrow of a byte-wise subtraction sets the top bit
// of a byte that is one, and a borrow only ever runs upward from such a
// byte, so the lowest top bit set marks the first of them.
func plainRun(data []byte, i int) int {
	for ; i+8 <= len(data); i += 8 {
		x := binary.LittleEndian.Uint64(data[i : i+8])
		q := x ^ ones*'"'  // a zero byte where x has a quote
		b := x ^ ones*'\\' // a zero byte where x has a backslash
		m := ((x-ones*0x20)&^x | (q-ones)&^q | (b-ones)&^b | x) & tops
		if m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(data); i++ {
		if c := data[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' {
			break
		}
	}
	return i
}

// Peek skips white space and returns the next byte, or 0 at the end or
// after a failure. It tells what kind of value comes next: '{', '[',
// '"', 'n' (null), 't', 'f', or a number's first byte.
func (r *Reader) Peek() byte { return r.peek() }

func (r *Reader) peek() byte {
	if r.fail {
		return 0
	}
	data, i := r.data, r.pos
	for ; i < len(data); i++ {
		if c := data[i]; !white[c] {
			r.pos = i
			return c
		}
	}
	r.pos = i
	return 0
}

// End checks that only white space follows the value read.
func (r *Reader) End() {
	r.ws()
	if r.pos != len(r.data) {
		r.fail = true
	}
}

// Null consumes a null literal and reports whether there was one.
func (r *Reader) Null() bool {
	if r.peek() != 'n' {
		return false
	}
	r.literal("null")
	return !r.fail
}

// Object consumes the '{' that opens an object. Anything else fails the
// reader and returns false.
func (r *Reader) Object() bool {
	if r.peek() != '{' {
		r.fail = true
		return false
	}
	if r.depth++; r.depth > MaxDepth {
		r.fail = true
		return false
	}
	r.pos++
	return true
}

// Key reads the separator before member i of the current object (none
// for i == 0, a comma otherwise) and the member's key and colon. It
// returns false at the closing '}', which it consumes, and on failure.
// The key is unescaped as encoding/json unescapes it; it is valid until
// the next call.
func (r *Reader) Key(i int) ([]byte, bool) {
	if r.fail {
		return nil, false
	}
	data := r.data
	p := skipWhite(data, r.pos)
	if p < len(data) && data[p] == '}' {
		r.pos = p + 1
		r.depth--
		return nil, false
	}
	if i > 0 {
		if p == len(data) || data[p] != ',' {
			r.pos, r.fail = p, true
			return nil, false
		}
		p = skipWhite(data, p+1)
	}
	r.pos = p
	if p == len(data) || data[p] != '"' {
		r.fail = true
		return nil, false
	}
	start := p + 1
	end := plainRun(data, start)
	var key []byte
	if end < len(r.data) && r.data[end] == '"' {
		key = r.data[start:end]
		r.pos = end + 1
	} else {
		// Escapes, non-ASCII or an error: the full reader.
		s, e, plain := r.rawString()
		if r.fail {
			return nil, false
		}
		key = r.data[s:e]
		if !plain {
			r.key = unquote(r.key[:0], key)
			key = r.key
		}
	}
	if r.peek() != ':' {
		r.fail = true
		return nil, false
	}
	r.pos++
	return key, true
}

// Array consumes the '[' that opens an array. Anything else fails the
// reader and returns false.
func (r *Reader) Array() bool {
	if r.peek() != '[' {
		r.fail = true
		return false
	}
	if r.depth++; r.depth > MaxDepth {
		r.fail = true
		return false
	}
	r.pos++
	return true
}

// Elem reads the separator before element i of the current array (none
// for i == 0, a comma otherwise) and reports whether an element
// follows. It returns false at the closing ']', which it consumes, and
// on failure.
func (r *Reader) Elem(i int) bool {
	c := r.peek()
	if c == ']' {
		r.pos++
		r.depth--
		return false
	}
	if c == 0 {
		r.fail = true
		return false
	}
	if i == 0 {
		return true
	}
	if c != ',' {
		r.fail = true
		return false
	}
	r.pos++
	return true
}

// ElemString is Elem followed, when element i is a string that needs
// no unescaping and is ASCII, by reading it: s is its contents (in the
// input, as StringBytes would return them) and str is true. For any
// other element (null, another value, a string with escapes or
// non-ASCII bytes, invalid input) str is false and the element is left
// for the other methods to read. more is what Elem would return. Lists
// of strings are most of a profile: this reads an element with one
// look at the white space before it.
func (r *Reader) ElemString(i int) (s []byte, str, more bool) {
	if r.fail {
		return nil, false, false
	}
	data := r.data
	p := skipWhite(data, r.pos)
	switch {
	case p == len(data):
		r.pos, r.fail = p, true
		return nil, false, false
	case data[p] == ']':
		r.pos = p + 1
		r.depth--
		return nil, false, false
	case i > 0 && data[p] != ',':
		r.pos, r.fail = p, true
		return nil, false, false
	case i > 0:
		p = skipWhite(data, p+1)
	}
	r.pos = p
	if p == len(data) || data[p] != '"' {
		return nil, false, true
	}
	end := plainRun(data, p+1)
	if end == len(data) || data[end] != '"' {
		return nil, false, true
	}
	r.pos = end + 1
	return data[p+1 : end], true, true
}

// PlainString reads a string value that needs no unescaping and is
// ASCII, and returns its contents (in the input, as StringBytes would
// return them). For any other value it reads nothing and returns
// false.
func (r *Reader) PlainString() (s []byte, ok bool) {
	if r.peek() != '"' {
		return nil, false
	}
	start := r.pos + 1
	end := plainRun(r.data, start)
	if end == len(r.data) || r.data[end] != '"' {
		return nil, false
	}
	r.pos = end + 1
	return r.data[start:end], true
}

// rawString consumes a string and returns the offsets of its contents
// between the quotes; plain reports whether they need no unescaping and
// are valid UTF-8, so that encoding/json decodes them to the same bytes.
func (r *Reader) rawString() (start, end int, plain bool) {
	if r.peek() != '"' {
		r.fail = true
		return 0, 0, false
	}
	start = r.pos + 1
	i := start
	plain, ascii := true, true
	for i < len(r.data) {
		i = plainRun(r.data, i) // skip the bytes that need no attention
		if i == len(r.data) {
			break
		}
		b := r.data[i]
		switch {
		case b == '"':
			r.pos = i + 1
			if !ascii && plain {
				plain = utf8.Valid(r.data[start:i])
			}
			return start, i, plain
		case b < 0x20:
			r.fail = true
			return 0, 0, false
		case b == '\\':
			plain = false
			i++
			if i >= len(r.data) {
				r.fail = true
				return 0, 0, false
			}
			switch r.data[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(r.data) {
					r.fail = true
					return 0, 0, false
				}
				for _, h := range r.data[i+1 : i+5] {
					if !isHex(h) {
						r.fail = true
						return 0, 0, false
					}
				}
				i += 4
			default:
				r.fail = true
				return 0, 0, false
			}
		case b >= 0x80:
			ascii = false
		}
		i++
	}
	r.fail = true
	return 0, 0, false
}

func isHex(b byte) bool {
	return '0' <= b && b <= '9' || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F'
}

// String reads a string value, unescaped as encoding/json unescapes
// it. A string without escapes shares memory with one conversion of
// the whole input.
func (r *Reader) String() string {
	start, end, plain := r.rawString()
	if r.fail || start == end {
		return ""
	}
	if !plain {
		return string(unquote(nil, r.data[start:end]))
	}
	if r.text == "" {
		r.text = string(r.data)
	}
	return r.text[start:end]
}

// StringBytes is String returning bytes, for comparisons that need no
// string: those of the input for a string without escapes, a new slice
// otherwise.
func (r *Reader) StringBytes() []byte {
	start, end, plain := r.rawString()
	if r.fail {
		return nil
	}
	if !plain {
		return unquote(nil, r.data[start:end])
	}
	return r.data[start:end]
}

// unquote appends to dst the contents s of a string literal, which
// rawString has checked, unescaped as encoding/json unescapes them:
// escapes decoded, a \u escape of a UTF-16 surrogate joined with the
// next one when they make a pair and U+FFFD when not, and each byte of
// invalid UTF-8 replaced by U+FFFD.
func unquote(dst, s []byte) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			e := s[i+1]
			i += 2
			switch e {
			case 'b':
				dst = append(dst, '\b')
			case 'f':
				dst = append(dst, '\f')
			case 'n':
				dst = append(dst, '\n')
			case 'r':
				dst = append(dst, '\r')
			case 't':
				dst = append(dst, '\t')
			case 'u':
				c1 := hex4(s[i:])
				i += 4
				if utf16.IsSurrogate(c1) {
					c2 := rune(-1)
					if i+6 <= len(s) && s[i] == '\\' && s[i+1] == 'u' {
						c2 = hex4(s[i+2:])
					}
					if p := utf16.DecodeRune(c1, c2); p != utf8.RuneError {
						dst = utf8.AppendRune(dst, p)
						i += 6
						continue
					}
					c1 = utf8.RuneError
				}
				dst = utf8.AppendRune(dst, c1)
			default: // '"', '\\', '/'
				dst = append(dst, e)
			}
		case c < utf8.RuneSelf:
			dst = append(dst, c)
			i++
		default:
			ch, n := utf8.DecodeRune(s[i:])
			if ch == utf8.RuneError && n == 1 {
				dst = utf8.AppendRune(dst, utf8.RuneError)
			} else {
				dst = append(dst, s[i:i+n]...)
			}
			i += n
		}
	}
	return dst
}

// hex4 decodes the 4 hexadecimal digits at the start of s (rawString
// has checked them for an escape; for the second half of a pair, -1
// when they are not digits).
func hex4(s []byte) rune {
	if len(s) < 4 {
		return -1
	}
	var r rune
	for _, c := range s[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

// Uint reads a number that must be a plain unsigned integer (digits
// only) fitting in the given number of bits, as encoding/json decodes
// into an unsigned field of that size. Anything else fails the reader.
func (r *Reader) Uint(size int) uint64 {
	c := r.peek()
	if c < '0' || c > '9' {
		r.fail = true
		return 0
	}
	start := r.pos
	var n uint64
	for r.pos < len(r.data) && '0' <= r.data[r.pos] && r.data[r.pos] <= '9' {
		hi, lo := bits.Mul64(n, 10)
		lo, carry := bits.Add64(lo, uint64(r.data[r.pos]-'0'), 0)
		if hi != 0 || carry != 0 {
			r.fail = true
			return 0
		}
		n = lo
		r.pos++
	}
	if r.data[start] == '0' && r.pos-start > 1 {
		r.fail = true // a leading zero is not JSON
		return 0
	}
	if r.pos < len(r.data) {
		switch r.data[r.pos] {
		case '.', 'e', 'E':
			r.fail = true // a float: encoding/json refuses it for an integer field
			return 0
		}
	}
	if size < 64 && n>>uint(size) != 0 {
		r.fail = true
		return 0
	}
	return n
}

// Skip consumes and validates any value.
func (r *Reader) Skip() {
	switch c := r.peek(); c {
	case '{':
		if !r.Object() {
			return
		}
		for i := 0; ; i++ {
			if !r.skipKey(i) {
				return
			}
			r.Skip()
		}
	case '[':
		if !r.Array() {
			return
		}
		for i := 0; r.Elem(i); i++ {
			r.Skip()
		}
	case '"':
		r.rawString()
	case 't':
		r.literal("true")
	case 'f':
		r.literal("false")
	case 'n':
		r.literal("null")
	default:
		if c == '-' || '0' <= c && c <= '9' {
			r.number()
			return
		}
		r.fail = true
	}
}

// skipKey is Key for objects being skipped: any valid key string is
// fine.
func (r *Reader) skipKey(i int) bool {
	c := r.peek()
	if c == '}' {
		r.pos++
		r.depth--
		return false
	}
	if i > 0 {
		if c != ',' {
			r.fail = true
			return false
		}
		r.pos++
	}
	r.rawString()
	if r.peek() != ':' {
		r.fail = true
		return false
	}
	r.pos++
	return true
}

func (r *Reader) literal(lit string) {
	if len(r.data)-r.pos < len(lit) || string(r.data[r.pos:r.pos+len(lit)]) != lit {
		r.fail = true
		return
	}
	r.pos += len(lit)
}

// number consumes a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (r *Reader) number() {
	d := r.data
	i := r.pos
	if i < len(d) && d[i] == '-' {
		i++
	}
	digits := func() bool {
		s := i
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
		return i > s
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case !digits():
		r.fail = true
		return
	}
	if i < len(d) && d[i] == '.' {
		i++
		if !digits() {
			r.fail = true
			return
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if !digits() {
			r.fail = true
			return
		}
	}
	r.pos = i
}

// EqualFold reports whether key names the field name (ASCII) as
// encoding/json matches a key to a field: equal under Unicode simple
// case folding, so that "K" (U+212A KELVIN SIGN) matches 'k' and "ſ"
// (U+017F LONG S) matches 's'. The key must be valid UTF-8, as Key
// returns it. It is small enough to be inlined where keys are matched.
func EqualFold(key []byte, name string) bool {
	if len(key) != len(name) {
		// A non-ASCII rune that folds to an ASCII letter is longer
		// than it.
		return len(key) > len(name) && foldNonASCII(key, name)
	}
	for i := range len(key) {
		// At this length, a byte of a non-ASCII key is no match.
		a, b := key[i], name[i]
		if a == b {
			continue
		}
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return true
}

// foldNonASCII is EqualFold for a key longer than name: a match only if
// it has non-ASCII runes. Not inlined, so that EqualFold is.
//
//go:noinline
func foldNonASCII(key []byte, name string) bool {
	for _, c := range key {
		if c >= utf8.RuneSelf {
			return bytes.EqualFold(key, []byte(name))
		}
	}
	return false
}

// Members reads data, which must be one JSON object (with white space
// around it at most), and returns its keys, unescaped, in input order
// with repeats, and the text of their values. ok is false for anything
// else, null included.
func Members(data []byte) (keys []string, vals [][]byte, ok bool) {
	r := New(data)
	if r.Peek() != '{' || !r.Object() {
		return nil, nil, false
	}
	for i := 0; ; i++ {
		k, more := r.Key(i)
		if !more {
			break
		}
		keys = append(keys, string(k))
		start := r.skipValue()
		vals = append(vals, data[start:r.pos])
	}
	r.End()
	if r.fail {
		return nil, nil, false
	}
	return keys, vals, true
}

// Elements reads data, which must be one JSON array, and returns the
// text of its elements. ok is false for anything else, null included.
func Elements(data []byte) (vals [][]byte, ok bool) {
	r := New(data)
	if r.Peek() != '[' || !r.Array() {
		return nil, false
	}
	for i := 0; r.Elem(i); i++ {
		start := r.skipValue()
		vals = append(vals, data[start:r.pos])
	}
	r.End()
	if r.fail {
		return nil, false
	}
	return vals, true
}

// skipValue skips a value and returns its start.
func (r *Reader) skipValue() int {
	r.peek()
	start := r.pos
	r.Skip()
	return start
}
