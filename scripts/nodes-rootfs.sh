#!/bin/sh
# Builds, once, the Debian bookworm root filesystem that test/nodes copies into its disposable
# nodes, and prints the tarball's path on its last line. Later runs reuse the tarball.
#
# The nodes run in network namespaces with no way out, so the Debian packages the node steps
# install (containerd and its dependencies) are downloaded here from Debian's mirror (the one the
# host's apt uses) into a local file: repository inside the rootfs, which is its only apt source.
# Needs root and debootstrap (apt-get install -y debootstrap).
set -eu

cache="${KUBE_FABRIC_CACHE:-$HOME/.cache/kube-fabric}/rootfs"
# Bump the suffix when the contents below change, so that old caches are not reused.
tarball="$cache/debian-bookworm-node-v1.tar.gz"
suite=bookworm
include=openssh-server,sudo,iproute2,netplan.io,kmod,procps,apt-utils,ca-certificates,iptables,conntrack,ethtool,dash
repo=/var/local/kube-fabric-debs

if [ -s "$tarball" ]; then
  echo "rootfs already built: $tarball" >&2
  echo "$tarball"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "error: building the node rootfs needs root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "error: debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }

# Debian's mirror as the host's apt has it: a one-line sources.list entry or a deb822 URIs field.
mirror=$(
  { grep -hE '^deb[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk '{for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) {print $i; exit}}'
    grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}'
  } | grep -v -- '-security' | head -n 1
)
[ -n "$mirror" ] || { echo "error: no Debian mirror found in /etc/apt/sources.list or /etc/apt/sources.list.d" >&2; exit 1; }

mkdir -p "$cache"
work=$(mktemp -d "$cache/build.XXXXXX")
root="$work/root"
cleanup() {
  if mountpoint -q "$root/proc" 2>/dev/null; then umount "$root/proc"; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

start=$(date +%s)
echo "debootstrap $suite (minbase + $include) from $mirror ..." >&2
debootstrap --variant=minbase --include="$include" "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -n 30 "$work/debootstrap.log" >&2
  echo "error: debootstrap failed" >&2
  exit 1
}

# The local repository: containerd and what it pulls in, as the containerd step will ask apt for it.
mount -t proc proc "$root/proc"
cp /etc/resolv.conf "$root/etc/resolv.conf"
printf 'deb %s %s main\n' "$mirror" "$suite" >"$root/etc/apt/sources.list"
chroot "$root" apt-get update -q >"$work/apt.log" 2>&1
chroot "$root" apt-get install -y -q --download-only --no-install-recommends containerd >>"$work/apt.log" 2>&1 || {
  tail -n 30 "$work/apt.log" >&2
  echo "error: could not download containerd into the rootfs" >&2
  exit 1
}
mkdir -p "$root$repo"
mv "$root"/var/cache/apt/archives/*.deb "$root$repo/"
chroot "$root" sh -c "cd $repo && apt-ftparchive packages . >Packages"
printf 'deb [trusted=yes] file:%s ./\n' "$repo" >"$root/etc/apt/sources.list"
rm -rf "$root"/var/lib/apt/lists/*
chroot "$root" apt-get update -q >>"$work/apt.log" 2>&1
umount "$root/proc"

# A chroot has no init to start services: package scripts must not try (the usual policy-rc.d).
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
rm -f "$root"/etc/ssh/ssh_host_*
: >"$root/etc/resolv.conf"

tar -C "$root" --numeric-owner -czf "$tarball.tmp" .
mv "$tarball.tmp" "$tarball"
echo "built $tarball in $(( $(date +%s) - start ))s ($(du -h "$tarball" | cut -f1))" >&2
echo "$tarball"
