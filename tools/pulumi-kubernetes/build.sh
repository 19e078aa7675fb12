#!/bin/sh
# Builds the Kubernetes Pulumi provider plugin v4.25.0 from its Go module
# (github.com/pulumi/pulumi-kubernetes/provider/v4 at the pseudo-version that is exactly v4.25.0)
# and installs it where the engine of scripts/engine.sh looks for resource plugins:
# <engine PULUMI_HOME>/plugins/resource-kubernetes-v4.25.0/pulumi-resource-kubernetes.
# The binary itself is cached under ${KUBE_FABRIC_CACHE:-$HOME/.cache/kube-fabric}/pulumi-kubernetes/v4.25.0/.
# npm @pulumi/kubernetes must be exactly this version (it asks the engine for this plugin).
# Cold: ~15 min and ~4 GB peak on a loaded 2-core machine. Prints the plugin's path last.
set -eu
tool=pulumi-kubernetes
version=4.25.0
provider_module=github.com/pulumi/pulumi-kubernetes/provider/v4
provider_pseudo=v4.0.0-20260115033456-f47bc2d6f199
# The engine this plugin is installed into (scripts/engine.sh's PULUMI_VERSION).
. "$(dirname -- "$0")/../lib/gobuild.sh"
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
grep -q "$provider_module $provider_pseudo\$" "$here/go.mod" || gobuild_fail "tools/pulumi-kubernetes/go.mod does not require $provider_module $provider_pseudo: bump both together"
npm_pkg="$gobuild_repo/node_modules/@pulumi/kubernetes/package.json"
if [ -f "$npm_pkg" ]; then
    npm_version=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$npm_pkg" | head -n 1)
    [ "$npm_version" = "$version" ] || gobuild_fail "node_modules has @pulumi/kubernetes $npm_version but the plugin is $version: pin package.json to exactly $version"
fi
engine_version=$(sed -n 's/^PULUMI_VERSION=//p' "$gobuild_repo/scripts/engine.sh")
[ -n "$engine_version" ] || gobuild_fail "cannot read PULUMI_VERSION from scripts/engine.sh"
plugin_dir="$gobuild_cache_root/engine/pulumi-v$engine_version/home/plugins/resource-kubernetes-v$version"

# The module's schema and mapping, as upstream's generate.go writes them (version set, compact).
# On a fresh machine the module is not in the module cache yet, and `go list -m` prints no Dir for it.
(cd "$here" && "$GO" mod download "$provider_module") || gobuild_fail "cannot download $provider_module $provider_pseudo from the module proxy"
src=$(cd "$here" && "$GO" list -m -f '{{.Dir}}' "$provider_module")
[ -f "$src/cmd/pulumi-resource-kubernetes/schema.json" ] || gobuild_fail "$src has no cmd/pulumi-resource-kubernetes/schema.json"
node -e '
const fs = require("fs");
const [src, dir, version] = process.argv.slice(1);
const write = (file, text) => { const p = dir + "/" + file; if (!fs.existsSync(p) || fs.readFileSync(p, "utf8") !== text) fs.writeFileSync(p, text); };
const schema = JSON.parse(fs.readFileSync(src + "/schema.json", "utf8"));
schema.version = version;
write("schema-embed.json", JSON.stringify(schema));
write("terraform-mapping-embed.json", JSON.stringify(JSON.parse(fs.readFileSync(src + "/terraform-mapping.json", "utf8"))));
' "$src/cmd/pulumi-resource-kubernetes" "$here" "$version"

out="$gobuild_cache_root/pulumi-kubernetes/$version"
gobuild pulumi-resource-kubernetes "$here" . "$out" "-s -w -X $provider_module/pkg/version.Version=$version" >&2
mkdir -p "$plugin_dir"
if ! cmp -s "$out/pulumi-resource-kubernetes" "$plugin_dir/pulumi-resource-kubernetes"; then
    cp "$out/pulumi-resource-kubernetes" "$plugin_dir/pulumi-resource-kubernetes.tmp.$$"
    mv -f "$plugin_dir/pulumi-resource-kubernetes.tmp.$$" "$plugin_dir/pulumi-resource-kubernetes"
fi
echo "$plugin_dir/pulumi-resource-kubernetes"
