#!/bin/sh
# Everything kube-fabric's main job and tests need on a fresh Debian machine, installed or built
# once and reused after: Debian packages, npm packages (npm ci), the Pulumi engine built from its
# Go modules, kubeadm, the cluster tier (etcd, kube-apiserver/-controller-manager, Calico's confd,
# Calico's BIRD, the Kubernetes provider plugin, Versity's S3 gateway for test/team) built from theirs, the Debian
# rootfs of the disposable test nodes, and the VM lab's image and binaries (scripts/vm-lab-setup.sh).
# Warm runs take seconds. Caches live in ${KUBE_FABRIC_CACHE:-$HOME/.cache/kube-fabric}.
set -eu

repo=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
cd "$repo"

# Debian packages: FRR and OpenSSH for the switch lab, debootstrap for the test nodes,
# shellcheck for the generated node scripts, iproute2 for namespaces and veth pairs, Debian's BIRD 1.6
# (the local lab's nodes announce their pod blocks with it when the stack has no Calico settings),
# ping, openssl (cluster-tier certificates), graphviz (dot) for `npm run diagram`; gcc, make,
# autoconf, bison, flex, readline and ncurses to build Calico's BIRD (tools/bird/build.sh).
packages="frr bird openssh-server openssh-client debootstrap shellcheck iproute2 procps util-linux ca-certificates iputils-ping openssl graphviz time gcc make autoconf bison flex libreadline-dev libncurses-dev"
. "$repo/scripts/lib/debian-packages.sh"
debian_install_missing setup "$packages"
# The FRR package starts a system-wide FRR; our labs run their own per namespace and need none.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet frr 2>/dev/null; then systemctl stop frr || true; fi
# Likewise BIRD: the lab runs one per node namespace.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet bird 2>/dev/null; then systemctl stop bird || true; fi

# The lab's SSH login account (lab/system-accounts.ts): uid 0, because its sessions enter network
# namespaces, but its own name, its own empty home and /bin/sh as shell, so `sh -c <login script>` reads
# none of root's start-up files (a ~/.bashrc running `pyenv init` made every lab login take seconds).
# Created once; no other account or file is changed. An account of that name set up otherwise is an error.
lab_user=kube-fabric-lab
lab_home=/var/lib/kube-fabric-lab
if ! getent passwd "$lab_user" >/dev/null; then
  [ "$(id -u)" -eq 0 ] || { echo "setup: creating the lab login account $lab_user needs root (useradd)" >&2; exit 1; }
  echo "setup: creating the lab login account $lab_user (uid 0, home $lab_home, shell /bin/sh)"
  useradd --system --non-unique --uid 0 --gid 0 --no-create-home --home-dir "$lab_home" \
    --shell /bin/sh --password '*' --comment "kube-fabric lab SSH logins" "$lab_user"
fi
lab_account=$(getent passwd "$lab_user" | cut -d: -f3,4,6,7)
if [ "$lab_account" != "0:0:$lab_home:/bin/sh" ]; then
  echo "setup: account $lab_user exists as uid:gid:home:shell $lab_account, expected 0:0:$lab_home:/bin/sh." \
    "If it is kube-fabric's, fix it: usermod -o -u 0 -g 0 -d $lab_home -s /bin/sh $lab_user;" \
    "if it is someone else's, rename it. Then run setup again." >&2
  exit 1
fi
if [ ! -d "$lab_home" ]; then
  mkdir -m 0755 "$lab_home"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi
# Node.js for the tests and the program: @pulumi/pulumi 3.260 needs >= 22, Debian 12 ships 18 and our
# machines 20. On Linux npm ci installed the optional dependency node-linux-<x64|arm64> (the official
# binary, from the npm registry): node_modules/.bin/node, which every npm script and npx put first on PATH.
node_modules/.bin/node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 22 ? 0 : 1)' ||
  { echo "setup: node_modules/.bin/node is missing or older than 22: run npm ci" >&2; exit 1; }
echo "setup: Node.js $(node_modules/.bin/node --version) (node_modules/.bin/node)"

# Every cold Go build appends its `/usr/bin/time -v` figures (wall, CPU seconds, peak memory) here, so the
# cost of a cold setup can be read back: tools/lib/gobuild.sh GOBUILD_TIME.
GOBUILD_TIME=${GOBUILD_TIME:-${KUBE_FABRIC_CACHE:-$HOME/.cache/kube-fabric}/cold-builds.log}
export GOBUILD_TIME
mkdir -p "$(dirname "$GOBUILD_TIME")"
echo "setup: Pulumi engine"
sh scripts/engine.sh
echo "setup: kubeadm"
sh tools/kubeadm/build.sh
echo "setup: cluster tier (etcd, kube-apiserver, kube-controller-manager, Calico confd)"
sh tools/etcd/build.sh >/dev/null
KUBE_BINARIES="kube-apiserver kube-controller-manager" sh tools/kube/build.sh >/dev/null
sh tools/confd/build.sh >/dev/null
# Calico's BIRD (the fork calico-node runs): the namespace nodes' calico-node stand-in, and the VM lab's image.
sh tools/bird/build.sh >/dev/null
echo "setup: S3 gateway for the team-state tests (versitygw v1.8.0)"
sh tools/versitygw/build.sh >/dev/null
echo "setup: Kubernetes provider plugin for the engine (@pulumi/kubernetes 4.25.0)"
sh tools/pulumi-kubernetes/build.sh >/dev/null
# The Debian package starts a system-wide BIRD; the cluster tier runs its own per node namespace.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet bird 2>/dev/null; then systemctl stop bird || true; fi
echo "setup: test node rootfs"
sh scripts/nodes-rootfs.sh >/dev/null
echo "setup: VM lab (QEMU, the node image, kubelet/kube-proxy/kube-scheduler, crictl, CoreDNS, pause, Calico's own components and BIRD)"
sh scripts/vm-lab-setup.sh
echo "setup: done"
