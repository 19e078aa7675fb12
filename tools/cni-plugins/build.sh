#!/bin/sh
# Builds the CNI reference plugins calico/cni's image carries (loopback, host-local, portmap,
# bandwidth, tuning) from github.com/containernetworking/plugins v1.4.0 into
# ${KUBE_FABRIC_CACHE:-$HOME/.cache/kube-fabric}/cni-plugins/v1.4.0/, once. Prints the folder.
set -eu
tool=cni-plugins
version=v1.4.0
. "$(dirname -- "$0")/../lib/gobuild.sh"
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
grep -q "github.com/containernetworking/plugins $version" "$here/go.mod" || gobuild_fail "tools/cni-plugins/go.mod does not require github.com/containernetworking/plugins $version: bump both together"
out="$gobuild_cache_root/cni-plugins/$version"
ld="-s -w -X github.com/containernetworking/plugins/pkg/utils/buildversion.BuildVersion=$version"
for plugin in main/loopback ipam/host-local meta/portmap meta/bandwidth meta/tuning; do
    gobuild "${plugin#*/}" "$here" "github.com/containernetworking/plugins/plugins/$plugin" "$out" "$ld" >&2
done
echo "$out"
