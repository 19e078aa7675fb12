#!/bin/sh
# Builds the pause (sandbox) binary of registry.k8s.io/pause:3.9 from the pause.c that
# k8s.io/kubernetes v1.28.15 ships (build/pause/linux/pause.c, as the image's own Makefile does:
# a static C program), into ${KUBE_FABRIC_CACHE:-$HOME/.cache/kube-fabric}/pause/3.9/. Seconds.
# Prints the binary's path on its last line.
set -eu
tool=pause
version=3.9
. "$(dirname -- "$0")/../lib/gobuild.sh"
kube_module=$(CDPATH='' cd -- "$(dirname -- "$0")/../kube" && pwd)
src=$(cd "$kube_module" && "$GO" list -m -f '{{.Dir}}' k8s.io/kubernetes 2>/dev/null || true)
if [ -z "$src" ] || [ ! -f "$src/build/pause/linux/pause.c" ]; then
    (cd "$kube_module" && "$GO" mod download k8s.io/kubernetes) >&2
    src=$(cd "$kube_module" && "$GO" list -m -f '{{.Dir}}' k8s.io/kubernetes)
fi
out="$gobuild_cache_root/pause/$version"
if [ ! -x "$out/pause" ] || [ "$src/build/pause/linux/pause.c" -nt "$out/pause" ]; then
    command -v gcc >/dev/null || gobuild_fail "gcc is missing: apt-get install gcc libc6-dev"
    mkdir -p "$out"
    gcc -Os -Wall -Werror -static -DVERSION="v$version-kube-fabric" -o "$out/pause.tmp.$$" "$src/build/pause/linux/pause.c"
    mv -f "$out/pause.tmp.$$" "$out/pause"
fi
"$out/pause" -v 2>&1 | grep -q "v$version" || gobuild_fail "$out/pause does not report v$version"
echo "$out/pause"
