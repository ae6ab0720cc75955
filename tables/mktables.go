//go:build ignore

// mktables generates the per-architecture syscall tables of package
// tables (zsyscalls_<arch>_table.go) from two fact files:
//
//   - the numbers file (-numbers, syscalls.csv): syscall numbers per
//     architecture; "PNR" means the syscall does not exist there;
//   - the versions file (-versions, syscalls-kver.csv): for each syscall and
//     architecture, the kernel version that introduced it (SCMP_KV_5_3 is
//     5.3; SCMP_KV_UNDEF means never implemented or removed).
//
// Numbers are read only from the numbers file and versions only from the
// versions file. Both files have the same column layout: the syscall name,
// then for each of the 18 architectures a number column and a version
// column.
//
// # Numbers
//
// The numbers file gives x32 numbers without the x32 syscall bit and MIPS
// numbers without the ABI base. The generated Nr is the exact value of
// seccomp_data.nr: x32 numbers get 0x40000000 ORed in; MIPS o32, n64 and
// n32 numbers get 4000, 5000 and 6000 added.
//
// # Versions
//
// The Since version of syscall s on architecture a is decided as follows:
//
//  1. If an override below names s (and a), its version is used, but no
//     earlier than the architecture's first kernel.
//  2. Otherwise s must be in the versions file, else generation fails: a
//     syscall newer than the versions file needs an override.
//  3. If the versions file says SCMP_KV_UNDEF for s on a, Since is zero
//     ("never implemented or removed"); such a syscall is in the table but
//     in no baseline.
//  4. If a is an asm-generic architecture (aarch64, riscv64, loongarch64),
//     the versions file's column is not trusted beyond "defined or not": it
//     says 3.0 for many syscalls that came later. The syscall instead
//     arrives when it was introduced, taken as the earliest version the
//     versions file gives on any non-generic architecture, but no earlier
//     than the architecture's first kernel:
//     Since = max(earliest non-generic version, first kernel of a).
//     A syscall that no non-generic architecture has needs an override.
//  5. Otherwise Since is the versions file's value, but no earlier than the
//     architecture's first kernel.
//
// The result is checked: every non-zero Since is at least the
// architecture's first kernel and at most the newest known version (the
// newer of the versions file's kernel and the newest override), and no
// override is newer than the numbers file's kernel.
//
// Usage (from the tables directory; go generate runs it with the defaults):
//
//	go run mktables.go [-numbers file] [-versions file] [-o dir]
package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"io"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/seccompc/seccompc/internal/atomicfile"
	"github.com/seccompc/seccompc/internal/namehash"
)

// archSpec holds what the generator needs to know about one table.
type archSpec struct {
	name    string  // table name, as in the CSV header
	ident   string  // Go identifier suffix of the generated variable
	base    uint32  // added to the CSV number (MIPS ABI base)
	bit     uint32  // ORed into the CSV number (x32 syscall bit)
	first   version // first kernel with this syscall ABI
	generic bool    // asm-generic table: versions-file column unreliable
}

// The syscall ABIs whose first kernel is newer than 3.0, the oldest version
// the versions file distinguishes (3.0 there means "3.0 or earlier").
var (
	firstAarch64     = version{3, 7}  // arch/arm64 merged in Linux 3.7
	firstRiscv64     = version{4, 15} // RISC-V syscall ABI merged in Linux 4.15
	firstLoongarch64 = version{5, 19} // arch/loongarch merged in Linux 5.19
	firstX32         = version{3, 4}  // x32 ABI merged in Linux 3.4
	firstDefault     = version{3, 0}
)

// arches lists the 18 tables in the CSV column order.
var arches = []archSpec{
	{name: "x86", ident: "X86", first: firstDefault},
	{name: "x86_64", ident: "X86_64", first: firstDefault},
	{name: "x32", ident: "X32", bit: 0x40000000, first: firstX32},
	{name: "arm", ident: "Arm", first: firstDefault},
	{name: "aarch64", ident: "Aarch64", first: firstAarch64, generic: true},
	{name: "loongarch64", ident: "Loongarch64", first: firstLoongarch64, generic: true},
	{name: "m68k", ident: "M68k", first: firstDefault},
	{name: "mips", ident: "Mips", base: 4000, first: firstDefault},
	{name: "mips64", ident: "Mips64", base: 5000, first: firstDefault},
	{name: "mips64n32", ident: "Mips64n32", base: 6000, first: firstDefault},
	{name: "parisc", ident: "Parisc", first: firstDefault},
	{name: "parisc64", ident: "Parisc64", first: firstDefault},
	{name: "ppc", ident: "Ppc", first: firstDefault},
	{name: "ppc64", ident: "Ppc64", first: firstDefault},
	{name: "riscv64", ident: "Riscv64", first: firstRiscv64, generic: true},
	{name: "s390", ident: "S390", first: firstDefault},
	{name: "s390x", ident: "S390x", first: firstDefault},
	{name: "sh", ident: "Sh", first: firstDefault},
}

// genericArches are the asm-generic tables, for overrides on all of them.
var genericArches = []string{"aarch64", "loongarch64", "riscv64"}

// An override sets the version of a syscall on some architectures (all
// that have it when arches is nil). Each one names its source.
type override struct {
	name    string
	arches  []string
	version version
	source  string
}

// absent lists syscalls the numbers file gives a number on an
// architecture whose kernel does not have them. Each names its source.
var absent = []struct{ name, arch, source string }{
	// arch/x86/entry/syscalls/syscall_64.tbl lists "453 64
	// map_shadow_stack": ABI 64, not common, so the x32 table has no such
	// entry (and libseccomp 2.5.4 gives it no x32 number); the numbers file
	// says 453 on x32.
	{"map_shadow_stack", "x32", `syscall_64.tbl: "453 64 map_shadow_stack" (64-bit ABI only)`},
}

func isAbsent(name, arch string) bool {
	for _, a := range absent {
		if a.name == name && a.arch == arch {
			return true
		}
	}
	return false
}

// overrides is the list of verified corrections and additions to the
// versions file. Keep it short, and name the source of every entry.
var overrides = []override{
	// kexec_file_load (294) was added to the asm-generic table long after
	// x86_64 had it (3.17/3.18): torvalds/linux commit 4e21565b7fd4, in
	// v5.0 (cited by rust-lang/libc PR #3009, "introduced in Linux 5.0").
	{"kexec_file_load", genericArches, version{5, 0},
		`commit 4e21565b7fd4, asm-generic kexec_file_load (v5.0; rust-lang/libc#3009)`},
	// map_shadow_stack (453) was x86_64-only in v6.6 (x86 shadow stack
	// merge); its number was reserved for the other architectures,
	// asm-generic included, in v6.7 ("arch: Reserve map_shadow_stack()
	// syscall number for all architectures"). The versions file agrees: 6.7
	// on x86, arm, m68k, mips, parisc, ppc, s390 and sh.
	{"map_shadow_stack", genericArches, version{6, 7},
		`"arch: Reserve map_shadow_stack() syscall number for all architectures" (v6.7)`},
	// riscv_flush_icache came with the RISC-V port's syscall ABI (v4.15;
	// glibc's vDSO lookup uses the LINUX_4.15 version node).
	{"riscv_flush_icache", []string{"riscv64"}, version{4, 15},
		`arch/riscv/kernel/sys_riscv.c in the RISC-V port (v4.15)`},
	// riscv_hwprobe: merged for v6.4 (strace PR #321: "introduced by Linux
	// kernel commits v6.4-rc1~88^2~11^2~4").
	{"riscv_hwprobe", []string{"riscv64"}, version{6, 4},
		`RISC-V hwprobe syscall, v6.4-rc1~88^2~11^2~4 (v6.4)`},
	// The ARM private syscalls (__ARM_NR_BASE 0xf0000 + n) are dispatched
	// by arm_syscall() in arch/arm/kernel/traps.c, which handled
	// breakpoint, cacheflush, usr26, usr32 and set_tls long before v3.0
	// (the oldest version the tables know); the versions file marks them
	// undefined only because libseccomp dates no private syscall. glibc
	// uses set_tls for every thread and JITs use cacheflush, so they must
	// be in every baseline. get_tls is left undated.
	{"breakpoint", []string{"arm"}, version{3, 0},
		`arch/arm/kernel/traps.c arm_syscall(), before v3.0`},
	{"cacheflush", []string{"arm"}, version{3, 0},
		`arch/arm/kernel/traps.c arm_syscall(), before v3.0`},
	{"usr26", []string{"arm"}, version{3, 0},
		`arch/arm/kernel/traps.c arm_syscall(), before v3.0`},
	{"usr32", []string{"arm"}, version{3, 0},
		`arch/arm/kernel/traps.c arm_syscall(), before v3.0`},
	{"set_tls", []string{"arm"}, version{3, 0},
		`arch/arm/kernel/traps.c arm_syscall(), before v3.0`},
	// Syscalls newer than the versions file (v6.16):
	//
	// file_getattr and file_setattr: torvalds/linux commit 57fcb7d930d8,
	// "the 6.17 kernel added syscalls for getting/setting file attributes"
	// (Zig std syscall-table update citing that commit).
	{"file_getattr", nil, version{6, 17},
		`commit 57fcb7d930d8, file_getattr/file_setattr (v6.17)`},
	{"file_setattr", nil, version{6, 17},
		`commit 57fcb7d930d8, file_getattr/file_setattr (v6.17)`},
	// uprobe (x86_64/x32 336): "uprobes/x86: Add uprobe syscall to speed
	// up uprobe". Inferred, not read from a release note: v6 of the series
	// ("PATCHv6 perf/core", 20 July 2025) was still under review when the
	// 6.17 merge window opened, so it went in with the perf/core pull for
	// v6.18; it is absent from the 6.16 versions file and present on 6.19
	// (iovisor/bcc PR #5467).
	{"uprobe", nil, version{6, 18},
		`"uprobes/x86: Add uprobe syscall to speed up uprobe" (perf/core for v6.18; inferred)`},
	// listns: commit 76b6f5dfb3fd "nstree: add listns()"; LWN's 6.19
	// release note lists "the listns() system call".
	{"listns", nil, version{6, 19},
		`commit 76b6f5dfb3fd "nstree: add listns()" (v6.19)`},
	// rseq_slice_yield (471): commit 99d2592023e5 "rseq: Implement
	// sys_rseq_slice_yield()", part of the time slice extension series
	// rebased on v6.19-rc1 and merged for v7.0 (Feb 2026).
	{"rseq_slice_yield", nil, version{7, 0},
		`commit 99d2592023e5 "rseq: Implement sys_rseq_slice_yield()" (v7.0)`},
}

// version is a kernel version; the zero value means "none".
type version struct{ major, minor int }

func (v version) String() string {
	if v == (version{}) {
		return ""
	}
	return fmt.Sprintf("%d.%d", v.major, v.minor)
}

func (v version) less(w version) bool {
	return v.major < w.major || v.major == w.major && v.minor < w.minor
}

func maxVersion(v, w version) version {
	if v.less(w) {
		return w
	}
	return v
}

// kverRE matches a versions-file cell such as SCMP_KV_5_10.
var kverRE = regexp.MustCompile(`^SCMP_KV_([0-9]+)_([0-9]+)$`)

// headerRE extracts the kernel version from a header cell such as
// "#syscall (v7.1.0-rc4 2026-05-19)".
var headerRE = regexp.MustCompile(`^#syscall \(v([0-9]+)\.([0-9]+)[^)]*\)$`)

// csvFile is one parsed fact file.
type csvFile struct {
	path    string
	header  string              // first header cell, e.g. "#syscall (v6.16.0 2025-08-26)"
	kernel  version             // version in the header
	rows    map[string][]string // syscall name -> cells after the name
	ordered []string            // syscall names in file order
}

func readCSV(path string) (*csvFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = 1 + 2*len(arches)
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", path, err)
	}
	m := headerRE.FindStringSubmatch(header[0])
	if m == nil {
		return nil, fmt.Errorf("%s: header %q names no kernel version", path, header[0])
	}
	out := &csvFile{path: path, header: header[0], kernel: version{atoi(m[1]), atoi(m[2])}, rows: map[string][]string{}}
	for i, a := range arches {
		if got := header[1+2*i]; got != a.name {
			return nil, fmt.Errorf("%s: column %d is %q, want %q", path, 2+2*i, got, a.name)
		}
		if got, want := header[2+2*i], a.name+"_kver"; got != want {
			return nil, fmt.Errorf("%s: column %d is %q, want %q", path, 3+2*i, got, want)
		}
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		name := rec[0]
		if name == "" || strings.HasPrefix(name, "#") {
			continue
		}
		if _, dup := out.rows[name]; dup {
			return nil, fmt.Errorf("%s: syscall %q listed twice", path, name)
		}
		out.rows[name] = rec[1:]
		out.ordered = append(out.ordered, name)
	}
	return out, nil
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s) // callers pass regexp-checked digits
	return n
}

// number returns the number cell of syscall name on arch i.
func (c *csvFile) number(name string, i int) string { return c.rows[name][2*i] }

// kver returns the version cell of syscall name on arch i.
func (c *csvFile) kver(name string, i int) string { return c.rows[name][2*i+1] }

// parseKver reads a versions-file cell; ok is false for SCMP_KV_UNDEF.
func parseKver(cell string) (v version, ok bool, err error) {
	if cell == "SCMP_KV_UNDEF" {
		return version{}, false, nil
	}
	m := kverRE.FindStringSubmatch(cell)
	if m == nil {
		return version{}, false, fmt.Errorf("bad version cell %q", cell)
	}
	return version{atoi(m[1]), atoi(m[2])}, true, nil
}

// entry is one generated table row.
type entry struct {
	name  string
	raw   uint32 // number from the CSV
	nr    uint32 // seccomp_data.nr value
	since version
	note  string // override source, if one applied
}

// generator holds the inputs and the derived data.
type generator struct {
	numbers, versions *csvFile
	newest            version // newest known version
	used              map[int]bool
}

func (g *generator) overrideFor(name, arch string) (int, bool) {
	for i, o := range overrides {
		if o.name == name && (o.arches == nil || slices.Contains(o.arches, arch)) {
			return i, true
		}
	}
	return 0, false
}

// since decides the version of syscall name on arches[ai] (see the package
// comment for the rule).
func (g *generator) since(name string, ai int) (version, string, error) {
	a := arches[ai]
	if oi, ok := g.overrideFor(name, a.name); ok {
		g.used[oi] = true
		return maxVersion(overrides[oi].version, a.first), overrides[oi].source, nil
	}
	if _, ok := g.versions.rows[name]; !ok {
		return version{}, "", fmt.Errorf("%s on %s: not in %s; add an override with a verified version", name, a.name, g.versions.path)
	}
	v, ok, err := parseKver(g.versions.kver(name, ai))
	if err != nil {
		return version{}, "", fmt.Errorf("%s on %s: %w", name, a.name, err)
	}
	if !ok {
		return version{}, "", nil // never implemented or removed
	}
	if a.generic {
		var intro version
		for bi, b := range arches {
			if b.generic || g.numbers.number(name, bi) == "PNR" {
				continue
			}
			w, ok, err := parseKver(g.versions.kver(name, bi))
			if err != nil {
				return version{}, "", fmt.Errorf("%s on %s: %w", name, b.name, err)
			}
			if ok && (intro == (version{}) || w.less(intro)) {
				intro = w
			}
		}
		if intro == (version{}) {
			return version{}, "", fmt.Errorf("%s on %s: no non-generic architecture dates it; add an override", name, a.name)
		}
		v = intro
	}
	return maxVersion(v, a.first), "", nil
}

func (g *generator) table(ai int) ([]entry, error) {
	a := arches[ai]
	var out []entry
	for _, name := range g.numbers.ordered {
		cell := g.numbers.number(name, ai)
		if cell == "PNR" || isAbsent(name, a.name) {
			continue
		}
		raw, err := strconv.ParseUint(cell, 10, 32)
		if err != nil {
			return nil, fmt.Errorf("%s: %s on %s: bad number %q", g.numbers.path, name, a.name, cell)
		}
		if a.bit != 0 && uint32(raw)&a.bit != 0 || a.base != 0 && raw >= 1000 {
			return nil, fmt.Errorf("%s: %s on %s: number %d already includes the ABI offset", g.numbers.path, name, a.name, raw)
		}
		v, note, err := g.since(name, ai)
		if err != nil {
			return nil, err
		}
		if v != (version{}) && (v.less(a.first) || g.newest.less(v)) {
			return nil, fmt.Errorf("%s on %s: version %s outside [%s, %s]", name, a.name, v, a.first, g.newest)
		}
		nr := uint32(raw) + a.base
		nr |= a.bit
		out = append(out, entry{name: name, raw: uint32(raw), nr: nr, since: v, note: note})
	}
	slices.SortFunc(out, func(x, y entry) int {
		if x.nr != y.nr {
			if x.nr < y.nr {
				return -1
			}
			return 1
		}
		return strings.Compare(x.name, y.name)
	})
	for i := 1; i < len(out); i++ {
		if out[i].nr == out[i-1].nr {
			return nil, fmt.Errorf("%s: %s and %s share number %d", a.name, out[i-1].name, out[i].name, out[i].nr)
		}
	}
	return out, nil
}

func (g *generator) source(a archSpec, entries []entry, command string) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// %s\n", command)
	fmt.Fprintf(&b, "// Code generated by mktables.go; DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "// Syscall table for %s, from:\n", a.name)
	fmt.Fprintf(&b, "//\tnumbers:  %s\n", g.numbers.header)
	fmt.Fprintf(&b, "//\tversions: %s\n", g.versions.header)
	switch {
	case a.bit != 0:
		fmt.Fprintf(&b, "// Nr includes the ABI bit %#x.\n", a.bit)
	case a.base != 0:
		fmt.Fprintf(&b, "// Nr includes the ABI base %d.\n", a.base)
	}
	var notes []string
	for _, e := range entries {
		if e.note != "" {
			notes = append(notes, fmt.Sprintf("//\t%s %s: %s\n", e.name, e.since, e.note))
		}
	}
	if len(notes) > 0 {
		fmt.Fprintf(&b, "//\n// Versions set by override:\n")
		for _, n := range notes {
			b.WriteString(n)
		}
	}
	fmt.Fprintf(&b, "\npackage tables\n\n")
	fmt.Fprintf(&b, "var syscalls%s = []Syscall{\n", a.ident)
	for _, e := range entries {
		if a.bit != 0 {
			fmt.Fprintf(&b, "{%q, %#x, Version{%d, %d}},", e.name, e.nr, e.since.major, e.since.minor)
		} else {
			fmt.Fprintf(&b, "{%q, %d, Version{%d, %d}},", e.name, e.nr, e.since.major, e.since.minor)
		}
		if a.base != 0 {
			fmt.Fprintf(&b, " // %d + %d", a.base, e.raw)
		}
		if e.since == (version{}) {
			b.WriteString(" // never implemented or removed")
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "}\n")
	// The name index and the version range, made here so that the first
	// lookup in a process does not build them (see Table).
	var newest, oldest version
	for _, e := range entries {
		newest = maxVersion(newest, e.since)
		if e.since != (version{}) && (oldest == (version{}) || e.since.less(oldest)) {
			oldest = e.since
		}
	}
	fmt.Fprintf(&b, "\nvar table%s = &Table{arch: %q, calls: syscalls%s, byName: index%s, static: true,\n", a.ident, a.name, a.ident, a.ident)
	fmt.Fprintf(&b, "newest: Version{%d, %d}, oldest: Version{%d, %d}}\n", newest.major, newest.minor, oldest.major, oldest.minor)
	fmt.Fprintf(&b, "\n// index%s is the name index of syscalls%s (see Table.byName).\n", a.ident, a.ident)
	fmt.Fprintf(&b, "var index%s = []uint16{\n", a.ident)
	writeNumbers(&b, nameIndex(entries))
	fmt.Fprintf(&b, "}\n")
	return format.Source(b.Bytes())
}

// nameIndex returns the open-addressing name index of a table's entries
// (sorted by number), as Table.byName describes it: the slots, each an
// index into the entries plus one, 0 when empty, with linear probing from
// namehash.Sum of the name; a power of two of at least 64 slots and at
// least twice the entries.
func nameIndex(entries []entry) []uint16 {
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.name
	}
	return hashIndex(names)
}

// fileName returns the name of the generated file for table arch. The
// "_table" suffix keeps names like zsyscalls_arm.go from carrying an
// implicit GOARCH build constraint: every table is in every build.
func fileName(arch string) string { return "zsyscalls_" + arch + "_table.go" }

func run() error {
	numbersPath := flag.String("numbers", "../../shared/data/syscalls.csv", "syscall numbers `file` (syscalls.csv)")
	versionsPath := flag.String("versions", "../../shared/data/syscalls-kver.csv", "kernel versions `file` (syscalls-kver.csv)")
	outDir := flag.String("o", ".", "output `directory`")
	idsPath := flag.String("ids", "../internal/sysid/zsysid.go", "output `file` of the name ids of every table (package sysid)")
	flag.Parse()
	if flag.NArg() != 0 {
		return fmt.Errorf("unexpected arguments %q", flag.Args())
	}
	numbers, err := readCSV(*numbersPath)
	if err != nil {
		return err
	}
	versions, err := readCSV(*versionsPath)
	if err != nil {
		return err
	}
	g := &generator{numbers: numbers, versions: versions, newest: versions.kernel, used: map[int]bool{}}
	for _, o := range overrides {
		if numbers.kernel.less(o.version) {
			return fmt.Errorf("override %s %s is newer than the numbers file's kernel %s", o.name, o.version, numbers.kernel)
		}
		g.newest = maxVersion(g.newest, o.version)
	}
	command := fmt.Sprintf("go run mktables.go -numbers %s -versions %s", *numbersPath, *versionsPath)
	files := map[string][]byte{}
	all := make([][]entry, len(arches))
	for ai, a := range arches {
		entries, err := g.table(ai)
		if err != nil {
			return err
		}
		all[ai] = entries
		src, err := g.source(a, entries, command)
		if err != nil {
			return fmt.Errorf("%s: formatting: %w", a.name, err)
		}
		files[fileName(a.name)] = src
	}
	var unused []string
	for i, o := range overrides {
		if !g.used[i] {
			unused = append(unused, o.name)
		}
	}
	if len(unused) > 0 {
		return fmt.Errorf("overrides match no syscall: %s", strings.Join(unused, ", "))
	}
	ids, err := idsSource(all, command)
	if err != nil {
		return fmt.Errorf("name ids: formatting: %w", err)
	}
	var errs []error
	for name, src := range files {
		errs = append(errs, atomicfile.WriteFile(filepath.Join(*outDir, name), src, 0o644))
	}
	errs = append(errs, atomicfile.WriteFile(*idsPath, ids, 0o644))
	return errors.Join(errs...)
}

// idsSource returns the source of package sysid's data: every name of
// the tables (the entries of arches, in their order) numbered in sorted
// order, the names' hash index, and for each table the place of each
// name in it.
func idsSource(all [][]entry, command string) ([]byte, error) {
	var names []string
	for _, entries := range all {
		for _, e := range entries {
			names = append(names, e.name)
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	var b bytes.Buffer
	fmt.Fprintf(&b, "// %s\n", command)
	fmt.Fprintf(&b, "// Code generated by mktables.go; DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "package sysid\n\n")
	fmt.Fprintf(&b, "// names lists the syscall names of every table, sorted: a name's id is\n// its index.\n")
	fmt.Fprintf(&b, "var names = [...]string{\n")
	for _, n := range names {
		fmt.Fprintf(&b, "%q,\n", n)
	}
	fmt.Fprintf(&b, "}\n\n")
	fmt.Fprintf(&b, "// index is the open-addressing hash index of names (namehash.Sum,\n// linear probing): 1 + an id, 0 for an empty slot.\n")
	fmt.Fprintf(&b, "var index = [...]uint16{\n")
	writeNumbers(&b, hashIndex(names))
	fmt.Fprintf(&b, "}\n\n")
	fmt.Fprintf(&b, "// tableNames are the tables of places, in order.\n")
	fmt.Fprintf(&b, "var tableNames = [...]string{")
	for i, a := range arches {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", a.name)
	}
	fmt.Fprintf(&b, "}\n\n")
	fmt.Fprintf(&b, "// places[t][id] is 1 + the index (tables.Table.At) of the syscall\n// named names[id] in table tableNames[t], 0 when the table has none.\n")
	fmt.Fprintf(&b, "var places = [...][len(names)]uint16{\n")
	for ai, entries := range all {
		at := make(map[string]int, len(entries))
		for i, e := range entries {
			at[e.name] = i + 1
		}
		place := make([]uint16, len(names))
		for id, n := range names {
			place[id] = uint16(at[n])
		}
		fmt.Fprintf(&b, "// %s\n{\n", arches[ai].name)
		writeNumbers(&b, place)
		fmt.Fprintf(&b, "},\n")
	}
	fmt.Fprintf(&b, "}\n")
	return format.Source(b.Bytes())
}

// hashIndex returns the open-addressing index of names: slots of 1 + a
// name's index, 0 when empty, with linear probing from namehash.Sum; a
// power of two of at least 64 slots and at least twice the names.
func hashIndex(names []string) []uint16 {
	size := 64
	for size < 2*len(names) {
		size *= 2
	}
	slots := make([]uint16, size)
	mask := uint32(size - 1)
	for i, n := range names {
		h := namehash.Sum(n) & mask
		for slots[h] != 0 {
			h = (h + 1) & mask
		}
		slots[h] = uint16(i + 1)
	}
	return slots
}

// writeNumbers writes ns as the elements of a composite literal, 16 a
// line.
func writeNumbers(b *bytes.Buffer, ns []uint16) {
	for i, n := range ns {
		fmt.Fprintf(b, "%d,", n)
		if i%16 == 15 || i == len(ns)-1 {
			b.WriteString("\n")
		} else {
			b.WriteString(" ")
		}
	}
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("mktables: ")
	if err := run(); err != nil {
		log.Fatal(err)
	}
}
