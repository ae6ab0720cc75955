package testdiff

import (
	"strings"
	"testing"
)

type withEqual struct {
	a     int
	cache *int // ignored by Equal
}

func (w *withEqual) Equal(o *withEqual) bool { return w.a == o.a }

type rec struct {
	Name  string
	Vals  []int
	M     map[string]int
	Inner *rec
	We    *withEqual
	priv  uint8
}

func TestDiff(t *testing.T) {
	one, two := 1, 2
	base := func() rec {
		return rec{Name: "x", Vals: []int{1, 2, 3}, M: map[string]int{"a": 1}, Inner: &rec{Name: "in"}, We: &withEqual{1, &one}, priv: 3}
	}
	tests := []struct {
		name   string
		change func(*rec)
		want   []string // in the diff; none means equal
	}{
		{"equal", func(*rec) {}, nil},
		{"Equal method decides", func(r *rec) { r.We = &withEqual{1, &two} }, nil},
		{"Equal method differs", func(r *rec) { r.We = &withEqual{2, &one} }, []string{"We:"}},
		{"string field", func(r *rec) { r.Name = "y" }, []string{"- \tName: \"x\",\n+ \tName: \"y\","}},
		{"slice element", func(r *rec) { r.Vals[1] = 9 }, []string{"- \t\t2,", "+ \t\t9,"}},
		{"map value", func(r *rec) { r.M["a"] = 5 }, []string{`- 		"a": 1,`, `+ 		"a": 5,`}},
		{"nested pointer", func(r *rec) { r.Inner.Name = "out" }, []string{`"in"`, `"out"`}},
		{"unexported field", func(r *rec) { r.priv = 4 }, []string{"priv: 3", "priv: 4"}},
		{"nil vs empty slice", func(r *rec) { r.Vals = nil }, []string{"+ \tVals: nil,"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, got := base(), base()
			tt.change(&got)
			d := Diff(want, got)
			if tt.want == nil {
				if d != "" {
					t.Errorf("Diff of equal values:\n%s", d)
				}
				return
			}
			if d == "" {
				t.Fatal("Diff found no difference")
			}
			for _, w := range tt.want {
				if !strings.Contains(d, w) {
					t.Errorf("diff lacks %q:\n%s", w, d)
				}
			}
		})
	}
	if Diff([]string{"a"}, []int{1}) == "" {
		t.Error("values of different types compare equal")
	}
	if Diff(nil, nil) != "" || Diff(nil, 1) == "" {
		t.Error("nil handling")
	}
	cyc := &rec{Name: "c"}
	cyc.Inner = cyc
	cyc2 := &rec{Name: "c"}
	cyc2.Inner = cyc2
	if d := Diff(cyc, cyc2); d != "" {
		t.Errorf("equal cycles differ:\n%s", d)
	}
}
