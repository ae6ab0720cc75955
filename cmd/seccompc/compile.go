package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"

	"github.com/seccompc/seccompc/emit"
	"github.com/seccompc/seccompc/internal/atomicfile"
	"github.com/seccompc/seccompc/internal/quote"
)

func init() {
	register(&command{
		name:  "compile",
		usage: "[flags] [PROFILE]",
		short: "compile a profile to a seccomp BPF filter",
		args:  profileArg,
		more:  compileHelp,
		run:   runCompile,
	})
}

const compileHelp = `Formats: asm is the annotated disassembly; raw the array of struct
sock_filter in the target's byte order (what seccomp(2) and
verify --bpf take); base64 the raw filter as crun's ` + bpfAnnotation + `
annotation takes it; c a C array; go a gofmt-clean Go file holding the
filter as []bpf.RawInstruction (--package, --var, --build); json the
instructions with the target, arches, flags and warnings; dot the
decision structure for Graphviz.`

func runCompile(e *env, args []string) error {
	fs := newFlags(e, lookup("compile"))
	cf := addCompileFlags(fs)
	formatFlag := addFormat(fs, "asm", "raw", "base64", "c", "go", "json", "dot")
	goOpts := addGoFileFlags(fs)
	out := fs.String("o", "", outputHelp)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usageError("at most one PROFILE, got %q", fs.Args())
	}
	format, err := formatFlag.get()
	if err != nil {
		return err
	}
	c, err := compileProfile(e, fs.Arg(0), cf)
	if err != nil {
		return err
	}
	c.printWarnings(e.stderr)
	if format == "base64" {
		if err := annotationOnly(e, c); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if format == "go" {
		err = writeGoFile(&buf, c, goOpts.options())
	} else {
		err = writeProgram(&buf, c, format)
	}
	if err != nil {
		return err
	}
	if *out != "" {
		return atomicfile.WriteFile(*out, buf.Bytes(), 0o644)
	}
	_, err = e.stdout.Write(buf.Bytes())
	return err
}

func writeProgram(w io.Writer, c *compiled, format string) error {
	insns := c.prog.Insns
	big := c.resolved.Target.BigEndian
	switch format {
	case "asm":
		fmt.Fprintf(w, "; seccompc: %s profile %q for %s, %d instructions\n", c.kind, c.policy.Source, c.resolved.Target.Name, len(insns))
		for _, ap := range c.resolved.Arches {
			tail := "none"
			if ap.Tail {
				tail = ap.Baseline.String()
			}
			fmt.Fprintf(w, "; section %s: %d syscalls named, ENOSYS tail baseline %s\n", ap.Arch.Name, len(ap.Nrs), tail)
		}
		_, err := io.WriteString(w, emit.Disassemble(insns, emit.DisasmOptions{Comment: c.comment}))
		return err
	case "raw":
		_, err := w.Write(rawBytes(insns, big))
		return err
	case "base64":
		_, err := fmt.Fprintln(w, base64.StdEncoding.EncodeToString(rawBytes(insns, big)))
		return err
	case "c":
		fmt.Fprintf(w, "/* seccompc: %s for %s, %d instructions */\n", quote.Text(c.policy.Source), c.resolved.Target.Name, len(insns))
		fmt.Fprintf(w, "static struct sock_filter seccompc_filter[%d] = {\n", len(insns))
		for _, ins := range insns {
			fmt.Fprintf(w, "\t{ 0x%02x, %d, %d, 0x%08x },\n", ins.Op, ins.Jt, ins.Jf, ins.K)
		}
		fmt.Fprintln(w, "};")
		return nil
	case "go":
		return writeGoFile(w, c, goFileOptions{})
	case "dot":
		return writeDot(w, c)
	case "json":
		type insn struct {
			Op uint16 `json:"op"`
			Jt uint8  `json:"jt"`
			Jf uint8  `json:"jf"`
			K  uint32 `json:"k"`
		}
		out := struct {
			Target       string        `json:"target"`
			Arches       []string      `json:"arches"`
			Flags        []string      `json:"flags"`
			Warnings     []warningJSON `json:"warnings"`
			Instructions []insn        `json:"instructions"`
		}{Target: c.resolved.Target.Name, Flags: c.policy.Flags.Names()}
		for _, ap := range c.resolved.Arches {
			out.Arches = append(out.Arches, ap.Arch.Name)
		}
		out.Warnings = warningsJSON(c.warnings)
		for _, ins := range insns {
			out.Instructions = append(out.Instructions, insn{ins.Op, ins.Jt, ins.Jf, ins.K})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	return usageError("unknown format %q", format)
}
