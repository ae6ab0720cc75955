// Package testdiff compares values in tests and shows how they differ.
//
// It stands in for github.com/google/go-cmp, which the module no longer
// requires so that it does not reach the module graph of programs that
// depend on seccompc. Like cmp, it compares with a type's Equal method
// where there is one; otherwise it compares structurally, as
// reflect.DeepEqual does.
package testdiff

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Diff returns "" when want and got are equal, otherwise the lines of
// their printed forms that differ, marked "-" (want) and "+" (got), with
// a line of context around each change.
func Diff(want, got any) string {
	if Equal(want, got) {
		return ""
	}
	return lineDiff(Print(want), Print(got))
}

// Equal reports whether a and b are equal: by the Equal method of their
// type (func (T) Equal(T) bool) where they have one, structurally
// otherwise.
func Equal(a, b any) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if !va.IsValid() || !vb.IsValid() {
		return va.IsValid() == vb.IsValid()
	}
	if va.Type() != vb.Type() {
		return false
	}
	return equal(va, vb, map[visit]bool{})
}

type visit struct {
	a, b uintptr
	t    reflect.Type
}

func equal(a, b reflect.Value, seen map[visit]bool) bool {
	if m, ok := equalMethod(a.Type()); ok && a.CanInterface() {
		if a.Kind() == reflect.Pointer && (a.IsNil() || b.IsNil()) {
			return a.IsNil() == b.IsNil()
		}
		return m.Func.Call([]reflect.Value{a, b})[0].Bool()
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		v := visit{a.Pointer(), b.Pointer(), a.Type()}
		if a.Kind() != reflect.Slice || a.Len() > 0 {
			if seen[v] {
				return true
			}
			seen[v] = true
		}
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		if a.Kind() == reflect.Interface && a.Elem().Type() != b.Elem().Type() {
			return false
		}
		return equal(a.Elem(), b.Elem(), seen)
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return false
		}
		for i := 0; i < a.Len(); i++ {
			if !equal(a.Index(i), b.Index(i), seen) {
				return false
			}
		}
		return true
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if !equal(a.Field(i), b.Field(i), seen) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.Len() != b.Len() {
			return false
		}
		for _, k := range a.MapKeys() {
			bv := b.MapIndex(k)
			if !bv.IsValid() || !equal(a.MapIndex(k), bv, seen) {
				return false
			}
		}
		return true
	case reflect.Func:
		return a.IsNil() && b.IsNil()
	}
	// Basic kinds, read even from unexported fields.
	return fmt.Sprint(valueOf(a)) == fmt.Sprint(valueOf(b)) && a.Kind() == b.Kind()
}

// equalMethod returns t's method Equal(t) bool, if it has one.
func equalMethod(t reflect.Type) (reflect.Method, bool) {
	m, ok := t.MethodByName("Equal")
	if !ok || m.Type.NumIn() != 2 || m.Type.In(1) != t || m.Type.NumOut() != 1 || m.Type.Out(0).Kind() != reflect.Bool {
		return reflect.Method{}, false
	}
	return m, true
}

// valueOf returns the value of a basic kind as an interface, also for
// unexported fields.
func valueOf(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Bool:
		return v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint()
	case reflect.Float32, reflect.Float64:
		return v.Float()
	case reflect.Complex64, reflect.Complex128:
		return v.Complex()
	case reflect.String:
		return v.String()
	case reflect.UnsafePointer, reflect.Chan:
		return v.Pointer()
	}
	return fmt.Sprintf("<%s>", v.Type())
}

// Print writes v one field or element per line, for diffs.
func Print(v any) string {
	var b strings.Builder
	p := printer{b: &b, seen: map[uintptr]bool{}}
	p.print(reflect.ValueOf(v), 0)
	return b.String()
}

type printer struct {
	b    *strings.Builder
	seen map[uintptr]bool
}

func (p *printer) indent(depth int) { p.b.WriteString(strings.Repeat("\t", depth)) }

func (p *printer) print(v reflect.Value, depth int) {
	if !v.IsValid() {
		p.b.WriteString("nil")
		return
	}
	if v.CanInterface() {
		if s, ok := v.Interface().(fmt.Stringer); ok && (v.Kind() != reflect.Pointer || !v.IsNil()) {
			p.b.WriteString(strconv.Quote(s.String()))
			return
		}
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			p.b.WriteString("nil")
			return
		}
		if v.Kind() == reflect.Pointer {
			if p.seen[v.Pointer()] {
				p.b.WriteString("<cycle>")
				return
			}
			p.seen[v.Pointer()] = true
			defer delete(p.seen, v.Pointer())
			p.b.WriteString("&")
		}
		p.print(v.Elem(), depth)
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			p.b.WriteString("nil")
			return
		}
		p.b.WriteString(v.Type().String() + "{")
		if v.Len() == 0 {
			p.b.WriteString("}")
			return
		}
		p.b.WriteString("\n")
		for i := 0; i < v.Len(); i++ {
			p.indent(depth + 1)
			p.print(v.Index(i), depth+1)
			p.b.WriteString(",\n")
		}
		p.indent(depth)
		p.b.WriteString("}")
	case reflect.Struct:
		p.b.WriteString(v.Type().String() + "{")
		if v.NumField() == 0 {
			p.b.WriteString("}")
			return
		}
		p.b.WriteString("\n")
		for i := 0; i < v.NumField(); i++ {
			p.indent(depth + 1)
			p.b.WriteString(v.Type().Field(i).Name + ": ")
			p.print(v.Field(i), depth+1)
			p.b.WriteString(",\n")
		}
		p.indent(depth)
		p.b.WriteString("}")
	case reflect.Map:
		if v.IsNil() {
			p.b.WriteString("nil")
			return
		}
		keys := v.MapKeys()
		text := make([]string, len(keys))
		for i, k := range keys {
			var kb strings.Builder
			(&printer{b: &kb, seen: map[uintptr]bool{}}).print(k, 0)
			text[i] = kb.String()
		}
		idx := make([]int, len(keys))
		for i := range idx {
			idx[i] = i
		}
		sort.Slice(idx, func(i, j int) bool { return text[idx[i]] < text[idx[j]] })
		p.b.WriteString(v.Type().String() + "{\n")
		for _, i := range idx {
			p.indent(depth + 1)
			p.b.WriteString(text[i] + ": ")
			p.print(v.MapIndex(keys[i]), depth+1)
			p.b.WriteString(",\n")
		}
		p.indent(depth)
		p.b.WriteString("}")
	case reflect.String:
		p.b.WriteString(strconv.Quote(v.String()))
	case reflect.Func:
		if v.IsNil() {
			p.b.WriteString("nil")
		} else {
			p.b.WriteString("<func>")
		}
	default:
		fmt.Fprintf(p.b, "%v", valueOf(v))
	}
}

// lineDiff returns the lines in which a and b differ, from a longest
// common subsequence of their lines, with one line of context.
func lineDiff(a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	// lcs[i][j] is the length of the LCS of x[i:] and y[j:].
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type line struct {
		mark byte
		text string
	}
	var lines []line
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			lines = append(lines, line{' ', x[i]})
			i, j = i+1, j+1
		case j < len(y) && (i == len(x) || lcs[i][j+1] > lcs[i+1][j]):
			lines = append(lines, line{'+', y[j]})
			j++
		default:
			lines = append(lines, line{'-', x[i]})
			i++
		}
	}
	var out strings.Builder
	gap := false
	for k, l := range lines {
		near := l.mark != ' ' || k > 0 && lines[k-1].mark != ' ' || k+1 < len(lines) && lines[k+1].mark != ' '
		if !near {
			gap = true
			continue
		}
		if gap && out.Len() > 0 {
			out.WriteString("  ...\n")
		}
		gap = false
		out.WriteByte(l.mark)
		out.WriteByte(' ')
		out.WriteString(l.text)
		out.WriteByte('\n')
	}
	if out.Len() == 0 {
		// Equal printed forms: say so rather than print nothing.
		return fmt.Sprintf("values differ but print the same:\n%s\n", a)
	}
	return out.String()
}
