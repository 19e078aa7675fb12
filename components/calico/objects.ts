// Calico's routing objects for a plan, as Calico stores them in Kubernetes-datastore mode
// (crd.projectcalico.org/v1, and Node annotations for a node's BGP address and AS) — what calicoctl
// writes, and what calico-node's confd reads (proven in test/cluster/calico-node.test.ts). Pure.
import type { CalicoStagePlan } from "../plan/calico-plan";
import type { CalicoRouting } from "../plan/config-types";
import { NodePlan } from "../plan/plan-types";

export const CALICO_CRD_API_VERSION = "crd.projectcalico.org/v1";
export const IPV4_ADDRESS_ANNOTATION = "projectcalico.org/IPv4Address";
export const AS_NUMBER_ANNOTATION = "projectcalico.org/ASNumber";
/** Calico's own default cluster AS (BGPConfiguration default): the full mesh runs on it. */
export const CALICO_DEFAULT_AS = 64512;

export type Encapsulation = "Always" | "CrossSubnet" | "Never";

export interface CalicoObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: Record<string, unknown>;
}

export function bgpConfiguration(nodeToNodeMesh: boolean, clusterAs = CALICO_DEFAULT_AS): CalicoObject {
  return {
    apiVersion: CALICO_CRD_API_VERSION,
    kind: "BGPConfiguration",
    metadata: { name: "default" },
    spec: { nodeToNodeMeshEnabled: nodeToNodeMesh, asNumber: clusterAs, logSeverityScreen: "Info" },
  };
}

export interface PoolOptions {
  ipipMode: Encapsulation;
  natOutgoing: boolean;
  blockSize: number;
  nodeSelector?: string;
}

export function ipPool(name: string, cidr: string, options: PoolOptions): CalicoObject {
  return {
    apiVersion: CALICO_CRD_API_VERSION,
    kind: "IPPool",
    metadata: { name },
    spec: { cidr, ipipMode: options.ipipMode, vxlanMode: "Never", natOutgoing: options.natOutgoing, blockSize: options.blockSize, nodeSelector: options.nodeSelector ?? "all()" },
  };
}

export function leafPeerName(node: NodePlan): string {
  return `${node.name}-${node.leaf}`;
}

/** The node's session with its own leaf only (node-scoped BGPPeer). */
export function leafPeer(node: NodePlan): CalicoObject {
  return {
    apiVersion: CALICO_CRD_API_VERSION,
    kind: "BGPPeer",
    metadata: { name: leafPeerName(node) },
    spec: { node: node.name, peerIP: node.leafPeerAddress, asNumber: node.leafAsn },
  };
}

/**
 * calico-node's address autodetection pinned to the fabric: exactly the nodes' /31s, so a node
 * never takes its management/internet NIC's address as its BGP address (the seed's failure).
 */
export function fabricAutodetection(nodes: readonly NodePlan[]): string {
  const networks = nodes.map((node) => {
    const [address, length] = node.fabricAddress.split("/");
    const octets = address.split(".").map(Number);
    octets[3] &= 0xfe; // the /31's network address
    return `${octets.join(".")}/${length}`;
  });
  return `cidr=${[...new Set(networks)].join(",")}`;
}

/** What the Calico objects say for one routing (pure): the stage plan's pools, the mesh, node ASes, leaf peers. */
export interface RoutingObjects {
  pools: CalicoObject[];
  bgpConfiguration: CalicoObject;
  /** Per node: the annotations kube-fabric owns on its Node (its own AS at tor, none at overlay). */
  nodeAnnotations: Record<string, Record<string, string>>;
  /** BGPPeers (tor only). */
  peers: CalicoObject[];
}

export function routingObjects(stage: CalicoStagePlan, nodes: readonly NodePlan[], routing: CalicoRouting): RoutingObjects {
  const tor = routing === "tor";
  const pools = stage.pools.map((pool) =>
    ipPool(pool.name, pool.cidr, {
      ipipMode: tor ? "Never" : "Always",
      // Calico's defaults NAT pod traffic leaving the pools; at tor pods are routable addresses of the fabric.
      natOutgoing: !tor,
      blockSize: pool.blockSize,
      nodeSelector: pool.nodeSelector,
    }),
  );
  const bgp = bgpConfiguration(!tor, stage.clusterAs);
  if (tor) bgp.spec.serviceClusterIPs = [{ cidr: stage.serviceCidr }];
  return {
    pools,
    bgpConfiguration: bgp,
    nodeAnnotations: Object.fromEntries(nodes.map((node): [string, Record<string, string>] => [node.name, tor ? { [AS_NUMBER_ANNOTATION]: String(node.asn) } : {}])),
    peers: tor ? nodes.map(leafPeer) : [],
  };
}
