module github.com/seccompc/seccompc/test/libseccomp

go 1.23.0

require (
	github.com/opencontainers/runtime-spec v1.2.1
	github.com/seccomp/libseccomp-golang v0.11.1
	github.com/seccompc/seccompc v0.0.0
	golang.org/x/net v0.35.0
	golang.org/x/sys v0.33.0
)

require github.com/moby/profiles/seccomp v0.3.0 // indirect

replace github.com/seccompc/seccompc => ../..
