package ir_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/seccompc/seccompc/internal/scalegen"
	"github.com/seccompc/seccompc/ir"
)

// BenchmarkParse measures ir.Parse on the generated policy shapes of
// issue 14 (1 MB each) and on the testdata policies. Besides ns/op and
// B/op it reports B/in, the bytes allocated per input byte.
func BenchmarkParse(b *testing.B) {
	type input struct {
		name string
		data []byte
	}
	inputs := []input{
		{"policy-rules-1MB", scalegen.PolicyRules(1 << 20)},
		{"policy-value-set-1MB", scalegen.PolicyValueSet(1 << 20)},
		{"ioctl-allowlist-32k", scalegen.IoctlAllowlist(32 << 10)},
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			parseAll(b, [][]byte{in.data}, []string{in.name + ".policy"})
		})
	}
	// The ordinary policies of the testdata, parsed one after the other
	// as one operation.
	files, err := filepath.Glob(filepath.Join("..", "testdata", "policies", "*.policy"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no testdata policies: %v", err)
	}
	var datas [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		datas = append(datas, data)
	}
	b.Run("testdata-policies", func(b *testing.B) {
		parseAll(b, datas, files)
	})
}

// parseAll runs ir.Parse on every input b.N times and reports, besides
// B/op, B/in: the bytes allocated per input byte.
func parseAll(b *testing.B, datas [][]byte, names []string) {
	size := 0
	for _, d := range datas {
		size += len(d)
	}
	b.ReportAllocs()
	b.SetBytes(int64(size))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range b.N {
		for i, data := range datas {
			if _, err := ir.Parse(data, names[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(size), "B/in")
}
