package main

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// pluginMarker is what an npm package declares to say it needs a Pulumi plugin,
// either under "pulumi" in package.json or in a pulumi-plugin.json beside it.
type pluginMarker struct {
	Resource         bool   `json:"resource"`
	Name             string `json:"name"`
	Version          string `json:"version"`
	Server           string `json:"server"`
	Parameterization *struct {
		Name    string `json:"name"`
		Version string `json:"version"`
		Value   string `json:"value"` // base64
	} `json:"parameterization"`
}

type packageJSON struct {
	Name    string        `json:"name"`
	Version string        `json:"version"`
	Pulumi  *pluginMarker `json:"pulumi"`
}

// nearestNodeModules returns the node_modules directory Node would search first
// for a program in dir: dir/node_modules, else the closest one above it.
func nearestNodeModules(dir string) (string, bool) {
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		candidate := filepath.Join(d, "node_modules")
		if info, err := os.Stat(candidate); err == nil && info.IsDir() {
			return candidate, true
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

// requiredPackages lists the resource plugins that the npm packages installed in
// nodeModules ask for (including nested node_modules), sorted and de-duplicated.
func requiredPackages(nodeModules string) ([]*pulumirpc.PackageDependency, error) {
	seen := map[string]*pulumirpc.PackageDependency{}
	if err := collectPackages(nodeModules, seen, 0); err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]*pulumirpc.PackageDependency, 0, len(keys))
	for _, k := range keys {
		out = append(out, seen[k])
	}
	return out, nil
}

// maxNesting bounds the walk through nested node_modules (npm rarely nests deeper).
const maxNesting = 8

func collectPackages(nodeModules string, seen map[string]*pulumirpc.PackageDependency, depth int) error {
	if depth > maxNesting {
		return nil
	}
	entries, err := os.ReadDir(nodeModules)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("reading %s: %w", nodeModules, err)
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		dir := filepath.Join(nodeModules, name)
		if strings.HasPrefix(name, "@") {
			scoped, err := os.ReadDir(dir)
			if err != nil {
				continue
			}
			for _, s := range scoped {
				if err := visitPackage(filepath.Join(dir, s.Name()), seen, depth); err != nil {
					return err
				}
			}
			continue
		}
		if err := visitPackage(dir, seen, depth); err != nil {
			return err
		}
	}
	return nil
}

func visitPackage(dir string, seen map[string]*pulumirpc.PackageDependency, depth int) error {
	raw, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return nil // not a package (or a dangling link): nothing to report
	}
	dep, err := packageDependency(raw, readOptional(filepath.Join(dir, "pulumi-plugin.json")))
	if err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	if dep != nil {
		seen[dep.Name+"@"+dep.Version+"#"+paramKey(dep)] = dep
	}
	return collectPackages(filepath.Join(dir, "node_modules"), seen, depth+1)
}

func readOptional(path string) []byte {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	return raw
}

func paramKey(dep *pulumirpc.PackageDependency) string {
	if dep.Parameterization == nil {
		return ""
	}
	return dep.Parameterization.Name + "@" + dep.Parameterization.Version
}

// packageDependency reads one package's plugin marker. It returns nil for packages
// that need no resource plugin. pulumi-plugin.json, when present, wins.
func packageDependency(packageJSONBytes, pluginJSONBytes []byte) (*pulumirpc.PackageDependency, error) {
	var pkg packageJSON
	if err := json.Unmarshal(packageJSONBytes, &pkg); err != nil {
		return nil, fmt.Errorf("package.json is not valid JSON: %w", err)
	}
	marker := pkg.Pulumi
	if pluginJSONBytes != nil {
		marker = &pluginMarker{}
		if err := json.Unmarshal(pluginJSONBytes, marker); err != nil {
			return nil, fmt.Errorf("pulumi-plugin.json is not valid JSON: %w", err)
		}
	}
	if marker == nil || !marker.Resource {
		return nil, nil
	}
	name := marker.Name
	if name == "" {
		name = strings.TrimPrefix(pkg.Name, "@pulumi/")
	}
	version := marker.Version
	if version == "" {
		version = pkg.Version
	}
	if !strings.HasPrefix(version, "v") {
		version = "v" + version
	}
	dep := &pulumirpc.PackageDependency{Kind: "resource", Name: name, Version: version, Server: marker.Server}
	if p := marker.Parameterization; p != nil {
		value, err := base64.StdEncoding.DecodeString(p.Value)
		if err != nil {
			return nil, fmt.Errorf("parameterization.value is not base64: %w", err)
		}
		dep.Parameterization = &pulumirpc.PackageParameterization{Name: p.Name, Version: p.Version, Value: value}
	}
	return dep, nil
}
