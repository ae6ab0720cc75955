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
	for _, opt := range []lower.Options{{Optimize: true}, {Optimize: false}} {
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
	}
}
