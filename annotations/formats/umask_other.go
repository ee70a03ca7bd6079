//go:build !unix

package formats

// processUmask is the file mode creation mask exports follow; systems
// without one get the usual 022.
var processUmask uint32 = 0o022
