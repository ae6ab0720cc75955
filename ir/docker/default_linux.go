package docker

import "github.com/moby/profiles/seccomp"

// Default returns moby's default profile, seccomp.DefaultProfile from
// github.com/moby/profiles/seccomp (the profile Docker applies when the
// user gives none). moby builds it only on Linux; on other systems
// Default returns nil.
func Default() *seccomp.Seccomp { return seccomp.DefaultProfile() }
