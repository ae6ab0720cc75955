package seccompc_test

import (
	"fmt"
	"go/ast"
	"math"
	"path"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/bpf"

	"github.com/seccompc/seccompc"
	"github.com/seccompc/seccompc/arch"
	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/internal/gosource"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/docker"
	"github.com/seccompc/seccompc/ir/lint"
	"github.com/seccompc/seccompc/ir/oci"
	"github.com/seccompc/seccompc/ir/profile"
	"github.com/seccompc/seccompc/lower"
	"github.com/seccompc/seccompc/tables"
	"github.com/seccompc/seccompc/verify"
	"github.com/seccompc/seccompc/verify/semdiff"
)

// publicAPI lists every exported function and method of the library
// packages, as function values (methods as method expressions), for
// TestZeroValues. TestZeroValuesCoverTheAPI fails when an export is
// missing here, so a new one cannot be forgotten.
var publicAPI = []any{
	// seccompc
	seccompc.Compile,
	seccompc.CompileProfile,
	seccompc.Install,
	(*seccompc.Filter).Bytes,
	(*seccompc.Filter).Install,
	(*seccompc.Filter).Prove,

	// arch
	arch.All,
	arch.ByAudit,
	arch.Lookup,
	arch.Native,
	(*arch.Info).MuxCall,
	(*arch.Info).String,
	(*arch.UnknownError).Describe,
	(*arch.UnknownError).Error,
	(*arch.UnknownError).Unwrap,

	// tables
	tables.Arches,
	tables.NewestAtLeast,
	tables.ForArch,
	tables.Newest,
	tables.ParseVersion,
	tables.Syscall.InBaseline,
	(*tables.Table).All,
	(*tables.Table).Arch,
	(*tables.Table).At,
	(*tables.Table).Baseline,
	(*tables.Table).BaselineRanges,
	(*tables.Table).ByName,
	(*tables.Table).ByNr,
	(*tables.Table).InBaseline,
	(*tables.Table).Len,
	(*tables.Table).Newest,
	(*tables.Table).Oldest,
	(*tables.Table).Search,
	(*tables.Table).Syscalls,
	tables.Version.IsZero,
	tables.Version.Less,
	tables.Version.String,

	// ir
	ir.At,
	ir.BoundaryValues,
	ir.FlagNames,
	ir.Order,
	ir.Resolve,
	ir.ActionFromRet,
	ir.Errno,
	ir.ParseAction,
	ir.Trace,
	ir.Action.MoreRestrictive,
	ir.Action.Precedence,
	ir.Action.Ret,
	ir.Action.String,
	ir.Action.Validate,
	ir.ActionKind.HasData,
	ir.ActionKind.String,
	(*ir.ArchPolicy).Entries,
	(*ir.ArchPolicy).EntriesAt,
	(*ir.ArchPolicy).InTail,
	ir.ParseBaseline,
	ir.Baseline.String,
	ir.Cmp.Masked,
	ir.Cmp.Negate,
	ir.Cmp.String,
	ir.Decision.String,
	(*ir.Error).Error,
	(*ir.Error).Unwrap,
	ir.And,
	ir.Compare,
	ir.False,
	ir.Masked,
	ir.Not,
	ir.Or,
	ir.ParseExpr,
	ir.True,
	(*ir.Expr).Equal,
	(*ir.Expr).Holds,
	(*ir.Expr).IsSimple,
	(*ir.Expr).Simplify,
	(*ir.Expr).String,
	(*ir.Expr).Validate,
	ir.ParseFlag,
	ir.Flags.Names,
	ir.Flags.ShortNames,
	ir.Flags.String,
	ir.Flags.Valid,
	ir.Op.String,
	ir.Parse,
	(*ir.Policy).BadArchAction,
	(*ir.Policy).HasTail,
	(*ir.Policy).String,
	(*ir.Policy).UsesNotify,
	(*ir.Policy).Validate,
	ir.Reason.String,
	(*ir.Resolved).ArchFor,
	(*ir.Resolved).Decide,
	(*ir.Resolved).Eval,
	(*ir.Resolved).Explain,
	(*ir.Resolved).Regions,
	(*ir.Resolved).Validate,
	(*ir.Rule).Condition,
	(*ir.Rule).String,
	(*ir.Rule).Target,
	ir.Warning.String,
	ir.WarningKind.String,

	// ir/oci
	oci.FromSpec,
	oci.Parse,
	oci.ParseConfig,

	// ir/docker
	docker.Default,
	docker.DefaultCaps,
	docker.FromProfile,
	docker.Load,
	docker.Parse,
	docker.Resolve,

	// ir/profile
	profile.Detect,
	profile.Load,
	profile.Kind.String,

	// ir/lint
	lint.HasErrors,
	lint.JSON,
	lint.Policy,
	lint.Profile,
	lint.Finding.String,
	lint.Severity.MarshalText,
	lint.Severity.String,

	// lower
	lower.Compile,
	lower.CompileOptions,

	// emit
	emit.Decode,
	emit.Disassemble,
	emit.Dot,
	emit.Encode,
	emit.RetString,
	emit.NewBuilder,
	(*emit.Builder).ALU,
	(*emit.Builder).Assemble,
	(*emit.Builder).Err,
	(*emit.Builder).Grow,
	(*emit.Builder).Info,
	(*emit.Builder).Jump,
	(*emit.Builder).Len,
	(*emit.Builder).LoadAbs,
	(*emit.Builder).NoSources,
	(*emit.Builder).Reset,
	(*emit.Builder).Ret,
	(*emit.Error).Error,
	emit.Part.String,
	(*emit.Program).String,
	emit.Source.String,

	// verify
	verify.ArgWords,
	verify.Check,
	verify.ConstAllow,
	verify.Diff,
	verify.Pairs,
	verify.Equivalent,
	verify.Inputs,
	verify.Paths,
	verify.Ranges,
	verify.Run,
	verify.Trace,
	verify.AtomEq,
	verify.AtomGe,
	verify.AtomGt,
	verify.AtomIn,
	verify.AtomLe,
	verify.AtomLt,
	verify.AtomNe,
	verify.Atom.Holds, // verify.Atom aliases internal/wordsat.Atom
	verify.Atom.Not,
	verify.Atom.String,
	(*verify.Counterexample).Error,
	(*verify.Cube).And,
	(*verify.Cube).Holds,
	(*verify.Cube).Intersect,
	(*verify.Cube).Sat,
	(*verify.Cube).String,
	(*verify.Cube).Witness,
	(*verify.Difference).Error,
	(*verify.Error).Error,
	verify.NewFilter,
	(*verify.Filter).Run,
	(*verify.Mismatch).Error,
	verify.Prove,
	verify.ProveEquivalent,
	(*verify.SeccompData).Bytes,
	verify.Measure,
	verify.Word.And,
	verify.Word.Holds,
	verify.Word.Max,
	verify.Word.Min,
	verify.Word.Sat,

	// verify/semdiff
	semdiff.Filters,
}

// TestZeroValues calls every exported function and method with zero
// values (nil pointers and pointers to zero structs, nil and
// one-zero-element slices, nil and non-nil callbacks, 0, -1, 99 and the
// largest integers) and fails when one panics or hangs, or returns a nil
// pointer together with a nil error. Functions it returns (iterators)
// are called too.
func TestZeroValues(t *testing.T) {
	for _, f := range publicAPI {
		fn := reflect.ValueOf(f)
		name := funcName(f)
		t.Run(shortName(name), func(t *testing.T) {
			calls := argVariants(fn.Type(), true, !installs[shortName(name)])
			for _, args := range calls {
				if msg := callSafely(fn, args, 10*time.Second); msg != "" {
					t.Errorf("%s(%s): %s", shortName(name), formatArgs(args), msg)
				}
			}
		})
	}
}

// callSafely calls fn with args, then every function it returns, and
// describes a panic, a hang or a nil result without an error.
func callSafely(fn reflect.Value, args []reflect.Value, timeout time.Duration) string {
	done := make(chan string, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Sprintf("panic: %v", r)
			}
		}()
		out := call(fn, args)
		typ := fn.Type()
		if n := typ.NumOut(); n > 0 && typ.Out(n-1) == reflect.TypeOf((*error)(nil)).Elem() && out[n-1].IsNil() {
			for i := 0; i < n-1; i++ {
				if typ.Out(i).Kind() == reflect.Pointer && out[i].IsNil() {
					done <- fmt.Sprintf("result %d is nil, and so is the error", i)
					return
				}
			}
		}
		for _, v := range out {
			if v.Kind() == reflect.Func && !v.IsNil() {
				for _, a := range argVariants(v.Type(), false, true) {
					call(v, a)
				}
			}
		}
		done <- ""
	}()
	select {
	case msg := <-done:
		return msg
	case <-time.After(timeout):
		return fmt.Sprintf("still running after %v", timeout)
	}
}

// call calls fn, passing the last argument of a variadic function as
// the slice.
func call(fn reflect.Value, args []reflect.Value) []reflect.Value {
	if fn.Type().IsVariadic() {
		return fn.CallSlice(args)
	}
	return fn.Call(args)
}

// argVariants returns the argument lists to call a function of type typ
// with: every combination of each parameter's zero values, or, when
// that is too many, the first of each with one parameter varied at a
// time. nilFuncs says whether a callback may be nil, useExtras whether
// to try the extras too.
func argVariants(typ reflect.Type, nilFuncs, useExtras bool) [][]reflect.Value {
	per := make([][]reflect.Value, typ.NumIn())
	total := 1
	for i := range per {
		per[i] = zeros(typ.In(i), nilFuncs, useExtras) // a variadic parameter is a slice
		total *= len(per[i])
	}
	var calls [][]reflect.Value
	if total <= 512 {
		idx := make([]int, len(per))
		for {
			args := make([]reflect.Value, len(per))
			for i := range per {
				args[i] = per[i][idx[i]]
			}
			calls = append(calls, args)
			i := 0
			for ; i < len(idx); i++ {
				idx[i]++
				if idx[i] < len(per[i]) {
					break
				}
				idx[i] = 0
			}
			if i == len(idx) {
				break
			}
		}
		return calls
	}
	base := make([]reflect.Value, len(per))
	for i := range per {
		base[i] = per[i][0]
	}
	calls = append(calls, base)
	for i := range per {
		for _, v := range per[i][1:] {
			args := append([]reflect.Value(nil), base...)
			args[i] = v
			calls = append(calls, args)
		}
	}
	return calls
}

// extras are values tried besides the zero values of their type, so
// that a function that checks one argument first cannot hide what it
// does with the others: two programs that pass verify.Check, and the
// smallest JSON object.
var extras = map[reflect.Type][]any{
	reflect.TypeOf([]bpf.RawInstruction(nil)): {
		[]bpf.RawInstruction{{Op: 0x06, K: 0x7fff0000}}, // ret ALLOW
		[]bpf.RawInstruction{{Op: 0x06, K: 0}},          // ret KILL_THREAD
	},
	reflect.TypeOf([]byte(nil)): {[]byte("{}")},
}

// installs lists the functions that would load a valid program into
// the test's own thread: they get zero values only, which no kernel
// accepts (install_linux_test.go installs real programs in children).
var installs = map[string]bool{
	"seccompc.Install":           true,
	"seccompc.(*Filter).Install": true,
}

// zeros returns the values of type t to try.
func zeros(t reflect.Type, nilFuncs, useExtras bool) []reflect.Value {
	vs := zeroValues(t, nilFuncs)
	if !useExtras {
		return vs
	}
	for _, x := range extras[t] {
		vs = append(vs, reflect.ValueOf(x))
	}
	return vs
}

func zeroValues(t reflect.Type, nilFuncs bool) []reflect.Value {
	z := reflect.Zero(t)
	switch t.Kind() {
	case reflect.Pointer:
		return []reflect.Value{z, reflect.New(t.Elem())}
	case reflect.Slice:
		return []reflect.Value{z, reflect.MakeSlice(t, 1, 1)}
	case reflect.Map:
		return []reflect.Value{z, reflect.MakeMap(t)}
	case reflect.Func:
		var vs []reflect.Value
		if nilFuncs {
			vs = append(vs, z)
		}
		for _, b := range []bool{false, true} {
			vs = append(vs, reflect.MakeFunc(t, func([]reflect.Value) []reflect.Value {
				out := make([]reflect.Value, t.NumOut())
				for i := range out {
					out[i] = reflect.Zero(t.Out(i))
					if t.Out(i).Kind() == reflect.Bool {
						out[i] = reflect.ValueOf(b).Convert(t.Out(i))
					}
				}
				return out
			}))
		}
		return vs
	case reflect.Bool:
		return []reflect.Value{z, reflect.ValueOf(true).Convert(t)}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		vs := []reflect.Value{z}
		for _, n := range []int64{-1, 99, math.MaxInt64} {
			v := reflect.New(t).Elem()
			v.SetInt(n) // truncates to the type's size
			if t.Size() < 8 && n == math.MaxInt64 {
				v.SetInt(int64(1)<<(t.Size()*8-1) - 1)
			}
			vs = append(vs, v)
		}
		return vs
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		vs := []reflect.Value{z}
		for _, n := range []uint64{99, math.MaxUint64 >> (64 - t.Size()*8)} {
			v := reflect.New(t).Elem()
			v.SetUint(n)
			vs = append(vs, v)
		}
		return vs
	}
	return []reflect.Value{z}
}

func formatArgs(args []reflect.Value) string {
	var s []string
	for _, a := range args {
		switch {
		case a.Kind() == reflect.Func && a.IsNil():
			s = append(s, "nil func")
		case a.Kind() == reflect.Func:
			s = append(s, "func")
		case a.Kind() == reflect.Pointer && a.IsNil():
			s = append(s, "nil "+a.Type().String())
		case a.Kind() == reflect.Pointer:
			s = append(s, "&"+a.Type().Elem().String()+"{}")
		case a.Kind() == reflect.Slice && a.IsNil():
			s = append(s, "nil "+a.Type().String())
		default:
			s = append(s, fmt.Sprintf("%#v", a.Interface()))
		}
	}
	return strings.Join(s, ", ")
}

// funcName is the runtime's name of a function value:
// "github.com/seccompc/seccompc/ir.(*Policy).String".
func funcName(f any) string {
	return runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name()
}

// shortName drops the module path: "ir.(*Policy).String".
func shortName(name string) string {
	if rest, ok := strings.CutPrefix(name, modulePath+"."); ok {
		return "seccompc." + rest
	}
	return strings.TrimPrefix(name, modulePath+"/")
}

const modulePath = "github.com/seccompc/seccompc"

// TestZeroValuesCoverTheAPI lists the exported functions and methods of
// the library packages from their source and fails when one has no row
// in publicAPI.
func TestZeroValuesCoverTheAPI(t *testing.T) {
	listed := map[string]bool{}
	for _, f := range publicAPI {
		listed[funcName(f)] = true
	}
	want := map[string]bool{}
	files := gosource.ForTest(t)
	aliased := aliasedTypes(files)
	for _, file := range files {
		dir := path.Dir(file.Rel)
		if file.Generator || file.AST.Name.Name == "main" {
			continue
		}
		pkg := modulePath
		if dir != "." {
			pkg += "/" + dir
		}
		if !libraryDir(dir) {
			// An internal type that a library package exports under an
			// alias brings its exported methods into the API.
			for _, d := range file.AST.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Recv == nil || !fd.Name.IsExported() {
					continue
				}
				if id, ok := fd.Recv.List[0].Type.(*ast.Ident); ok && aliased[pkg+"."+id.Name] {
					want[pkg+"."+id.Name+"."+fd.Name.Name] = true
				}
			}
			continue
		}
		for _, d := range file.AST.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !fd.Name.IsExported() {
				continue
			}
			name := pkg + "." + fd.Name.Name
			if fd.Recv != nil {
				recv := fd.Recv.List[0].Type
				star := false
				if s, ok := recv.(*ast.StarExpr); ok {
					recv, star = s.X, true
				}
				id, ok := recv.(*ast.Ident)
				if !ok || !id.IsExported() {
					continue
				}
				if star {
					name = pkg + ".(*" + id.Name + ")." + fd.Name.Name
				} else {
					name = pkg + "." + id.Name + "." + fd.Name.Name
				}
			}
			want[name] = true
		}
	}
	if len(want) < 100 {
		t.Fatalf("found only %d exported functions and methods: the source walk is broken", len(want))
	}
	var missing, stale []string
	for n := range want {
		if !listed[n] {
			missing = append(missing, shortName(n))
		}
	}
	for n := range listed {
		if !want[n] {
			stale = append(stale, shortName(n))
		}
	}
	sort.Strings(missing)
	sort.Strings(stale)
	if len(missing) > 0 {
		t.Errorf("exported but not in publicAPI (add a row, so that TestZeroValues calls it with zero values):\n\t%s", strings.Join(missing, "\n\t"))
	}
	if len(stale) > 0 {
		t.Errorf("in publicAPI but not an exported function or method of a library package:\n\t%s", strings.Join(stale, "\n\t"))
	}
}

// libraryDir reports whether a package directory is part of the public
// API: not a command, not internal, not the nested test module.
// aliasedTypes returns the types (import path "." name) that exported
// type aliases of library packages stand for.
func aliasedTypes(files []gosource.File) map[string]bool {
	out := map[string]bool{}
	for _, file := range files {
		if file.Generator || !libraryDir(path.Dir(file.Rel)) {
			continue
		}
		imports := map[string]string{}
		for _, im := range file.AST.Imports {
			p := strings.Trim(im.Path.Value, "`\"")
			name := path.Base(p)
			if im.Name != nil {
				name = im.Name.Name
			}
			imports[name] = p
		}
		for _, d := range file.AST.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok {
				continue
			}
			for _, sp := range gd.Specs {
				ts, ok := sp.(*ast.TypeSpec)
				if !ok || !ts.Assign.IsValid() || !ts.Name.IsExported() {
					continue
				}
				if sel, ok := ts.Type.(*ast.SelectorExpr); ok {
					if x, ok := sel.X.(*ast.Ident); ok && imports[x.Name] != "" {
						out[imports[x.Name]+"."+sel.Sel.Name] = true
					}
				}
			}
		}
	}
	return out
}

func libraryDir(dir string) bool {
	for _, seg := range strings.Split(dir, "/") {
		if seg == "internal" || seg == "cmd" || seg == "test" {
			return false
		}
	}
	return true
}
