// Package seccompc compiles seccomp profiles to classic BPF filters and
// installs them, without cgo.
//
// This package is where a container runtime starts; the packages below
// it hold the compiler's stages.
package seccompc
