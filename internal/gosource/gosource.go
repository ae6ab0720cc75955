// Package gosource parses the module's own Go source, for tests that
// check a rule over all of it (every file write atomic, no unbounded
// quoting in messages).
package gosource

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// File is one parsed source file.
type File struct {
	Rel       string // path relative to the module root, slash-separated
	Fset      *token.FileSet
	AST       *ast.File
	Generator bool // a "//go:build ignore" program, run with go run
}

// Root returns the module root above the working directory (a package
// directory, in tests).
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Files parses every Go file below root but tests (_test.go), testdata
// and hidden directories, with comments.
func Files(root string) ([]File, error) {
	var files []File
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (name == "testdata" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		gen := len(f.Comments) > 0 && f.Comments[0].Pos() < f.Package && strings.HasPrefix(f.Comments[0].List[0].Text, "//go:build ignore")
		files = append(files, File{Rel: filepath.ToSlash(rel), Fset: fset, AST: f, Generator: gen})
		return nil
	})
	return files, err
}

// ForTest returns Files of the module that holds the test's package,
// skipping the test when there is no module root above it and failing
// it when a file does not parse.
func ForTest(t testing.TB) []File {
	t.Helper()
	root, err := Root()
	if err != nil {
		t.Skip(err)
	}
	files, err := Files(root)
	if err != nil {
		t.Fatal(err)
	}
	return files
}
