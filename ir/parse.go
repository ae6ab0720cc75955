package ir

// The policy language
//
// A policy file is a sequence of lines. Each line holds one directive or
// one rule; "#" starts a comment that runs to the end of the line, and
// blank lines are ignored. A line continues onto the next while a "(" or
// "{" is open, or when it ends with "&&", "||" or ",".
//
//	policy    = { line "\n" }
//	line      = [ directive | rule ] [ comment ]
//	comment   = "#" { any character but newline }
//
// Directives set the policy-wide parts of [Policy]. default is required
// and must appear exactly once; the others are optional, and all but arch
// and flag at most once.
//
//	directive = "default" action                    // Policy.Default
//	          | "badarch" action                    // Policy.BadArch (absent: KILL_THREAD)
//	          | "arch" name { name }                // Policy.Arches, kept as written; may repeat
//	          | "baseline" ( "auto" | "none" | version )   // Policy.Baseline (absent: auto)
//	          | "flag" flagname { flagname }        // Policy.Flags; may repeat
//	          | "listener" string [ string ]        // Policy.ListenerPath, ListenerMetadata
//
//	action    = "allow" | "errno" "(" number ")" | "kill_process" | "kill_thread"
//	          | "trap" | "trace" [ "(" number ")" ] | "log" | "notify"
//	version   = number { "." number }               // a kernel version such as 5.10
//	flagname  = "tsync" | "log" | "spec_allow" | "new_listener" | "tsync_esrch"
//	          | "wait_killable_recv" | "SECCOMP_FILTER_FLAG_TSYNC" | ...
//	string    = a double-quoted Go string literal, escapes included
//
// A badarch action that lets syscalls run (allow, log) parses, but the
// compiler refuses it unless asked explicitly (lower.Options.BadArchAllow,
// seccompc --allow-badarch-allow), and lint reports it as an error: every
// syscall of an architecture the filter does not cover would bypass the
// filter. A listener path with a NUL byte is refused: the socket path
// would end there.
//
// Flags may be given by their short names or by their full
// SECCOMP_FILTER_FLAG_* names; they are stored by the full name (the
// Flag* constants). The errno of errno(N) is at most 4095 ([MaxErrno]);
// trace without a number means trace(0).
//
// A rule line gives one action to one or more syscalls, each becoming
// one [Rule] with the same action and condition:
//
//	rule      = action target { "," target } [ "if" expr ]
//	target    = syscall | number                    // a name, or a raw seccomp_data.nr value
//	syscall   = [a-z_][a-z0-9_]*                    // except the keyword "if"
//
// A raw number makes a rule with Syscall "" and Nr set; it must fit in
// 32 bits. Without "if" the rule's Cond is nil (always true).
//
// Conditions compare the six 64-bit syscall arguments a0 to a5, all
// comparisons unsigned:
//
//	expr      = and { "||" and }                    // OpOr (one operand: the operand itself)
//	and       = unary { "&&" unary }                // OpAnd
//	unary     = "!" unary                           // OpNot
//	          | "(" expr ")"
//	          | "true" | "false"                    // OpTrue, OpFalse
//	          | cmp
//	cmp       = operand relop number                // OpCmp with CmpEq ... CmpGe
//	          | "(" operand "&" number ")" ( "==" | "!=" ) number   // CmpMaskedEq, CmpMaskedNe
//	          | operand [ "not" ] "in" set
//	operand   = arg | "lo32" "(" arg ")"            // lo32: compare the low 32 bits only (Low32)
//	arg       = "a0" | "a1" | "a2" | "a3" | "a4" | "a5"
//	relop     = "==" | "!=" | "<" | "<=" | ">" | ">="
//	set       = "{" item { "," item } [ "," ] "}"
//	item      = number [ ".." number ]              // a value, or an inclusive range lo..hi
//
// "&&" binds tighter than "||". Parentheses group without adding a node,
// but they do stop flattening: "a && b && c" is one OpAnd with three
// operands while "(a && b) && c" is an OpAnd whose first operand is an
// OpAnd. A set is the OpOr of its items (just the item when there is
// only one); a value v is "a == v" and a range lo..hi (lo <= hi) is
// "a >= lo && a <= hi". "not in" is the OpNot of that OpOr.
//
// Numbers are unsigned 64-bit integers written as in Go: decimal,
// hexadecimal (0x1f), octal (0o17, or a leading 0 as in C: 017), binary
// (0b101), with optional "_" separators. A value that does not fit in 64
// bits is an error, and with lo32 the values and masks must fit in 32
// bits. Masks are only allowed with "==" and "!=".
//
// Example:
//
//	default errno(1)
//	arch x86_64 x86
//	allow read, write, close
//	allow personality if a0 == 0 || a0 in {8, 0x20000, 0x20008}
//	errno(1) socket if a0 == 40
//	allow clone if (a0 & 0x7e020000) == 0
//	allow ioctl if lo32(a1) == 0x5401
//	allow mmap if a2 in {0..7, 9}
//	kill_process 400
//
// [Policy.String] and [Expr.String] print this language back. Parsing
// their output gives an equal policy or expression: the printer adds the
// parentheses that keep nested OpAnd and OpOr nodes from flattening, and
// prints an OpOr of equality tests and ranges on one operand as a set.
// Numbers up to 255 print in decimal, larger ones in hexadecimal.
// (OpAnd and OpOr nodes with fewer than two operands, which the
// constructors never build, print as their value and so do not round
// trip exactly.)

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/internal/suggest"
	"github.com/seccompc/seccompc/ir/internal/names"
	"github.com/seccompc/seccompc/ir/internal/place"
)

// Parse reads a policy in the policy language. filename names the input
// in positions: errors are *[Error] with Pos "file:line:col", and each
// rule gets Pos "file:line". The result is checked with
// [Policy.Validate] and its Source is filename. Input that starts with a
// UTF-8 byte order mark is refused, as for every kind of profile (see
// package ir/profile).
func Parse(data []byte, filename string) (*Policy, error) {
	if place.HasBOM(data) {
		return nil, &Error{Code: ErrFormat, Pos: place.Start(filename), Detail: place.BOMDetail}
	}
	p := &parser{lx: lexer{src: string(data)}, file: filename}
	p.rules.cur = make([]Rule, 0, estimateRules(data))
	pol, err := p.policy()
	if err != nil {
		return nil, err
	}
	if err := pol.Validate(); err != nil {
		return nil, err
	}
	return pol, nil
}

// ParseExpr reads a condition in the expression syntax of the policy
// language, such as "a0 == 1 && lo32(a1) in {2, 4..8}". Newlines count
// as spaces. Errors are *[Error] with Pos "line:col".
func ParseExpr(s string) (*Expr, error) {
	p := &parser{lx: lexer{src: s, noNewlines: true}}
	x, err := p.expr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(0); t.kind != tEOF {
		return nil, p.errorf(t, ErrSyntax, "unexpected %s after expression", t)
	}
	if err := x.Validate(); err != nil {
		return nil, err
	}
	return x, nil
}

// Token kinds.
type tokKind uint8

const (
	tEOF     tokKind = iota
	tNewline         // end of a line (not inside brackets or after && || ,)
	tIdent           // [A-Za-z_][A-Za-z0-9_]*
	tNumber          // [0-9][0-9A-Za-z_]* with "." continuations for versions
	tString          // "..." (text holds the unquoted value)
	tPunct           // ( ) { } , .. & && || ! == != < <= > >=
	tError           // a lexical error; text holds the message
)

type token struct {
	kind      tokKind
	text      string
	line, col int
	end       int // the offset in the input just after the token
}

func (t token) String() string {
	switch t.kind {
	case tEOF:
		return "end of input"
	case tNewline:
		return "end of line"
	case tString:
		return "string " + quote.Value(t.text)
	case tNumber:
		return "number " + quote.Cut(t.text)
	case tIdent:
		return quote.Value(t.text)
	}
	return "'" + t.text + "'"
}

func (t token) is(kind tokKind, text string) bool { return t.kind == kind && t.text == text }

func (t token) punct(text string) bool { return t.is(tPunct, text) }

// lexer splits the input into tokens. It drops the newlines that do not
// end a line: inside ( ) or { } and after &&, || or ",".
type lexer struct {
	src        string
	off        int
	line, col0 int // current line (0-based here, reported 1-based) and offset of its start
	depth      int // open ( and {
	last       token
	noNewlines bool // treat newlines as spaces (ParseExpr)
	failed     bool
}

func (lx *lexer) next() token {
	if lx.failed {
		return token{kind: tEOF, line: lx.line + 1, col: lx.off - lx.col0 + 1}
	}
	t := lx.scan()
	t.end = lx.off
	if t.kind == tError {
		lx.failed = true
	}
	if t.kind == tPunct {
		switch t.text {
		case "(", "{":
			lx.depth++
		case ")", "}":
			if lx.depth > 0 {
				lx.depth--
			}
		}
	}
	lx.last = t
	return t
}

func (lx *lexer) continues() bool {
	if lx.noNewlines || lx.depth > 0 {
		return true
	}
	return lx.last.kind == tPunct && (lx.last.text == "&&" || lx.last.text == "||" || lx.last.text == ",")
}

func isIdentStart(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isIdentChar(c byte) bool { return isIdentStart(c) || isDigit(c) }

func (lx *lexer) scan() token {
	for lx.off < len(lx.src) {
		c := lx.src[lx.off]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			lx.off++
			continue
		case c == '#':
			for lx.off < len(lx.src) && lx.src[lx.off] != '\n' {
				lx.off++
			}
			continue
		case c == '\n':
			t := token{kind: tNewline, line: lx.line + 1, col: lx.off - lx.col0 + 1}
			lx.off++
			lx.line++
			lx.col0 = lx.off
			if lx.continues() {
				continue
			}
			return t
		}
		break
	}
	t := token{line: lx.line + 1, col: lx.off - lx.col0 + 1}
	if lx.off >= len(lx.src) {
		t.kind = tEOF
		return t
	}
	start := lx.off
	c := lx.src[lx.off]
	switch {
	case isIdentStart(c):
		for lx.off < len(lx.src) && isIdentChar(lx.src[lx.off]) {
			lx.off++
		}
		t.kind, t.text = tIdent, lx.src[start:lx.off]
		return t
	case isDigit(c):
		for {
			for lx.off < len(lx.src) && isIdentChar(lx.src[lx.off]) {
				lx.off++
			}
			// A "." followed by a digit continues a version number; ".."
			// (a range) does not.
			if lx.off+1 < len(lx.src) && lx.src[lx.off] == '.' && isDigit(lx.src[lx.off+1]) {
				lx.off++
				continue
			}
			break
		}
		t.kind, t.text = tNumber, lx.src[start:lx.off]
		return t
	case c == '"':
		lx.off++
		for lx.off < len(lx.src) && lx.src[lx.off] != '"' && lx.src[lx.off] != '\n' {
			if lx.src[lx.off] == '\\' && lx.off+1 < len(lx.src) && lx.src[lx.off+1] != '\n' {
				lx.off++
			}
			lx.off++
		}
		if lx.off >= len(lx.src) || lx.src[lx.off] != '"' {
			t.kind, t.text = tError, "unterminated string"
			return t
		}
		lx.off++
		s, err := strconv.Unquote(lx.src[start:lx.off])
		if err != nil {
			t.kind, t.text = tError, "invalid string "+quote.Cut(lx.src[start:lx.off])
			return t
		}
		t.kind, t.text = tString, s
		return t
	}
	// Punctuation: two-character forms first.
	if lx.off+1 < len(lx.src) {
		switch two := lx.src[lx.off : lx.off+2]; two {
		case "&&", "||", "==", "!=", "<=", ">=", "..":
			lx.off += 2
			t.kind, t.text = tPunct, two
			return t
		}
	}
	switch c {
	case '(', ')', '{', '}', ',', '&', '!', '<', '>':
		lx.off++
		t.kind, t.text = tPunct, lx.src[start:lx.off] // no string(c): that allocates
		return t
	case '|':
		t.kind, t.text = tError, "unexpected '|' (did you mean '||'?)"
	case '=':
		t.kind, t.text = tError, "unexpected '=' (did you mean '=='?)"
	default:
		if c < 0x20 || c >= 0x7f {
			t.kind, t.text = tError, "unexpected character "+quote.Value(lx.src[lx.off:lx.off+1])
		} else {
			t.kind, t.text = tError, fmt.Sprintf("unexpected character '%c'", c)
		}
	}
	return t
}

// parser is a recursive-descent parser over the lexer with a small
// lookahead buffer.
type parser struct {
	lx    lexer
	buf   [lookahead]token // a ring: the tokens peeked at, from buf[head]
	head  int
	n     int // tokens in buf
	end   int // the offset just after the token next returned last
	file  string
	depth int         // nesting of "(" and "!" in the current expression
	seen  names.Dedup // the names of the current rule

	rules ruleList         // the rules so far
	poss  posArena         // the rules' positions
	conds map[string]*Expr // the conditions parsed so far, by their text (see cond)
}

// lookahead is the size of the parser's token ring: maskAhead peeks six
// tokens, and unread puts one back after next.
const lookahead = 8

func (p *parser) peek(i int) token {
	for p.n <= i {
		p.buf[(p.head+p.n)%lookahead] = p.lx.next()
		p.n++
	}
	return p.buf[(p.head+i)%lookahead]
}

func (p *parser) next() token {
	t := p.peek(0)
	p.head = (p.head + 1) % lookahead
	p.n--
	p.end = t.end
	return t
}

// unread puts t, which next returned last, back in front of the
// lookahead.
func (p *parser) unread(t token) {
	p.head = (p.head + lookahead - 1) % lookahead
	p.buf[p.head] = t
	p.n++
}

// pos returns "file:line:col" for t, or "line:col" without a file name.
func (p *parser) pos(t token) string {
	if p.file == "" {
		return fmt.Sprintf("%d:%d", t.line, t.col)
	}
	return fmt.Sprintf("%s:%d:%d", p.file, t.line, t.col)
}

// posOf formats the position of a token only when printed.
type posOf struct {
	p *parser
	t token
}

func (o posOf) String() string { return o.p.pos(o.t) }

// errorf returns an *Error at t. A lexical error token reports itself
// instead. Input in the message is bounded: a token argument prints
// itself cut (token.String), and a token's text goes in through
// quote.Cut or quote.Value.
func (p *parser) errorf(t token, code ErrorCode, format string, args ...any) error {
	if t.kind == tError {
		return &Error{Code: ErrSyntax, Pos: p.pos(t), Detail: t.text}
	}
	return &Error{Code: code, Pos: p.pos(t), Detail: fmt.Sprintf(format, args...)}
}

// expect consumes the punctuation text or fails saying what it is for:
// what and args are formatted only on failure.
func (p *parser) expect(text, what string, args ...any) (token, error) {
	t := p.next()
	if !t.punct(text) {
		return t, p.errorf(t, ErrSyntax, "expected '%s' %s, found %s", text, fmt.Sprintf(what, args...), t)
	}
	return t, nil
}

// endLine consumes the end of a line after the directive named
// directive, or after a rule when directive is "".
func (p *parser) endLine(directive string) error {
	t := p.peek(0)
	switch t.kind {
	case tEOF:
		return nil
	case tNewline:
		p.next()
		return nil
	}
	what := "the rule"
	if directive != "" {
		what = "the " + directive + " directive"
	}
	return p.errorf(t, ErrSyntax, "unexpected %s after %s (expected end of line)", t, what)
}

// policy parses the whole input.
func (p *parser) policy() (*Policy, error) {
	pol := &Policy{Source: p.file}
	var defaultAt, badarchAt, baselineAt, listenerAt string
	once := func(t token, seen *string) error {
		if *seen != "" {
			return p.errorf(t, ErrSyntax, "duplicate %s directive (first at %s)", quote.Cut(t.text), *seen)
		}
		*seen = p.pos(t)
		return nil
	}
	for {
		t := p.next()
		switch t.kind {
		case tEOF:
			if defaultAt == "" {
				pos := p.file
				if pos == "" {
					pos = p.pos(t)
				}
				return nil, &Error{Code: ErrSyntax, Pos: pos, Detail: "missing default directive (such as \"default errno(1)\")"}
			}
			pol.Rules = p.rules.all()
			return pol, nil
		case tNewline:
			continue
		case tIdent:
		default:
			return nil, p.errorf(t, ErrSyntax, "expected a directive or an action at the start of a line, found %s", t)
		}
		var err error
		what := t.text // a directive's name; "" for a rule
		switch t.text {
		case "default":
			if err = once(t, &defaultAt); err == nil {
				pol.Default, err = p.action()
			}
		case "badarch":
			if err = once(t, &badarchAt); err == nil {
				pol.BadArch, err = p.action()
			}
		case "arch":
			err = p.arches(pol)
		case "baseline":
			if err = once(t, &baselineAt); err == nil {
				err = p.baseline(pol)
			}
		case "flag":
			err = p.flags(pol)
		case "listener":
			if err = once(t, &listenerAt); err == nil {
				err = p.listener(pol)
			}
		default:
			if _, ok := actionKind(t.text); !ok {
				return nil, p.errorf(t, ErrSyntax, "unknown directive or action %s%s", t, suggest.Hint(t.text, directivesAndActions()))
			}
			p.unread(t) // let action() read it again
			err = p.rule(t, pol)
			what = ""
		}
		if err != nil {
			return nil, err
		}
		if err := p.endLine(what); err != nil {
			return nil, err
		}
	}
}

func actionKind(name string) (ActionKind, bool) {
	for k := ActKillProcess; k <= ActAllow; k++ {
		if k.String() == name {
			return k, true
		}
	}
	return 0, false
}

// directivesAndActions lists the words that can begin a line.
func directivesAndActions() []string {
	return append([]string{"default", "badarch", "arch", "baseline", "flag", "listener"}, actionNames[1:]...)
}

// action parses an action name with its optional data.
func (p *parser) action() (Action, error) {
	t := p.next()
	if t.kind != tIdent {
		return Action{}, p.errorf(t, ErrAction, "expected an action (allow, errno(N), kill_process, kill_thread, trap, trace(N), log, notify), found %s", t)
	}
	k, ok := actionKind(t.text)
	if !ok {
		return Action{}, p.errorf(t, ErrAction, "unknown action %s%s", t, suggest.Hint(t.text, actionNames[1:]))
	}
	a := Action{Kind: k}
	if !p.peek(0).punct("(") {
		if k == ActErrno {
			return Action{}, p.errorf(t, ErrAction, "errno needs a value, as in errno(1)")
		}
		return a, nil
	}
	open := p.next()
	if !k.HasData() {
		return Action{}, p.errorf(open, ErrAction, "%s takes no value", k)
	}
	nt := p.next()
	if nt.kind != tNumber {
		return Action{}, p.errorf(nt, ErrAction, "expected the %s value, found %s", k, nt)
	}
	n, err := p.number(nt)
	if err != nil {
		return Action{}, err
	}
	switch {
	case k == ActErrno && n > MaxErrno:
		return Action{}, p.errorf(nt, ErrErrno, "errno %s is above %d", quote.Cut(nt.text), MaxErrno)
	case n > 0xffff:
		return Action{}, p.errorf(nt, ErrValueRange, "%s value %s does not fit in 16 bits", k, quote.Cut(nt.text))
	}
	a.Data = uint16(n)
	if _, err := p.expect(")", "to close %s(", k); err != nil {
		return Action{}, err
	}
	return a, nil
}

// number converts a number token to a uint64.
func (p *parser) number(t token) (uint64, error) {
	if strings.Contains(t.text, ".") {
		return 0, &Error{Code: ErrSyntax, Pos: p.pos(t), Detail: "invalid number " + quote.Value(t.text)}
	}
	n, err := strconv.ParseUint(t.text, 0, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, &Error{Code: ErrValueRange, Pos: p.pos(t), Detail: fmt.Sprintf("value %s does not fit in 64 bits", quote.Cut(t.text))}
		}
		return 0, &Error{Code: ErrSyntax, Pos: p.pos(t), Detail: fmt.Sprintf("invalid number %s", quote.Value(t.text))}
	}
	return n, nil
}

func (p *parser) arches(pol *Policy) error {
	n := 0
	for p.peek(0).kind == tIdent {
		pol.Arches = append(pol.Arches, strings.Clone(p.next().text)) // not a substring of the input: see rule
		n++
	}
	if n == 0 {
		t := p.peek(0)
		return p.errorf(t, ErrArch, "expected architecture names after arch, found %s", t)
	}
	return nil
}

func (p *parser) baseline(pol *Policy) error {
	t := p.next()
	if t.kind != tIdent && t.kind != tNumber {
		return p.errorf(t, ErrBaseline, "expected auto, none or a kernel version after baseline, found %s", t)
	}
	b, err := ParseBaseline(t.text)
	if err != nil {
		return At(p.pos(t), err)
	}
	pol.Baseline = b
	return nil
}

func (p *parser) flags(pol *Policy) error {
	n := 0
	for p.peek(0).kind == tIdent {
		t := p.next()
		f, err := ParseFlag(t.text)
		if err != nil {
			return p.errorf(t, ErrFlag, "unknown flag %s%s", t, suggest.Hint(t.text, flagsKnown.ShortNames()))
		}
		pol.Flags |= f
		n++
	}
	if n == 0 {
		t := p.peek(0)
		return p.errorf(t, ErrFlag, "expected flag names after flag, found %s", t)
	}
	return nil
}

func (p *parser) listener(pol *Policy) error {
	t := p.next()
	if t.kind != tString {
		return p.errorf(t, ErrSyntax, "expected the listener path as a quoted string, found %s", t)
	}
	if d := place.ListenerPathProblem(t.text); d != "" {
		return p.errorf(t, ErrNotify, "%s", d)
	}
	pol.ListenerPath = t.text
	if p.peek(0).kind == tString {
		pol.ListenerMetadata = p.next().text
	}
	return nil
}

// isSyscallName reports whether s matches [a-z_][a-z0-9_]*.
func isSyscallName(s string) bool {
	if s == "" || isDigit(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || 'a' <= c && c <= 'z' || isDigit(c)) {
			return false
		}
	}
	return true
}

// rule parses "action target, ... [if expr]" and appends its rules.
func (p *parser) rule(start token, pol *Policy) error {
	act, err := p.action()
	if err != nil {
		return err
	}
	pos := p.poss.line(p.file, start.line)
	first := p.rules.len() // this line's rules are those from first on
	var listed []string    // the names so far, each once
	var repeat *Repeat
	last := "" // the syscall written last
	p.seen.Begin()
targets:
	for {
		t := p.next()
		r := Rule{Action: act, Pos: pos}
		switch {
		case t.kind == tIdent && t.text != "if":
			if !isSyscallName(t.text) {
				return p.errorf(t, ErrSyscall, "invalid syscall name %s (must match [a-z_][a-z0-9_]*)", t)
			}
			// The policy keeps no substring of the input, which could
			// then be freed: a known name is the tables' string, any
			// other a copy.
			name, nr, x64, static := names.Static([]byte(t.text))
			var seen bool
			if x64 {
				seen = p.seen.SeenNr(listed, name, nr)
			} else {
				seen = p.seen.Seen(listed, t.text)
			}
			if !static {
				name = t.text
			}
			// A name listed again adds nothing: keep it once, and say
			// so in Policy.Repeats (a generated policy may repeat its
			// names millions of times).
			if seen {
				if repeat == nil {
					pol.Repeats = append(pol.Repeats, Repeat{Pos: pos, Names: map[string]int{}})
					repeat = &pol.Repeats[len(pol.Repeats)-1]
				}
				if _, ok := repeat.Names[name]; !ok && !static {
					name = strings.Clone(name)
				}
				repeat.Names[name]++
				repeat.Count++
				if !p.peek(0).punct(",") {
					break targets
				}
				p.next()
				continue
			}
			if !static {
				name = strings.Clone(name)
			}
			r.Syscall, last = name, name
			listed = append(listed, name)
		case t.kind == tNumber:
			n, err := p.number(t)
			if err != nil {
				return err
			}
			if n > 0xffffffff {
				return p.errorf(t, ErrValueRange, "syscall number %s does not fit in 32 bits", quote.Cut(t.text))
			}
			r.Nr = uint32(n)
			last = r.Target()
		default:
			if p.rules.len() == first {
				return p.errorf(t, ErrSyscall, "expected a syscall name or number after the action %s, found %s", act, t)
			}
			return p.errorf(t, ErrSyscall, "expected a syscall name or number after ',', found %s", t)
		}
		p.rules.add(r)
		if !p.peek(0).punct(",") {
			break
		}
		p.next()
	}
	if t := p.peek(0); t.kind == tNumber || t.kind == tIdent && t.text != "if" {
		return p.errorf(t, ErrSyntax, "expected ',', 'if' or end of line after the syscall %s, found %s", quote.Cut(last), t)
	}
	if p.peek(0).is(tIdent, "if") {
		p.next()
		cond, err := p.cond()
		if err != nil {
			return err
		}
		p.rules.setCond(first, cond)
	}
	return nil
}

// maxConds bounds the conditions cond remembers, so that a policy of
// distinct conditions pays a constant for the sharing.
const maxConds = 1 << 12

// cond parses the condition of a rule, up to the end of its line. The
// rules of a line share one condition, and so do the rules of lines
// whose conditions are written alike: the same text parses to the same
// expression, so a generated policy that writes its rules over and over
// keeps one expression per distinct condition (and Resolve simplifies
// each once). The text is found by lexing ahead to the end of the line;
// a condition seen before is not parsed again.
func (p *parser) cond() (*Expr, error) {
	p.depth = 0
	start := p.peek(0)
	if p.n != 1 || start.kind != tIdent && start.kind != tPunct {
		return p.expr() // a condition starts with a name or punctuation: this one is an error
	}
	from := start.end - len(start.text)
	saved := p.lx
	end, t := start.end, p.lx.next()
	for t.kind != tNewline && t.kind != tEOF && t.kind != tError {
		end, t = t.end, p.lx.next()
	}
	text := p.lx.src[from:end]
	if c, ok := p.conds[text]; ok && t.kind != tError {
		// Seen before: take the line's end as the next token.
		p.buf[p.head], p.n, p.end = t, 1, end
		return c, nil
	}
	p.lx = saved
	cond, err := p.expr()
	if err != nil || p.end != end || !p.peek(0).is(t.kind, t.text) {
		return cond, err
	}
	if p.conds == nil {
		p.conds = make(map[string]*Expr)
	}
	if len(p.conds) < maxConds {
		p.conds[text] = cond
	}
	return cond, nil
}

// expr parses or = and { "||" and }.
func (p *parser) expr() (*Expr, error) {
	x, err := p.and()
	if err != nil {
		return nil, err
	}
	if !p.peek(0).punct("||") {
		return x, nil
	}
	subs := []*Expr{x}
	for p.peek(0).punct("||") {
		p.next()
		y, err := p.and()
		if err != nil {
			return nil, err
		}
		subs = append(subs, y)
	}
	return &Expr{Op: OpOr, Sub: subs}, nil
}

// and parses and = unary { "&&" unary }.
func (p *parser) and() (*Expr, error) {
	x, err := p.unary()
	if err != nil {
		return nil, err
	}
	if !p.peek(0).punct("&&") {
		return x, nil
	}
	subs := []*Expr{x}
	for p.peek(0).punct("&&") {
		p.next()
		y, err := p.unary()
		if err != nil {
			return nil, err
		}
		subs = append(subs, y)
	}
	return &Expr{Op: OpAnd, Sub: subs}, nil
}

// nest counts one more level of nesting at t, failing beyond maxDepth.
func (p *parser) nest(t token) error {
	p.depth++
	if p.depth > maxDepth {
		return p.errorf(t, ErrNestingDepth, "more than %d levels of parentheses and '!'", maxDepth)
	}
	return nil
}

func (p *parser) unary() (*Expr, error) {
	t := p.peek(0)
	switch {
	case t.punct("!"):
		p.next()
		if err := p.nest(t); err != nil {
			return nil, err
		}
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		p.depth--
		return Not(x), nil
	case t.punct("(") && !p.maskAhead():
		p.next()
		if err := p.nest(t); err != nil {
			return nil, err
		}
		x, err := p.expr()
		if err != nil {
			return nil, err
		}
		if _, err := p.expect(")", "to close '(' at %s", posOf{p, t}); err != nil {
			return nil, err
		}
		p.depth--
		return x, nil
	case t.is(tIdent, "true"):
		p.next()
		return True(), nil
	case t.is(tIdent, "false"):
		p.next()
		return False(), nil
	}
	return p.cmp()
}

// maskAhead reports whether the "(" at peek(0) opens a masked operand,
// "(aN & m)" or "(lo32(aN) & m)", rather than a group.
func (p *parser) maskAhead() bool {
	var i int
	if p.peek(1).is(tIdent, "lo32") {
		if !p.peek(2).punct("(") || p.peek(3).kind != tIdent || !p.peek(4).punct(")") {
			return false
		}
		i = 5
	} else if p.peek(1).kind != tIdent || p.peek(1).text == "true" || p.peek(1).text == "false" {
		return false
	} else {
		i = 2
	}
	return p.peek(i).punct("&")
}

// operand parses aN or lo32(aN).
func (p *parser) operand() (arg uint8, low32 bool, err error) {
	t := p.next()
	if t.is(tIdent, "lo32") {
		if _, err := p.expect("(", "after lo32"); err != nil {
			return 0, false, err
		}
		arg, err = p.arg()
		if err != nil {
			return 0, false, err
		}
		if _, err := p.expect(")", "to close lo32("); err != nil {
			return 0, false, err
		}
		return arg, true, nil
	}
	p.unread(t)
	arg, err = p.arg()
	return arg, false, err
}

// arg parses aN.
func (p *parser) arg() (uint8, error) {
	t := p.next()
	if t.kind == tIdent && len(t.text) >= 2 && t.text[0] == 'a' {
		n, err := strconv.ParseUint(t.text[1:], 10, 8)
		if err == nil && t.text[1:] == strconv.FormatUint(n, 10) {
			if n >= MaxArgs {
				return 0, p.errorf(t, ErrArgIndex, "argument %s does not exist (a0 to a%d)", quote.Cut(t.text), MaxArgs-1)
			}
			return uint8(n), nil
		}
		if len(t.text) > 1 && isDigit(t.text[1]) {
			return 0, p.errorf(t, ErrArgIndex, "argument %s does not exist (a0 to a%d)", quote.Cut(t.text), MaxArgs-1)
		}
	}
	return 0, p.errorf(t, ErrSyntax, "expected a comparison on an argument (a0 to a%d, lo32(aN)), found %s", MaxArgs-1, t)
}

// value parses a number that must fit in 32 bits when low32 is set.
func (p *parser) value(low32 bool, what string) (uint64, error) {
	t := p.next()
	if t.kind != tNumber {
		return 0, p.errorf(t, ErrSyntax, "expected %s, found %s", what, t)
	}
	v, err := p.number(t)
	if err != nil {
		return 0, err
	}
	if low32 && v > 0xffffffff {
		return 0, p.errorf(t, ErrValueRange, "%s %s does not fit in 32 bits, as lo32 needs", what, quote.Cut(t.text))
	}
	return v, nil
}

var relops = map[string]Cmp{"==": CmpEq, "!=": CmpNe, "<": CmpLt, "<=": CmpLe, ">": CmpGt, ">=": CmpGe}

// cmp parses a comparison.
func (p *parser) cmp() (*Expr, error) {
	start := p.peek(0)
	masked := false
	var mask uint64
	if start.punct("(") {
		p.next()
		masked = true
	}
	arg, low32, err := p.operand()
	if err != nil {
		return nil, err
	}
	if masked {
		if _, err := p.expect("&", "after the masked operand"); err != nil {
			return nil, err
		}
		if mask, err = p.value(low32, "mask"); err != nil {
			return nil, err
		}
		if _, err := p.expect(")", "to close '(' at %s", posOf{p, start}); err != nil {
			return nil, err
		}
	}
	t := p.next()
	if t.kind == tPunct {
		c, ok := relops[t.text]
		if !ok {
			if t.text == "&" {
				return nil, p.errorf(t, ErrSyntax, "a mask needs parentheses, as in (a%d & m) == v", arg)
			}
			return nil, p.errorf(t, ErrSyntax, "expected a comparison operator, found %s", t)
		}
		if masked {
			switch c {
			case CmpEq:
				c = CmpMaskedEq
			case CmpNe:
				c = CmpMaskedNe
			default:
				return nil, p.errorf(t, ErrOperator, "masked comparison with '%s': only == and != take a mask", quote.Cut(t.text))
			}
		}
		v, err := p.value(low32, "value")
		if err != nil {
			return nil, err
		}
		return &Expr{Op: OpCmp, Cmp: c, Arg: arg, Low32: low32, Mask: mask, Val: v}, nil
	}
	negate := false
	if t.is(tIdent, "not") {
		negate = true
		t = p.next()
	}
	if !t.is(tIdent, "in") {
		return nil, p.errorf(t, ErrSyntax, "expected a comparison operator (== != < <= > >= in, not in), found %s", t)
	}
	if masked {
		return nil, p.errorf(t, ErrOperator, "masked operand with 'in': only == and != take a mask")
	}
	x, err := p.set(arg, low32)
	if err != nil {
		return nil, err
	}
	if negate {
		x = Not(x)
	}
	return x, nil
}

// set parses "{" item { "," item } [ "," ] "}" for operand (arg, low32).
func (p *parser) set(arg uint8, low32 bool) (*Expr, error) {
	open, err := p.expect("{", "to start a set")
	if err != nil {
		return nil, err
	}
	items := make([]*Expr, 0, p.setSize())
	for {
		t := p.peek(0)
		if t.punct("}") {
			if len(items) == 0 {
				return nil, p.errorf(t, ErrSyntax, "empty set")
			}
			p.next()
			break
		}
		lt := p.peek(0)
		lo, err := p.value(low32, "value")
		if err != nil {
			return nil, err
		}
		item := &Expr{Op: OpCmp, Cmp: CmpEq, Arg: arg, Low32: low32, Val: lo}
		if p.peek(0).punct("..") {
			p.next()
			ht := p.peek(0)
			hi, err := p.value(low32, "value")
			if err != nil {
				return nil, err
			}
			if lo > hi {
				return nil, p.errorf(ht, ErrValueRange, "empty range %s..%s (low end above high end)", quote.Cut(lt.text), quote.Cut(ht.text))
			}
			item = &Expr{Op: OpAnd, Sub: []*Expr{
				{Op: OpCmp, Cmp: CmpGe, Arg: arg, Low32: low32, Val: lo},
				{Op: OpCmp, Cmp: CmpLe, Arg: arg, Low32: low32, Val: hi},
			}}
		}
		items = append(items, item)
		t = p.next()
		if t.punct("}") {
			break
		}
		if !t.punct(",") {
			return nil, p.errorf(t, ErrSyntax, "expected ',' or '}' in the set opened at %s, found %s", p.pos(open), t)
		}
	}
	if len(items) == 1 {
		return items[0], nil
	}
	return &Expr{Op: OpOr, Sub: items}, nil // Or(items...), without copying them
}

// setSize returns the number of items of the set whose "{" next
// returned last, at most: one more than the commas up to the first "}"
// outside comments. Knowing it, set grows no slice.
func (p *parser) setSize() int {
	src, n := p.lx.src, 1
	for i := p.end; i < len(src) && src[i] != '}'; i++ {
		switch src[i] {
		case ',':
			n++
		case '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		}
	}
	return n
}

// ruleList collects the rules of a policy in chunks, so that growing it
// copies no rule; all returns them in one slice of the exact length.
type ruleList struct {
	done [][]Rule // full chunks
	cur  []Rule   // the chunk being filled
	n    int      // rules in done
}

// maxChunk is the largest chunk of a ruleList, in rules.
const maxChunk = 4096

func (l *ruleList) len() int { return l.n + len(l.cur) }

func (l *ruleList) add(r Rule) {
	if len(l.cur) == cap(l.cur) {
		size := 2 * cap(l.cur)
		switch {
		case size == 0:
			size = 16
		case size > maxChunk:
			size = maxChunk
		}
		if len(l.cur) > 0 {
			l.done = append(l.done, l.cur)
			l.n += len(l.cur)
		}
		l.cur = make([]Rule, 0, size)
	}
	l.cur = append(l.cur, r)
}

// setCond sets the condition of the rules from index first on.
func (l *ruleList) setCond(first int, cond *Expr) {
	// The rules of one line are few and at the end: walk back from it.
	k := l.len() - first
	for i := len(l.cur) - 1; i >= 0 && k > 0; i-- {
		l.cur[i].Cond = cond
		k--
	}
	for c := len(l.done) - 1; c >= 0 && k > 0; c-- {
		chunk := l.done[c]
		for i := len(chunk) - 1; i >= 0 && k > 0; i-- {
			chunk[i].Cond = cond
			k--
		}
	}
}

// all returns the rules in one slice (nil when there are none).
func (l *ruleList) all() []Rule {
	if l.len() == 0 {
		return nil
	}
	if len(l.done) == 0 && len(l.cur) >= cap(l.cur)/2 {
		return l.cur[:len(l.cur):len(l.cur)]
	}
	rules := make([]Rule, 0, l.len())
	for _, c := range l.done {
		rules = append(rules, c...)
	}
	return append(rules, l.cur...)
}

// posArena builds the positions of rules, "file:line" (or "line N"
// without a file name), as substrings of a few large strings instead of
// one small string each.
type posArena struct {
	b    strings.Builder
	size int // the size of the next string to cut from
}

// posChunk is the largest size of the strings the positions are cut
// from; the first ones are smaller, for small policies.
const posChunk = 4096

func (a *posArena) line(file string, line int) string {
	var num [20]byte
	digits := strconv.AppendInt(num[:0], int64(line), 10)
	n := len(file) + 1 + len(digits)
	if file == "" {
		n = len("line ") + len(digits)
	}
	if n > posChunk/4 {
		// A long file name: a string of its own.
		if file == "" {
			return "line " + string(digits)
		}
		return file + ":" + string(digits)
	}
	if a.b.Cap()-a.b.Len() < n {
		a.size = min(max(2*a.size, 256), posChunk)
		a.b = strings.Builder{}
		a.b.Grow(a.size)
	}
	from := a.b.Len()
	if file == "" {
		a.b.WriteString("line ")
	} else {
		a.b.WriteString(file)
		a.b.WriteByte(':')
	}
	a.b.Write(digits)
	return a.b.String()[from:]
}

// estimateRules guesses how many rules the policy src makes, for the
// first chunk of the ruleList, so that the usual policy's rules are
// allocated once: one per line that starts with an action, and one
// more per comma before a set, a comment or the end of such a line.
// Names listed again make fewer rules than that: the guess is at most
// one rule per 16 bytes of input, and all copies the rules out of a
// chunk less than half used.
func estimateRules(src []byte) int {
	n := 0
	for i := 0; i < len(src); {
		for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
			i++
		}
		start := i
		for i < len(src) && isIdentChar(src[i]) {
			i++
		}
		action := false
		if i-start <= len("kill_process") {
			_, action = actionKind(string(src[start:i]))
		}
		if action {
			n++
		}
		for ; i < len(src) && src[i] != '\n'; i++ {
			switch src[i] {
			case ',':
				if action {
					n++
				}
			case '{', '#':
				action = false
			}
		}
		i++
	}
	return min(n, len(src)/16+1)
}
