package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/seccompc/seccompc/ir/docker"
)

func TestSetAnnotation(t *testing.T) {
	const k, v = "run.oci.seccomp_bpf_data", "QUJD"
	tests := []struct {
		name, in, want string
	}{
		{
			name: "tabs, no annotations",
			in:   "{\n\t\"ociVersion\": \"1.0.0\",\n\t\"linux\": {\n\t\t\"seccomp\": {}\n\t}\n}\n",
			want: "{\n\t\"ociVersion\": \"1.0.0\",\n\t\"linux\": {\n\t\t\"seccomp\": {}\n\t},\n\t\"annotations\": {\n\t\t\"run.oci.seccomp_bpf_data\": \"QUJD\"\n\t}\n}\n",
		},
		{
			name: "two spaces, indented document",
			in:   "  {\n    \"ociVersion\": \"1.0.0\",\n    \"linux\": {}\n  }",
			want: "  {\n    \"ociVersion\": \"1.0.0\",\n    \"linux\": {},\n    \"annotations\": {\n      \"run.oci.seccomp_bpf_data\": \"QUJD\"\n    }\n  }",
		},
		{
			name: "compact",
			in:   `{"ociVersion":"1.0.0","linux":{"seccomp":{}}}`,
			want: `{"ociVersion":"1.0.0","linux":{"seccomp":{}},"annotations":{"run.oci.seccomp_bpf_data":"QUJD"}}`,
		},
		{
			name: "CRLF",
			in:   "{\r\n  \"linux\": {}\r\n}\r\n",
			want: "{\r\n  \"linux\": {},\r\n  \"annotations\": {\r\n    \"run.oci.seccomp_bpf_data\": \"QUJD\"\r\n  }\r\n}\r\n",
		},
		{
			name: "other annotations",
			in:   "{\n  \"annotations\": {\n    \"a\": \"1\",\n    \"b\": \"2\"\n  },\n  \"linux\": {}\n}",
			want: "{\n  \"annotations\": {\n    \"a\": \"1\",\n    \"b\": \"2\",\n    \"run.oci.seccomp_bpf_data\": \"QUJD\"\n  },\n  \"linux\": {}\n}",
		},
		{
			name: "replaced in place",
			in:   "{\"annotations\": {\"run.oci.seccomp_bpf_data\" : \"old\", \"z\": \"\\u0041\"}, \"linux\": {}}",
			want: "{\"annotations\": {\"run.oci.seccomp_bpf_data\" : \"QUJD\", \"z\": \"\\u0041\"}, \"linux\": {}}",
		},
		{
			name: "escaped key names",
			in:   "{\"annot\\u0061tions\": {\"run.oci.seccomp_bpf_dat\\u0061\": \"old\"}, \"linux\": {}}",
			want: "{\"annot\\u0061tions\": {\"run.oci.seccomp_bpf_dat\\u0061\": \"QUJD\"}, \"linux\": {}}",
		},
		{
			name: "empty annotations",
			in:   "{\n\t\"annotations\": {},\n\t\"linux\": {}\n}",
			want: "{\n\t\"annotations\": {\n\t\t\"run.oci.seccomp_bpf_data\": \"QUJD\"\n\t},\n\t\"linux\": {}\n}",
		},
		{
			name: "strings with braces and quotes",
			in:   "{\"x\": \"}{\\\"]\", \"y\": [1, {\"a\": \"]\"}], \"linux\": {}}",
			want: "{\"x\": \"}{\\\"]\", \"y\": [1, {\"a\": \"]\"}], \"linux\": {}, \"annotations\": {\"run.oci.seccomp_bpf_data\": \"QUJD\"}}",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := setAnnotation([]byte(tt.in), k, v)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
			// The document means the input plus the annotation.
			var in, out map[string]any
			if err := json.Unmarshal([]byte(tt.in), &in); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(got, &out); err != nil {
				t.Fatalf("result is not JSON: %v", err)
			}
			ann, _ := in["annotations"].(map[string]any)
			if ann == nil {
				ann = map[string]any{}
			}
			ann[k] = v
			in["annotations"] = ann
			if !reflect.DeepEqual(in, out) {
				t.Errorf("decoded result %v, want %v", out, in)
			}
			// Setting it again changes nothing.
			again, err := setAnnotation(got, k, v)
			if err != nil || !bytes.Equal(again, got) {
				t.Errorf("second run: %v\n%q", err, again)
			}
		})
	}
}

func TestSetAnnotationErrors(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`{"linux": {}`, "not valid JSON"},
		{`[]`, "not a JSON object"},
		{`{"annotations": [], "linux": {}}`, "annotations is not an object"},
		{`{"annotations": {}, "annotations": {}, "linux": {}}`, `key "annotations" appears twice`},
		{`{"annotations": {"run.oci.seccomp_bpf_data": "a", "run.oci.seccomp_bpf_data": "b"}}`, `key "run.oci.seccomp_bpf_data" appears twice`},
	} {
		_, err := setAnnotation([]byte(tt.in), bpfAnnotation, "QUJD")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.in, err, tt.want)
		}
	}
}

// writeBundle writes a config.json with the given linux.seccomp and
// annotations into a new bundle directory.
func writeBundle(t *testing.T, seccomp, annotations string) string {
	t.Helper()
	dir := t.TempDir()
	ann := ""
	if annotations != "" {
		ann = ",\n\t\"annotations\": " + annotations
	}
	cfg := "{\n\t\"ociVersion\": \"1.0.2\",\n\t\"process\": {\"args\": [\"/bin/true\"], \"cwd\": \"/\"},\n\t\"root\": {\"path\": \"rootfs\"},\n\t\"x-vendor\": [1, 2, 3],\n\t\"linux\": {\n\t\t\"namespaces\": [{\"type\": \"mount\"}],\n\t\t\"seccomp\": " + seccomp + "\n\t}" + ann + "\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

const annotateProfile = `{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "flags": ["SECCOMP_FILTER_FLAG_LOG"], "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"}]}`

func TestAnnotate(t *testing.T) {
	dir := writeBundle(t, annotateProfile, "")
	path := filepath.Join(dir, "config.json")
	before, _ := os.ReadFile(path)
	_, errs, code := runCLI(t, "", "annotate", "--target", "x86_64", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "instructions for x86_64, ENOSYS tail x86_64 after") {
		t.Errorf("no summary on stderr: %q", errs)
	}
	after, _ := os.ReadFile(path)
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode of the rewritten config: %v %v, want 0600", fi.Mode(), err)
	}
	// Only the annotation was added: the rest, linux.seccomp included,
	// is byte for byte the same.
	prefix := bytes.TrimSuffix(before, []byte("\n}\n"))
	if !bytes.HasPrefix(after, prefix) || !strings.HasPrefix(string(after[len(prefix):]), ",\n\t\"annotations\": {\n\t\t\"run.oci.seccomp_bpf_data\": \"") {
		t.Errorf("annotated config:\n%s", after)
	}
	var doc struct {
		Annotations map[string]string `json:"annotations"`
	}
	if err := json.Unmarshal(after, &doc); err != nil {
		t.Fatal(err)
	}
	got, err := base64.StdEncoding.DecodeString(doc.Annotations[bpfAnnotation])
	if err != nil {
		t.Fatal(err)
	}
	// The annotation holds what compile --format raw writes for the
	// config, and compile --format base64 prints.
	raw, errs, code := runCLI(t, "", "compile", "--target", "x86_64", "--format", "raw", path)
	if code != 0 || !bytes.Equal(got, []byte(raw)) || len(got)%8 != 0 || len(got) == 0 {
		t.Errorf("annotation: %d bytes, compile --format raw: %d bytes (exit %d, %s)", len(got), len(raw), code, errs)
	}
	b64, errs, code := runCLI(t, "", "compile", "--target", "x86_64", "--format", "base64", path)
	if code != 0 || b64 != doc.Annotations[bpfAnnotation]+"\n" {
		t.Errorf("compile --format base64: exit %d, %q, want the annotation and a newline (%s)", code, b64, errs)
	}
	if !strings.Contains(errs, "the annotation carries no filter flags") || !strings.Contains(errs, "SECCOMP_FILTER_FLAG_LOG") {
		t.Errorf("compile --format base64 of a profile with flags: no warning about them: %q", errs)
	}
	// Again: nothing changes.
	if _, errs, code := runCLI(t, "", "annotate", "--target", "x86_64", path); code != 0 {
		t.Fatalf("second run: exit %d: %s", code, errs)
	}
	if again, _ := os.ReadFile(path); !bytes.Equal(again, after) {
		t.Errorf("a second annotate changed the config:\n%s", again)
	}
	// -o - prints it and leaves the file alone; --baseline changes the
	// filter.
	out, errs, code := runCLI(t, "", "annotate", "--target", "x86_64", "--baseline", "none", "-o", "-", path)
	if code != 0 || out == string(after) || !json.Valid([]byte(out)) {
		t.Errorf("-o - --baseline none: exit %d, %s", code, errs)
	}
	if again, _ := os.ReadFile(path); !bytes.Equal(again, after) {
		t.Errorf("-o - changed the config")
	}
	// -o FILE writes a new file.
	other := filepath.Join(t.TempDir(), "other.json")
	if _, errs, code := runCLI(t, "", "annotate", "--target", "x86_64", "-o", other, path); code != 0 {
		t.Fatalf("-o FILE: exit %d: %s", code, errs)
	}
	if data, _ := os.ReadFile(other); !bytes.Equal(data, after) {
		t.Errorf("-o FILE wrote\n%s", data)
	}
}

func TestAnnotateRefuses(t *testing.T) {
	notify := `{"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "/run/agent.sock", "syscalls": [{"names": ["mount"], "action": "SCMP_ACT_NOTIFY"}]}`
	unknown := `{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mount", "mountt"], "action": "SCMP_ACT_ERRNO"}]}`
	partial := `{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"], "syscalls": [{"names": ["mount", "chown32"], "action": "SCMP_ACT_ERRNO"}]}`
	failUnknown := `{"run.oci.seccomp_fail_unknown_syscall": "1"}`
	bare := filepath.Join(t.TempDir(), "profile.json")
	if err := os.WriteFile(bare, []byte(annotateProfile), 0o644); err != nil {
		t.Fatal(err)
	}
	noSeccomp := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(noSeccomp, []byte(`{"ociVersion": "1.0.2", "process": {"args": ["/bin/true"]}, "linux": {}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string // in stderr; "" for success
	}{
		{"notify", []string{writeBundle(t, notify, "")}, "config.json: linux.seccomp uses SCMP_ACT_NOTIFY (" + `linux.seccomp.syscalls[0] ("mount")`},
		{"fail unknown", []string{writeBundle(t, unknown, failUnknown)}, "run.oci.seccomp_fail_unknown_syscall asks crun to refuse syscall names it does not know"},
		{"unknown without fail", []string{writeBundle(t, unknown, "")}, ""},
		{"fail unknown, names some arches lack", []string{writeBundle(t, partial, failUnknown)}, ""},
		{"bare profile", []string{bare}, "is not an OCI config.json (it reads as a oci profile)"},
		{"no seccomp", []string{noSeccomp}, "no linux.seccomp"},
		{"no argument", nil, "want one BUNDLE directory or config.json"},
		{"missing", []string{filepath.Join(t.TempDir(), "nothing")}, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before []byte
			if len(tt.args) == 1 {
				before, _ = os.ReadFile(filepath.Join(tt.args[0], "config.json"))
			}
			_, errs, code := runCLI(t, "", append([]string{"annotate", "--target", "x86_64"}, tt.args...)...)
			if tt.want == "" {
				if code != 0 {
					t.Errorf("exit %d: %s", code, errs)
				}
				return
			}
			if code != 2 || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stderr %q, want 2 and %q", code, errs, tt.want)
			}
			if len(tt.args) == 1 {
				if after, _ := os.ReadFile(filepath.Join(tt.args[0], "config.json")); !bytes.Equal(before, after) {
					t.Errorf("a refused annotate changed the config")
				}
			}
		})
	}
	// compile --format base64, the annotation's value alone, refuses
	// the same profiles.
	_, errs, code := runCLI(t, "", "compile", "--format", "base64", "--target", "x86_64", filepath.Join(tests[0].args[0], "config.json"))
	if code != 2 || !strings.Contains(errs, "SCMP_ACT_NOTIFY") {
		t.Errorf("compile --format base64 of a notify profile: exit %d, %q", code, errs)
	}
}

// TestA505763OCI keeps testdata/crun/moby-default-a505763.oci.json, the
// linux.seccomp Docker gives a container with its default capabilities
// on an x86_64 host from Docker's profile at moby/profiles a505763 (the
// README's #1266 demonstration puts it into a bundle), equal to what
// ir/docker makes of the profile; -update rewrites it.
func TestA505763OCI(t *testing.T) {
	const src = "../../testdata/crun/moby-default-a505763.json"
	const dst = "../../testdata/crun/moby-default-a505763.oci.json"
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := docker.Parse(data, docker.Options{Filename: src, Target: "x86_64"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(s, "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile(dst, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from ir/docker's translation of %s (-update rewrites it):\n%s", dst, src, lineDiff(string(want), string(got)))
	}
}
