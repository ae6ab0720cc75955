package tables

import (
	"cmp"
	"errors"
	"fmt"
	"iter"
	"slices"
	"sync"

	"github.com/seccompc/seccompc/internal/namehash"
	"github.com/seccompc/seccompc/internal/quote"
)

// Syscall is one entry of a syscall table.
type Syscall struct {
	Name  string  // kernel name, e.g. "openat"
	Nr    uint32  // exact seccomp_data.nr value (x32 bit and MIPS ABI base included)
	Since Version // first kernel with the syscall on this table; zero: never implemented or removed
}

// Range is an inclusive range of syscall numbers, Lo <= Hi.
type Range struct{ Lo, Hi uint32 }

// Table is the syscall table of one architecture (one syscall ABI). Tables
// are shared and safe for concurrent use. A nil or zero Table is empty:
// its methods work and find nothing.
type Table struct {
	arch  string
	calls []Syscall // sorted by Nr, numbers and names unique

	once sync.Once
	// byName is an open-addressing hash table of the calls by name
	// (namehash.Sum, linear probing): slots hold an index into calls
	// plus one, 0 when empty. Its length is a power of two, at least
	// twice the number of calls, so probe sequences stay short. The
	// generated tables come with it and with newest and oldest made
	// (static), so that a process's first compile does not build them;
	// other tables build them on first use.
	byName []uint16
	newest Version
	oldest Version // the oldest non-zero Since: the port's first kernel in the tables
	static bool
}

// ErrUnknownArch is returned (wrapped) by ForArch for a name that is not
// one of Arches.
var ErrUnknownArch = errors.New("unknown architecture")

// registry maps table names to tables. The tables are generated
// (zsyscalls_<arch>_table.go); the names are those of Arches.
var registry = map[string]*Table{
	"aarch64":     tableAarch64,
	"arm":         tableArm,
	"loongarch64": tableLoongarch64,
	"m68k":        tableM68k,
	"mips":        tableMips,
	"mips64":      tableMips64,
	"mips64n32":   tableMips64n32,
	"parisc":      tableParisc,
	"parisc64":    tableParisc64,
	"ppc":         tablePpc,
	"ppc64":       tablePpc64,
	"riscv64":     tableRiscv64,
	"s390":        tableS390,
	"s390x":       tableS390x,
	"sh":          tableSh,
	"x32":         tableX32,
	"x86":         tableX86,
	"x86_64":      tableX86_64,
}

// Arches returns the names of the 18 tables, sorted. The caller owns the
// returned slice.
func Arches() []string {
	names := make([]string, 0, len(registry))
	for name := range registry {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// ForArch returns the table named arch, one of Arches. It returns the same
// *Table on every call.
func ForArch(arch string) (*Table, error) {
	t, ok := registry[arch]
	if !ok {
		return nil, fmt.Errorf("tables: %w %s", ErrUnknownArch, quote.Value(arch))
	}
	return t, nil
}

// Newest returns the newest Since over all tables: the newest kernel the
// tables know about.
func Newest() Version { return newestAll() }

var newestAll = sync.OnceValue(func() Version {
	var v Version
	// A plain scan: building every table's name index (as Table.Newest
	// does) would cost a cold start a quarter of a millisecond.
	for _, t := range registry {
		for _, s := range t.calls {
			if v.Less(s.Since) {
				v = s.Since
			}
		}
	}
	return v
})

// NewestAtLeast reports whether Newest() is v or later, usually without
// a pass over every table: it stops at the first syscall introduced in v
// or later, and looks at each table's highest numbers first, where new
// syscalls go.
func NewestAtLeast(v Version) bool {
	for _, t := range registry {
		for i := len(t.calls) - 1; i >= 0; i-- {
			if !t.calls[i].Since.Less(v) {
				return true
			}
		}
	}
	return false
}

// Arch returns the table's name, e.g. "x86_64".
func (t *Table) Arch() string {
	if t == nil {
		return ""
	}
	return t.arch
}

// list returns the calls, none for a nil Table.
func (t *Table) list() []Syscall {
	if t == nil {
		return nil
	}
	return t.calls
}

// Syscalls returns every syscall of the table, including those with a zero
// Since, sorted by Nr. The caller owns the returned slice: it is a copy.
func (t *Table) Syscalls() []Syscall { return slices.Clone(t.list()) }

// Len returns the number of syscalls of the table.
func (t *Table) Len() int { return len(t.list()) }

// At returns the i-th syscall in the order of Syscalls, for 0 <= i <
// Len(), without copying the table; the zero Syscall for any other i.
func (t *Table) At(i int) Syscall {
	calls := t.list()
	if i < 0 || i >= len(calls) {
		return Syscall{}
	}
	return calls[i]
}

// Search returns the index of the first syscall numbered nr or above
// (Len() if there is none), for walks over a range of numbers with At.
func (t *Table) Search(nr uint32) int {
	i, _ := slices.BinarySearchFunc(t.list(), nr, func(s Syscall, nr uint32) int { return cmp.Compare(s.Nr, nr) })
	return i
}

// All yields the syscalls sorted by number, as Syscalls returns them,
// without copying the table.
func (t *Table) All() iter.Seq[Syscall] {
	return func(yield func(Syscall) bool) {
		for _, s := range t.list() {
			if !yield(s) {
				return
			}
		}
	}
}

// index builds the name index and the newest and oldest versions on
// first use.
func (t *Table) index() {
	if t.static {
		return
	}
	t.once.Do(func() {
		size := 64
		for size < 2*len(t.calls) {
			size *= 2
		}
		t.byName = make([]uint16, size)
		mask := uint32(size - 1)
		for i, s := range t.calls {
			h := namehash.Sum(s.Name) & mask
			for t.byName[h] != 0 {
				h = (h + 1) & mask
			}
			t.byName[h] = uint16(i + 1)
			if t.newest.Less(s.Since) {
				t.newest = s.Since
			}
			if !s.Since.IsZero() && (t.oldest.IsZero() || s.Since.Less(t.oldest)) {
				t.oldest = s.Since
			}
		}
	})
}

// ByName returns the syscall called name.
func (t *Table) ByName(name string) (Syscall, bool) {
	if t == nil {
		return Syscall{}, false
	}
	if !t.static { // the generated tables: no call on the hot path
		t.index()
	}
	mask := uint32(len(t.byName) - 1)
	for h := namehash.Sum(name) & mask; t.byName[h] != 0; h = (h + 1) & mask {
		if s := &t.calls[t.byName[h]-1]; s.Name == name {
			return *s, true
		}
	}
	return Syscall{}, false
}

// ByNr returns the syscall whose seccomp_data.nr value is nr.
func (t *Table) ByNr(nr uint32) (Syscall, bool) {
	calls := t.list()
	i, ok := slices.BinarySearchFunc(calls, nr, func(s Syscall, nr uint32) int { return cmp.Compare(s.Nr, nr) })
	if !ok {
		return Syscall{}, false
	}
	return calls[i], true
}

// InBaseline reports whether s belongs to the baseline of kernel v: it
// existed on its architecture in v (a syscall with no known version
// belongs to no baseline).
func (s Syscall) InBaseline(v Version) bool {
	return !s.Since.IsZero() && !v.Less(s.Since)
}

// Baseline returns the syscalls that every kernel from v on has: those with
// a non-zero Since no newer than v, sorted by Nr. Syscalls never
// implemented or removed (zero Since) are in no baseline, and the baseline
// of the zero Version is empty. The caller owns the returned slice.
func (t *Table) Baseline(v Version) []Syscall {
	var out []Syscall
	for _, s := range t.list() {
		if s.InBaseline(v) {
			out = append(out, s)
		}
	}
	return out
}

// BaselineRanges returns the numbers of Baseline(v) as sorted, disjoint,
// non-adjacent inclusive ranges. The caller owns the returned slice.
func (t *Table) BaselineRanges(v Version) []Range {
	var out []Range
	for _, s := range t.list() {
		if !s.InBaseline(v) {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Hi+1 == s.Nr {
			out[n-1].Hi = s.Nr
			continue
		}
		out = append(out, Range{s.Nr, s.Nr})
	}
	return out
}

// InBaseline reports whether nr is the number of a syscall in Baseline(v).
func (t *Table) InBaseline(nr uint32, v Version) bool {
	s, ok := t.ByNr(nr)
	return ok && s.InBaseline(v)
}

// Newest returns the newest Since in the table.
func (t *Table) Newest() Version {
	if t == nil {
		return Version{}
	}
	t.index()
	return t.newest
}

// Oldest returns the oldest non-zero Since in the table: the first
// kernel of the architecture's port as far as the tables know (3.0 for
// the ports older than that, aarch64 3.7, riscv64 4.15, ...). No
// syscall of the table is older.
func (t *Table) Oldest() Version {
	if t == nil {
		return Version{}
	}
	t.index()
	return t.oldest
}
