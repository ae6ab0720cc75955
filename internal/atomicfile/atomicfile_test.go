package atomicfile

import (
	"bytes"
	"go/ast"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/seccompc/seccompc/internal/gosource"
)

func TestWriteFileReplaces(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.bin")
	for _, data := range [][]byte{[]byte("first"), []byte("second, longer"), nil} {
		if err := WriteFile(p, data, 0o640); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(p)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("after WriteFile(%q): read %q, %v", data, got, err)
		}
	}
	fi, err := os.Stat(p)
	if err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, %v; want 0640", fi.Mode(), err)
	}
	assertOnly(t, dir, "out.bin")
}

func TestWriteFileKeepsModeAndFollowsLinks(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.json")
	if err := os.WriteFile(real, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink("real.json", link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(real); string(got) != "new" {
		t.Errorf("target holds %q, want new", got)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v, %v", fi.Mode(), err)
	}
	if fi, _ := os.Stat(real); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want the old 0600", fi.Mode())
	}
}

func TestWriteFileRefusesDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := WriteFile(dir, []byte("x"), 0o644); err == nil {
		t.Fatal("wrote over a directory")
	}
}

const childEnv = "ATOMICFILE_TEST_CHILD"

// TestWriteFileFailureKeepsOld makes the write fail for real: a child
// process with RLIMIT_FSIZE of 4 KiB (and SIGXFSZ ignored, so the write
// returns EFBIG) writes 64 KiB over a file. The old contents must stay
// and no temporary file may be left. os.WriteFile, which truncates
// first, fails this test.
func TestWriteFileFailureKeepsOld(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("uses RLIMIT_FSIZE as Linux applies it")
	}
	if os.Getenv(childEnv) != "" {
		t.Skip("parent only")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "filter.h")
	old := []byte("the previous, complete file\n")
	if err := os.WriteFile(p, old, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriteBig$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+p)
	out, _ := cmd.CombinedOutput()
	if !strings.Contains(string(out), "WRITE FAILED") {
		t.Fatalf("the child's write did not fail:\n%s", out)
	}
	if got, _ := os.ReadFile(p); !bytes.Equal(got, old) {
		t.Errorf("after a failed write the file holds %d bytes %.40q, want the old contents", len(got), got)
	}
	assertOnly(t, dir, "filter.h")
}

// TestHelperWriteBig is the child of TestWriteFileFailureKeepsOld.
func TestHelperWriteBig(t *testing.T) {
	p := os.Getenv(childEnv)
	if p == "" {
		t.Skip("runs only as a child of TestWriteFileFailureKeepsOld")
	}
	syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: 4096, Max: 4096})
	if err := WriteFile(p, bytes.Repeat([]byte("x"), 64<<10), 0o644); err != nil {
		println("WRITE FAILED:", err.Error())
	}
}

func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("directory holds %v, want %v", got, names)
	}
}

// TestEveryWriteIsAtomic reads the module's Go source (tests and
// testdata aside) and fails on any call that writes a file other than
// through WriteFile: os.WriteFile, os.Create and os.OpenFile truncate
// or write in place, and a failure midway leaves a partial file.
func TestEveryWriteIsAtomic(t *testing.T) {
	files := gosource.ForTest(t)
	banned := map[string]bool{"os.WriteFile": true, "os.Create": true, "os.OpenFile": true, "os.Truncate": true, "ioutil.WriteFile": true}
	checked := 0
	for _, f := range files {
		if strings.HasPrefix(f.Rel, "internal/atomicfile/") {
			continue
		}
		checked++
		ast.Inspect(f.AST, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); ok && banned[x.Name+"."+sel.Sel.Name] {
				t.Errorf("%s: %s.%s: write files with atomicfile.WriteFile", f.Fset.Position(sel.Pos()), x.Name, sel.Sel.Name)
			}
			return true
		})
	}
	if checked < 50 {
		t.Errorf("read only %d Go files", checked)
	}
}
