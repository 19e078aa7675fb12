// The Calico tier of a stack lab (a stack whose topology has calico settings): a real control plane
// (etcd, kube-apiserver, kube-controller-manager on free 127.0.0.1 ports, certificates made for this
// lab, files in <state>/kube), a Node object per planned node (named as the plan's node, label
// kubernetes.io/hostname, the projectcalico.org/IPv4Address annotation calico-node's startup writes
// from IP autodetection on the fabric NIC), and the calico agent (calico-agent.ts: kubelet,
// calico-node and IPAM stand-ins) in place of node-bgp.ts's own BIRD. Every process is recorded in
// the lab's state the moment it exists, every pod namespace before the agent may create it.
//
// Two starts:
//   - "fresh": no Calico in the cluster; the Pulumi program installs it and writes its objects
//     (a fresh stack goes straight to its final shape);
//   - "defaults": Calico's release manifest already applied as `kubectl create -f calico.yaml` does,
//     unchanged: calico-node's startup makes the default pool (192.168.0.0/16, IPIP Always), no
//     BGPConfiguration (full mesh), blocks claimed by IPAM in an arbitrary order, pods running —
//     the cluster the migration path starts from.
import { mkdirSync, writeFileSync } from "fs";
import { join, resolve } from "path";
import { createNode } from "../calico-datastore";
import { createManifestObjects, manifestObjects } from "../calico-manifest";
import { labCalicoRelease } from "../calico-release";
import { confdBinary } from "../kube-binaries";
import { ControlPlane, startControlPlane } from "../kube-control-plane";
import { spawnTracked, TrackedProcess } from "../processes";
import { CalicoAgentSpec } from "./calico-agent";

export type CalicoLabStart = "fresh" | "defaults";

export const CALICO_LAB_STARTS: readonly CalicoLabStart[] = ["fresh", "defaults"];

/** Pods per node the pod stand-in makes. */
export const CALICO_PODS_PER_NODE = 2;

export interface CalicoTierNode {
  name: string;
  /** The node's network namespace. */
  namespace: string;
  /** Its fabric address with prefix length, e.g. 10.0.11.1/31 (what IP autodetection finds on the fabric NIC). */
  fabricAddress: string;
}

export interface CalicoTierOptions {
  start: CalicoLabStart;
  stateDir: string;
  nodes: readonly CalicoTierNode[];
  serviceCidr: string;
  /** Records a process the moment it exists. */
  onSpawn: (proc: TrackedProcess) => void;
  /** Records a namespace before it may come to exist. */
  recordNamespace: (name: string) => void;
  progress: (line: string) => void;
}

export interface CalicoTier {
  /** The admin kubeconfig (a secret: it holds the admin token). */
  kubeconfig: string;
  server: string;
  podsFile: string;
}

export function podNamespacesOf(nodeNamespace: string): string[] {
  return Array.from({ length: CALICO_PODS_PER_NODE }, (_, k) => `${nodeNamespace}-p${k + 1}`);
}

export function calicoPodsFile(stateDir: string): string {
  return join(stateDir, "calico", "pods.json");
}

export async function startCalicoTier(options: CalicoTierOptions): Promise<CalicoTier> {
  const { progress } = options;
  const release = labCalicoRelease();
  const confd = confdBinary();
  progress("calico tier: etcd, kube-apiserver, kube-controller-manager on 127.0.0.1 (certificates made for this lab)");
  const plane: ControlPlane = await startControlPlane({
    readyTimeoutMs: 180_000,
    serviceClusterIpRange: options.serviceCidr,
    persistent: { workDir: join(options.stateDir, "kube"), onSpawn: options.onSpawn },
  });
  progress(`  kube-apiserver ${plane.server}`);
  for (const node of options.nodes) {
    await createNode(plane.client, node.name, node.fabricAddress);
    progress(`  Node ${node.name}: projectcalico.org/IPv4Address ${node.fabricAddress}`);
  }
  if (options.start === "defaults") {
    const created = await createManifestObjects(plane.client, release.manifest);
    progress(`  Calico ${release.version} on its defaults: ${created} objects of manifests/calico.yaml created as kubectl create -f does`);
  }
  const crdNames = manifestObjects(release.manifest).filter((o) => o.kind === "CustomResourceDefinition").map((o) => o.metadata.name);
  const agentDir = join(options.stateDir, "calico");
  mkdirSync(agentDir, { recursive: true });
  const nodes = options.nodes.map((node) => {
    const podNamespaces = podNamespacesOf(node.namespace);
    podNamespaces.forEach(options.recordNamespace);
    return { name: node.name, namespace: node.namespace, workDir: join(agentDir, node.name), fabricAddress: node.fabricAddress.split("/")[0], podNamespaces };
  });
  const spec: CalicoAgentSpec = {
    access: { server: plane.server, caCertificate: plane.caCertificate, token: plane.token },
    kubeconfigPath: plane.kubeconfigPath,
    confdBinary: confd,
    confdTemplates: release.confdDir,
    crdNames,
    nodes,
    podsFile: calicoPodsFile(options.stateDir),
  };
  const specFile = join(agentDir, "agent.json");
  writeFileSync(specFile, JSON.stringify(spec, null, 2) + "\n", { mode: 0o600 });
  const agent = await spawnTracked("calico agent (kubelet, calico-node, IPAM stand-ins)", process.execPath, [
    "--no-experimental-strip-types", "-r", require.resolve("ts-node/register/transpile-only"), resolve(__dirname, "calico-agent.ts"), specFile,
  ], join(agentDir, "agent.log"));
  options.onSpawn(agent);
  progress(`  calico agent: calico-node stand-ins start once Calico's DaemonSet and CRDs exist; pods once a pool selects their node (log ${agent.logFile})`);
  return { kubeconfig: plane.kubeconfig, server: plane.server, podsFile: spec.podsFile };
}
