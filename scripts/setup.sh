#!/bin/sh
# Everything kube-fabric's main job and tests need on a fresh Debian machine, installed or built
# once and reused after: Debian packages, npm packages (npm ci), the Pulumi engine built from its
# Go modules, kubeadm built from its Go module, and the Debian rootfs of the disposable test nodes.
# Warm runs take seconds. Caches live in ${KUBE_FABRIC_CACHE:-$HOME/.cache/kube-fabric}.
set -eu

repo=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
cd "$repo"

# Debian packages: FRR and OpenSSH for the switch lab, debootstrap for the test nodes,
# shellcheck for the generated node scripts, iproute2 for namespaces and veth pairs; for the
# cluster tier: BIRD 1.6 (run by Calico's confd in each node namespace), ping, openssl (certificates).
packages="frr openssh-server openssh-client debootstrap shellcheck iproute2 procps util-linux ca-certificates bird iputils-ping openssl"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup: installing Debian packages:$missing"
  [ "$(id -u)" -eq 0 ] || { echo "setup: installing packages needs root (apt-get)" >&2; exit 1; }
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
# The FRR package starts a system-wide FRR; our labs run their own per namespace and need none.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet frr 2>/dev/null; then systemctl stop frr || true; fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi

echo "setup: Pulumi engine"
sh scripts/engine.sh
echo "setup: kubeadm"
sh tools/kubeadm/build.sh
echo "setup: cluster tier (etcd, kube-apiserver, kube-controller-manager, Calico confd)"
sh tools/etcd/build.sh >/dev/null
KUBE_BINARIES="kube-apiserver kube-controller-manager" sh tools/kube/build.sh >/dev/null
sh tools/confd/build.sh >/dev/null
# The Debian package starts a system-wide BIRD; the cluster tier runs its own per node namespace.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet bird 2>/dev/null; then systemctl stop bird || true; fi
echo "setup: test node rootfs"
sh scripts/nodes-rootfs.sh >/dev/null
echo "setup: done"
