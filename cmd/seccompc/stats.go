package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/seccompc/seccompc/verify"
)

func init() {
	register(&command{
		name:  "stats",
		usage: "[flags] [PROFILE]",
		short: "report a compiled filter's size, path lengths per arch, cacheable syscalls and compile time",
		args:  profileArg,
		run:   runStats,
	})
}

// statsReport is the JSON form of the stats command's output.
type statsReport struct {
	Profile       string  `json:"profile"`
	Target        string  `json:"target"`
	Baseline      string  `json:"baseline"`
	Instructions  int     `json:"instructions"`
	CompileMs     float64 `json:"compile_ms"`
	CompileWarmMs float64 `json:"compile_warm_ms"`
	// CompileWarmRuns is how many warm compiles compile_warm_ms is the
	// median of: --repeat, or fewer when they reach statsBudget.
	CompileWarmRuns int         `json:"compile_warm_runs"`
	Arches          []archStats `json:"arches"`
}

type archStats struct {
	Arch        string   `json:"arch"`
	Syscalls    int      `json:"syscalls"`
	Mean        float64  `json:"mean"`
	Median      float64  `json:"median"`
	Max         int      `json:"max"`
	MaxBoundary int      `json:"max_boundary"`
	Ranges      int      `json:"ranges"`
	Floor       int      `json:"floor"`
	Cacheable   int      `json:"cacheable"`
	AlwaysAllow int      `json:"always_allow"`
	Cached      []string `json:"cached,omitempty"`
	Uncached    []string `json:"uncached,omitempty"`
}

// statsBudget bounds the time stats spends on warm compiles.
var statsBudget = 500 * time.Millisecond

func runStats(e *env, args []string) error {
	fs := newFlags(e, lookup("stats"))
	cf := addCompileFlags(fs)
	formatFlag := addFormat(fs, "text", "json")
	repeat := fs.Int("repeat", 25, fmt.Sprintf("time `N` compiles for the warm compile time (their median); fewer once they take %v in all", statsBudget))
	cache := fs.Bool("cache", false, "also list, per arch, the syscalls the kernel's constant-action cache records as always allowed, and the always-allowed ones it cannot")
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
	if *repeat < 1 {
		return usageError("--repeat %d: want at least 1", *repeat)
	}
	data, name, err := readProfile(e, fs.Arg(0))
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	// compile_ms is the first compile in this process, as a runtime
	// starting a container pays it; the profile bytes are already read.
	start := time.Now()
	c, err := compileBytes(data, name, cf)
	cold := time.Since(start)
	if err != nil {
		return err
	}
	c.printWarnings(e.stderr)
	// Timing a profile whose compile takes a second --repeat times would
	// take most of a minute: stop once the warm compiles have taken
	// statsBudget, after at least one.
	var warm []time.Duration
	var spent time.Duration
	for len(warm) < *repeat && (len(warm) == 0 || spent < statsBudget) {
		start := time.Now()
		if _, err := compileBytes(data, name, cf); err != nil {
			return err
		}
		d := time.Since(start)
		warm = append(warm, d)
		spent += d
	}
	slices.Sort(warm)
	st, err := verify.Measure(c.prog.Insns, c.resolved)
	if err != nil {
		return fmt.Errorf("measuring the compiled filter: %w", err)
	}
	rep := statsReport{
		Profile:       c.policy.Source,
		Target:        c.resolved.Target.Name,
		Baseline:      c.policy.Baseline.String(),
		Instructions:  st.Instructions,
		CompileMs:     ms(cold),
		CompileWarmMs: ms(warm[len(warm)/2]),

		CompileWarmRuns: len(warm),
	}
	for _, a := range st.Arches {
		rep.Arches = append(rep.Arches, archStats{
			Arch: a.Arch, Syscalls: a.Syscalls, Mean: round3(a.Mean), Median: a.Median, Max: a.Max,
			MaxBoundary: a.MaxBoundary, Ranges: a.Ranges, Floor: a.Floor,
			Cacheable: a.Cacheable, AlwaysAllow: a.AlwaysAllow,
		})
		if *cache {
			rep.Arches[len(rep.Arches)-1].Cached = a.Cached
			rep.Arches[len(rep.Arches)-1].Uncached = a.Uncached
		}
	}
	if format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	fmt.Fprintf(e.stdout, "profile %s for %s, baseline %s\n", rep.Profile, rep.Target, rep.Baseline)
	fmt.Fprintf(e.stdout, "instructions %d, compile %.3f ms (first in process), %.3f ms (median of %d)\n\n",
		rep.Instructions, rep.CompileMs, rep.CompileWarmMs, rep.CompileWarmRuns)
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "arch\tsyscalls\tmean\tmedian\tmax\tmax(args)\tranges\tfloor\tcacheable\talways-allow\t")
	for _, a := range rep.Arches {
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%g\t%d\t%d\t%d\t%d\t%d\t%d\t\n", a.Arch, a.Syscalls, a.Mean, a.Median, a.Max,
			a.MaxBoundary, a.Ranges, a.Floor, a.Cacheable, a.AlwaysAllow)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "\nmean, median, max: instructions executed per syscall of the arch's table, all arguments zero;")
	fmt.Fprintln(e.stdout, "max(args): the worst over the boundary argument vectors; floor: ceil(log2(ranges)).")
	if *cache {
		for _, a := range rep.Arches {
			fmt.Fprintf(e.stdout, "\n%s: %d syscalls skip the filter (constant-action cache, Linux 5.11+):\n  %s\n",
				a.Arch, len(a.Cached), strings.Join(a.Cached, " "))
			if len(a.Uncached) > 0 {
				fmt.Fprintf(e.stdout, "%s: %d always-allowed syscalls run the filter:\n  %s\n",
					a.Arch, len(a.Uncached), strings.Join(a.Uncached, " "))
			}
		}
	}
	return nil
}

func ms(d time.Duration) float64 { return round3(float64(d.Microseconds()) / 1000) }

func round3(f float64) float64 { return float64(int64(f*1000+0.5)) / 1000 }
