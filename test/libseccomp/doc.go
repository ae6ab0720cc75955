// Package libseccomp holds the differential tests of seccompc against
// libseccomp (through libseccomp-golang, with cgo). It is a module of
// its own so that libseccomp-golang stays out of seccompc's module
// graph: nothing but these tests uses it.
//
// Run them with libseccomp-dev installed:
//
//	cd test/libseccomp && CGO_ENABLED=1 go test ./...
package libseccomp
