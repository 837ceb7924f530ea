package load

import (
	"go.yaml.in/yaml/v3"

	"github.com/aims-cli/aims/pkg/yamlsafe"
)

// checkStructure applies the YAML safety rule (pkg/yamlsafe) to one document.
func checkStructure(file string, data []byte, root *yaml.Node) Problems {
	return yamlsafe.Check(file, data, root)
}
