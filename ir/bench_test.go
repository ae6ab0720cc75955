package ir_test

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/seccompc/seccompc/ir"
	"github.com/seccompc/seccompc/ir/docker"
)

// dockerDefaultJSON returns Docker's default profile as JSON.
func dockerDefaultJSON(b *testing.B) []byte {
	def := docker.Default()
	if def == nil {
		b.Skip("no Docker default profile on this system")
	}
	data, err := json.Marshal(def)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkResolve measures Resolve on Docker's default profile loaded
// for an x86_64 and an aarch64 host, and on a policy-language policy
// with socketcall multiplexing on x86.
func BenchmarkResolve(b *testing.B) {
	data := dockerDefaultJSON(b)
	src := "default errno(1)\narch x86 x86_64\nallow read, write, close, socket, connect, sendmsg if a0 == 3\n" +
		"allow personality if a0 in {0, 8, 0x20000}\nerrno(1) clone if (a0 & 0x7e020000) != 0\n"
	pol, err := ir.Parse([]byte(src), "bench.policy")
	if err != nil {
		b.Fatal(err)
	}
	for _, bt := range []struct {
		name, target string
		p            *ir.Policy
	}{
		{"docker/x86_64", "x86_64", nil},
		{"docker/aarch64", "aarch64", nil},
		{"policy/x86", "x86", pol},
	} {
		p := bt.p
		if p == nil {
			p, _, err = docker.Load(data, docker.Options{Filename: "docker-default", Target: bt.target})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.Run(bt.name, func(b *testing.B) {
			b.ResetTimer()
			for range b.N {
				if _, _, err := ir.Resolve(p, bt.target); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkResolveScale resolves policies of n rules, each naming one
// of the 404 syscalls of Docker's x86_64 profile in turn (a fifth of
// them with a condition of their own), for x86_64 with the x86 and x32
// sections: the cost per rule should not grow with n.
func BenchmarkResolveScale(b *testing.B) {
	data := dockerDefaultJSON(b)
	base, _, err := docker.Load(data, docker.Options{Filename: "docker-default", Target: "x86_64"})
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{400, 4000, 40000} {
		p := &ir.Policy{Default: base.Default, Arches: base.Arches}
		for i := range n {
			r := base.Rules[i%len(base.Rules)]
			r.Cond = nil
			if i%5 == 0 {
				r.Cond = ir.Compare(i%6, ir.CmpEq, uint64(i))
			}
			p.Rules = append(p.Rules, r)
		}
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for range b.N {
				if _, _, err := ir.Resolve(p, "x86_64"); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/rule")
		})
	}
}
