package lint

// groups lists syscalls that are alternatives for one operation: libc,
// language runtimes and the kernel's newer interfaces reach the same
// effect through any member, and which one a program uses depends on
// its libc version and architecture (glibc 2.33 turned stat into
// newfstatat or statx, musl calls openat for open, newer glibc tries
// clone3 and faccessat2 first, 32-bit ABIs have the _time64 forms).
//
// The equivalent-gap check reports a group in which one member is
// allowed unconditionally and another member that exists on the
// architecture falls to a default action that is not ALLOW, LOG or
// ERRNO(ENOSYS) (ENOSYS is the answer for a missing syscall, after
// which callers fall back to the allowed member). A member absent from
// the architecture's table is never a gap, nor is one that the ENOSYS
// tail answers.
//
// The groups are kept small and uncontroversial: every member of a
// group can stand in for the others for common callers. Members that
// only some callers can use instead (fstat for stat, dup for dup2) are
// still in the group when libc itself switches between them.
var groups = [][]string{
	{"execve", "execveat"},
	{"open", "openat", "openat2", "creat"},
	{"stat", "lstat", "fstat", "stat64", "lstat64", "fstat64", "newfstatat", "fstatat64", "statx"},
	{"access", "faccessat", "faccessat2"},
	{"fork", "vfork", "clone", "clone3"},
	{"dup2", "dup3"},
	{"pipe", "pipe2"},
	{"rename", "renameat", "renameat2"},
	{"unlink", "unlinkat", "rmdir"},
	{"mkdir", "mkdirat"},
	{"chmod", "fchmodat", "fchmodat2"},
	{"chown", "lchown", "chown32", "lchown32", "fchownat"},
	{"link", "linkat"},
	{"symlink", "symlinkat"},
	{"readlink", "readlinkat"},
	{"mknod", "mknodat"},
	{"epoll_create", "epoll_create1"},
	{"epoll_wait", "epoll_pwait", "epoll_pwait2"},
	{"poll", "ppoll", "ppoll_time64"},
	{"select", "_newselect", "pselect6", "pselect6_time64"},
	{"waitpid", "wait4", "waitid"},
	{"utime", "utimes", "futimesat", "utimensat", "utimensat_time64"},
	{"signalfd", "signalfd4"},
	{"eventfd", "eventfd2"},
	{"inotify_init", "inotify_init1"},
	{"accept", "accept4"},
	{"getdents", "getdents64"},
	{"nanosleep", "clock_nanosleep", "clock_nanosleep_time64"},
	{"futex", "futex_time64"},
	{"truncate", "truncate64"},
	{"ftruncate", "ftruncate64"},
	{"sendfile", "sendfile64"},
	{"mmap", "mmap2"},
}
