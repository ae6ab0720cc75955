package tables

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
)

var (
	v3_0  = Version{3, 0}
	v3_4  = Version{3, 4}
	v3_7  = Version{3, 7}
	v4_15 = Version{4, 15}
	v5_19 = Version{5, 19}

	// numbersKernel is the kernel the syscall numbers were taken from: no
	// syscall can be newer.
	numbersKernel = Version{7, 1}
)

// firstKernel is the first kernel of each table's syscall ABI (3.0 stands
// for "3.0 or earlier").
var firstKernel = map[string]Version{
	"aarch64": v3_7, "riscv64": v4_15, "loongarch64": v5_19, "x32": v3_4,
}

func first(arch string) Version {
	if v, ok := firstKernel[arch]; ok {
		return v
	}
	return v3_0
}

func mustTable(t *testing.T, arch string) *Table {
	t.Helper()
	tab, err := ForArch(arch)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

func TestArches(t *testing.T) {
	want := []string{
		"aarch64", "arm", "loongarch64", "m68k", "mips", "mips64", "mips64n32",
		"parisc", "parisc64", "ppc", "ppc64", "riscv64", "s390", "s390x", "sh",
		"x32", "x86", "x86_64",
	}
	got := Arches()
	if !slices.Equal(got, want) {
		t.Fatalf("Arches() = %q, want %q", got, want)
	}
	got[0] = "changed"
	if Arches()[0] != "aarch64" {
		t.Error("Arches() returned shared storage")
	}
	for _, a := range want {
		tab := mustTable(t, a)
		if tab.Arch() != a {
			t.Errorf("ForArch(%q).Arch() = %q", a, tab.Arch())
		}
		if again := mustTable(t, a); again != tab {
			t.Errorf("ForArch(%q) returned two different tables", a)
		}
	}
}

func TestForArchUnknown(t *testing.T) {
	for _, a := range []string{"", "amd64", "arm64", "X86_64", "x86-64", "mipsel", "sparc64"} {
		tab, err := ForArch(a)
		if err == nil {
			t.Errorf("ForArch(%q) = %v, want an error", a, tab.Arch())
			continue
		}
		if !errors.Is(err, ErrUnknownArch) {
			t.Errorf("ForArch(%q) error %v does not wrap ErrUnknownArch", a, err)
		}
		if !strings.Contains(err.Error(), `"`+a+`"`) {
			t.Errorf("ForArch(%q) error %q does not name the architecture", a, err)
		}
	}
}

// TestKnownFacts pins facts checked against kernel history.
func TestKnownFacts(t *testing.T) {
	tests := []struct {
		arch, name string
		nr         uint32
		since      Version
	}{
		{"x86_64", "bpf", 321, Version{3, 18}},
		{"aarch64", "bpf", 280, Version{3, 18}},
		{"x86_64", "clone3", 435, Version{5, 3}},
		{"aarch64", "clone3", 435, Version{5, 3}},
		{"riscv64", "clone3", 435, Version{5, 3}},
		{"arm", "clone3", 435, Version{5, 3}},
		{"x86", "clone3", 435, Version{5, 3}},
		{"loongarch64", "clone3", 435, v5_19},
		{"x86_64", "openat2", 437, Version{5, 6}},
		{"aarch64", "openat2", 437, Version{5, 6}},
		{"riscv64", "openat2", 437, Version{5, 6}},
		{"x86_64", "faccessat2", 439, Version{5, 8}},
		{"aarch64", "faccessat2", 439, Version{5, 8}},
		{"x86_64", "close_range", 436, Version{5, 9}},
		{"aarch64", "close_range", 436, Version{5, 9}},
		{"x86_64", "landlock_create_ruleset", 444, Version{5, 13}},
		{"aarch64", "landlock_create_ruleset", 444, Version{5, 13}},
		{"riscv64", "landlock_create_ruleset", 444, Version{5, 13}},
		{"x86_64", "mseal", 462, Version{6, 10}},
		{"aarch64", "mseal", 462, Version{6, 10}},
		{"loongarch64", "mseal", 462, Version{6, 10}},
		{"x86_64", "kexec_file_load", 320, Version{3, 18}},
		{"aarch64", "kexec_file_load", 294, Version{5, 0}},
		{"riscv64", "kexec_file_load", 294, Version{5, 0}},
		{"loongarch64", "kexec_file_load", 294, v5_19},
		{"x86_64", "map_shadow_stack", 453, Version{6, 6}},
		{"aarch64", "map_shadow_stack", 453, Version{6, 7}},
		{"aarch64", "memfd_secret", 447, Version{5, 14}},
		{"riscv64", "riscv_flush_icache", 259, v4_15},
		{"riscv64", "riscv_hwprobe", 258, Version{6, 4}},
		{"x86_64", "uretprobe", 335, Version{6, 11}},
		{"x86_64", "uprobe", 336, Version{6, 18}},
		{"x86_64", "file_getattr", 468, Version{6, 17}},
		{"aarch64", "file_setattr", 469, Version{6, 17}},
		{"x86_64", "listns", 470, Version{6, 19}},
		{"riscv64", "listns", 470, Version{6, 19}},
		{"x86_64", "rseq_slice_yield", 471, Version{7, 0}},
		{"aarch64", "rseq_slice_yield", 471, Version{7, 0}},
		// The first kernel of the ABI is the floor.
		{"x86_64", "read", 0, v3_0},
		{"aarch64", "read", 63, v3_7},
		{"riscv64", "read", 63, v4_15},
		{"loongarch64", "read", 63, v5_19},
		{"x32", "read", 0x40000000, v3_4},
		// Nr is the seccomp_data.nr value: ABI bit and base included.
		{"x32", "openat", 0x40000101, v3_4},
		{"x32", "rt_sigaction", 0x40000200, v3_4},
		{"x86", "openat", 295, v3_0},
		{"arm", "openat", 322, v3_0},
		{"mips", "openat", 4288, v3_0},
		{"mips64", "openat", 5247, v3_0},
		{"mips64n32", "openat", 6251, v3_0},
		{"ppc64", "openat", 286, v3_0},
		{"s390x", "openat", 288, v3_0},
		// Never implemented or removed: in the table with a zero Since.
		{"x86_64", "afs_syscall", 183, Version{}},
		{"x86_64", "tuxcall", 184, Version{}},
		{"x86", "vserver", 273, Version{}},
		{"aarch64", "nfsservctl", 42, Version{}},
		{"x86_64", "_sysctl", 156, Version{}},
	}
	for _, tt := range tests {
		t.Run(tt.arch+"/"+tt.name, func(t *testing.T) {
			tab := mustTable(t, tt.arch)
			want := Syscall{tt.name, tt.nr, tt.since}
			got, ok := tab.ByName(tt.name)
			if !ok || got != want {
				t.Errorf("ByName(%q) = %+v, %v; want %+v", tt.name, got, ok, want)
			}
			got, ok = tab.ByNr(tt.nr)
			if !ok || got != want {
				t.Errorf("ByNr(%d) = %+v, %v; want %+v", tt.nr, got, ok, want)
			}
		})
	}
}

func TestAbsent(t *testing.T) {
	tests := []struct{ arch, name string }{
		{"x86", "accept"},            // x86 has only socketcall and accept4
		{"aarch64", "open"},          // asm-generic has only openat
		{"riscv64", "renameat"},      // dropped from asm-generic before RISC-V
		{"loongarch64", "getrlimit"}, // only prlimit64
		{"x86", "uprobe"},            // x86_64 only
		{"s390", "listns"},           // 31-bit s390 gets no new syscalls
		{"x32", "map_shadow_stack"},  // syscall_64.tbl: ABI 64, not common
	}
	for _, tt := range tests {
		if s, ok := mustTable(t, tt.arch).ByName(tt.name); ok {
			t.Errorf("%s: ByName(%q) = %+v, want absent", tt.arch, tt.name, s)
		}
	}
}

func TestCachestatEverywhere(t *testing.T) {
	n := 0
	for _, a := range Arches() {
		s, ok := mustTable(t, a).ByName("cachestat")
		if !ok {
			continue
		}
		n++
		if s.Since != (Version{6, 5}) {
			t.Errorf("%s: cachestat since %v, want 6.5", a, s.Since)
		}
	}
	if n < 17 {
		t.Errorf("cachestat found on %d tables, want at least 17", n)
	}
}

// TestInvariants checks every table: sorted unique numbers, unique names,
// lookups that agree, numbers in the ABI's range and versions between the
// ABI's first kernel and the kernel the numbers come from.
func TestInvariants(t *testing.T) {
	for _, a := range Arches() {
		t.Run(a, func(t *testing.T) {
			tab := mustTable(t, a)
			calls := tab.Syscalls()
			if len(calls) < 300 {
				t.Errorf("%d syscalls, want at least 300", len(calls))
			}
			names := map[string]bool{}
			var newest Version
			for i, s := range calls {
				if i > 0 && calls[i-1].Nr >= s.Nr {
					t.Errorf("not sorted by Nr: %+v before %+v", calls[i-1], s)
				}
				if names[s.Name] || s.Name == "" {
					t.Errorf("bad or repeated name %q", s.Name)
				}
				names[s.Name] = true
				if got, ok := tab.ByName(s.Name); !ok || got != s {
					t.Errorf("ByName(%q) = %+v, %v; want %+v", s.Name, got, ok, s)
				}
				if got, ok := tab.ByNr(s.Nr); !ok || got != s {
					t.Errorf("ByNr(%d) = %+v, %v; want %+v", s.Nr, got, ok, s)
				}
				if !s.Since.IsZero() && (s.Since.Less(first(a)) || numbersKernel.Less(s.Since)) {
					t.Errorf("%s since %v: outside [%v, %v]", s.Name, s.Since, first(a), numbersKernel)
				}
				if newest.Less(s.Since) {
					newest = s.Since
				}
				switch a {
				case "x32":
					if s.Nr&0x40000000 == 0 {
						t.Errorf("%s: Nr %#x lacks the x32 bit", s.Name, s.Nr)
					}
				case "mips", "mips64", "mips64n32":
					base := map[string]uint32{"mips": 4000, "mips64": 5000, "mips64n32": 6000}[a]
					if s.Nr < base || s.Nr >= base+1000 {
						t.Errorf("%s: Nr %d outside [%d, %d)", s.Name, s.Nr, base, base+1000)
					}
				}
			}
			if tab.Newest() != newest {
				t.Errorf("Newest() = %v, want %v", tab.Newest(), newest)
			}
			if Newest().Less(newest) {
				t.Errorf("package Newest() %v is older than this table's %v", Newest(), newest)
			}
			for _, nr := range []uint32{calls[len(calls)-1].Nr + 1, 0xffffffff, 0x3fffffff} {
				if s, ok := tab.ByNr(nr); ok {
					t.Errorf("ByNr(%#x) = %+v, want none", nr, s)
				}
			}
			if s, ok := tab.ByName("no_such_syscall"); ok {
				t.Errorf("ByName(no_such_syscall) = %+v", s)
			}
		})
	}
}

func TestNoneBeforeFirstKernel(t *testing.T) {
	for arch, floor := range map[string]Version{"riscv64": v4_15, "loongarch64": v5_19, "aarch64": v3_7} {
		tab := mustTable(t, arch)
		if got := tab.Baseline(Version{floor.Major, floor.Minor - 1}); len(got) != 0 {
			t.Errorf("%s: baseline of the kernel before %v has %d syscalls, e.g. %+v", arch, floor, len(got), got[0])
		}
		if got := tab.Baseline(floor); len(got) < 250 {
			t.Errorf("%s: baseline of %v has only %d syscalls", arch, floor, len(got))
		}
	}
}

func TestNewest(t *testing.T) {
	// rseq_slice_yield (7.0) is the newest syscall the tables know of.
	if got, want := Newest(), (Version{7, 0}); got != want {
		t.Errorf("Newest() = %v, want %v", got, want)
	}
	if got, want := mustTable(t, "x86_64").Newest(), (Version{7, 0}); got != want {
		t.Errorf("x86_64 Newest() = %v, want %v", got, want)
	}
	// 31-bit s390 stopped getting new syscalls before listns.
	if got := mustTable(t, "s390").Newest(); !got.Less(Version{6, 19}) {
		t.Errorf("s390 Newest() = %v, want older than 6.19", got)
	}
}

func TestNeverImplementedInNoBaseline(t *testing.T) {
	for _, a := range Arches() {
		tab := mustTable(t, a)
		for _, s := range tab.Syscalls() {
			if !s.Since.IsZero() {
				continue
			}
			for _, v := range []Version{v3_0, Version{5, 10}, Newest(), {65535, 65535}} {
				if tab.InBaseline(s.Nr, v) {
					t.Errorf("%s: %s (never implemented) in baseline %v", a, s.Name, v)
				}
				for _, b := range tab.Baseline(v) {
					if b.Nr == s.Nr {
						t.Errorf("%s: %s (never implemented) in Baseline(%v)", a, s.Name, v)
					}
				}
				for _, r := range tab.BaselineRanges(v) {
					if r.Lo <= s.Nr && s.Nr <= r.Hi {
						t.Errorf("%s: %s (never implemented) in range %+v of %v", a, s.Name, r, v)
					}
				}
			}
		}
	}
	// Make sure the loop above had something to check.
	if s, _ := mustTable(t, "x86_64").ByName("afs_syscall"); !s.Since.IsZero() {
		t.Errorf("x86_64 afs_syscall since %v, want zero", s.Since)
	}
}

// TestBaseline compares Baseline, BaselineRanges and InBaseline with a
// direct reading of the table.
func TestBaseline(t *testing.T) {
	versions := []Version{{}, {2, 6}, v3_0, v3_4, {3, 17}, {3, 18}, {4, 15}, {5, 3}, {5, 10}, {6, 5}, {6, 16}, Newest(), {65535, 0}}
	for _, a := range Arches() {
		tab := mustTable(t, a)
		calls := tab.Syscalls()
		for _, v := range versions {
			var want []Syscall
			in := map[uint32]bool{}
			for _, s := range calls {
				if !s.Since.IsZero() && (s.Since == v || s.Since.Less(v)) {
					want = append(want, s)
					in[s.Nr] = true
				}
			}
			got := tab.Baseline(v)
			if !slices.Equal(got, want) {
				t.Errorf("%s: Baseline(%v) has %d syscalls, want %d", a, v, len(got), len(want))
			}
			ranges := tab.BaselineRanges(v)
			covered := map[uint32]bool{}
			for i, r := range ranges {
				if r.Lo > r.Hi {
					t.Errorf("%s %v: range %+v is empty", a, v, r)
				}
				if i > 0 && ranges[i-1].Hi+1 >= r.Lo {
					t.Errorf("%s %v: ranges %+v and %+v overlap or touch", a, v, ranges[i-1], r)
				}
				for nr := r.Lo; nr <= r.Hi && nr >= r.Lo; nr++ {
					covered[nr] = true
				}
			}
			if len(covered) != len(in) {
				t.Errorf("%s %v: ranges cover %d numbers, baseline has %d", a, v, len(covered), len(in))
			}
			for nr := range in {
				if !covered[nr] {
					t.Errorf("%s %v: baseline number %d not in ranges", a, v, nr)
				}
			}
			// Every number of the table, its neighbours, and the extremes.
			probe := []uint32{0, 1, 0x3fffffff, 0x40000000, 0xffffffff}
			for _, s := range calls {
				probe = append(probe, s.Nr-1, s.Nr, s.Nr+1)
			}
			for _, nr := range probe {
				if got := tab.InBaseline(nr, v); got != in[nr] {
					t.Errorf("%s: InBaseline(%d, %v) = %v, want %v", a, nr, v, got, in[nr])
				}
			}
		}
	}
}

func TestBaselineByVersion(t *testing.T) {
	tab := mustTable(t, "x86_64")
	clone3, _ := tab.ByName("clone3")
	for _, tt := range []struct {
		v    Version
		want bool
	}{{Version{5, 2}, false}, {Version{5, 3}, true}, {Version{6, 1}, true}} {
		if got := tab.InBaseline(clone3.Nr, tt.v); got != tt.want {
			t.Errorf("InBaseline(clone3, %v) = %v, want %v", tt.v, got, tt.want)
		}
	}
	// Baselines only grow.
	prev := 0
	for _, v := range []Version{v3_0, {4, 0}, {5, 0}, {6, 0}, {7, 0}} {
		n := len(tab.Baseline(v))
		if n <= prev {
			t.Errorf("Baseline(%v) has %d syscalls, not more than the %d before", v, n, prev)
		}
		prev = n
	}
	if got := tab.Baseline(Version{}); len(got) != 0 {
		t.Errorf("Baseline(zero) = %d syscalls, want none", len(got))
	}
	if got := tab.BaselineRanges(Version{}); len(got) != 0 {
		t.Errorf("BaselineRanges(zero) = %v, want none", got)
	}
}

func TestSyscallsIsACopy(t *testing.T) {
	tab := mustTable(t, "aarch64")
	s := tab.Syscalls()
	orig := s[0]
	s[0] = Syscall{"clobbered", 99999, Version{9, 9}}
	if got := tab.Syscalls()[0]; got != orig {
		t.Errorf("table changed through Syscalls(): first entry now %+v", got)
	}
	if _, ok := tab.ByName("clobbered"); ok {
		t.Error("ByName finds an entry written into a Syscalls() result")
	}
}

func TestLookupsDoNotAllocate(t *testing.T) {
	tab := mustTable(t, "x86_64")
	tab.ByName("read") // build the index
	v := Version{5, 10}
	allocs := testing.AllocsPerRun(100, func() {
		tab.ByName("openat")
		tab.ByName("no_such_syscall")
		tab.ByNr(257)
		tab.ByNr(100000)
		tab.InBaseline(435, v)
		tab.Newest()
	})
	if allocs != 0 {
		t.Errorf("lookups allocate %v times per run, want 0", allocs)
	}
}

func TestConcurrentFirstUse(t *testing.T) {
	// A fresh table, so that the lazy index is built under contention.
	tab := &Table{arch: "test", calls: syscallsRiscv64}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if s, ok := tab.ByName("openat"); !ok || s.Nr != 56 {
				t.Errorf("ByName(openat) = %+v, %v", s, ok)
			}
			if v := tab.Newest(); v != (Version{7, 0}) {
				t.Errorf("Newest() = %v", v)
			}
		}()
	}
	wg.Wait()
}
