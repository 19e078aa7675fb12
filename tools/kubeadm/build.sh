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
# kubeadm 1.28's HTTPProxyCIDR preflight check writes the service CIDR's first address as
# "[10.96.0.1]:1234" for IPv4 too (it tests len(ip) == 16, which Go's 16-byte IPv4 form passes), and
# Go >= 1.26's net/url refuses a bracketed IPv4 host: `kubeadm init` built here failed that check on
# every cluster, which release binaries (Go 1.22) never do. The one line is fixed in a copy of the
# k8s.io/kubernetes module in the cache, which a generated go.mod puts in its place (Go refuses an
# -overlay of a file under GOMODCACHE); the module cache itself is untouched.
module_dir=$(cd "$here" && "$GO" list -m -f '{{.Dir}}' k8s.io/kubernetes)
[ -f "$module_dir/cmd/kubeadm/app/preflight/checks.go" ] || gobuild_fail "k8s.io/kubernetes is not in the module cache: go mod download in tools/kubeadm"
patched="$gobuild_cache_root/kubeadm-patched/$version-httpproxycidr-1"
if [ ! -f "$patched/go.mod" ]; then
    rm -rf "$patched.tmp"
    mkdir -p "$patched.tmp"
    cp -R "$module_dir" "$patched.tmp/kubernetes"
    chmod -R u+w "$patched.tmp/kubernetes"
    checks="$patched.tmp/kubernetes/cmd/kubeadm/app/preflight/checks.go"
    sed -i 's/^\tif len(testIP) == net.IPv6len {$/\tif testIP.To4() == nil {/' "$checks"
    [ "$(grep -c '^	if testIP.To4() == nil {$' "$checks")" = 1 ] || gobuild_fail "the HTTPProxyCIDR fix no longer applies to $checks"
    cp "$here/go.sum" "$patched.tmp/go.sum"
    { cat "$here/go.mod"; printf '\nreplace k8s.io/kubernetes => %s\n' "$patched/kubernetes"; } >"$patched.tmp/go.mod"
    rm -rf "$patched"
    mv "$patched.tmp" "$patched"
fi
GOBUILD_MODFILE="$patched/go.mod"
gobuild kubeadm "$here" . "$out" "$ldflags" >&2
"$out/kubeadm" version -o short | grep -qx "$version" || gobuild_fail "$out/kubeadm does not report version $version"
echo "$out/kubeadm"
