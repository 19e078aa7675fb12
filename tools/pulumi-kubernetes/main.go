// The Kubernetes resource provider plugin of Pulumi, as upstream's cmd/pulumi-resource-kubernetes
// builds it: the same Serve call over the module's schema and Terraform mapping, which build.sh
// writes beside this file (schema-embed.json with the version set, as upstream's generate.go does).
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

var providerName = "kubernetes"

//go:embed schema-embed.json
var pulumiSchema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve(providerName, version.Version, pulumiSchema, terraformMapping)
}
