// A stack's plan → what the local lab builds (pure, no I/O): one namespace per switch, node and
// host, a veth pair per planned link with the planned interface names, and what each end of the
// lab must set up itself (the client's address and route) or leaves out (a spine's internet port).
// What the Pulumi program configures (switch addresses, OSPF, BGP, the nodes' fabric NIC) is
// never set here: the switches start from FRR's base state and the nodes from a fresh rootfs.

import { FabricPlan } from "../../components/plan/plan-types";
import { LabSpecError } from "../errors";
import { interfaceNameProblem } from "../netns";

export type LabDeviceKind = "switch" | "node" | "host";

export interface LabSwitchLayout {
  name: string;
  /** The dialect the source stack gives it; the lab runs FRR whatever it was. */
  sourceDialect: "eos" | "frr";
  /** Ports that exist on the device but lead nowhere in the lab (the spine's internet uplink). */
  unwiredPorts: string[];
}

export interface LabNodeLayout {
  name: string;
  nic: string;
  /** The node's pod block; the lab's BGP speaker announces it. */
  podBlock: string;
  /** A few addresses of the block that answer pings, as pods would. */
  podAddresses: string[];
}

export interface LabHostLayout {
  name: string;
  nic: string;
  /** Its end of the /31, with prefix length. */
  address: string;
  gateway: string;
}

export interface LabCableEnd {
  device: string;
  kind: LabDeviceKind;
  interface: string;
}

export interface LabCable {
  a: LabCableEnd;
  b: LabCableEnd;
}

export interface LabLayout {
  switches: LabSwitchLayout[];
  nodes: LabNodeLayout[];
  hosts: LabHostLayout[];
  cables: LabCable[];
}

/** How many pod addresses each lab node answers on (the first usable ones of its block). */
export const POD_ADDRESSES_PER_NODE = 3;

function addressesOf(block: string, count: number): string[] {
  const [network, length] = block.split("/");
  const base = network.split(".").reduce((value, octet) => value * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(length));
  const usable = Math.max(0, Math.min(count, size - 2));
  return Array.from({ length: usable }, (_, index) => {
    const value = base + 1 + index;
    return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
  });
}

const HOST_NIC_DEFAULT = "eth1";

/** The lab for `plan`; throws LabSpecError when a planned name cannot exist on Linux (e.g. `Ethernet1/1`). */
export function labLayout(plan: FabricPlan): LabLayout {
  const kindOf = new Map<string, LabDeviceKind>([
    ...plan.devices.map((d) => [d.name, "switch"] as const),
    ...plan.nodes.map((n) => [n.name, "node"] as const),
    ...plan.hosts.map((h) => [h.name, "host"] as const),
  ]);
  const hostNic = new Map(plan.hosts.map((h) => [h.name, h.nic ?? HOST_NIC_DEFAULT]));
  const nodeNic = new Map(plan.nodes.map((n) => [n.name, n.nic]));
  const cables: LabCable[] = plan.links.map((link) => {
    const end = (device: string, planned: string): LabCableEnd => {
      const kind = kindOf.get(device);
      if (!kind) throw new LabSpecError(`links.${device}`, `the plan links ${device}, which is no switch, node or host`, "report this as a bug");
      // A host's NIC is documentation only in the plan; the lab needs a name for it.
      const name = kind === "host" ? (hostNic.get(device) as string) : kind === "node" ? (nodeNic.get(device) as string) : planned;
      const problem = interfaceNameProblem(name);
      if (problem) throw new LabSpecError(`${device}.${planned}`, problem, "the lab runs Linux interfaces: use names like Ethernet1 (containerlab/FRR style) in a stack meant for the lab");
      return { device, kind, interface: name };
    };
    return { a: end(link.upper.device, link.upper.interface), b: end(link.lower.device, link.lower.interface) };
  });
  const wired = new Set(cables.flatMap((c) => [c.a, c.b]).map((e) => `${e.device}:${e.interface}`));
  return {
    switches: plan.devices.map((device) => ({
      name: device.name,
      sourceDialect: device.dialect,
      unwiredPorts: device.underlay.interfaces
        .map((i) => i.name)
        .filter((name) => name !== "Loopback0" && !wired.has(`${device.name}:${name}`) && interfaceNameProblem(name) === undefined),
    })),
    nodes: plan.nodes.map((node) => ({
      name: node.name,
      nic: node.nic,
      podBlock: node.podBlock,
      podAddresses: addressesOf(node.podBlock, POD_ADDRESSES_PER_NODE),
    })),
    hosts: plan.hosts.map((host) => ({
      name: host.name,
      nic: host.nic ?? HOST_NIC_DEFAULT,
      address: host.address,
      gateway: host.gateway,
    })),
    cables,
  };
}
