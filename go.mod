module github.com/seccompc/seccompc

go 1.23.0

require (
	github.com/moby/profiles/seccomp v0.3.0
	github.com/opencontainers/runtime-spec v1.2.1
	golang.org/x/net v0.35.0
	golang.org/x/sys v0.33.0
)
