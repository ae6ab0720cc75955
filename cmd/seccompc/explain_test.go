package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkGolden compares got with testdata/golden/cli/NAME.golden, or
// rewrites the file under -update (the flag of e2e_test.go).
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "golden", "cli", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from %s (-update rewrites it):\ngot:\n%s\nwant:\n%s", name, path, got, want)
	}
}

func readTestdata(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestExplain(t *testing.T) {
	policy := readTestdata(t, "explain/explain.policy")
	for _, tt := range []struct {
		golden string
		args   []string
		code   int
		want   []string // lines that must appear (behavioural checks beside the golden)
	}{
		{"explain-rule", []string{"personality", "8"}, 0, []string{
			"verdict: errno(13)",
			"why:     <stdin>:7 decided (errno(13) personality if (a0 & 255) == 8): the most restrictive of the 2 rules that held",
			"      a0 == 8: held (a0 = 0x8)",
			"filter:  ERRNO(13) (0x0005000d)",
		}},
		{"explain-nomatch", []string{"personality", "5"}, 0, []string{
			"verdict: errno(1)",
			"why:     rules name it, but no condition held: the default action",
			"      a0 == 0x20000: failed (a0 = 0x5)",
		}},
		{"explain-tail", []string{"cachestat"}, 0, []string{
			"verdict: errno(38)",
			"it was added in kernel 6.5, after the baseline 5.10 on x86_64",
		}},
		{"explain-default", []string{"getpid"}, 0, []string{
			"verdict: errno(1)",
			"within the baseline 5.10 on x86_64: the default action",
		}},
		{"explain-socketcall", []string{"--arch", "x86", "socketcall", "1", "2"}, 0, []string{
			"verdict: allow",
			"(through socketcall): held",
			"      lo32(a1) != 3: held (a1 = 0x2)",
		}},
		{"explain-badarch", []string{"--arch", "x32", "read"}, 0, []string{
			"verdict: kill_thread",
			"syscall: read (nr 1073741824) on x32",
		}},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			args := []string{"explain", "--target", "x86_64"}
			// Flags go before PROFILE; PROFILE is stdin.
			var flags, rest []string
			for i := 0; i < len(tt.args); i++ {
				if strings.HasPrefix(tt.args[i], "--") {
					flags = append(flags, tt.args[i], tt.args[i+1])
					i++
					continue
				}
				rest = append(rest, tt.args[i])
			}
			args = append(append(append(args, flags...), "-"), rest...)
			out, errs, code := runCLI(t, policy, args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tt.code, errs)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			checkGolden(t, tt.golden, out)
		})
	}
}

func TestExplainBPF(t *testing.T) {
	file := filepath.Join("..", "..", "testdata", "explain", "small-x86_64.bpf")
	out, errs, code := runCLI(t, "", "explain", "--target", "x86_64", "--bpf", file, "personality", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, w := range []string{"action:  ERRNO(13) (0x0005000d)", "ret ERRNO(13)", "ld  [4]  arch"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	checkGolden(t, "explain-bpf", out)
	out, _, code = runCLI(t, "", "explain", "--target", "x86_64", "--bpf", file, "read")
	if code != 0 || !strings.Contains(out, "action:  ALLOW") {
		t.Errorf("read: exit %d\n%s", code, out)
	}
}

func TestExplainDockerDefault(t *testing.T) {
	// No PROFILE: Docker's default profile; a syscall it allows under a
	// condition, with the flag that makes it fail.
	out, errs, code := runCLI(t, "", "explain", "--target", "x86_64", "personality", "0xffffffff")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "verdict: allow\n") || !strings.Contains(out, `docker-default: syscalls[`) {
		t.Errorf("output:\n%s", out)
	}
	out, _, code = runCLI(t, "", "explain", "--target", "x86_64", "personality", "1")
	if code != 0 || !strings.Contains(out, "verdict: errno(1)\n") || !strings.Contains(out, "no condition held") {
		t.Errorf("personality(1): exit %d\n%s", code, out)
	}
}

func TestExplainUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"explain"},
		{"explain", "--target", "vax", "read"},
		{"explain", "--target", "x86_64", "nosuchsyscall"},
		{"explain", "--target", "x86_64", "read", "x"},
		{"explain", "--target", "x86_64", "read", "1", "2", "3", "4", "5", "6", "7"},
		{"explain", "--target", "x86_64", "--arch", "vax", "read"},
		{"explain", "--target", "x86_64", "--bpf", "/no/such.bpf", "read"},
		{"explain", "--target", "x86_64", "--bpf", "../../testdata/explain/explain.policy", "read"},
		{"explain", "--target", "x86_64", "--baseline", "later", "read"},
	} {
		_, errs, code := runCLI(t, "", args...)
		if code != 2 || !strings.Contains(errs, "seccompc explain: ") {
			t.Errorf("%q: exit %d, stderr %q; want 2 and a message", args, code, errs)
		}
	}
	out, errs, code := runCLI(t, "", "explain", "-h")
	if code != 0 || errs != "" || !strings.Contains(out, "-bpf FILE") || !strings.Contains(out, "ENOSYS tail") {
		t.Errorf("explain -h: exit %d, stderr %q\n%s", code, errs, out)
	}
}
