// The cluster tier's lab: a real control plane (lab/kube-control-plane.ts) with Calico's CRDs,
// one FRR leaf (lab/frr-lab.ts), node namespaces cabled to it, each running a calico-node stand-in
// (Calico's confd + BIRD, lab/calico-node.ts) with pods wired as Calico wires them
// (lab/calico-pods.ts), and a client namespace behind the leaf. Node objects, IPAM blocks and
// affinities are written as kubelet and calico-node would (lab/calico-datastore.ts).
//
// Addressing (all inside the lab's own namespaces): node i (1-based) ↔ leaf on 10.10.i.0/31 (leaf
// .0, node .1, the node's default route via the leaf: the fabric is the nodes' way out); client ↔
// leaf on 10.20.0.0/31. The leaf: FRR AS `leafAs`, a neighbor per node with the node's `asNumber`
// (what kube-fabric's leaf peering renders), no policy (import policy is the chain's job).
//
// The seam: nodes are started by startLabNode(); when the lab's own node namespaces carry BIRD,
// replace it there. stop() stops exactly what was started (by PID), deletes the namespaces.
import { mkdirSync } from "fs";
import { join } from "path";
import { labCalicoRelease } from "./calico-release";
import { applyCalicoCrds, claimBlock, createNode, setBgpConfiguration, setIpPool } from "./calico-datastore";
import { CalicoNode, startCalicoNode } from "./calico-node";
import { createPod, LabPod } from "./calico-pods";
import { run } from "./exec";
import { registerExitCleanup } from "./exit-cleanup";
import { FrrLab, LabRouter, startFrrLab } from "./frr-lab";
import { confdBinary } from "./kube-binaries";
import { ControlPlane, startControlPlane } from "./kube-control-plane";
import { addAddress, addVethPair, createNamespace, deleteNamespace, deleteNamespaceSync, setLinkUp } from "./netns";

export interface CalicoLabNodeSpec {
  name: string;
  /** The node's own AS for eBGP with the leaf (the leaf's neighbor is configured with it). */
  asNumber: number;
  /** The IPAM block this node has claimed, e.g. 192.168.111.0/26 (any order, as Calico's IPAM gives them). */
  block: string;
  /** How many pods it runs (addresses .1, .2, ... of its block); default 1. */
  pods?: number;
}

/** The datastore a lab starts from: Calico's defaults (full mesh, IPIP Always) or the final shape (no mesh, no encapsulation). */
export type CalicoLabStart = "defaults" | "tor";

export interface CalicoClusterLabSpec {
  nodes: readonly CalicoLabNodeSpec[];
  poolCidr: string;
  /** The cluster's global AS (BGPConfiguration asNumber), default 64512 as Calico's. */
  clusterAs?: number;
  leafAs: number;
  start: CalicoLabStart;
}

export interface CalicoLabNode {
  readonly spec: CalicoLabNodeSpec;
  readonly namespace: string;
  /** The node's fabric address (BGP source, Node annotation). */
  readonly address: string;
  /** The leaf's address on the node's link. */
  readonly leafAddress: string;
  readonly pods: readonly LabPod[];
  readonly calico: CalicoNode;
}

export interface CalicoClusterLab {
  readonly plane: ControlPlane;
  readonly frr: FrrLab;
  readonly leaf: LabRouter;
  readonly nodes: readonly CalicoLabNode[];
  readonly client: { namespace: string; address: string };
  node(name: string): CalicoLabNode;
  stop(): Promise<void>;
}

export const CLUSTER_AS = 64512;

/**
 * Two nodes on one leaf, on Calico's defaults, their blocks in the order Calico's IPAM might hand
 * them out (the seed's were .111, .95, .217, .52): what the tests and the migration bench start from.
 */
export const TWO_NODES_ON_DEFAULTS: CalicoClusterLabSpec = {
  nodes: [
    { name: "node1", asNumber: 65101, block: "192.168.111.0/26" },
    { name: "node2", asNumber: 65102, block: "192.168.95.0/26" },
  ],
  poolCidr: "192.168.0.0/16",
  leafAs: 65001,
  start: "defaults",
};

export function nodeLinkAddresses(index: number): { leaf: string; node: string } {
  return { leaf: `10.10.${index + 1}.0`, node: `10.10.${index + 1}.1` };
}

/** The leaf's BGP configuration: one neighbor per node, with the node's own AS. */
export function leafBgpCommands(spec: CalicoClusterLabSpec): string[] {
  return [
    "configure terminal",
    `router bgp ${spec.leafAs}`,
    " bgp router-id 10.255.0.1",
    " no bgp ebgp-requires-policy",
    " no bgp network import-check",
    ...spec.nodes.flatMap((node, index) => [` neighbor ${nodeLinkAddresses(index).node} remote-as ${node.asNumber}`, ` neighbor ${nodeLinkAddresses(index).node} timers connect 2`]),
    "end",
  ];
}

export function podAddresses(node: CalicoLabNodeSpec): string[] {
  const base = node.block.split("/")[0].split(".").map(Number);
  return Array.from({ length: node.pods ?? 1 }, (_, k) => `${base[0]}.${base[1]}.${base[2]}.${base[3] + k + 1}`);
}

export async function startCalicoClusterLab(spec: CalicoClusterLabSpec): Promise<CalicoClusterLab> {
  const release = labCalicoRelease();
  const confd = confdBinary();
  const namespaces: string[] = [];
  const calicoNodes: CalicoNode[] = [];
  let plane: ControlPlane | undefined;
  let frr: FrrLab | undefined;
  const stopSync = () => {
    calicoNodes.forEach((node) => node.stopSync());
    [...namespaces].reverse().forEach(deleteNamespaceSync);
  };
  const unregister = registerExitCleanup({ label: "calico cluster lab", stopSync });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      const failures: string[] = [];
      for (const step of [
        ...calicoNodes.map((node) => () => node.stop()),
        ...[...namespaces].reverse().map((ns) => () => deleteNamespace(ns)),
        () => frr?.stop() ?? Promise.resolve(),
        () => plane?.stop() ?? Promise.resolve(),
      ]) {
        try {
          await step();
        } catch (error) {
          failures.push(error instanceof Error ? error.message : String(error));
        }
      }
      if (failures.length > 0) throw new Error(`calico cluster lab stop left work undone:\n  ${failures.join("\n  ")}`);
    })().finally(unregister);
    return stopping;
  };

  try {
    plane = await startControlPlane({ controllerManager: false });
    const client = plane.client;
    await applyCalicoCrds(client, release.crdDir);
    const clusterAs = spec.clusterAs ?? CLUSTER_AS;
    await setBgpConfiguration(client, { nodeToNodeMeshEnabled: spec.start === "defaults", asNumber: clusterAs });
    await setIpPool(client, "default-ipv4-ippool", { cidr: spec.poolCidr, ipipMode: spec.start === "defaults" ? "Always" : "Never", natOutgoing: spec.start === "defaults" });
    for (const [index, node] of spec.nodes.entries()) {
      await createNode(client, node.name, `${nodeLinkAddresses(index).node}/31`, spec.start === "tor" ? node.asNumber : undefined);
      await claimBlock(client, node.name, node.block, podAddresses(node));
    }

    frr = await startFrrLab({ routers: [{ name: "leaf" }] });
    const leaf = frr.router("leaf");
    const nodes: CalicoLabNode[] = [];
    for (const [index, nodeSpec] of spec.nodes.entries()) {
      const namespace = `${frr.runId}-${nodeSpec.name}`;
      namespaces.push(namespace);
      await createNamespace(namespace);
      const link = nodeLinkAddresses(index);
      const leafEnd = { namespace: leaf.namespace, name: `Ethernet${index + 1}` };
      const nodeEnd = { namespace, name: "fabric0" };
      await addVethPair(leafEnd, nodeEnd);
      await addAddress(leafEnd, `${link.leaf}/31`);
      await addAddress(nodeEnd, `${link.node}/31`);
      await setLinkUp(leafEnd);
      await setLinkUp(nodeEnd);
      await run("ip", ["-n", namespace, "route", "add", "default", "via", link.leaf]);
      const pods: LabPod[] = [];
      for (const [k, address] of podAddresses(nodeSpec).entries()) {
        const podNamespace = `${namespace}-p${k + 1}`;
        namespaces.push(podNamespace);
        pods.push(await createPod(namespace, podNamespace, address));
      }
      const nodeDir = join(frr.workDir, "calico", nodeSpec.name);
      mkdirSync(nodeDir, { recursive: true });
      const calico = await startCalicoNode({
        nodeName: nodeSpec.name, namespace, workDir: nodeDir, kubeconfigPath: plane.kubeconfigPath, confdBinary: confd, confdTemplates: release.confdDir,
        tunnel: { local: link.node, peers: spec.nodes.map((_, other) => nodeLinkAddresses(other).node).filter((address) => address !== link.node) },
      });
      calicoNodes.push(calico);
      nodes.push({ spec: nodeSpec, namespace, address: link.node, leafAddress: link.leaf, pods, calico });
    }
    await leaf.vtysh(leafBgpCommands(spec));

    const clientNamespace = `${frr.runId}-client`;
    namespaces.push(clientNamespace);
    await createNamespace(clientNamespace, { forwarding: false });
    const leafClient = { namespace: leaf.namespace, name: "Ethernet99" };
    const clientEnd = { namespace: clientNamespace, name: "eth0" };
    await addVethPair(leafClient, clientEnd);
    await addAddress(leafClient, "10.20.0.0/31");
    await addAddress(clientEnd, "10.20.0.1/31");
    await setLinkUp(leafClient);
    await setLinkUp(clientEnd);
    await run("ip", ["-n", clientNamespace, "route", "add", "default", "via", "10.20.0.0"]);

    return {
      plane,
      frr,
      leaf,
      nodes,
      client: { namespace: clientNamespace, address: "10.20.0.1" },
      node(name: string) {
        const found = nodes.find((node) => node.spec.name === name);
        if (!found) throw new Error(`no node ${name} in the lab (nodes: ${nodes.map((n) => n.spec.name).join(", ")})`);
        return found;
      },
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
