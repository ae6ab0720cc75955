package main

import (
	"flag"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// commandFlags runs "seccompc NAME -h" and returns the command's flag
// set and its help.
func commandFlags(t *testing.T, c *command) (*flag.FlagSet, string) {
	t.Helper()
	var got *flag.FlagSet
	flagSetHook = func(_ *command, fs *flag.FlagSet) { got = fs }
	defer func() { flagSetHook = nil }()
	out, errs, code := runCLI(t, "", c.name, "-h")
	if code != 0 || errs != "" {
		t.Fatalf("%s -h: exit %d, stderr %q; want 0 and the help on stdout", c.name, code, errs)
	}
	if got == nil {
		t.Fatalf("%s -h parsed no flag set", c.name)
	}
	return got, out
}

// formatCheckArgs are the arguments with which a command reaches its
// --format check.
var formatCheckArgs = map[string][]string{"dump": {"--pid", "1"}}

// ownMeaning lists the flags whose help differs on purpose from the
// flag of the same name elsewhere.
var ownMeaning = map[string]bool{
	"syscalls -baseline": true, // the baseline kernel, shown instead of compiled into a tail
	"annotate -o":        true, // the annotated config.json, instead of replacing it
}

// TestFlagConventions walks every command's flag set and help and checks
// the conventions the help and the README state once for all: --target
// ARCH everywhere but exec, with one meaning; --arch only as the
// architecture of a syscall (sim, explain) or an alias of --target;
// every valued flag shows a placeholder; a flag shared by commands has
// one help text; --format lists exactly the values the command accepts;
// no default is said twice; every argument of the usage line is
// described.
func TestFlagConventions(t *testing.T) {
	placeholder := regexp.MustCompile(`^[A-Z]+$`)
	sharedHelp := map[string]string{} // flag name -> help text, for the flags more than one command has
	sharedBy := map[string]string{}
	for _, c := range commands {
		t.Run(c.name, func(t *testing.T) {
			fs, help := commandFlags(t, c)
			if !strings.HasPrefix(help, "Usage: seccompc "+c.name+" ") {
				t.Errorf("help does not start with the usage line:\n%s", help)
			}
			for _, form := range strings.Split(c.usage, "\n") {
				if !strings.Contains(form, "[flags]") {
					t.Errorf("usage form %q does not say where the flags go", form)
				}
			}

			target := fs.Lookup("target")
			switch {
			case c.name == "exec":
				if target != nil {
					t.Errorf("exec has --target, but it compiles for this machine")
				}
				if c.absent["target"] == "" {
					t.Errorf("exec does not say why it has no --target")
				}
			case target == nil:
				t.Errorf("no --target")
			case target.Usage != targetHelp:
				t.Errorf("--target help %q, want the shared %q", target.Usage, targetHelp)
			}
			if a := fs.Lookup("arch"); a != nil {
				switch {
				case c.name == "sim" || c.name == "explain":
					if a.Usage != archHelp {
						t.Errorf("--arch help %q, want %q", a.Usage, archHelp)
					}
				case target != nil && a.Value == target.Value:
					// An alias of --target.
				default:
					t.Errorf("--arch means neither the syscall's architecture nor --target")
				}
			}

			fs.VisitAll(func(f *flag.Flag) {
				name, usage := flag.UnquoteUsage(f)
				isBool := name == ""
				if !isBool && !placeholder.MatchString(name) {
					t.Errorf("-%s shows %q; want an upper-case placeholder (a backquoted word in its help)", f.Name, name)
				}
				if !strings.Contains(help, "  -"+strings.TrimSpace(f.Name+" "+name)) {
					t.Errorf("help lacks the line for -%s %s", f.Name, name)
				}
				if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && strings.Contains(usage, "(default") {
					t.Errorf("-%s says its default in its help (%q) and flag prints %q too", f.Name, usage, f.DefValue)
				}
				if f.Name == "arch" || f.Name == "format" || ownMeaning[c.name+" -"+f.Name] {
					return // checked apart
				}
				if prev, ok := sharedHelp[f.Name]; ok && prev != f.Usage {
					t.Errorf("-%s help %q differs from %s's %q", f.Name, f.Usage, sharedBy[f.Name], prev)
				} else if !ok {
					sharedHelp[f.Name], sharedBy[f.Name] = f.Usage, c.name
				}
			})

			if f := fs.Lookup("format"); f != nil {
				listed, ok := strings.CutPrefix(f.Usage, "output `FORMAT`: ")
				if !ok {
					t.Fatalf("--format help %q does not start with the shared %q", f.Usage, "output `FORMAT`: ")
				}
				listed = strings.ReplaceAll(listed, " or ", ", ")
				want := strings.Split(listed, ", ")
				if want[0] != f.DefValue {
					t.Errorf("--format lists %q first, default %q; want the default first", want, f.DefValue)
				}
				args := append([]string{c.name, "--format", "nosuch"}, formatCheckArgs[c.name]...)
				_, errs, code := runCLI(t, "", args...)
				accepted, ok := strings.CutPrefix(strings.TrimSpace(errs), "seccompc "+c.name+`: --format "nosuch"; want one of `)
				if code != 2 || !ok {
					t.Fatalf("%q: exit %d, stderr %q; want 2 and the formats", args, code, errs)
				}
				got := strings.Split(accepted, ", ")
				slices.Sort(got)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("--format accepts %q, help lists %q", got, want)
				}
			}

			// Every argument of the usage line is described.
			for word, desc := range map[string]string{
				"PROFILE": "PROFILE is ", "FILE": "FILE is ", "SYSCALL": "SYSCALL is ",
				"CMD": "CMD is ", " A B": "A and B are ", "BUNDLE": "BUNDLE is ",
			} {
				if strings.Contains(c.usage, word) && !strings.Contains(help, desc) {
					t.Errorf("usage %q names %s, but the help has no %q", c.usage, strings.TrimSpace(word), desc)
				}
			}
		})
	}

	// The shared flags mean the same everywhere.
	for _, name := range []string{"baseline", "strict", "v", "no-optimize", "o"} {
		if _, ok := sharedHelp[name]; !ok {
			t.Errorf("no command has -%s", name)
		}
	}

	// The top help lists every command and states the convention.
	out, _, code := runCLI(t, "", "help")
	for _, c := range commands {
		if code != 0 || !strings.Contains(out, "\n  "+c.name+" ") {
			t.Errorf("seccompc help (exit %d) does not list %s", code, c.name)
		}
	}
	if !strings.Contains(out, "Every command but exec takes\n--target ARCH") {
		t.Errorf("seccompc help does not state the --target convention:\n%s", out)
	}
}

// TestFlagErrors checks that a bad flag gets one line: the nearest flag
// and where the others are listed, never the whole usage.
func TestFlagErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"compile", "--tagret", "aarch64"}, "seccompc compile: unknown flag --tagret (did you mean --target?); see seccompc compile -h\n"},
		{[]string{"verify", "-strcit"}, "seccompc verify: unknown flag --strcit (did you mean --strict?); see seccompc verify -h\n"},
		{[]string{"lint", "--xyzzy"}, "seccompc lint: unknown flag --xyzzy; see seccompc lint -h\n"},
		{[]string{"exec", "--target", "x86_64", "--", "true"}, "seccompc exec: unknown flag --target: exec compiles the profile for this machine, where it installs the filter; see seccompc exec -h\n"},
		{[]string{"compile", "--target"}, "seccompc compile: flag --target needs a value: --target ARCH; see seccompc compile -h\n"},
		{[]string{"stats", "--repeat", "many"}, "seccompc stats: --repeat \"many\": want an integer; see seccompc stats -h\n"},
		{[]string{"compile", "--strict=maybe"}, "seccompc compile: --strict=\"maybe\": want true or false; see seccompc compile -h\n"},
		{[]string{"dump", "--pid", "1", "--index", "x"}, "seccompc dump: --index \"x\": want all or a number from 0; see seccompc dump -h\n"},
		{[]string{"compile", "x.json", "--target", "aarch64"}, "seccompc compile: flags go before the arguments: move --target before \"x.json\"; see seccompc compile -h\n"},
		{[]string{"syscalls", "--format", "jsno"}, "seccompc syscalls: --format \"jsno\" (did you mean \"json\"?); want one of json, text\n"},
		{[]string{"compil"}, "seccompc: unknown command \"compil\" (did you mean \"compile\"?); see seccompc help\n"},
		{[]string{"compile", "--target", "amd64x"}, "seccompc compile: --target: unknown architecture \"amd64x\" (did you mean \"amd64\", the GOARCH name of x86_64?); valid names, nearest first: x86_64, aarch64, "},
		{[]string{"syscalls", "--arch", "aarch46"}, "seccompc syscalls: --target: unknown architecture \"aarch46\" (did you mean \"aarch64\"?); valid names, nearest first: aarch64, "},
		{[]string{"explain", "--target", "x86_64", "opne"}, "seccompc explain: syscall \"opne\" unknown on x86_64 (did you mean \"open\"?)\n"},
		{[]string{"sim", "--arch", "x33", "read"}, "seccompc sim: --arch: unknown architecture \"x33\" (did you mean \"x32\"?)"},
	} {
		out, errs, code := runCLI(t, "", tt.args...)
		if code != 2 || out != "" || !strings.HasPrefix(errs, tt.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("%q: exit %d, stdout %q, stderr:\n%s\nwant exit 2 and one line starting\n%s", tt.args, code, out, errs, tt.want)
		}
	}
}

// TestGoArchNames checks that the Go names of the architectures are
// accepted where the canonical ones are.
func TestGoArchNames(t *testing.T) {
	for goName, name := range map[string]string{"amd64": "x86_64", "arm64": "aarch64", "386": "x86", "riscv64": "riscv64", "ppc64le": "ppc64le", "mipsle": "mipsel"} {
		a, errs, code := runCLI(t, "", "syscalls", "--target", goName)
		b, _, _ := runCLI(t, "", "syscalls", "--target", name)
		if code != 0 || a != b {
			t.Errorf("syscalls --target %s: exit %d, %s; want the table of %s", goName, code, errs, name)
		}
		out, errs, code := runCLI(t, "", "verify", "--target", goName)
		if code != 0 || !strings.HasPrefix(out, "proved: ") {
			t.Errorf("verify --target %s: exit %d, %s%s", goName, code, out, errs)
		}
	}
}
