#!/bin/sh
# Builds crictl v1.34.0 (sigs.k8s.io/cri-tools/cmd/crictl) into
# ${KUBE_FABRIC_CACHE:-$HOME/.cache/kube-fabric}/crictl/v1.34.0/, once. kubeadm's preflight needs it on
# every node; the VM lab packages it as cri-tools. Prints the binary's path on its last line.
# The module proxy here serves v1.34.0 and v1.37.0 only (kubeadm 1.28 works with either).
set -eu
tool=crictl
version=v1.34.0
. "$(dirname -- "$0")/../lib/gobuild.sh"
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
grep -q "sigs.k8s.io/cri-tools $version" "$here/go.mod" || gobuild_fail "tools/crictl/go.mod does not require sigs.k8s.io/cri-tools $version: bump both together"
out="$gobuild_cache_root/crictl/$version"
gobuild crictl "$here" sigs.k8s.io/cri-tools/cmd/crictl "$out" "-s -w -X sigs.k8s.io/cri-tools/pkg/version.Version=$version" >&2
"$out/crictl" --version | grep -q "${version#v}" || gobuild_fail "$out/crictl does not report version $version"
echo "$out/crictl"
