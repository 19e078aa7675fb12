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
# every cluster, which release binaries (Go 1.22) never do. The one line is fixed in a copy given to
# the build as an overlay (go build -overlay); the module itself is untouched.
checks=$(cd "$here" && "$GO" list -m -f '{{.Dir}}' k8s.io/kubernetes)/cmd/kubeadm/app/preflight/checks.go
[ -f "$checks" ] || gobuild_fail "$checks is missing: go mod download k8s.io/kubernetes@$version in tools/kubeadm"
overlay="$gobuild_cache_root/kubeadm-overlay/$version-httpproxycidr-1"
mkdir -p "$overlay"
sed 's/^\tif len(testIP) == net.IPv6len {$/\tif testIP.To4() == nil {/' "$checks" >"$overlay/checks.go"
[ "$(grep -c '^	if testIP.To4() == nil {$' "$overlay/checks.go")" = 1 ] || gobuild_fail "the HTTPProxyCIDR fix no longer applies to $checks"
printf '{"Replace":{"%s":"%s"}}\n' "$checks" "$overlay/checks.go" >"$overlay/overlay.json"
GOFLAGS="$GOFLAGS -overlay=$overlay/overlay.json"
gobuild kubeadm "$here" . "$out" "$ldflags" >&2
"$out/kubeadm" version -o short | grep -qx "$version" || gobuild_fail "$out/kubeadm does not report version $version"
echo "$out/kubeadm"
