package tables

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/seccompc/seccompc/internal/quote"
)

// Version is a Linux kernel release, major.minor. The zero value means
// "never": it is the Since of a syscall that has a number but was never
// implemented or has been removed.
type Version struct{ Major, Minor uint16 }

// ErrVersion is returned (wrapped) by ParseVersion for text that is not a
// kernel version.
var ErrVersion = errors.New("invalid kernel version")

// ParseVersion reads a kernel version written "major.minor", such as "5.10"
// or "6.5". A patch level ("5.10.3") is accepted and ignored. Anything else
// (an empty string, a missing minor, signs, spaces, suffixes such as
// "-rc1", a leading "v", numbers above 65535, "0.0") is an error wrapping
// ErrVersion.
func ParseVersion(s string) (Version, error) {
	parts := strings.Split(s, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return Version{}, fmt.Errorf("%w %s: want major.minor", ErrVersion, quote.Value(s))
	}
	var nums [3]uint16
	for i, p := range parts {
		n, err := parseComponent(p)
		if err != nil {
			return Version{}, fmt.Errorf("%w %s: %v", ErrVersion, quote.Value(s), err)
		}
		nums[i] = n
	}
	v := Version{nums[0], nums[1]}
	if v.IsZero() {
		return Version{}, fmt.Errorf("%w %s: 0.0 is not a kernel release", ErrVersion, quote.Value(s))
	}
	return v, nil
}

// parseComponent reads one decimal component: digits only, at most 65535.
func parseComponent(p string) (uint16, error) {
	if p == "" {
		return 0, errors.New("empty component")
	}
	for _, c := range p {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("component %s is not a decimal number", quote.Value(p))
		}
	}
	n, err := strconv.ParseUint(p, 10, 16)
	if err != nil {
		return 0, fmt.Errorf("component %s out of range", quote.Value(p))
	}
	return uint16(n), nil
}

// String returns "major.minor", or "" for the zero Version.
func (v Version) String() string {
	if v.IsZero() {
		return ""
	}
	return strconv.Itoa(int(v.Major)) + "." + strconv.Itoa(int(v.Minor))
}

// IsZero reports whether v is the zero Version ("never").
func (v Version) IsZero() bool { return v == Version{} }

// Less reports whether v is an older release than w. The zero Version is
// less than every other.
func (v Version) Less(w Version) bool {
	if v.Major != w.Major {
		return v.Major < w.Major
	}
	return v.Minor < w.Minor
}
