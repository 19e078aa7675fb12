// A stack's plan as a drawing: boxes in tiers (internet, spines, leaves, servers) with their
// addresses, ASNs and pod blocks, and one edge per cable with both ends' ports and addresses.
// Pure; dot.ts and mermaid.ts only lay it out in their syntax.

import { FabricPlan, LinkEnd, LinkKind } from "../../components/plan/plan-types";
import { uncabledPorts } from "../uncabled-ports";

export type VertexKind = "internet" | "spine" | "leaf" | "node" | "host";

export interface Vertex {
  /** The planned name (unique in a plan); "internet" for the way out. */
  name: string;
  kind: VertexKind;
  /** Lines under the name: role, ASN, addresses, pod block. */
  details: string[];
}

export interface Edge {
  kind: LinkKind | "uplink";
  /** Upper end (drawn above): internet → spine → leaf → server. */
  from: string;
  to: string;
  /** Port and address at each end, e.g. "Et1 .0". */
  fromLabel: string;
  toLabel: string;
  /** The link's subnet, or what the uplink carries. */
  label: string;
}

export interface TopologyGraph {
  title: string;
  /** Top to bottom; every vertex is in exactly one tier. */
  tiers: Vertex[][];
  edges: Edge[];
  /** Cluster-wide facts: pod and service CIDRs, API endpoint, OSPF area, node routes. */
  footer: string[];
}

export const INTERNET = "internet";

/** Ethernet1 → Et1 (as EOS abbreviates it); Linux names stay. */
export function shortPort(name: string): string {
  return name.replace(/^Ethernet/, "Et");
}

/** The last octet of an address on a /31 or shorter, "10.11.99.1/31" → ".1"; the whole address otherwise. */
function hostTail(address: string): string {
  const [ip, length] = address.split("/");
  return Number(length) >= 24 ? `.${ip.split(".")[3]}` : address;
}

const endLabel = (end: LinkEnd) => `${shortPort(end.interface)} ${hostTail(end.address)}`;

export function topologyGraph(plan: FabricPlan, stack: string): TopologyGraph {
  const uplinks = uncabledPorts(plan);
  const switchVertex = (d: FabricPlan["devices"][number]): Vertex => ({
    name: d.name,
    kind: d.role,
    details: [`${d.role} · ${d.dialect}`, ...(d.asn !== null ? [`AS ${d.asn}`] : []), `router-id ${d.routerId}`, ...(d.loopback ? [`lo ${d.loopback}`] : [])],
  });
  const tiers: Vertex[][] = [
    ...(uplinks.length ? [[{ name: INTERNET, kind: "internet" as const, details: [] }]] : []),
    plan.devices.filter((d) => d.role === "spine").map(switchVertex),
    plan.devices.filter((d) => d.role === "leaf").map(switchVertex),
    [
      ...plan.nodes.map((n): Vertex => ({
        name: n.name,
        kind: "node",
        details: [n.role, `AS ${n.asn}`, `${n.nic} ${n.fabricAddress}`, `pods ${n.podBlocks.join(", ") || "none yet"}`],
      })),
      ...plan.hosts.map((h): Vertex => ({ name: h.name, kind: "host", details: ["host", `${h.nic ?? "fabric"} ${h.address}`] })),
    ],
  ];

  const edges: Edge[] = [
    ...uplinks.map(({ device, port }): Edge => {
      const defaults = device.underlay.staticRoutes.filter((r) => r.prefix === "0.0.0.0/0").map((r) => `default via ${r.nextHop}`);
      return { kind: "uplink", from: INTERNET, to: device.name, fromLabel: "", toLabel: `${shortPort(port.name)} ${port.address}`, label: defaults.join(", ") };
    }),
    ...plan.links.map((l): Edge => ({ kind: l.kind, from: l.upper.device, to: l.lower.device, fromLabel: endLabel(l.upper), toLabel: endLabel(l.lower), label: l.subnet })),
  ];

  const k = plan.kubernetes;
  const areas = [...new Set(plan.devices.flatMap((d) => d.underlay.interfaces.flatMap((i) => (i.ospf ? [i.ospf.area] : []))))];
  const routes = [...new Set(plan.nodes.map((n) => n.fabricRoute))];
  // "static by the spines, bgp by the leaves": what each role feeds into OSPF.
  const redistributedBy = new Map<string, Set<string>>();
  for (const d of plan.devices) {
    for (const r of [...d.underlay.ospf.redistribute, ...(d.nodePeering?.redistributeIntoOspf ?? [])]) {
      redistributedBy.set(r, (redistributedBy.get(r) ?? new Set<string>()).add(d.role === "leaf" ? "leaves" : "spines"));
    }
  }
  const redistribution = [...redistributedBy].map(([r, roles]) => `${r} by the ${[...roles].join(" and ")}`);
  const footer = [
    `pods ${k.podCidr} (a /${k.blockSize} per node), services ${k.serviceCidr}, API ${k.controlPlaneEndpoint}:6443 on ${k.controlPlaneNode}`,
    `OSPF area ${areas.join(", ") || "(none)"}${redistribution.length ? `, redistributing ${redistribution.join(", ")}` : ""}`,
    ...(plan.devices.some((d) => d.nodePeering) ? ["leaves peer eBGP with their nodes"] : []),
    ...(routes.length === 1 ? [`nodes route ${routes[0]} via their leaf`] : plan.nodes.map((n) => `${n.name} routes ${n.fabricRoute} via ${n.leaf}`)),
    `Kubernetes ${k.version}, Calico ${plan.calico.version}`,
  ];
  return { title: `kube-fabric stack ${stack}`, tiers: tiers.filter((t) => t.length > 0), edges, footer };
}
