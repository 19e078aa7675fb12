package main

// The package name the engine asks for, and the contract version we serve.
const (
	pluginName      = "command"
	contractVersion = "1.2.1"
	// Semver build metadata marks this binary as ours: the engine compares versions without
	// it (1.2.1+kube-fabric.standin satisfies ">= 1.2.1"), and anything that prints the
	// plugin's own version shows whose it is.
	pluginVersion = contractVersion + "+kube-fabric.standin"
)

// Resource and function tokens of the pulumi-command 1.2.1 schema.
const (
	remoteCommandType = "command:remote:Command"
	localCommandType  = "command:local:Command"
	copyToRemoteType  = "command:remote:CopyToRemote"
	copyFileType      = "command:remote:CopyFile"
	localRunFunction  = "command:local:run"
)

const realPluginHint = "install the real plugin with `pulumi plugin install resource command " + contractVersion +
	"` (or let the Pulumi CLI acquire it automatically) to use it"

const helpText = `pulumi-resource-command ` + pluginVersion + `

kube-fabric's stand-in for Pulumi's command provider plugin. It is NOT the upstream
pulumi-command plugin: it is our own Go program (module
github.com/kube-fabric/kube-fabric/tools/engine/command-provider), built because the
upstream provider module cannot be fetched where our tests run. It serves the
pulumi-command ` + contractVersion + ` contract for:

  command:remote:Command  create/update/delete over SSH (x/crypto/ssh): connection host,
                          port, user, password, privateKey (+privateKeyPassword), SSH
                          agent, hostKey pinning, perDialTimeout, dialErrorLimit; stdin,
                          environment, triggers, logging, addPreviousOutputInEnv
  command:local:Command   the same lifecycle with /bin/sh -c (interpreter, dir)

Not served: connection.proxy, local assetPaths/archivePaths, CopyToRemote, CopyFile and
the local run function. Users get the real plugin from ` + "`pulumi plugin install resource command " + contractVersion + "`" + `
or the CLI's automatic plugin acquisition; see tools/engine/README.md in kube-fabric.

The Pulumi engine starts this binary itself; run by hand it only answers --help and --version.
`
