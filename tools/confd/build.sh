#!/bin/sh
# Builds Calico's confd from github.com/projectcalico/calico (release-v3.28 just after v3.28.5)
# into ${KUBE_FABRIC_CACHE:-$HOME/.cache/kube-fabric}/confd/<calico version>/, once.
# The same module holds Calico 3.28.5's manifests, CRDs and confd's BIRD templates; this script
# prints two lines: the confd binary, then the calico module's folder (Go module cache, read only).
# Cold: ~2.5 min on a loaded 2-core machine.
set -eu
tool=confd
calico_module=github.com/projectcalico/calico
calico_version=v1.11.0-cni-plugin.0.20250813170300-a0db560f0520
. "$(dirname -- "$0")/../lib/gobuild.sh"
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
grep -q "$calico_module $calico_version\$" "$here/go.mod" || gobuild_fail "tools/confd/go.mod does not require $calico_module $calico_version: bump both together"
modfile=$(gobuild_modfile "$here")
api=$(sed -n 's#^[[:space:]]*github.com/projectcalico/api => \([^[:space:]]*\)$#\1#p' "$modfile")
case $api in /*) ;; *) api="$here/$api" ;; esac
out="$gobuild_cache_root/confd/$calico_version"
gobuild confd "$here" . "$out" "-s -w" "$api" >&2
"$out/confd" -version >/dev/null 2>&1 || gobuild_fail "$out/confd does not run"
src=$(cd "$here" && "$GO" list -modfile "$modfile" -m -f '{{.Dir}}' "$calico_module")
[ -d "$src/confd/etc/calico/confd/templates" ] || gobuild_fail "$src has no confd templates"
echo "$out/confd"
echo "$src"
