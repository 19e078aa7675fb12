package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// commandOutputs is the state of a command resource: its checked inputs exactly as they
// arrived (a secret input stays a secret, an unknown one stays unknown), the connection
// always secret (the 1.2.1 schema marks it so), and the command's stdout and stderr.
func commandOutputs(inputs resource.PropertyMap, stdout, stderr resource.PropertyValue) resource.PropertyMap {
	out := inputs.Copy()
	if conn, ok := out["connection"]; ok && !conn.IsSecret() {
		out["connection"] = resource.MakeSecret(conn)
	}
	out["stdout"] = stdout
	out["stderr"] = stderr
	return out
}

// streamsSecret: stdout and stderr are derived from the create and update commands (as
// 1.2.1 wires them), so they are secret when either of those arrived secret.
func streamsSecret(inputs resource.PropertyMap) bool {
	return inputs["create"].IsSecret() || inputs["update"].IsSecret()
}

func streamValue(text string, secret bool) resource.PropertyValue {
	v := resource.NewStringProperty(text)
	if secret {
		return resource.MakeSecret(v)
	}
	return v
}

// During a preview nothing runs: the streams are not known yet.
func unknownStream() resource.PropertyValue {
	return resource.MakeComputed(resource.NewStringProperty(""))
}

// previousStreams reads stdout and stderr from a state, for PULUMI_COMMAND_STDOUT/STDERR.
func previousStreams(state resource.PropertyMap) (stdout, stderr string) {
	stdout, _ = stringOf(state, "stdout")
	stderr, _ = stringOf(state, "stderr")
	return stdout, stderr
}
