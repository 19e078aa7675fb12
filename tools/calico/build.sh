#!/bin/sh
# Builds Calico's own components (release-v3.28 just after v3.28.5) from github.com/projectcalico/calico
# into ${KUBE_FABRIC_CACHE:-$HOME/.cache/kube-fabric}/calico/<calico version>/, once, sharing the Go
# build cache with tools/confd: calico-node, the CNI plugin (one binary: calico, calico-ipam), the
# CNI installer, kube-controllers and check-status. Prints the folder on its last line.
set -eu
tool=calico
calico_module=github.com/projectcalico/calico
calico_version=v1.11.0-cni-plugin.0.20250813170300-a0db560f0520
. "$(dirname -- "$0")/../lib/gobuild.sh"
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
grep -q "$calico_module $calico_version\$" "$here/go.mod" || gobuild_fail "tools/calico/go.mod does not require $calico_module $calico_version: bump both together"
modfile=$(gobuild_modfile "$here")
api=$(sed -n 's#^[[:space:]]*github.com/projectcalico/api => \([^[:space:]]*\)$#\1#p' "$modfile")
case $api in /*) ;; *) api="$here/$api" ;; esac
out="$gobuild_cache_root/calico/$calico_version"
ld="-s -w -X github.com/projectcalico/calico/node/pkg/lifecycle/startup.VERSION=v3.28.5 -X github.com/projectcalico/calico/node/buildinfo.GitVersion=v3.28.5 -X main.VERSION=v3.28.5"
gobuild calico-node "$here" "$calico_module/node/cmd/calico-node" "$out" "$ld" "$api" >&2
gobuild calico "$here" "$calico_module/cni-plugin/cmd/calico" "$out" "$ld" "$api" >&2
gobuild install "$here" "$calico_module/cni-plugin/cmd/install" "$out" "$ld" "$api" >&2
gobuild kube-controllers "$here" "$calico_module/kube-controllers/cmd/kube-controllers" "$out" "$ld" "$api" >&2
gobuild check-status "$here" "$calico_module/kube-controllers/cmd/check-status" "$out" "$ld" "$api" >&2
"$out/calico-node" -v >/dev/null 2>&1 || gobuild_fail "$out/calico-node does not run"
echo "$out"
