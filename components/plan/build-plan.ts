// config → validated plan. Pure: same input, same plan; every problem reported at once, before
// anything is registered with Pulumi or touches a device.

import { DEFAULT_CALICO_VERSION } from "../../model/calico-release";
import { SecretPresence, TopologyConfig } from "./config-types";
import { checkCredentials, checkDistinctManagement, sshTarget } from "./access";
import { checkAddressCollisions } from "./address-collisions";
import { withCanonicalPorts } from "./canonical-ports";
import { assignAddresses } from "./addressing";
import { assignAsns } from "./asns";
import { acceptedPodPrefixes, CalicoClusterState, nodeRouteLimit, planCalico } from "./calico-plan";
import { checkCluster, checkFabricRoute } from "./cluster-checks";
import { checkInventory } from "./inventory";
import { contains, formatPrefix, isIPv4, parsePrefix, subnet, toNumber } from "./ipv4";
import { checkKubernetesRelease } from "./kubernetes-releases";
import { checkPackageRepository, checkRegistryMirrors, planPackageRepository, planRegistryMirrors } from "./node-sources";
import { FabricPlan, HostPlan, LinkPlan, NodePlan } from "./plan-types";
import { DevicePlan, InterfaceIntent, OspfInterfaceIntent } from "../../model/device-plan";
import { ProblemList } from "../../model/problems";
import { apiCertificateHosts, planApiAccess } from "./api-access";
import { readTopology } from "./read-config";
import { TOPOLOGY_SCHEMA } from "./schema";

export const DEFAULT_OSPF = { processId: 1, area: "0.0.0.0" } as const;

const hostPart = (address: string) => address.split("/")[0];

/** Ethernet2 < Ethernet10 < Ethernet1/1: compare the numbers in names as numbers. */
export function compareInterfaceNames(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

function checkRouterIds(config: TopologyConfig, problems: ProblemList): void {
  const switches = [
    ...config.spines.map((s, i) => ({ s, path: `topology.spines[${i}]` })),
    ...config.leaves.map((s, i) => ({ s, path: `topology.leaves[${i}]` })),
  ];
  for (const { s, path } of switches) {
    if (s.routerId !== undefined && !isIPv4(s.routerId)) {
      problems.add(`${path}.routerId`, `'${s.routerId.replace(/[^\x20-\x7e]/g, "?")}' is not an IPv4 address`, "write a router id as an address, e.g. 10.255.0.1");
    }
  }
  config.spines.forEach((spine, i) => {
    const uplink = spine.internetUplink;
    if (!uplink) return;
    const path = `topology.spines[${i}].internetUplink`;
    if (!isIPv4(uplink.defaultGateway)) {
      problems.add(`${path}.defaultGateway`, `'${uplink.defaultGateway.replace(/[^\x20-\x7e]/g, "?")}' is not an IPv4 address`, "write the next hop, e.g. 10.0.137.1");
    }
    if (uplink.address !== "dhcp") {
      const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(uplink.address);
      if (!match || !isIPv4(match[1]) || Number(match[2]) > 32) {
        problems.add(`${path}.address`, `'${uplink.address.replace(/[^\x20-\x7e]/g, "?")}' is neither dhcp nor an address with prefix length`, "write dhcp or e.g. 10.0.137.189/24");
      } else if (isIPv4(uplink.defaultGateway)) {
        const length = Number(match[2]);
        const address = toNumber(match[1]);
        const network = { network: address - (address % 2 ** (32 - length)), length };
        if (!contains(network, toNumber(uplink.defaultGateway))) {
          problems.add(`${path}.defaultGateway`, `${uplink.defaultGateway} is not inside ${formatPrefix(network)}`, "use a gateway on the uplink's own subnet");
        }
      }
    }
  });
}

function routerIdFor(explicit: string | undefined, loopback: string | undefined, firstFabric: string | undefined): string {
  return explicit ?? (loopback ? hostPart(loopback) : firstFabric ? hostPart(firstFabric) : "0.0.0.0");
}

/** A planned switch's entry in the stack configuration and its path there (topology.spines[i] / leaves[i]). */
function switchEntry(config: TopologyConfig, device: DevicePlan): { entry: { routerId?: string } | undefined; path: string } {
  const list = device.role === "spine" ? config.spines : config.leaves;
  const index = list.findIndex((d) => d.name === device.name);
  return { entry: list[index], path: `topology.${device.role === "spine" ? "spines" : "leaves"}[${index}]` };
}

/**
 * A switch with no router id of its own, no loopback and no fabric link would run OSPF and BGP as
 * 0.0.0.0 (an uncabled extra spine). With a loopback pool, a switch without a loopback has already
 * been reported by the addressing.
 */
function checkRouterIdsDerived(config: TopologyConfig, devices: DevicePlan[], problems: ProblemList): void {
  if (config.addressing.mode === "pooled" && config.addressing.loopbackPool !== undefined) return;
  for (const device of devices) {
    const { entry, path } = switchEntry(config, device);
    if (entry?.routerId !== undefined || device.loopback !== null || device.routerId !== "0.0.0.0") continue;
    problems.add(
      path,
      `has no router id: no ${device.role === "spine" ? "leaf's uplink reaches it" : "uplink of its own is planned"} and it has no loopback or routerId (it would run OSPF and BGP as 0.0.0.0)`,
      device.role === "spine" ? "cable it (name it in a leaf's uplinks), set its loopback or routerId, or remove it" : "give it an uplink, a loopback or a routerId",
    );
  }
}

function checkUniqueRouterIds(config: TopologyConfig, devices: DevicePlan[], sharedLoopbacks: ReadonlySet<string>, problems: ProblemList): void {
  const owners = new Map<string, string>();
  for (const device of devices) {
    const owner = owners.get(device.routerId);
    const { entry, path } = switchEntry(config, device);
    // A router id that is a shared loopback has been reported as the loopback.
    const fromSharedLoopback = entry?.routerId === undefined && sharedLoopbacks.has(device.name);
    if (owner !== undefined && !fromSharedLoopback) {
      problems.add(
        `${path}.routerId`,
        `router id ${device.routerId} is also ${owner}'s`,
        "OSPF needs a unique router id per switch: set routerId or a loopback",
      );
    }
    owners.set(device.routerId, device.name);
  }
}

function fabricInterface(link: LinkPlan, end: "upper" | "lower", ospf: OspfInterfaceIntent | null): InterfaceIntent {
  const self = link[end];
  const peer = link[end === "upper" ? "lower" : "upper"];
  return {
    name: self.interface,
    address: self.address,
    description: `${peer.device} ${peer.interface}`,
    routed: true,
    ospf,
  };
}

export interface PlanInput {
  /** kube-fabric:topology as read from the stack config. */
  topology: unknown;
  secrets: SecretPresence;
  /** Calico's pools and blocks as the cluster has them (read with the kubeconfig), when it can be read. */
  calicoCluster?: CalicoClusterState;
}

export function buildPlan(input: PlanInput): FabricPlan {
  const problems = new ProblemList();
  const written = readTopology(input.topology, TOPOLOGY_SCHEMA, problems);
  if (!written) {
    problems.throwIfAny();
    throw new Error("unreachable: a config that failed to read must have problems");
  }

  const inventory = checkInventory(written, problems);
  // From here on every EOS port is spelt as EOS prints it (Et3, Ethernet03 → Ethernet3).
  const config = withCanonicalPorts(written);
  const addressing = assignAddresses(config, inventory, problems);
  const collisions = checkAddressCollisions(config, addressing.links, addressing.loopbacks, problems);
  checkDistinctManagement(config, problems);
  const asns = assignAsns(config, inventory, problems);
  checkCredentials(config, input.secrets, problems);
  checkRouterIds(config, problems);
  const maxNodeId = Math.max(0, ...inventory.nodeIds.values());
  const cluster = checkCluster(config, addressing.fabricPrefixes, maxNodeId, problems);
  checkPackageRepository(config.kubernetes, problems);
  checkRegistryMirrors(config.kubernetes, problems);

  const area = config.ospf?.area ?? DEFAULT_OSPF.area;
  const processId = config.ospf?.processId ?? DEFAULT_OSPF.processId;
  const linksOf = (device: string, end: "upper" | "lower") => addressing.links.filter((l) => l[end].device === device);
  const fabricOspf: OspfInterfaceIntent = { area, passive: false, pointToPoint: true };
  const serverOspf: OspfInterfaceIntent = { area, passive: true, pointToPoint: false };
  const loopbackInterface = (loopback: string | undefined): InterfaceIntent[] =>
    loopback ? [{ name: "Loopback0", address: loopback, description: "router id", routed: false, ospf: { area, passive: true, pointToPoint: false } }] : [];

  // Nodes: their /31s, peers, ASNs and pod blocks.
  const nodeLinks = new Map(addressing.links.filter((l) => l.kind === "node").map((l) => [l.lower.device, l]));
  // What every node must reach through its fabric route: each link, then other nodes' pods.
  const reachable = addressing.links.flatMap((l) => {
    const parsed = parsePrefix(l.subnet);
    return parsed.ok ? [{ prefix: parsed.prefix, what: `the link ${l.upper.device} ${l.upper.interface}` }] : [];
  });
  const nodes: NodePlan[] = [];
  config.nodes.forEach((node, i) => {
    const path = `topology.nodes[${i}]`;
    const ssh = sshTarget(node.ssh, config.credentials.nodeUsername, `${path}.ssh`, problems, "pulumi-command");
    const link = nodeLinks.get(node.name);
    const id = inventory.nodeIds.get(node.name) ?? 0;
    const asn = asns.nodes[node.name];
    const leafAsn = asns.leaves[node.leaf];
    if (!link || asn === undefined || leafAsn === undefined || !cluster.podCidr) return;
    const fabricRoute = node.fabricRoute ?? "default";
    checkFabricRoute(fabricRoute, `${path}.fabricRoute`, [...reachable, { prefix: cluster.podCidr, what: "the pod CIDR (pods on other nodes)" }], problems);
    nodes.push({
      name: node.name,
      role: node.role,
      id,
      asn,
      ssh,
      nic: node.nic,
      fabricAddress: link.lower.address,
      leafPeerAddress: hostPart(link.upper.address),
      leaf: node.leaf,
      leafPort: node.leafPort,
      leafAsn,
      fabricRoute,
      podBlock: formatPrefix(subnet(cluster.podCidr, config.kubernetes.blockSize, id - 1)),
      podBlocks: [],
    });
  });
  const calico = planCalico(
    {
      config,
      provision: config.kubernetes.provision ?? "kubeadm",
      secrets: input.secrets,
      plannedBlocks: new Map(nodes.map((n) => [n.name, n.podBlock])),
      state: input.calicoCluster,
    },
    problems,
  );
  for (const node of nodes) node.podBlocks = calico.podBlocks.get(node.name) ?? [node.podBlock];

  const hostLinks = new Map(addressing.links.filter((l) => l.kind === "host").map((l) => [l.lower.device, l]));
  const hosts: HostPlan[] = (config.hosts ?? []).flatMap((host) => {
    const link = hostLinks.get(host.name);
    return link
      ? [{ name: host.name, nic: host.nic ?? null, address: link.lower.address, gateway: hostPart(link.upper.address), leaf: host.leaf, leafPort: host.leafPort }]
      : [];
  });

  const devices: DevicePlan[] = [];
  config.spines.forEach((spine, i) => {
    const path = `topology.spines[${i}]`;
    const mgmt = sshTarget(spine.mgmt, config.credentials.switchUsername, `${path}.mgmt`, problems);
    const links = linksOf(spine.name, "upper").sort((a, b) => compareInterfaceNames(a.upper.interface, b.upper.interface));
    const loopback = addressing.loopbacks.get(spine.name);
    const uplink = spine.internetUplink;
    const interfaces: InterfaceIntent[] = [
      ...loopbackInterface(loopback),
      ...links.map((l) => fabricInterface(l, "upper", fabricOspf)),
      ...(uplink ? [{ name: uplink.interface, address: uplink.address, description: "internet uplink", routed: true, ospf: null }] : []),
    ];
    devices.push({
      name: spine.name,
      role: "spine",
      dialect: inventory.dialects.get(spine.name) ?? "eos",
      id: inventory.spineIds.get(spine.name) ?? 0,
      mgmt,
      routerId: routerIdFor(spine.routerId, loopback, links[0]?.upper.address),
      loopback: loopback ?? null,
      asn: null,
      underlay: {
        interfaces: interfaces.sort((a, b) => compareInterfaceNames(a.name, b.name)),
        ospf: { processId, routerId: "", redistribute: uplink ? ["static"] : [] },
        staticRoutes: uplink ? [{ prefix: "0.0.0.0/0", nextHop: uplink.defaultGateway }] : [],
      },
      nodePeering: null,
    });
  });
  config.leaves.forEach((leaf, i) => {
    const path = `topology.leaves[${i}]`;
    const mgmt = sshTarget(leaf.mgmt, config.credentials.switchUsername, `${path}.mgmt`, problems);
    const uplinks = leaf.uplinks
      .map((u) => addressing.links.find((l) => l.kind === "fabric" && l.lower.device === leaf.name && l.lower.interface === u.port))
      .filter((l): l is LinkPlan => l !== undefined);
    const servers = linksOf(leaf.name, "upper").filter((l) => l.kind !== "fabric");
    const loopback = addressing.loopbacks.get(leaf.name);
    const routerId = routerIdFor(leaf.routerId, loopback, uplinks[0]?.lower.address);
    const attached = nodes.filter((n) => n.leaf === leaf.name).sort((a, b) => a.id - b.id);
    const asn = asns.leaves[leaf.name] ?? null;
    const interfaces = [
      ...loopbackInterface(loopback),
      ...uplinks.map((l) => fabricInterface(l, "lower", fabricOspf)),
      ...servers.map((l) => fabricInterface(l, "upper", serverOspf)),
    ];
    devices.push({
      name: leaf.name,
      role: "leaf",
      dialect: inventory.dialects.get(leaf.name) ?? "eos",
      id: inventory.leafIds.get(leaf.name) ?? 0,
      mgmt,
      routerId,
      loopback: loopback ?? null,
      asn,
      underlay: {
        interfaces: interfaces.sort((a, b) => compareInterfaceNames(a.name, b.name)),
        ospf: { processId, routerId: "", redistribute: [] },
        staticRoutes: [],
      },
      nodePeering:
        attached.length > 0 && asn !== null
          ? {
              bgp: {
                asn,
                routerId,
                neighbors: attached.map((n) => {
                  const pods = calico.stage ? acceptedPodPrefixes(calico.stage.pools, n.name, n.podBlocks) : n.podBlocks;
                  return {
                    address: hostPart(n.fabricAddress),
                    remoteAsn: n.asn,
                    description: n.name,
                    allowedPrefixes: [...pods, config.kubernetes.serviceCidr],
                    maximumRoutes: nodeRouteLimit(calico.stage?.pools ?? [], pods),
                  };
                }),
              },
              ospfProcessId: processId,
              redistributeIntoOspf: ["bgp"],
            }
          : null,
    });
  });
  for (const device of devices) device.underlay.ospf.routerId = device.routerId;
  checkRouterIdsDerived(config, devices, problems);
  checkUniqueRouterIds(config, devices, collisions.sharedLoopbacks, problems);

  const controlPlane = nodes.find((n) => n.role === "control-plane");
  const endpoint = config.kubernetes.controlPlaneEndpoint ?? (controlPlane ? hostPart(controlPlane.fabricAddress) : "");
  const apiAccess = controlPlane
    ? planApiAccess(config.kubernetes, apiCertificateHosts(endpoint, hostPart(controlPlane.fabricAddress), controlPlane.ssh.host), endpoint, problems)
    : undefined;
  problems.throwIfAny();
  if (!controlPlane || !apiAccess) throw new Error("unreachable: validation guarantees one control-plane node");
  const release = checkKubernetesRelease(config.kubernetes.version);
  if (!release.ok) throw new Error("unreachable: validation checked the Kubernetes release");
  const calicoVersion = (config.calico.version ?? DEFAULT_CALICO_VERSION).replace(/^v/, "");
  return {
    devices,
    nodes,
    hosts,
    links: addressing.links,
    asns,
    kubernetes: {
      version: config.kubernetes.version,
      minor: `v${release.minor}`,
      podCidr: config.kubernetes.podCidr,
      blockSize: config.kubernetes.blockSize,
      serviceCidr: config.kubernetes.serviceCidr,
      controlPlaneEndpoint: config.kubernetes.controlPlaneEndpoint ?? hostPart(controlPlane.fabricAddress),
      controlPlaneNode: controlPlane.name,
      provision: config.kubernetes.provision ?? "kubeadm",
      apiAccess,
      packageRepository: planPackageRepository(config.kubernetes, release.minor),
      registryMirrors: planRegistryMirrors(config.kubernetes),
    },
    calico: { version: calicoVersion, stage: calico.stage },
    switchOptions: { ...config.switchOptions },
    notices: calico.stage !== null && calicoVersion !== DEFAULT_CALICO_VERSION ? [untriedCalicoNotice(calicoVersion)] : [],
  };
}

/** A Calico release other than the one the cluster tier runs: accepted, and said. */
function untriedCalicoNotice(version: string): string {
  return (
    `topology.calico.version: Calico ${version} is not the release kube-fabric proves (${DEFAULT_CALICO_VERSION}, run by its cluster tier): ` +
    `its objects, calico-node's settings and the gates' expectations may not match ${version} — try it on a lab first, or set ${DEFAULT_CALICO_VERSION}`
  );
}
