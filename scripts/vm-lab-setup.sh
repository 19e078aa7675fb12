#!/bin/sh
# What the VM lab (`npm run lab:up -- <stack> --nodes vm`, test/vm) needs beyond the rest of setup,
# built once and reused: QEMU and the depot's tools from Debian, Kubernetes' node binaries (kubelet,
# kube-proxy, kube-scheduler, kubectl) from the same module and build cache as the control plane's,
# crictl, CoreDNS and pause from theirs, the Debian 12 node image (tools/vm-node/build-image.sh), and
# Calico's own components: calico-node, the CNI plugin and installer, kube-controllers (tools/calico),
# the CNI reference plugins (tools/cni-plugins) and Calico's BIRD (tools/bird).
# Warm: seconds. Called by scripts/setup.sh.
set -eu
repo=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
cd "$repo"

# QEMU (TCG) for the VMs, socat for the management forwarders, e2fsprogs for the image, apt-utils
# and gnupg for the signed package repository, iptables and conntrack for kube-proxy's image, curl
# for the depot's readiness check; gcc, make, autoconf, bison, flex, readline and ncurses for Calico's
# BIRD; runit, ipset, kmod and busybox-static for calico-node's image.
packages="qemu-system-x86 qemu-utils socat e2fsprogs apt-utils gnupg iptables conntrack curl gcc make autoconf bison flex libreadline-dev libncurses-dev runit ipset busybox-static kmod"
. "$repo/scripts/lib/debian-packages.sh"
debian_install_missing vm-lab-setup "$packages"

KUBE_BINARIES="kube-scheduler kube-proxy kubelet kubectl" sh tools/kube/build.sh >/dev/null
sh tools/kubeadm/build.sh >/dev/null
sh tools/crictl/build.sh >/dev/null
sh tools/coredns/build.sh >/dev/null
sh tools/pause/build.sh >/dev/null
sh tools/vm-node/build-image.sh >/dev/null
sh tools/cni-plugins/build.sh >/dev/null
sh tools/calico/build.sh >/dev/null
sh tools/bird/build.sh >/dev/null
