#!/bin/sh
# Builds the Pulumi engine our tests run (`npm run engine`): the CLI and the Node.js
# language host from their Go modules in tools/engine/, plus the dynamic-provider
# launcher shipped in node_modules/@pulumi/pulumi. Builds only what is missing or
# stale, into a cache outside the clone keyed by the Pulumi version, so that another
# clone (CI) reuses it. Nothing is downloaded except Go modules from the module proxy.
#
#   KUBE_FABRIC_CACHE  cache root (default $HOME/.cache/kube-fabric)
#   GO                 go binary (default: go on PATH, else /usr/local/go/bin/go)
#
# Versions and how to bump them together: tools/engine/README.md.
set -eu

PULUMI_VERSION=3.260.0

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
grep -Eq "github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION( |\$)" "$repo/tools/engine/cli/go.mod" ||
    fail "tools/engine/cli/go.mod does not require pkg/v3 v$PULUMI_VERSION: bump both together (tools/engine/README.md)"

# Exactly what upstream's release build (.goreleaser.yml) passes, and no network
# but the module proxy: no toolchain switch, no go.mod edits.
tags=osusergo,grpcnotrace
ldflags="-w -s -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"
export CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS="-mod=readonly -buildvcs=false"

# Prints a digest of a module's sources and the build settings: a binary is rebuilt
# only when this changes.
inputs_digest() {
    (
        cd "$1"
        find . -type f \( -name '*.go' ! -name '*_test.go' -o -name go.mod -o -name go.sum \) |
            LC_ALL=C sort | xargs sha256sum
        echo "$tags $ldflags $GOFLAGS $CGO_ENABLED $("$GO" env GOVERSION GOOS GOARCH)"
    ) | sha256sum | cut -d' ' -f1
}

# build_go NAME MODULE_DIR PACKAGE: builds one binary into $bin_dir unless it is current.
build_go() {
    name=$1 module_dir=$2 package=$3
    stamp="$bin_dir/.$name.inputs"
    digest=$(inputs_digest "$module_dir")
    if [ -x "$bin_dir/$name" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest" ]; then
        echo "engine: $name is current"
        return 0
    fi
    echo "engine: building $name (a cold build takes minutes)"
    start=$(date +%s)
    (cd "$module_dir" && "$GO" build -p 2 -trimpath -tags "$tags" \
        -ldflags "$ldflags" -o "$bin_dir/$name.tmp.$$" "$package")
    mv -f "$bin_dir/$name.tmp.$$" "$bin_dir/$name"
    echo "$digest" >"$stamp"
    echo "engine: built $name in $(($(date +%s) - start))s"
}

mkdir -p "$bin_dir" "$pulumi_home/plugins"

build_go pulumi "$repo/tools/engine/cli" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
build_go pulumi-language-nodejs "$repo/tools/engine/langhost-nodejs" .

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

cat <<EOF
engine: ready (pulumi $got)
  CLI and bundled plugins: $bin_dir
  PULUMI_HOME (plugins):   $pulumi_home
Use it in a shell:
  export PATH="$bin_dir:\$PATH" PULUMI_HOME="$pulumi_home"
  export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
EOF
