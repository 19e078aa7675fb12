#!/bin/sh
# Builds the Pulumi engine our tests run (`npm run engine`): the CLI, the Node.js
# language host and our stand-in for the command provider plugin from their Go modules
# in tools/engine/, plus the dynamic-provider launcher shipped in node_modules/@pulumi/pulumi. Builds only what is missing or
# stale, into a cache outside the clone keyed by the Pulumi version, so that another
# clone (CI) reuses it. Nothing is downloaded except Go modules from the module proxy.
#
#   KUBE_FABRIC_CACHE  cache root (default $HOME/.cache/kube-fabric)
#   GO                 go binary (default: go on PATH, else /usr/local/go/bin/go)
#
# Versions and how to bump them together: tools/engine/README.md.
set -eu

PULUMI_VERSION=3.260.0
# The pulumi-command contract our command plugin stand-in serves: @pulumi/command's version.
COMMAND_VERSION=1.2.1

repo=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
cache_root=${KUBE_FABRIC_CACHE:-${HOME:?HOME is not set}/.cache/kube-fabric}
engine_dir="$cache_root/engine/pulumi-v$PULUMI_VERSION"
bin_dir="$engine_dir/bin"
pulumi_home="$engine_dir/home"

fail() {
    echo "engine: $*" >&2
    exit 1
}

if [ -z "${GO:-}" ]; then
    GO=$(command -v go || true)
    [ -n "$GO" ] || GO=/usr/local/go/bin/go
fi
[ -x "$GO" ] || fail "no Go toolchain at '$GO': install Go >= 1.26.6 or set GO=/path/to/go"

# The npm SDK, the CLI module and this script must name the same release.
sdk_pkg="$repo/node_modules/@pulumi/pulumi/package.json"
[ -f "$sdk_pkg" ] || fail "node_modules/@pulumi/pulumi is missing: run 'npm ci' first"
sdk_version=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$sdk_pkg" | head -n 1)
[ "$sdk_version" = "$PULUMI_VERSION" ] ||
    fail "node_modules has @pulumi/pulumi $sdk_version but the engine is pinned to $PULUMI_VERSION: bump both together (tools/engine/README.md)"
command_pkg="$repo/node_modules/@pulumi/command/package.json"
[ -f "$command_pkg" ] || fail "node_modules/@pulumi/command is missing: run 'npm ci' first"
command_pkg_version=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$command_pkg" | head -n 1)
[ "$command_pkg_version" = "$COMMAND_VERSION" ] ||
    fail "node_modules has @pulumi/command $command_pkg_version but the command plugin stand-in serves $COMMAND_VERSION: bump both together (tools/engine/README.md)"
grep -Eq "github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION( |\$)" "$repo/tools/engine/cli/go.mod" ||
    fail "tools/engine/cli/go.mod does not require pkg/v3 v$PULUMI_VERSION: bump both together (tools/engine/README.md)"

# Exactly what upstream's release build (.goreleaser.yml) passes, and no network
# but the module proxy: no toolchain switch, no go.mod edits.
tags=osusergo,grpcnotrace
ldflags="-w -s -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"
export CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS="-mod=readonly -buildvcs=false"

# inputs_digest MODULE_DIR LDFLAGS: a digest of a module's sources (embedded files
# included) and the build settings: a binary is rebuilt only when this changes.
inputs_digest() {
    (
        cd "$1"
        find . -type f \( -name '*.go' ! -name '*_test.go' -o -name '*.json' -o -name go.mod -o -name go.sum \) |
            LC_ALL=C sort | xargs sha256sum
        echo "$tags $2 $GOFLAGS $CGO_ENABLED $("$GO" env GOVERSION GOOS GOARCH)"
    ) | sha256sum | cut -d' ' -f1
}

# build_go NAME MODULE_DIR PACKAGE [OUT_DIR [LDFLAGS]]: builds one binary into OUT_DIR
# (default $bin_dir) with LDFLAGS (default the CLI's) unless it is current.
build_go() {
    name=$1 module_dir=$2 package=$3 out_dir=${4:-$bin_dir} build_ldflags=${5:-$ldflags}
    stamp="$out_dir/.$name.inputs"
    digest=$(inputs_digest "$module_dir" "$build_ldflags")
    if [ -x "$out_dir/$name" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest" ]; then
        echo "engine: $name is current"
        return 0
    fi
    echo "engine: building $name (a cold build takes minutes)"
    start=$(date +%s)
    mkdir -p "$out_dir"
    # GOBUILD_TIME (tools/lib/gobuild.sh, set by setup): append the cold build's /usr/bin/time -v figures.
    if [ -n "${GOBUILD_TIME:-}" ] && [ -x /usr/bin/time ]; then
        (cd "$module_dir" && /usr/bin/time -v -a -o "$GOBUILD_TIME" "$GO" build -p 2 -trimpath -tags "$tags" \
            -ldflags "$build_ldflags" -o "$out_dir/$name.tmp.$$" "$package")
    else
        (cd "$module_dir" && "$GO" build -p 2 -trimpath -tags "$tags" \
            -ldflags "$build_ldflags" -o "$out_dir/$name.tmp.$$" "$package")
    fi
    mv -f "$out_dir/$name.tmp.$$" "$out_dir/$name"
    echo "$digest" >"$stamp"
    echo "engine: built $name in $(($(date +%s) - start))s"
}

mkdir -p "$bin_dir" "$pulumi_home/plugins"

build_go pulumi "$repo/tools/engine/cli" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
build_go pulumi-language-nodejs "$repo/tools/engine/langhost-nodejs" .

# The command plugin @pulumi/command asks for. Upstream's provider module is refused by the
# module proxy, so this is our stand-in (tools/engine/command-provider, README section
# "command provider stand-in"), laid out where the engine looks for resource plugins.
command_plugin_dir="$pulumi_home/plugins/resource-command-v$COMMAND_VERSION"
build_go pulumi-resource-command "$repo/tools/engine/command-provider" . "$command_plugin_dir" "-w -s"

# The dynamic-provider launcher is a script in the npm SDK; the engine looks for
# bundled plugins beside the CLI.
launcher="$repo/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
[ -f "$launcher" ] || fail "$launcher is missing: run 'npm ci' first"
if ! cmp -s "$launcher" "$bin_dir/pulumi-resource-pulumi-nodejs"; then
    cp "$launcher" "$bin_dir/pulumi-resource-pulumi-nodejs.tmp.$$"
    chmod 755 "$bin_dir/pulumi-resource-pulumi-nodejs.tmp.$$"
    mv -f "$bin_dir/pulumi-resource-pulumi-nodejs.tmp.$$" "$bin_dir/pulumi-resource-pulumi-nodejs"
fi

# Prove the result before saying where it is.
got=$("$bin_dir/pulumi" version)
[ "$got" = "v$PULUMI_VERSION" ] || fail "$bin_dir/pulumi reports '$got', expected v$PULUMI_VERSION"
command_got=$("$command_plugin_dir/pulumi-resource-command" --version)
case $command_got in
"$COMMAND_VERSION"+*) ;;
*) fail "$command_plugin_dir/pulumi-resource-command reports '$command_got', expected $COMMAND_VERSION+<build>" ;;
esac

cat <<EOF
engine: ready (pulumi $got)
  CLI and bundled plugins: $bin_dir
  PULUMI_HOME (plugins):   $pulumi_home
  command plugin:          $command_plugin_dir/pulumi-resource-command
                           (kube-fabric's stand-in for pulumi-command $COMMAND_VERSION: tools/engine/README.md)
Use it in a shell:
  export PATH="$bin_dir:\$PATH" PULUMI_HOME="$pulumi_home"
  export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
EOF
