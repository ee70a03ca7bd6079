package formats

import "github.com/hamesh-app/hamesh/annotations/formats/labelstudio"

// OutputPaths returns every path Write(format, out, ...) writes at the top
// level: out itself (a file, or a directory for brat and dataset) and, for
// labelstudio, the labeling config beside it. Standard output ("-") gives
// none. Callers check each against the database before exporting (see
// annotations.OutputGuard).
func OutputPaths(format, out string) []string {
	if out == "-" || out == "" {
		return nil
	}
	if format == "labelstudio" {
		return []string{out, labelstudio.ConfigPath(out)}
	}
	return []string{out}
}
