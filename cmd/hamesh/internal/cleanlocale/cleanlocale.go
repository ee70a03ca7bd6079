// Package cleanlocale, imported for its side effect by cmd/hamesh, replaces
// the "C" or "POSIX" locale in the environment by "en_US.UTF-8" before Fyne's
// lang package reads it. Fyne cannot parse "C" as a language tag and logs an
// error at start-up of every command, GUI or not, on machines (containers,
// CI) whose locale is C. It has no imports of ours and sorts before Fyne's
// dependencies, so Go's package initialisation order runs it first.
package cleanlocale

import (
	"os"
	"strings"
)

func init() {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		base, _, _ := strings.Cut(v, ".")
		if base == "C" || base == "POSIX" {
			os.Setenv(name, "en_US.UTF-8")
		}
		return // the first one set is the one that counts
	}
}
