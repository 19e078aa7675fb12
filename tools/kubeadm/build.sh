#!/bin/sh
# Builds kubeadm v1.28.15 from its Go module into
# ${KUBE_FABRIC_CACHE:-$HOME/.cache/kube-fabric}/kubeadm-v1.28.15/, rebuilt only when its sources,
# flags or Go change (tools/lib/gobuild.sh). Prints the binary's path on its last line.
set -eu
tool=kubeadm
version=v1.28.15
. "$(dirname -- "$0")/../lib/gobuild.sh"
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
grep -q "k8s.io/kubernetes $version\$" "$here/go.mod" || gobuild_fail "tools/kubeadm/go.mod does not require k8s.io/kubernetes $version: bump both together"
# What `kubeadm version` reports, as the release build stamps it (hack/lib/version.sh).
pkg=k8s.io/component-base/version
ldflags="-s -w -X $pkg.gitVersion=$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=28 -X $pkg.gitTreeState=clean -X $pkg.gitCommit=841856557ef0f6a399096c42635d114d6f2cf7f4"
out="$gobuild_cache_root/kubeadm-$version"
gobuild kubeadm "$here" . "$out" "$ldflags" >&2
"$out/kubeadm" version -o short | grep -qx "$version" || gobuild_fail "$out/kubeadm does not report version $version"
echo "$out/kubeadm"
