// Command pulumi-resource-command is kube-fabric's stand-in for Pulumi's command provider
// plugin: it serves command:remote:Command and command:local:Command with the inputs,
// outputs and lifecycle of pulumi-command 1.2.1, so that programs using @pulumi/command
// 1.2.1 preview and deploy on machines where the upstream plugin cannot be built.
// Why it exists and what it leaves out: tools/engine/README.md ("command provider stand-in").
package main

import (
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/provider"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

func main() {
	if len(os.Args) == 2 {
		switch os.Args[1] {
		case "-h", "-help", "--help", "help":
			fmt.Print(helpText)
			return
		case "-version", "--version", "version":
			fmt.Println(pluginVersion)
			return
		}
	}
	// The engine starts us with its address as the last argument; Main prints our port on
	// stdout (the plugin handshake) and serves until the engine goes away.
	err := provider.Main(pluginName, func(host *provider.HostClient) (pulumirpc.ResourceProviderServer, error) {
		return newServer(engineLoggerFor(host)), nil
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-resource-command (kube-fabric stand-in): %v\n", err)
		os.Exit(1)
	}
}
