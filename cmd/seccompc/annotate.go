package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/seccompc/seccompc/internal/atomicfile"
	"github.com/seccompc/seccompc/internal/quote"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/profile"
)

// bpfAnnotation is the annotation crun reads a precompiled filter from:
// the standard base64 (with padding, no line breaks) of an array of
// struct sock_filter in host byte order. crun loads it with
// seccomp(SECCOMP_SET_MODE_FILTER) instead of compiling linux.seccomp
// with libseccomp, and still takes the filter flags from
// linux.seccomp.flags.
const bpfAnnotation = "run.oci.seccomp_bpf_data"

// failUnknownAnnotation makes crun refuse a linux.seccomp that names a
// syscall libseccomp does not know, instead of skipping the name. crun
// does not look at it when it loads bpfAnnotation.
const failUnknownAnnotation = "run.oci.seccomp_fail_unknown_syscall"

func init() {
	register(&command{
		name:  "annotate",
		usage: "[flags] BUNDLE|config.json",
		short: "compile a bundle's linux.seccomp into crun's " + bpfAnnotation + " annotation in its config.json",
		args: `BUNDLE is an OCI bundle directory, whose config.json annotate reads
and replaces (atomically); or give the config.json itself. The filter
is compiled from its linux.seccomp for --target, which must be the
machine crun runs on.`,
		run: runAnnotate,
	})
}

func runAnnotate(e *env, args []string) error {
	fs := newFlags(e, lookup("annotate"))
	cf := addCompileFlags(fs)
	out := fs.String("o", "", "write the annotated configuration to `FILE` (- for stdout) instead of replacing config.json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("want one BUNDLE directory or config.json, got %d arguments", fs.NArg())
	}
	path := fs.Arg(0)
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = filepath.Join(path, "config.json")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	if k := profile.Detect(data); k != profile.KindConfig {
		return usageError("%s is not an OCI config.json (it reads as a %s profile); use compile --format base64 for a bare profile", path, k)
	}
	annots, err := configAnnotations(data)
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("%s: %w", path, err)}
	}
	c, err := compileBytes(data, path, cf)
	if err != nil {
		return err
	}
	if err := annotatable(c, annots); err != nil {
		return &exitError{code: 2, err: err}
	}
	c.printWarnings(e.stderr)
	b64 := base64.StdEncoding.EncodeToString(rawBytes(c.prog.Insns, c.resolved.Target.BigEndian))
	newData, err := setAnnotation(data, bpfAnnotation, b64)
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("%s: %w", path, err)}
	}
	dest := path
	switch *out {
	case "-":
		_, err = e.stdout.Write(newData)
		return err
	case "":
	default:
		dest = *out
	}
	if err := atomicfile.WriteFile(dest, newData, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%s: %s = %d instructions for %s, ENOSYS tail %s\n", dest, bpfAnnotation, len(c.prog.Insns), c.resolved.Target.Name, tailSummary(c.resolved))
	return nil
}

// tailSummary says, per architecture section, after which kernel the
// filter answers ENOSYS for syscalls no rule names.
func tailSummary(r *ir.Resolved) string {
	var parts []string
	for _, ap := range r.Arches {
		b := "none"
		if ap.Tail {
			b = "after " + ap.Baseline.String()
		}
		parts = append(parts, ap.Arch.Name+" "+b)
	}
	return strings.Join(parts, ", ")
}

// annotatable reports why crun, loading the filter from the annotation,
// would not do what it does when it compiles linux.seccomp itself.
//
// What crun does the same either way (from its source, 1.8 and later):
// it applies linux.seccomp.flags to whichever filter it loads (TSYNC,
// SPEC_ALLOW, LOG; SPEC_ALLOW alone when there are none; an unknown flag
// fails the container either way; on EINVAL it retries without flags),
// and it sets up the seccomp listener (NEW_LISTENER, the fd sent to
// linux.seccomp.listenerPath or the run.oci.seccomp.receiver socket) from
// the configuration, not from the filter. annotate keeps linux.seccomp
// as it is, so all of that still applies.
func annotatable(c *compiled, annots map[string]string) error {
	if c.policy.UsesNotify() {
		var names []string
		for i := range c.policy.Rules {
			if r := &c.policy.Rules[i]; r.Action.Kind == ir.ActNotify {
				// Positions start with the file name, which the
				// message already has; a split rule is named once.
				pos := strings.TrimPrefix(r.Pos, c.policy.Source+": ")
				if !slices.Contains(names, pos) {
					names = append(names, pos)
				}
			}
		}
		if c.policy.Default.Kind == ir.ActNotify {
			names = append(names, "defaultAction")
		}
		return fmt.Errorf("%s: linux.seccomp uses SCMP_ACT_NOTIFY (%s): a notify filter is only as good as the listener the runtime creates for it and hands to linux.seccomp.listenerPath, an agent protocol seccompc has not tested with a precompiled filter; leave this profile to the runtime's own compiler", c.policy.Source, strings.Join(limitList(names, 5), ", "))
	}
	if _, ok := annots[failUnknownAnnotation]; ok {
		// A name some architectures lack is resolved per architecture
		// by libseccomp too; only a name no architecture defines is
		// unknown.
		var unknown []string
		for _, w := range c.warnings {
			if w.Kind == ir.WarnUnknownSyscall {
				unknown = append(unknown, w.Syscalls...)
			}
		}
		if len(unknown) > 0 {
			return fmt.Errorf("%s: annotation %s asks crun to refuse syscall names it does not know, but crun does not check names when it loads %s, and seccompc skips these names, which no architecture of the filter defines: %s", c.policy.Source, failUnknownAnnotation, bpfAnnotation, strings.Join(limitList(unknown, 10), " "))
		}
	}
	return nil
}

// limitList shortens list to n items and a count of the rest.
func limitList(list []string, n int) []string {
	if len(list) <= n {
		return list
	}
	return append(list[:n:n], fmt.Sprintf("and %d more", len(list)-n))
}

// configAnnotations returns the string annotations of a config.json.
func configAnnotations(data []byte) (map[string]string, error) {
	var doc struct {
		Annotations map[string]json.RawMessage `json:"annotations"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	m := make(map[string]string, len(doc.Annotations))
	for k, v := range doc.Annotations {
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return nil, fmt.Errorf("annotations.%s: not a string", k)
		}
		m[k] = s
	}
	return m, nil
}

// setAnnotation returns the JSON document data with annotations[key]
// set to value, changing nothing else: the member's value is replaced
// when it exists, or a member is added at the end of the annotations
// object, or an annotations object at the end of the document, indented
// like the members around it. value must need no JSON escaping.
func setAnnotation(data []byte, key, value string) ([]byte, error) {
	if !json.Valid(data) {
		return nil, errors.New("not valid JSON")
	}
	quoted, _ := json.Marshal(value)
	if string(quoted) != `"`+value+`"` {
		return nil, fmt.Errorf("annotation value %.40q needs escaping", value)
	}
	top, err := scanObject(data, skipSpace(data, 0))
	if err != nil {
		return nil, err
	}
	colon := top.colon(data, ": ")
	open, sep, closing, unit, pretty := top.layout(data)
	// A new object inside a member of the document: in pretty JSON on
	// lines of its own one level deeper than the member; on one line
	// spaced like the document.
	nested := func(member string) string {
		if pretty {
			return "{" + sep + unit + member + sep + "}"
		}
		return "{" + open + member + closing + "}"
	}
	ai, err := top.find(data, "annotations")
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if ai < 0 {
		// A new annotations object at the end of the document.
		if len(top.members) == 0 {
			return nil, errors.New("the configuration is an empty object")
		}
		end := top.members[len(top.members)-1].valEnd
		b.Write(data[:end])
		fmt.Fprintf(&b, `,%s"annotations"%s%s`, sep, colon, nested(`"`+key+`"`+colon+string(quoted)))
		b.Write(data[end:])
		return b.Bytes(), nil
	}
	am := top.members[ai]
	if data[am.valStart] != '{' {
		return nil, errors.New("annotations is not an object")
	}
	ann, err := scanObject(data, am.valStart)
	if err != nil {
		return nil, err
	}
	ki, err := ann.find(data, key)
	if err != nil {
		return nil, err
	}
	switch {
	case ki >= 0:
		m := ann.members[ki]
		b.Write(data[:m.valStart])
		b.Write(quoted)
		b.Write(data[m.valEnd:])
	case len(ann.members) > 0:
		_, asep, _, _, _ := ann.layout(data)
		end := ann.members[len(ann.members)-1].valEnd
		b.Write(data[:end])
		fmt.Fprintf(&b, `,%s"%s"%s%s`, asep, key, ann.colon(data, colon), quoted)
		b.Write(data[end:])
	default:
		b.Write(data[:am.valStart])
		b.WriteString(nested(`"` + key + `"` + colon + string(quoted)))
		b.Write(data[ann.end:])
	}
	return b.Bytes(), nil
}

// jsonObject is the layout of one JSON object in a document: byte
// offsets of its braces and members.
type jsonObject struct {
	start, end int // '{' and one past '}'
	members    []jsonMember
}

// jsonMember is one member of an object: the whitespace before it (after
// '{' or ','), its key, and its value.
type jsonMember struct {
	leadStart, keyStart, keyEnd, valStart, valEnd int
}

// find returns the index of the member named key, or -1; a key that
// appears twice is an error, since runtimes differ in which they take.
func (o *jsonObject) find(data []byte, key string) (int, error) {
	at := -1
	for i, m := range o.members {
		var k string
		if err := json.Unmarshal(data[m.keyStart:m.keyEnd], &k); err != nil {
			return -1, err
		}
		if k != key {
			continue
		}
		if at >= 0 {
			return -1, fmt.Errorf("key %s appears twice in one object", quote.Value(key))
		}
		at = i
	}
	return at, nil
}

// colon returns the bytes between the first member's key and value
// (":" or ": "), or def for an empty object.
func (o *jsonObject) colon(data []byte, def string) string {
	if len(o.members) == 0 {
		return def
	}
	m := o.members[0]
	return string(data[m.keyEnd:m.valStart])
}

// layout returns how members are laid out: the whitespace after '{'
// (open) and after each ',' (sep), the whitespace before '}' (closing),
// and for a document with one member a line (pretty), one level of
// indentation (unit: the members' indentation less the closing
// brace's).
func (o *jsonObject) layout(data []byte) (open, sep, closing, unit string, pretty bool) {
	closing = string(data[skipBack(data, o.end-1) : o.end-1])
	if len(o.members) == 0 {
		return "", "", closing, "", false
	}
	first, last := o.members[0], o.members[len(o.members)-1]
	open = string(data[first.leadStart:first.keyStart])
	sep = string(data[last.leadStart:last.keyStart])
	if len(o.members) == 1 {
		sep = open
	}
	if !strings.Contains(sep, "\n") {
		return open, sep, closing, "", false
	}
	ind := sep[strings.LastIndexByte(sep, '\n')+1:]
	cind := closing[strings.LastIndexByte(closing, '\n')+1:]
	return open, sep, closing, strings.TrimPrefix(ind, cind), true
}

// scanObject reads the object at data[i] of a valid JSON document.
func scanObject(data []byte, i int) (*jsonObject, error) {
	if i >= len(data) || data[i] != '{' {
		return nil, errors.New("not a JSON object")
	}
	o := &jsonObject{start: i}
	i++
	for {
		lead := i
		i = skipSpace(data, i)
		if data[i] == '}' {
			o.end = i + 1
			return o, nil
		}
		if data[i] == ',' {
			i++
			lead = i
			i = skipSpace(data, i)
		}
		m := jsonMember{leadStart: lead, keyStart: i}
		i = skipValue(data, i)
		m.keyEnd = i
		i = skipSpace(data, i)
		i++ // ':'
		m.valStart = skipSpace(data, i)
		m.valEnd = skipValue(data, m.valStart)
		i = m.valEnd
		o.members = append(o.members, m)
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipSpace(data []byte, i int) int {
	for i < len(data) && isSpace(data[i]) {
		i++
	}
	return i
}

// skipBack returns the start of the whitespace that ends at data[i].
func skipBack(data []byte, i int) int {
	for i > 0 && isSpace(data[i-1]) {
		i--
	}
	return i
}

// skipValue returns the end of the value that starts at data[i] in a
// valid JSON document.
func skipValue(data []byte, i int) int {
	switch data[i] {
	case '"':
		for i++; data[i] != '"'; i++ {
			if data[i] == '\\' {
				i++
			}
		}
		return i + 1
	case '{', '[':
		depth := 0
		for ; ; i++ {
			switch data[i] {
			case '"':
				i = skipValue(data, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
	}
	for i < len(data) && !isSpace(data[i]) && data[i] != ',' && data[i] != '}' && data[i] != ']' {
		i++
	}
	return i
}

// annotationOnly checks a profile compiled for --format base64, which
// is the annotation's value without the configuration around it: what
// annotate refuses is refused, and the profile's flags, which the
// annotation cannot carry, are reported.
func annotationOnly(e *env, c *compiled) error {
	if err := annotatable(c, nil); err != nil {
		return &exitError{code: 2, err: err}
	}
	if c.policy.Flags != 0 {
		fmt.Fprintf(e.stderr, "warning: %s: the annotation carries no filter flags: crun applies the container's linux.seccomp.flags (SPEC_ALLOW when it has none), not this profile's %s\n", c.policy.Source, strings.Join(c.policy.Flags.Names(), ", "))
	}
	return nil
}
