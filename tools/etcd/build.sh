#!/bin/sh
# Builds etcd v3.5.15 (go.etcd.io/etcd/server/v3, etcdmain.Main) into
# ${KUBE_FABRIC_CACHE:-$HOME/.cache/kube-fabric}/etcd/v3.5.15/, once; later runs reuse it (seconds).
# Prints the binary's path on its last line. Cold: ~1.5 min on a loaded 2-core machine.
set -eu
tool=etcd
version=v3.5.15
. "$(dirname -- "$0")/../lib/gobuild.sh"
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
grep -q "go.etcd.io/etcd/server/v3 $version\$" "$here/go.mod" || gobuild_fail "tools/etcd/go.mod does not require go.etcd.io/etcd/server/v3 $version: bump both together"
out="$gobuild_cache_root/etcd/$version"
gobuild etcd "$here" . "$out" "-s -w" >&2
"$out/etcd" --version | grep -q "etcd Version: ${version#v}" || gobuild_fail "$out/etcd does not report version ${version#v}"
echo "$out/etcd"
