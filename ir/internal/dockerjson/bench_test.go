package dockerjson

import (
	"os"
	"testing"
)

// BenchmarkDecode measures Decode and DecodeOCI on Docker's and podman's
// default profiles (the decode stage of a compile; issue 14).
func BenchmarkDecode(b *testing.B) {
	for _, f := range []string{"moby-default", "podman-seccomp"} {
		data, err := os.ReadFile("../../../testdata/profiles/" + f + ".json")
		if err != nil {
			b.Fatal(err)
		}
		for _, dec := range []struct {
			name string
			fn   func([]byte) (Result, bool)
		}{{"Decode", Decode}, {"DecodeOCI", DecodeOCI}} {
			b.Run(f+"/"+dec.name, func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for range b.N {
					if _, ok := dec.fn(data); !ok {
						b.Fatal("refused")
					}
				}
			})
		}
	}
}
