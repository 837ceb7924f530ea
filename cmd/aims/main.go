// Command aims turns an organisation's AI agents into ISO/IEC 42001 audit evidence.
package main

import (
	"os"

	"github.com/aims-cli/aims/pkg/cmd/root"
	"github.com/aims-cli/aims/pkg/iostreams"
)

func main() {
	os.Exit(root.Main(os.Args[1:], iostreams.System()))
}
