#!/bin/sh
# Builds Kubernetes v1.28.15's binaries from k8s.io/kubernetes into
# ${KUBE_FABRIC_CACHE:-$HOME/.cache/kube-fabric}/kube/v1.28.15/, once; later runs reuse them.
# Prints the folder holding them on its last line. One module and one Go build cache: the packages
# the binaries share are compiled once. Cold on a 2-core machine: ~6 min apiserver, ~2 min
# controller-manager, ~1 min kubectl; kubelet, kube-proxy and kube-scheduler after them (VM lab).
#
#   KUBE_BINARIES  which to build (default: "kube-apiserver kube-controller-manager kubectl";
#                  also kubelet, kube-proxy, kube-scheduler)
set -eu
tool=kube
version=v1.28.15
# What `kube-apiserver --version` reports, as the release build stamps it (hack/lib/version.sh).
commit=841856557ef0f6a399096c42635d114d6f2cf7f4
. "$(dirname -- "$0")/../lib/gobuild.sh"
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
grep -q "k8s.io/kubernetes $version\$" "$here/go.mod" || gobuild_fail "tools/kube/go.mod does not require k8s.io/kubernetes $version: bump both together"
pkg=k8s.io/component-base/version
minor=$(echo "$version" | cut -d. -f2)
ldflags="-s -w -X $pkg.gitVersion=$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean -X $pkg.gitCommit=$commit"
out="$gobuild_cache_root/kube/$version"
for bin in ${KUBE_BINARIES:-kube-apiserver kube-controller-manager kubectl}; do
    [ -d "$here/$bin" ] || gobuild_fail "no tools/kube/$bin (KUBE_BINARIES names kube-apiserver, kube-controller-manager, kubectl, kubelet, kube-proxy, kube-scheduler)"
    gobuild "$bin" "$here" "./$bin" "$out" "$ldflags" >&2
    case $bin in
    kubectl) got=$("$out/$bin" version --client 2>/dev/null | head -n 1) ;;
    *) got=$("$out/$bin" --version 2>/dev/null) ;;
    esac
    case $got in *"$version"*) ;; *) gobuild_fail "$out/$bin reports '$got', expected $version" ;; esac
done
echo "$out"
