// Package profile loads a seccomp policy from any of the inputs seccompc
// accepts, recognizing which one it is given:
//
//   - KindPolicy: seccompc's own policy language (package ir, ir.Parse);
//   - KindOCI: an OCI LinuxSeccomp object (package ir/oci, oci.Parse);
//   - KindConfig: an OCI bundle config.json (oci.ParseConfig);
//   - KindDocker: a Docker (moby) profile (package ir/docker), resolved
//     for the target architecture, capabilities and kernel version.
//
// # Detection
//
// [Detect] looks at the content, never at the file name:
//
//  1. If the first byte that is not white space (after an optional UTF-8
//     byte order mark) is not '{', the input is KindPolicy.
//  2. Otherwise it is JSON. A top-level "ociVersion", "linux",
//     "process" or "root" key makes it KindConfig.
//  3. A top-level "archMap" or "defaultErrno" key, or a rule (an element
//     of "syscalls") with an "includes", "excludes", "name" or "comment"
//     key, makes it KindDocker.
//  4. Anything else is KindOCI.
//
// Keys match case-insensitively, as encoding/json matches them. The rule
// is sound because the Docker format extends the OCI one: a profile
// without any of the Docker-only keys of step 3 resolves to itself under
// Docker's rules, so reading it as OCI gives the same policy. Reading a
// Docker profile as OCI would not be safe (it would ignore "name" and
// every includes and excludes filter), which is why any Docker-only key
// selects KindDocker. JSON that cannot be decoded is reported by the
// OCI reader, with its line and column.
//
// The file name never changes the kind, only the error: input that step
// 1 takes for the policy language and that does not parse as a policy,
// but was meant as JSON (its name ends in .json, it starts with '[' or a
// UTF-16 byte order mark, or a line starts with '{"'), gets the JSON
// reader's error ("not valid JSON: JSON has no comments") instead of a
// policy syntax error.
//
// Options.Caps and Options.Kernel apply to Docker profiles only;
// Options.Target and Options.KeepRepeatedArgs apply to every JSON kind.
// Policies in the policy language carry their own architectures, and the
// target is added when the policy is compiled.
//
// # Byte order mark
//
// An input that starts with a UTF-8 byte order mark (EF BB BF) is
// refused, whatever its kind and whichever reader reads it (Load,
// ir.Parse, oci.Parse, oci.ParseConfig, docker.Parse, docker.Load), with
// an error at file:1:1 that names the mark: runc and Docker decode
// profiles with encoding/json, which refuses it, so a profile seccompc
// accepted would not load there. Detect looks past the mark, so that
// the error comes from the reader of the input's kind.
package profile
