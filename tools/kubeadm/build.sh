#!/bin/sh
# Builds kubeadm v1.28.15 from its Go module into the kube-fabric cache, once: later runs reuse it.
# Prints the binary's path on its last line. Uses -p 2 (the machine is shared).
set -eu

version=v1.28.15
cache="${KUBE_FABRIC_CACHE:-$HOME/.cache/kube-fabric}"
out="$cache/kubeadm-$version/kubeadm"
go="${GO:-/usr/local/go/bin/go}"
here="$(cd "$(dirname "$0")" && pwd)"

if [ -x "$out" ]; then
  echo "kubeadm $version already built: $out" >&2
  echo "$out"
  exit 0
fi
if [ ! -x "$go" ] && ! command -v "$go" >/dev/null 2>&1; then
  echo "error: no Go toolchain at $go; install Go or set GO=/path/to/go" >&2
  exit 1
fi

mkdir -p "$(dirname "$out")"
# What `kubeadm version` reports, as the release build stamps it (hack/lib/version.sh).
pkg=k8s.io/component-base/version
ldflags="-s -w -X $pkg.gitVersion=$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=28 -X $pkg.gitTreeState=clean -X $pkg.gitCommit=841856557ef0f6a399096c42635d114d6f2cf7f4"
start=$(date +%s)
echo "building kubeadm $version (cold: several minutes) ..." >&2
(cd "$here" && CGO_ENABLED=0 "$go" build -p 2 -trimpath -ldflags "$ldflags" -o "$out.tmp" .)
mv "$out.tmp" "$out"
echo "built kubeadm $version in $(( $(date +%s) - start ))s: $out" >&2
echo "$out"
