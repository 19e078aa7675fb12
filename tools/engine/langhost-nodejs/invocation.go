package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// exitCodeAfterLoggedError is what @pulumi/pulumi's cmd/run exits with when it has
// already shown the user an actionable error: the engine should bail quietly.
const exitCodeAfterLoggedError = 32

// runOptions are the `runtime.options` of Pulumi.yaml that change how a program starts.
type runOptions struct {
	typescript bool
	tsconfig   string
	nodeargs   []string
}

func parseRunOptions(opts map[string]any) (runOptions, error) {
	out := runOptions{typescript: true}
	for key, value := range opts {
		switch key {
		case "typescript":
			b, ok := value.(bool)
			if !ok {
				return out, fmt.Errorf("runtime option typescript must be true or false, got %v", value)
			}
			out.typescript = b
		case "tsconfig":
			s, ok := value.(string)
			if !ok {
				return out, fmt.Errorf("runtime option tsconfig must be a path, got %v", value)
			}
			out.tsconfig = s
		case "nodeargs":
			s, ok := value.(string)
			if !ok {
				return out, fmt.Errorf("runtime option nodeargs must be a string, got %v", value)
			}
			out.nodeargs = strings.Fields(s)
		}
		// Other options (packagemanager, ...) only matter for installing dependencies.
	}
	return out, nil
}

// nodeInvocation is the node command line and the extra environment for one run.
type nodeInvocation struct {
	dir  string
	args []string
	env  []string
}

// programDirectory is where the program lives (the Pulumi.yaml `main` directory).
func programDirectory(req *pulumirpc.RunRequest) string {
	if d := req.GetInfo().GetProgramDirectory(); d != "" {
		return d
	}
	return req.GetPwd()
}

// buildInvocation turns a Run request into the command line @pulumi/pulumi's
// cmd/run expects (flags before the program, as its argument parser stops early).
func buildInvocation(runScript string, req *pulumirpc.RunRequest, opts runOptions,
	engineAddress, tracing string,
) (nodeInvocation, error) {
	dir := programDirectory(req)
	args := append([]string{}, opts.nodeargs...)
	args = append(args, runScript,
		"--monitor", req.GetMonitorAddress(),
		"--engine", engineAddress,
		"--project", req.GetProject(),
		"--stack", req.GetStack(),
		"--pwd", dir,
		"--parallel", strconv.Itoa(int(req.GetParallel())),
	)
	if org := req.GetOrganization(); org != "" {
		args = append(args, "--organization", org)
	}
	if root := req.GetInfo().GetRootDirectory(); root != "" {
		args = append(args, "--root-directory", root)
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if tracing != "" {
		args = append(args, "--tracing", tracing)
	}
	entry := req.GetInfo().GetEntryPoint()
	if entry == "" {
		entry = "."
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	config, err := json.Marshal(nonNilMap(req.GetConfig()))
	if err != nil {
		return nodeInvocation{}, fmt.Errorf("encoding config: %w", err)
	}
	secretKeys, err := json.Marshal(nonNilSlice(req.GetConfigSecretKeys()))
	if err != nil {
		return nodeInvocation{}, fmt.Errorf("encoding secret config keys: %w", err)
	}
	env := []string{
		"PULUMI_CONFIG=" + string(config),
		"PULUMI_CONFIG_SECRET_KEYS=" + string(secretKeys),
		"PULUMI_NODEJS_TYPESCRIPT=" + strconv.FormatBool(opts.typescript),
	}
	if opts.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfig)
	}
	return nodeInvocation{dir: dir, args: args, env: env}, nil
}

// runResult maps node's exit code to the engine's view of the run.
func runResult(exitCode int) *pulumirpc.RunResponse {
	switch exitCode {
	case 0:
		return &pulumirpc.RunResponse{}
	case exitCodeAfterLoggedError:
		return &pulumirpc.RunResponse{Bail: true}
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitCode)}
	}
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func nonNilSlice(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
