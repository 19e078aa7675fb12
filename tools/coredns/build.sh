#!/bin/sh
# Builds CoreDNS v1.10.1 (the cluster DNS kubeadm 1.28 deploys) into
# ${KUBE_FABRIC_CACHE:-$HOME/.cache/kube-fabric}/coredns/v1.10.1/, once, for the VM lab's image
# repository. Prints the binary's path on its last line.
set -eu
tool=coredns
version=v1.10.1
. "$(dirname -- "$0")/../lib/gobuild.sh"
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
grep -q "github.com/coredns/coredns $version" "$here/go.mod" || gobuild_fail "tools/coredns/go.mod does not require github.com/coredns/coredns $version: bump both together"
out="$gobuild_cache_root/coredns/$version"
gobuild coredns "$here" . "$out" "-s -w" >&2
"$out/coredns" -version | grep -q "CoreDNS-${version#v}" || gobuild_fail "$out/coredns does not report version ${version#v}"
echo "$out/coredns"
