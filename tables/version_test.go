package tables

import (
	"errors"
	"testing"
)

func TestParseVersion(t *testing.T) {
	tests := []struct {
		in   string
		want Version
	}{
		{"3.0", Version{3, 0}},
		{"5.10", Version{5, 10}},
		{"6.5", Version{6, 5}},
		{"5.10.3", Version{5, 10}},
		{"4.19.0", Version{4, 19}},
		{"7.1", Version{7, 1}},
		{"0.1", Version{0, 1}},
		{"65535.65535", Version{65535, 65535}},
		{"06.05", Version{6, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseVersion(tt.in)
			if err != nil {
				t.Fatalf("ParseVersion(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseVersion(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseVersionErrors(t *testing.T) {
	for _, in := range []string{
		"", "5", "5.", ".5", "5..1", "a.b", "5.x", "v5.10", "5.10-rc1",
		"5.10.x", "5.10.3.1", "-5.1", "+5.1", " 5.1", "5.1 ", "5.1\n",
		"65536.0", "5.99999", "0.0", "0.0.7", "５.1",
	} {
		t.Run(in, func(t *testing.T) {
			v, err := ParseVersion(in)
			if err == nil {
				t.Fatalf("ParseVersion(%q) = %+v, want an error", in, v)
			}
			if !errors.Is(err, ErrVersion) {
				t.Errorf("ParseVersion(%q) error %v does not wrap ErrVersion", in, err)
			}
			if !v.IsZero() {
				t.Errorf("ParseVersion(%q) returned %+v with its error, want zero", in, v)
			}
		})
	}
}

func TestVersionString(t *testing.T) {
	tests := []struct {
		v    Version
		want string
	}{
		{Version{}, ""},
		{Version{3, 0}, "3.0"},
		{Version{5, 10}, "5.10"},
		{Version{0, 1}, "0.1"},
		{Version{65535, 7}, "65535.7"},
	}
	for _, tt := range tests {
		if got := tt.v.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.v, got, tt.want)
		}
		if tt.want == "" {
			continue
		}
		back, err := ParseVersion(tt.want)
		if err != nil || back != tt.v {
			t.Errorf("ParseVersion(%q) = %+v, %v; want %+v", tt.want, back, err, tt.v)
		}
	}
}

func TestVersionIsZero(t *testing.T) {
	if !(Version{}).IsZero() {
		t.Error("Version{}.IsZero() = false")
	}
	for _, v := range []Version{{0, 1}, {1, 0}, {3, 0}} {
		if v.IsZero() {
			t.Errorf("%+v.IsZero() = true", v)
		}
	}
}

func TestVersionLess(t *testing.T) {
	// In increasing order.
	order := []Version{{}, {0, 1}, {2, 6}, {3, 0}, {3, 2}, {3, 10}, {4, 0}, {5, 9}, {5, 10}, {6, 0}, {65535, 0}}
	for i, v := range order {
		for j, w := range order {
			if got, want := v.Less(w), i < j; got != want {
				t.Errorf("%+v.Less(%+v) = %v, want %v", v, w, got, want)
			}
		}
	}
}
