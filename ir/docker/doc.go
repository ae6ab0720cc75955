// Package docker reads Docker (moby) seccomp profiles and resolves them
// into OCI LinuxSeccomp profiles for a given target, as Docker does
// when it starts a container, but for any architecture, capability set
// and kernel version instead of the host's.
//
// A Docker profile extends the OCI format with archMap (the
// architectures to add for each host architecture), the deprecated
// per-rule name, comments, and per-rule includes and excludes filters
// on the architecture, the container's capabilities and the kernel
// version. [Resolve] follows moby's setupSeccomp
// (github.com/moby/profiles/seccomp):
//
//   - A profile with both architectures and archMap is an error. When
//     the target's architecture has an archMap entry, the first such
//     entry gives the architectures: the target and its
//     subArchitectures. Otherwise the profile's architectures are kept.
//   - A rule with both name and names is an error; name alone becomes
//     names.
//   - A rule is dropped when excludes matches: one of excludes.arches is
//     the target, one of excludes.caps is in the capability set, or the
//     kernel is at least excludes.minKernel. It is dropped unless
//     includes matches entirely: the target is one of includes.arches
//     (when given), every one of includes.caps is in the set, and the
//     kernel is at least includes.minKernel.
//   - Everything else (defaultAction, defaultErrnoRet, flags, listener
//     fields, actions, errnoRet, args) is copied unchanged; package
//     ir/oci checks it when the result is translated.
//
// Where this package differs from moby: moby compares the names in
// includes.arches and excludes.arches with its own name for the host
// ("amd64", "arm64", "x86", ...); this package looks each name up with
// package arch and compares architectures, so "amd64", "x86_64" and
// "SCMP_ARCH_X86_64" all match an x86_64 target. The names moby uses
// match the same targets either way. Unknown names never match and get
// a warning. Capability names are compared after normalization
// (upper case, with the CAP_ prefix), and "ALL" in Options.Caps stands
// for every capability.
//
// [Load] reads, resolves and translates a profile given as JSON;
// [FromProfile] does the same for a profile already decoded, such as
// [Default]. Both name the rules of the Docker profile in positions.
package docker
