package seccompc

import (
	"flag"
	"fmt"
	"os"
	"testing"
)

// TestMain leaves out the package Example when the tests do not run as
// root: it installs a filter without no_new_privs, as runc does for a
// container without noNewPrivileges, and that needs CAP_SYS_ADMIN. An
// example cannot skip itself.
func TestMain(m *testing.M) {
	flag.Parse()
	if os.Geteuid() != 0 && flag.Lookup("test.run").Value.String() == "" {
		fmt.Println("skipping Example: it installs a filter without no_new_privs, which needs CAP_SYS_ADMIN (run the tests as root)")
		flag.Set("test.run", "^Test")
	}
	os.Exit(m.Run())
}
