package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

// host implements the parts of pulumirpc.LanguageRuntime that preview, up,
// refresh, destroy and about use. The rest (code generation, packing, `pulumi
// new` prompts, dependency installation) answers Unimplemented.
type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
	tracing       string
}

func newHost(engineAddress, tracing string) *host {
	return &host{engineAddress: engineAddress, tracing: tracing}
}

func (h *host) Handshake(context.Context, *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

func (h *host) GetRequiredPackages(_ context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	nodeModules, ok := nearestNodeModules(req.GetInfo().GetProgramDirectory())
	if !ok {
		return &pulumirpc.GetRequiredPackagesResponse{}, nil
	}
	packages, err := requiredPackages(nodeModules)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: packages}, nil
}

func (h *host) GetRequiredPlugins(_ context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	nodeModules, ok := nearestNodeModules(req.GetInfo().GetProgramDirectory())
	if !ok {
		return &pulumirpc.GetRequiredPluginsResponse{}, nil
	}
	packages, err := requiredPackages(nodeModules)
	if err != nil {
		return nil, err
	}
	plugins := make([]*pulumirpc.PluginDependency, 0, len(packages))
	for _, p := range packages {
		if p.Parameterization == nil {
			plugins = append(plugins, &pulumirpc.PluginDependency{
				Name: p.Name, Kind: p.Kind, Version: p.Version, Server: p.Server,
			})
		}
	}
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: plugins}, nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	opts, err := parseRunOptions(req.GetInfo().GetOptions().AsMap())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	runScript, err := resolveModule(ctx, programDirectory(req), "@pulumi/pulumi/cmd/run")
	if err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf(
			"cannot find the Pulumi Node.js SDK (@pulumi/pulumi) from %s: run `npm install` in the project: %v",
			programDirectory(req), err)}, nil
	}
	inv, err := buildInvocation(runScript, req, opts, h.engineAddress, h.tracing)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, nodeBinary(), inv.args...)
	cmd.Dir = inv.dir
	cmd.Env = append(os.Environ(), inv.env...)
	// The engine turns our stdout/stderr into the program's console output.
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	err = cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return runResult(0), nil
	case errors.As(err, &exitErr):
		return runResult(exitErr.ExitCode()), nil
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("starting node: %v", err)}, nil
	}
}

func (h *host) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node := nodeBinary()
	path, err := exec.LookPath(node)
	if err != nil {
		return nil, status.Errorf(codes.FailedPrecondition, "node is not on PATH: %v", err)
	}
	out, err := exec.CommandContext(ctx, path, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("running %s --version: %w", path, err)
	}
	return &pulumirpc.AboutResponse{Executable: path, Version: strings.TrimSpace(string(out))}, nil
}

// GetProgramDependencies reports the program's package.json dependencies at the
// versions installed in node_modules (what `pulumi about` prints).
func (h *host) GetProgramDependencies(_ context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	dir := req.GetInfo().GetProgramDirectory()
	raw, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return nil, fmt.Errorf("reading the program's package.json: %w", err)
	}
	var pkg struct {
		Dependencies    map[string]string `json:"dependencies"`
		DevDependencies map[string]string `json:"devDependencies"`
	}
	if err := json.Unmarshal(raw, &pkg); err != nil {
		return nil, fmt.Errorf("%s/package.json is not valid JSON: %w", dir, err)
	}
	names := []string{}
	for n := range pkg.Dependencies {
		names = append(names, n)
	}
	if req.GetTransitiveDependencies() {
		for n := range pkg.DevDependencies {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	nodeModules, _ := nearestNodeModules(dir)
	deps := make([]*pulumirpc.DependencyInfo, 0, len(names))
	for _, n := range names {
		v := pkg.Dependencies[n]
		if v == "" {
			v = pkg.DevDependencies[n]
		}
		if installed := installedVersion(nodeModules, n); installed != "" {
			v = installed
		}
		deps = append(deps, &pulumirpc.DependencyInfo{Name: n, Version: v})
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: deps}, nil
}

func installedVersion(nodeModules, name string) string {
	if nodeModules == "" {
		return ""
	}
	raw, err := os.ReadFile(filepath.Join(nodeModules, name, "package.json"))
	if err != nil {
		return ""
	}
	var pkg packageJSON
	if json.Unmarshal(raw, &pkg) != nil {
		return ""
	}
	return pkg.Version
}

// nodeBinary is the node the host runs; PULUMI_NODEJS_NODE overrides PATH lookup.
func nodeBinary() string {
	if n := os.Getenv("PULUMI_NODEJS_NODE"); n != "" {
		return n
	}
	return "node"
}

// resolveModule asks node itself where a module resolves from dir, so that npm,
// yarn and pnpm layouts are all handled the way the program will see them.
func resolveModule(ctx context.Context, dir, module string) (string, error) {
	cmd := exec.CommandContext(ctx, nodeBinary(), "-e",
		"process.stdout.write(require.resolve(process.argv[1]))", module)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%w: %s", err, strings.TrimSpace(firstLine(stderr.String())))
	}
	return string(out), nil
}

func firstLine(s string) string {
	for _, line := range strings.Split(s, "\n") {
		if strings.Contains(line, "Error") {
			return line
		}
	}
	return s
}
