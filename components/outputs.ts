// What `pulumi stack output` shows: addresses, ASNs, peers and CIDRs. Plain data from the plan only;
// no credential can reach an output from here.

import { FabricPlan } from "./plan/plan-types";

export interface DeviceOutput {
  role: string;
  dialect: string;
  routerId: string;
  asn: number | null;
  interfaces: Record<string, string>;
}

export interface NodeOutput {
  role: string;
  fabricAddress: string;
  asn: number;
  leaf: string;
  leafPort: string;
  leafPeerAddress: string;
  leafAsn: number;
  /** The node's pod block; on a cluster taken over from Calico's defaults, its allocated blocks, comma-separated. */
  podBlock: string;
  /** Every block the node announces and its leaf accepts. */
  podBlocks: string[];
}

export interface StackOutputs {
  devices: Record<string, DeviceOutput>;
  nodes: Record<string, NodeOutput>;
  hosts: Record<string, { address: string; gateway: string; leaf: string }>;
  asns: { leaves: Record<string, number>; nodes: Record<string, number> };
  podCidr: string;
  serviceCidr: string;
  controlPlaneEndpoint: string;
}

export function planOutputs(plan: FabricPlan): StackOutputs {
  return {
    devices: Object.fromEntries(
      plan.devices.map((d) => [
        d.name,
        {
          role: d.role,
          dialect: d.dialect,
          routerId: d.routerId,
          asn: d.asn,
          interfaces: Object.fromEntries(d.underlay.interfaces.map((i) => [i.name, i.address])),
        },
      ]),
    ),
    nodes: Object.fromEntries(
      plan.nodes.map((n) => [
        n.name,
        {
          role: n.role,
          fabricAddress: n.fabricAddress,
          asn: n.asn,
          leaf: n.leaf,
          leafPort: n.leafPort,
          leafPeerAddress: n.leafPeerAddress,
          leafAsn: n.leafAsn,
          podBlock: n.podBlocks.join(","),
          podBlocks: n.podBlocks,
        },
      ]),
    ),
    hosts: Object.fromEntries(plan.hosts.map((h) => [h.name, { address: h.address, gateway: h.gateway, leaf: h.leaf }])),
    asns: plan.asns,
    podCidr: plan.kubernetes.podCidr,
    serviceCidr: plan.kubernetes.serviceCidr,
    controlPlaneEndpoint: plan.kubernetes.controlPlaneEndpoint,
  };
}
