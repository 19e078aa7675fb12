#!/bin/sh
# Builds Calico's BIRD (the fork calico-node runs: krt_tunnel, IPIP-aware kernel routes) from the
# unmodified copy in ../shared/third_party/projectcalico-bird, the revision Calico 3.28.5 pins, the way
# its create_binaries.sh does: bird, birdcl (IPv4) and bird6, birdcl6, static, protocols bfd bgp pipe
# static, run state in /var/run/calico. Into ${KUBE_FABRIC_CACHE:-$HOME/.cache/kube-fabric}/bird/<rev>/,
# once (under a minute). Prints the folder on its last line.
# Needs Debian's gcc make autoconf bison flex libreadline-dev libncurses-dev.
set -eu
revision=1e2ff99db42b8f037a51f7a8f7b946a542d96bd1
repo=$(CDPATH='' cd -- "$(dirname -- "$0")/../.." && pwd)
shared=${KUBE_FABRIC_SHARED:-$repo/../shared}
src="$shared/third_party/projectcalico-bird"
out="${KUBE_FABRIC_CACHE:-$HOME/.cache/kube-fabric}/bird/$revision"
[ -f "$src/configure.ac" ] || { echo "bird: $src is missing: put the shared folder beside the clone or set KUBE_FABRIC_SHARED" >&2; exit 1; }
grep -q "$revision" "$shared/third_party/README.md" || { echo "bird: third_party/README.md does not name revision $revision: bump both together" >&2; exit 1; }
if [ -x "$out/bird" ] && [ -x "$out/bird6" ] && [ -x "$out/birdcl" ]; then
  echo "bird: current ($out)" >&2
  echo "$out"
  exit 0
fi
for tool in gcc make autoreconf bison flex; do
  command -v $tool >/dev/null || { echo "bird: $tool is missing: apt-get install -y gcc make autoconf bison flex libreadline-dev libncurses-dev" >&2; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/kf-bird.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
start=$(date +%s)
# A writable copy: autoreconf writes into the source tree, and third_party stays untouched.
cp -R "$src" "$work/src"
chmod -R u+w "$work/src"
(cd "$work/src" && autoreconf >"$work/autoreconf.log" 2>&1) || { tail -n 20 "$work/autoreconf.log" >&2; exit 1; }
mkdir -p "$work/out"
build() {
  # $1: obj dir; $2: suffix of the binaries ("" or 6); the rest: configure's own arguments
  obj=$1 suffix=$2
  shift 2
  mkdir -p "$obj"
  (cd "$obj" && "$work/src/configure" --with-protocols="bfd bgp pipe static" --enable-client=no --enable-pthreads=yes \
      --runstatedir=/var/run/calico "$@" >configure.log 2>&1 &&
    nice -n 10 make -j2 >make.log 2>&1 &&
    rm -f bird birdcl &&
    nice -n 10 make CC="gcc --static" bird birdcl >>make.log 2>&1) || { tail -n 30 "$obj/configure.log" "$obj/make.log" >&2; exit 1; }
  cp "$obj/bird" "$work/out/bird$suffix"
  cp "$obj/birdcl" "$work/out/birdcl$suffix"
}
build "$work/obj4" "" --with-sysconfig=linux
build "$work/obj6" 6 --enable-ipv6=yes --with-sysconfig=linux-v6
"$work/out/bird" --version 2>&1 | grep -q 'v0.3.3' || { echo "bird: the build does not report Calico's v0.3.3" >&2; "$work/out/bird" --version >&2; exit 1; }
rm -rf "$out"
mkdir -p "$(dirname "$out")"
mv "$work/out" "$out"
echo "bird: built in $(( $(date +%s) - start ))s" >&2
echo "$out"
