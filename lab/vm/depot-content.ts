// What the VM lab's depot holds for Kubernetes 1.28.15, built from this machine's cached builds:
// - files/kubernetes/v1.28/deb/: kubelet, kubeadm, kubectl and cri-tools as .debs in a signed flat
//   apt repository laid out like pkgs.k8s.io's (the stack's kubernetes.packageRepository);
// - files/debian/: the Debian packages the containerd step installs (the site's OS mirror);
// - images/: every image `kubeadm config images list` names, under those names (what the stack's
//   kubernetes.registryMirrors lets containerd pull from here).
// Rebuilt only when an input changed (a digest of the inputs' names, sizes and times).

import { createHash } from "crypto";
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "fs";
import { join } from "path";
import { debsIn, writeFlatRepository } from "./apt-repository";
import { buildDeb, DebSpec } from "./deb-package";
import { CalicoImageInputs, calicoImages } from "./calico-images";
import { ImageSpec, writeImage } from "./oci-image";
import { hostFile as file, iptablesEntries } from "./host-programs";
import { KUBERNETES_VERSION } from "../kube-binaries";

/** Bump when what the depot holds changes shape. */
const DEPOT_FORMAT = 4;

export const PACKAGE_REVISION = "1.1";
export const KUBERNETES_REPOSITORY_PATH = "kubernetes/v1.28/deb/";
export const DEBIAN_REPOSITORY_PATH = "debian/";

export interface DepotInputs {
  /** kube-apiserver, kube-controller-manager, kube-scheduler, kube-proxy, kubelet, kubectl (tools/kube). */
  kubeDir: string;
  kubeadm: string;
  etcd: string;
  crictl: string;
  coredns: string;
  pause: string;
  /** containerd, runc (tools/vm-node/build-image.sh's debs/). */
  debianDebs: string;
  /** Calico's own images (calico/node, calico/cni, calico/kube-controllers). */
  calico: CalicoImageInputs;
}

const KUBELET_SERVICE = `[Unit]
Description=kubelet: The Kubernetes Node Agent
Documentation=https://kubernetes.io/docs/
Wants=network-online.target
After=network-online.target

[Service]
ExecStart=/usr/bin/kubelet
Restart=always
StartLimitInterval=0
RestartSec=10

[Install]
WantedBy=multi-user.target
`;

const KUBEADM_DROP_IN = `# Note: This dropin only works with kubeadm and kubelet v1.11+
[Service]
Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
# kubeadm init and kubeadm join write this file, with KUBELET_KUBEADM_ARGS
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
EnvironmentFile=-/etc/default/kubelet
ExecStart=
ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
`;

const ENABLE_KUBELET = `#!/bin/sh
set -e
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable kubelet >/dev/null 2>&1 || true
fi
`;

/** The four packages, with the dependencies pkgs.k8s.io's carry (kubernetes-cni left out: Calico installs its CNI plugins). */
export function kubernetesDebs(inputs: DepotInputs, unitDir: string): DebSpec[] {
  const version = `${KUBERNETES_VERSION.replace(/^v/, "")}-${PACKAGE_REVISION}`;
  const bin = (source: string, name: string) => ({ source, target: `/usr/bin/${name}`, mode: 0o755 });
  return [
    {
      name: "kubelet",
      version,
      depends: ["iptables (>= 1.4.21)", "iproute2", "socat", "util-linux", "mount", "ebtables", "ethtool", "conntrack"],
      description: "Node agent for Kubernetes clusters (kube-fabric VM lab build)",
      files: [bin(join(inputs.kubeDir, "kubelet"), "kubelet"), { source: join(unitDir, "kubelet.service"), target: "/usr/lib/systemd/system/kubelet.service", mode: 0o644 }],
      postinst: ENABLE_KUBELET,
    },
    {
      name: "kubeadm",
      version,
      depends: ["kubelet (>= 1.19.0)", "kubectl (>= 1.13.0)", "cri-tools (>= 1.25.0)"],
      description: "Command-line utility for administering a Kubernetes cluster (kube-fabric VM lab build)",
      files: [bin(inputs.kubeadm, "kubeadm"), { source: join(unitDir, "10-kubeadm.conf"), target: "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf", mode: 0o644 }],
    },
    {
      name: "kubectl",
      version,
      depends: [],
      description: "Command-line utility for interacting with a Kubernetes cluster (kube-fabric VM lab build)",
      files: [bin(join(inputs.kubeDir, "kubectl"), "kubectl")],
    },
    {
      name: "cri-tools",
      version: `1.34.0-${PACKAGE_REVISION}`,
      depends: [],
      description: "Command-line utility for interacting with a container runtime (kube-fabric VM lab build)",
      files: [bin(inputs.crictl, "crictl")],
    },
  ];
}

export async function kubernetesImages(inputs: DepotInputs): Promise<ImageSpec[]> {
  const registry = "registry.k8s.io";
  const v = KUBERNETES_VERSION;
  const control = (name: string): ImageSpec => ({
    reference: `${registry}/${name}:${v}`,
    entrypoint: [`/usr/local/bin/${name}`],
    entries: [file(join(inputs.kubeDir, name), `/usr/local/bin/${name}`)],
  });
  return [
    { reference: `${registry}/pause:3.9`, entrypoint: ["/pause"], entries: [file(inputs.pause, "/pause")] },
    { reference: `${registry}/etcd:3.5.15-0`, entrypoint: ["/usr/local/bin/etcd"], entries: [file(inputs.etcd, "/usr/local/bin/etcd")] },
    control("kube-apiserver"),
    control("kube-controller-manager"),
    control("kube-scheduler"),
    { ...control("kube-proxy"), entries: [file(join(inputs.kubeDir, "kube-proxy"), "/usr/local/bin/kube-proxy"), ...(await iptablesEntries())] },
    { reference: `${registry}/coredns/coredns:v1.10.1`, entrypoint: ["/coredns"], entries: [file(inputs.coredns, "/coredns")] },
  ];
}

function inputsDigest(inputs: DepotInputs): string {
  const hash = createHash("sha256").update(`format ${DEPOT_FORMAT}\n`);
  const paths = [
    ...["kube-apiserver", "kube-controller-manager", "kube-scheduler", "kube-proxy", "kubelet", "kubectl"].map((b) => join(inputs.kubeDir, b)),
    inputs.kubeadm,
    inputs.etcd,
    inputs.crictl,
    inputs.coredns,
    inputs.pause,
    ...debsIn(inputs.debianDebs),
    ...["calico-node", "calico", "install", "kube-controllers", "check-status"].map((b) => join(inputs.calico.calicoDir, b)),
    ...["bird", "bird6", "birdcl", "birdcl6"].map((b) => join(inputs.calico.birdDir, b)),
    ...["loopback", "host-local", "portmap", "bandwidth", "tuning"].map((b) => join(inputs.calico.cniPluginsDir, b)),
    join(inputs.calico.calicoModule, "go.mod"),
  ];
  for (const path of paths) {
    if (!existsSync(path)) throw new Error(`${path} is missing: run sh scripts/setup.sh (it builds the VM lab's binaries)`);
    const stat = statSync(path);
    hash.update(`${path} ${stat.size} ${stat.mtimeMs}\n`);
  }
  return hash.digest("hex").slice(0, 16);
}

/** Builds the depot under cacheRoot/vm-depot/<digest> unless it is there; returns its folder. */
export async function buildDepot(cacheRoot: string, inputs: DepotInputs, progress: (line: string) => void = () => undefined): Promise<string> {
  const depot = join(cacheRoot, "vm-depot", inputsDigest(inputs));
  if (existsSync(join(depot, "complete"))) return depot;
  rmSync(depot, { recursive: true, force: true });
  const work = join(depot, "work");
  mkdirSync(work, { recursive: true });
  const gnupgHome = join(cacheRoot, "vm-depot", "gnupg");
  progress("depot: Kubernetes packages");
  writeFileSync(join(work, "kubelet.service"), KUBELET_SERVICE);
  writeFileSync(join(work, "10-kubeadm.conf"), KUBEADM_DROP_IN);
  const debs: string[] = [];
  for (const spec of kubernetesDebs(inputs, work)) debs.push(await buildDeb(spec, work));
  await writeFlatRepository(join(depot, "files", KUBERNETES_REPOSITORY_PATH), debs, gnupgHome, "kube-fabric-lab-kubernetes");
  progress("depot: Debian packages (containerd)");
  await writeFlatRepository(join(depot, "files", DEBIAN_REPOSITORY_PATH), debsIn(inputs.debianDebs), gnupgHome, "kube-fabric-lab-debian");
  progress("depot: images");
  for (const image of [...(await kubernetesImages(inputs)), ...(await calicoImages(inputs.calico))]) {
    writeImage(join(depot, "images"), image);
    progress(`  ${image.reference}`);
  }
  rmSync(work, { recursive: true, force: true });
  writeFileSync(join(depot, "complete"), `${new Date().toISOString()}\n`);
  return depot;
}
