// Calico's objects in a lab apiserver, written the way Calico itself stores them in
// Kubernetes-datastore mode (crd.projectcalico.org/v1; Node annotations for BGP address and AS),
// i.e. what calico-node's startup, its IPAM and calicoctl would write. Confd reads exactly these.
import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import ipaddr from "ipaddr.js";
import { parseAllDocuments } from "yaml";
import { KubeApiError, KubeClient, KubeObject, pollUntil } from "./kube-client";

export const CALICO_CRD_API = "/apis/crd.projectcalico.org/v1";
export const IPV4_ADDRESS_ANNOTATION = "projectcalico.org/IPv4Address";
export const AS_NUMBER_ANNOTATION = "projectcalico.org/ASNumber";

/** Creates every CRD of the release's libcalico-go/config/crd folder and waits until each is served. */
export async function applyCalicoCrds(client: KubeClient, crdDir: string): Promise<string[]> {
  const names: string[] = [];
  for (const file of readdirSync(crdDir).filter((f) => f.endsWith(".yaml")).sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(crdDir, file), "utf8"))) {
      const crd = doc.toJSON() as KubeObject | null;
      if (!crd || crd.kind !== "CustomResourceDefinition") continue;
      await client.create("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
      names.push(crd.metadata.name);
    }
  }
  for (const name of names) {
    await pollUntil(`CRD ${name} established`, 60_000, async () => {
      const crd = await client.get<{ status?: { conditions?: Array<{ type: string; status: string }> } }>(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
      return crd.status?.conditions?.some((c) => c.type === "Established" && c.status === "True") ? true : undefined;
    });
  }
  return names;
}

/** A Kubernetes Node as the kubelet registers it, with the BGP annotations calico-node's startup writes. */
export async function createNode(client: KubeClient, name: string, ipv4Cidr: string, asNumber?: number): Promise<void> {
  const annotations: Record<string, string> = { [IPV4_ADDRESS_ANNOTATION]: ipv4Cidr };
  if (asNumber !== undefined) annotations[AS_NUMBER_ANNOTATION] = String(asNumber);
  await client.create("/api/v1/nodes", {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, "kubernetes.io/os": "linux" }, annotations },
  });
}

/** Sets (a number) or removes (undefined) a node's own AS, as `calicoctl patch node --patch spec.bgp.asNumber` does in KDD mode. */
export async function setNodeAsNumber(client: KubeClient, node: string, asNumber: number | undefined): Promise<void> {
  await client.mergePatch(`/api/v1/nodes/${node}`, { metadata: { annotations: { [AS_NUMBER_ANNOTATION]: asNumber === undefined ? null : String(asNumber) } } });
}

export async function upsertCalico(client: KubeClient, plural: string, name: string, kind: string, spec: Record<string, unknown>): Promise<void> {
  const path = `${CALICO_CRD_API}/${plural}/${name}`;
  const existing = await client.find<KubeObject>(path);
  if (existing) {
    await client.mergePatch(path, { spec });
    return;
  }
  await client.create(`${CALICO_CRD_API}/${plural}`, { apiVersion: "crd.projectcalico.org/v1", kind, metadata: { name }, spec });
}

export async function setBgpConfiguration(client: KubeClient, spec: { nodeToNodeMeshEnabled: boolean; asNumber?: number }): Promise<void> {
  await upsertCalico(client, "bgpconfigurations", "default", "BGPConfiguration", { logSeverityScreen: "Info", ...spec });
}

export type EncapsulationMode = "Always" | "CrossSubnet" | "Never";

export async function setIpPool(client: KubeClient, name: string, spec: { cidr: string; ipipMode: EncapsulationMode; natOutgoing: boolean; blockSize?: number }): Promise<void> {
  await upsertCalico(client, "ippools", name, "IPPool", { vxlanMode: "Never", nodeSelector: "all()", blockSize: 26, ...spec });
}

export async function setBgpPeer(client: KubeClient, name: string, spec: { node: string; peerIP: string; asNumber: number }): Promise<void> {
  await upsertCalico(client, "bgppeers", name, "BGPPeer", spec);
}

export async function deleteCalico(client: KubeClient, plural: string, name: string): Promise<void> {
  await client.remove(`${CALICO_CRD_API}/${plural}/${name}`);
}

/** Calico's object name for a CIDR: 192.168.111.0/26 → 192-168-111-0-26. */
export function cidrName(cidr: string): string {
  return cidr.replace(/[./]/g, "-");
}

/**
 * An IPAM block affine to `node` with `podAddresses` allocated, and its confirmed BlockAffinity:
 * the two objects calico-node's IPAM writes when a node claims a block (calico-ipam, KDD mode).
 */
export async function claimBlock(client: KubeClient, node: string, cidr: string, podAddresses: readonly string[]): Promise<void> {
  const [network, prefix] = ipaddr.parseCIDR(cidr);
  const size = 2 ** (32 - prefix);
  const base = ipaddr.IPv4.parse(network.toString()).toByteArray().reduce((acc, byte) => acc * 256 + byte, 0);
  const allocations: Array<number | null> = Array.from({ length: size }, () => null);
  const attributes: Array<{ handle_id: string; secondary: Record<string, string> }> = [];
  podAddresses.forEach((address, index) => {
    const offset = ipaddr.IPv4.parse(address).toByteArray().reduce((acc, byte) => acc * 256 + byte, 0) - base;
    if (offset < 0 || offset >= size) throw new Error(`pod address ${address} is not inside block ${cidr}`);
    allocations[offset] = index;
    attributes.push({ handle_id: `k8s-pod-network.lab-${node}-${index}`, secondary: { node, namespace: "default", pod: `lab-${node}-${index}` } });
  });
  const unallocated = allocations.map((value, offset) => (value === null ? offset : -1)).filter((offset) => offset >= 0);
  try {
    await client.create(`${CALICO_CRD_API}/ipamblocks`, {
      apiVersion: "crd.projectcalico.org/v1",
      kind: "IPAMBlock",
      metadata: { name: cidrName(cidr) },
      spec: { cidr, affinity: `host:${node}`, allocations, unallocated, attributes, strictAffinity: false, deleted: false },
    });
  } catch (error) {
    if (!(error instanceof KubeApiError && error.reason === "AlreadyExists")) throw error;
  }
  await client.create(`${CALICO_CRD_API}/blockaffinities`, {
    apiVersion: "crd.projectcalico.org/v1",
    kind: "BlockAffinity",
    metadata: { name: `${node}-${cidrName(cidr)}` },
    spec: { node, cidr, state: "confirmed", deleted: "false" },
  });
}

/** Every confirmed block affinity in the datastore: node → its blocks (what the leaves must accept). */
export async function allocatedBlocks(client: KubeClient): Promise<Map<string, string[]>> {
  const list = await client.list<{ spec: { node: string; cidr: string; state: string; deleted?: string } }>(`${CALICO_CRD_API}/blockaffinities`);
  const byNode = new Map<string, string[]>();
  for (const item of list.items) {
    if (item.spec.state !== "confirmed" || item.spec.deleted === "true") continue;
    byNode.set(item.spec.node, [...(byNode.get(item.spec.node) ?? []), item.spec.cidr].sort());
  }
  return byNode;
}
