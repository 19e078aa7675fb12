#!/bin/sh
# Builds, once, the VM lab's node image: a Debian 12 (bookworm) machine as a site would install it
# before kube-fabric touches it (systemd, networkd + netplan, OpenSSH, the stock kernel; no
# containerd, no Kubernetes), plus the Debian packages the containerd step will ask the site's
# mirror for (containerd, runc), which the lab's depot serves as that mirror.
#
# Out (printed on the last line): ${KUBE_FABRIC_CACHE:-$HOME/.cache/kube-fabric}/vm-node/<key>/
#   vmlinuz, initrd.img   booted directly by QEMU (-kernel/-initrd)
#   base.img              a sparse raw ext4 root; every VM runs on a qcow2 overlay of it
#   debs/                 containerd and runc as Debian ships them, for the depot's Debian repository
# <key> is a digest of this script and files/: a change rebuilds, an old image is never reused.
# Needs root, debootstrap, e2fsprogs; ~4 min cold.
set -eu
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
cache=${KUBE_FABRIC_CACHE:-$HOME/.cache/kube-fabric}/vm-node
key=$( (cat "$here/build-image.sh"; cd "$here/files" && LC_ALL=C ls | while read -r f; do cat "$f"; done) | sha256sum | cut -c1-16)
out="$cache/$key"
if [ -s "$out/base.img" ] && [ -s "$out/vmlinuz" ] && [ -s "$out/initrd.img" ] && [ -d "$out/debs" ]; then
  echo "vm-node: image is current ($out)" >&2
  echo "$out"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "vm-node: building the image needs root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "vm-node: debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }
command -v mkfs.ext4 >/dev/null || { echo "vm-node: mkfs.ext4 is missing: apt-get install -y e2fsprogs" >&2; exit 1; }

# Debian's mirror as the host's apt has it (a sources.list line or a deb822 URIs field).
mirror=$(
  { grep -hE '^deb[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk '{for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) {print $i; exit}}'
    grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}'
  } | grep -v -- '-security' | head -n 1
)
[ -n "$mirror" ] || { echo "vm-node: no Debian mirror in /etc/apt/sources.list(.d)" >&2; exit 1; }

mkdir -p "$cache"
work=$(mktemp -d "$cache/build.XXXXXX")
root="$work/root"
cleanup() {
  for m in proc sys; do if mountpoint -q "$root/$m" 2>/dev/null; then umount "$root/$m"; fi; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
start=$(date +%s)

include=systemd,systemd-sysv,udev,dbus,openssh-server,iproute2,netplan.io,kmod,iputils-ping,procps,ca-certificates,curl,gpg,linux-image-amd64,initramfs-tools,iptables,conntrack,socat,ethtool,ebtables,apt-utils
echo "vm-node: debootstrap bookworm (minbase + $include) from $mirror" >&2
# Downloaded packages are kept in the cache: a rebuild of the image downloads nothing again.
mkdir -p "$cache/debootstrap-debs"
nice -n 10 debootstrap --variant=minbase --cache-dir="$cache/debootstrap-debs" --include="$include" bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -n 30 "$work/debootstrap.log" >&2
  echo "vm-node: debootstrap failed" >&2
  exit 1
}

# What the containerd step will install from the site's mirror, downloaded now: the lab serves it.
mount -t proc proc "$root/proc"
cp /etc/resolv.conf "$root/etc/resolv.conf"
printf 'deb %s bookworm main\n' "$mirror" >"$root/etc/apt/sources.list"
chroot "$root" apt-get update -q >"$work/apt.log" 2>&1
rm -f "$root"/var/cache/apt/archives/*.deb   # the base system's own: only what containerd adds goes to debs/
chroot "$root" apt-get install -y -q --download-only --no-install-recommends containerd >>"$work/apt.log" 2>&1 || {
  tail -n 30 "$work/apt.log" >&2
  echo "vm-node: could not download containerd" >&2
  exit 1
}
mkdir -p "$work/debs"
mv "$root"/var/cache/apt/archives/*.deb "$work/debs/"
rm -rf "$root"/var/lib/apt/lists/*
: >"$root/etc/apt/sources.list"   # the seed names the site's mirror
: >"$root/etc/resolv.conf"

# The machine as a site hands it over: root logs in with a key, networkd runs the NICs.
echo '/dev/vda / ext4 defaults,noatime 0 1' >"$root/etc/fstab"
echo debian >"$root/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 debian\n' >"$root/etc/hosts"
: >"$root/etc/machine-id"          # a new one per machine at first boot
rm -f "$root/var/lib/dbus/machine-id" "$root"/etc/ssh/ssh_host_*
chroot "$root" systemctl enable systemd-networkd ssh >/dev/null 2>&1
# No timers that wake apt or scrub disks in the middle of a test; nothing waits for "online".
chroot "$root" systemctl mask apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer systemd-networkd-wait-online.service >/dev/null 2>&1
install -m 755 "$here/files/kube-fabric-lab-seed" "$root/usr/local/sbin/kube-fabric-lab-seed"
install -m 644 "$here/files/kube-fabric-lab-seed.service" "$root/etc/systemd/system/kube-fabric-lab-seed.service"
chroot "$root" systemctl enable kube-fabric-lab-seed.service >/dev/null 2>&1

# A small initramfs that finds the virtio disk (MODULES=dep cannot see the VM's devices from a chroot).
sed -i 's/^MODULES=.*/MODULES=list/' "$root/etc/initramfs-tools/initramfs.conf"
printf 'virtio_pci\nvirtio_blk\next4\n' >>"$root/etc/initramfs-tools/modules"
mount -t sysfs sys "$root/sys"
chroot "$root" update-initramfs -u >"$work/initramfs.log" 2>&1 || { tail -n 20 "$work/initramfs.log" >&2; exit 1; }
umount "$root/sys" "$root/proc"

mkdir -p "$work/out"
cp "$root"/boot/vmlinuz-* "$work/out/vmlinuz"
cp "$root"/boot/initrd.img-* "$work/out/initrd.img"
truncate -s 8G "$work/out/base.img"
nice -n 10 mkfs.ext4 -q -F -L root -d "$root" "$work/out/base.img"
mv "$work/debs" "$work/out/debs"
rm -rf "$out"
mv "$work/out" "$out"
echo "vm-node: built $out in $(( $(date +%s) - start ))s" >&2
echo "$out"
