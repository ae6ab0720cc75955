// Package seccompc compiles seccomp profiles to classic BPF filters and
// installs them, in pure Go: it is where a container runtime starts.
//
// A runtime that loads filters with runc's libcontainer/seccomp
// (InitSeccomp) does the same with two calls and no cgo:
//
//	filter, err := seccompc.Compile(spec.Linux.Seccomp, seccompc.Options{})
//	...
//	runtime.LockOSThread() // the thread that will execute the container's process
//	fd, err := filter.Install(seccompc.InstallOptions{NoNewPrivs: spec.Process.NoNewPrivileges})
//
// [Compile] reads the OCI linux.seccomp object, [CompileProfile] any
// profile seccompc reads (a whole config.json, a Docker/moby profile,
// seccompc's policy language). The [Filter] holds the program, the
// flags to load it with, typed warnings and cheap [Stats] to log;
// [Filter.Install] loads it, with every choice explicit in
// [InstallOptions], and returns the listener fd of a filter with NOTIFY
// rules. [Install] loads a program compiled ahead of time
// (seccompc compile --format go).
//
// # runc's semantics
//
// A profile means what it means under runc 1.3 (libcontainer/seccomp and
// specconv, with libseccomp 2.5), row by row (TestRuncSemantics tests
// each):
//
//   - flags absent: SECCOMP_FILTER_FLAG_SPEC_ALLOW, where the kernel has
//     it; an empty flags list: no flags; LOG and SPEC_ALLOW as given;
//     TSYNC ignored, with a warning (runc ignores it; ask for
//     [InstallOptions].TSYNC); NEW_LISTENER and TSYNC_ESRCH refused (not
//     profile flags).
//   - a NOTIFY rule: the filter is loaded with
//     SECCOMP_FILTER_FLAG_NEW_LISTENER and Install returns the listener
//     fd; listenerPath and listenerMetadata are carried in the Filter
//     for the caller to send it. NOTIFY on write (by name or number, on
//     any architecture), NOTIFY as the default or bad-architecture
//     action and NOTIFY without listenerPath are refused, for every
//     input kind.
//   - defaultErrnoRet and errnoRet: the errno of ERRNO (and the message
//     of TRACE); EPERM when absent.
//   - a rule with the default action (and errno) is skipped.
//   - syscall names unknown on an architecture are skipped there and
//     reported (ir.WarnMissingSyscall, ir.WarnUnknownSyscall for a name
//     no architecture defines; [Options].Strict makes that an error).
//   - rules of one syscall are merged as libseccomp merges them (see
//     package ir/oci).
//   - rules libseccomp refuses (EEXIST), with which runc fails to start
//     the container: an error where seccompc cannot give them
//     libseccomp's meaning; where it can (conditional rules before an
//     unconditional rule that decides the syscall, rules that never hold
//     together, socket and ipc rules that collide only in the socketcall
//     or ipc multiplexer's tree of x86 and the other multiplexing
//     architectures), compiled with an
//     ir.WarnRuncRefuses warning, and an error with
//     [Options].RefuseAsRunc, for a runtime that must not start what runc
//     does not.
//   - syscalls of an architecture the profile does not list get
//     KILL_THREAD ([Options].BadArch to change it).
//   - no_new_privs is set only when asked ([InstallOptions].NoNewPrivs,
//     which runc takes from process.noNewPrivileges); without it,
//     installing needs CAP_SYS_ADMIN, and the kernel's EACCES comes back
//     as an error that says so.
//
// # Where seccompc differs
//
// SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, which runc 1.3 refuses as
// unknown (later runc releases accept it), is kept when a rule is NOTIFY
// and dropped with a warning otherwise, since the kernel refuses it
// without a listener. ALLOW as the bad-architecture action is refused.
//
// Above all, the ENOSYS tail: with the default [Options].Baseline
// ("auto"), a syscall that no rule
// names and that is newer than every syscall the profile names gets
// ERRNO(ENOSYS) instead of the default action, so that a program newer
// than the profile falls back as it does on an older kernel (glibc's
// clone3 to clone, faccessat2 to faccessat) instead of failing with
// EPERM (OCI runtime-spec issue #1266). runc approximates this by
// patching libseccomp's program: numbers above the largest one the
// profile names get ENOSYS. A kernel version as the baseline ("5.10")
// fixes the line; "none" turns the tail off, for libseccomp's verdicts
// exactly. The tail never applies to a syscall the profile names, nor
// where the default action is ALLOW, LOG or TRACE; a profile that names
// no syscall gets none; and on each architecture the baseline is at
// least the port's first kernel.
//
// # The packages below
//
//   - ir: the policy representation, its reference semantics
//     (Resolved.Decide), the policy language, flags and warnings.
//   - ir/oci, ir/docker, ir/profile: the front ends (OCI, Docker/moby,
//     detection of the input's kind); ir/lint: exact findings.
//   - lower: policy to decision DAG and its optimizer; emit: the BPF
//     program, its disassembly and Graphviz drawing.
//   - verify: a seccomp-exact interpreter, the kernel's checker, and the
//     prover that a program equals its policy for every input;
//     verify/semdiff: where two filters differ, on every input.
//   - arch, tables: architectures and their syscall tables, with the
//     kernel version that introduced each syscall.
package seccompc
