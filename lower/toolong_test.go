package lower_test

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/lower"
)

// TestTooLongNamesLargest: a policy too long for the kernel is refused
// with the syscalls whose code is largest, largest first, with their
// instruction counts, which add up to at most the program's length.
func TestTooLongNamesLargest(t *testing.T) {
	var b strings.Builder
	b.WriteString("default errno(1)\narch x86_64 x86\nallow read, write\n")
	set := func(name string, n int) {
		vals := make([]string, n)
		for i := range vals {
			vals[i] = strconv.Itoa(3 * i)
		}
		fmt.Fprintf(&b, "allow %s if a1 in {%s}\n", name, strings.Join(vals, ", "))
	}
	set("ioctl", 2500)
	set("fcntl", 900)
	set("prctl", 30)
	p, err := ir.Parse([]byte(b.String()), "big.policy")
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := ir.Resolve(p, "x86_64")
	if err != nil {
		t.Fatal(err)
	}
	for _, opt := range []lower.Options{{Optimize: true}, {Optimize: false}, {Optimize: true, NoSources: true}} {
		_, err := lower.CompileOptions(r, opt)
		var ee *emit.Error
		if !errors.As(err, &ee) || ee.Code != emit.ErrTooLong {
			t.Fatalf("optimize %v: %v, want an *emit.Error ErrTooLong", opt.Optimize, err)
		}
		msg := err.Error()
		m := regexp.MustCompile(`largest: ioctl (\d+) \(x86_64 (\d+)(?:, x86 (\d+))?\), fcntl (\d+) \([^)]*\), prctl (\d+)`).FindStringSubmatch(msg)
		if m == nil {
			t.Fatalf("optimize %v: %s\nwant the largest syscalls named, ioctl first", opt.Optimize, msg)
		}
		n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
		if n(1) != n(2)+n(3) || n(1) < 2500 || n(4) < 900 || n(1)+n(4)+n(5) > ee.Len {
			t.Errorf("optimize %v: counts do not add up (program %d instructions): %s", opt.Optimize, ee.Len, msg)
		}
		// The optimized lowering turns each set into one search and
		// names the sets, largest syscall first.
		sets := "; value sets: ioctl a1 in a set of 2500 values at big.policy:4; fcntl a1 in a set of 900 values at big.policy:5; prctl a1 in a set of 30 values at big.policy:6"
		if opt.Optimize && !strings.HasSuffix(msg, sets) {
			t.Errorf("optimize: %s\nwant it to end with %q", msg, sets)
		}
	}
}

// TestTooLongNamesSet: the message of a program too long names the value
// set that makes it so, whatever shape the set takes: one rule's set, a
// set joined from many rules, its negation, ranges, a low word.
func TestTooLongNamesSet(t *testing.T) {
	// vals joins f(0), f(3), f(6), ... (n of them) with sep.
	vals := func(n int, sep string, f func(int) string) string {
		out := make([]string, n)
		for i := range out {
			out[i] = f(3 * i)
		}
		return strings.Join(out, sep)
	}
	num := func(v int) string { return strconv.Itoa(v) }
	for _, tt := range []struct{ rules, want string }{
		{"allow socket if a0 in {" + vals(5000, ", ", num) + "}\n",
			"value sets: socket a0 in a set of 5000 values at p.policy:3"},
		{"allow socket if a2 not in {" + vals(5000, ", ", num) + "}\n",
			"value sets: socket a2 not in a set of 5000 values at p.policy:3"},
		{"allow socket if lo32(a1) in {" + vals(5000, ", ", func(v int) string { return fmt.Sprintf("%d..%d", v, v+1) }) + "}\n",
			"value sets: socket lo32(a1) in a set of 10000 values (5000 ranges) at p.policy:3"},
		{vals(5000, "", func(v int) string { return fmt.Sprintf("allow ioctl if a1 == %d\n", v) }),
			"value sets: ioctl a1 in a set of 5000 values from 5000 rules, the first at p.policy:3"},
	} {
		p, err := ir.Parse([]byte("default errno(1)\narch x86_64\n"+tt.rules), "p.policy")
		if err != nil {
			t.Fatal(err)
		}
		r, _, err := ir.Resolve(p, "x86_64")
		if err != nil {
			t.Fatal(err)
		}
		_, err = lower.Compile(r)
		var ee *emit.Error
		if !errors.As(err, &ee) || ee.Code != emit.ErrTooLong {
			t.Fatalf("%.40s: %v, want an *emit.Error ErrTooLong", tt.rules, err)
		}
		if !strings.HasSuffix(err.Error(), tt.want) {
			t.Errorf("%.40s...: %s\nwant it to end with %q", tt.rules, err, tt.want)
		}
	}
}
