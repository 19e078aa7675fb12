// Plan intent → the lines FRRouting prints in vtysh `show running-config`, per phase.
// FRR runs one OSPF instance (`router ospf`, no process id) and takes passive per interface.

import { BridgeIntent, DevicePlan, InterfaceIntent } from "../../../model/device-plan";
import { ConfigLine, OwnedConfig } from "../types";
import {
  allowedPrefixEntries,
  BRIDGES_POLICY,
  bridgePrefixEntries,
  bridgeRedistribution,
  configLine,
  lines,
  neighborPeerLines,
  neighborPolicyLines,
  nodePrefixListName,
  nodeRouteMaps,
  ospfArea,
  redistributeLines,
  staticRouteLines,
  withPrefixLength,
} from "../render-policy";

/** The router's own loopback is Linux's `lo`; other names are Linux interface names already. */
export function frrInterfaceName(name: string): string {
  return name === "Loopback0" ? "lo" : name;
}

function routedInterface(intent: InterfaceIntent): ConfigLine {
  return configLine(
    `interface ${frrInterfaceName(intent.name)}`,
    lines(
      intent.description !== "" && configLine(`description ${intent.description}`),
      // FRR has no DHCP client: a DHCP uplink's address belongs to the host's own network setup.
      intent.address !== "dhcp" && configLine(`ip address ${withPrefixLength(intent.address)}`),
      intent.ospf !== null && configLine(`ip ospf area ${ospfArea(intent.ospf.area)}`),
      intent.ospf?.pointToPoint === true && configLine("ip ospf network point-to-point"),
      intent.ospf?.passive === true && configLine("ip ospf passive"),
    ),
  );
}

export function renderFrrUnderlay(device: DevicePlan): OwnedConfig {
  const { interfaces, ospf, staticRoutes } = device.underlay;
  return [
    configLine("ip forwarding"),
    ...interfaces.map(routedInterface),
    configLine(
      "router ospf",
      lines(configLine(`ospf router-id ${ospf.routerId}`), ...redistributeLines(ospf.redistribute)),
    ),
    ...staticRouteLines(staticRoutes),
  ];
}

/** vtysh prints a prefix-list as one top-level line per `seq`. */
function prefixList(name: string, entries: ReadonlyArray<{ seq: number; entry: string }>): ConfigLine[] {
  return entries.map(({ seq, entry }) => configLine(`ip prefix-list ${name} seq ${seq} ${entry}`));
}

export function renderFrrNodePeering(device: DevicePlan): OwnedConfig {
  const peering = device.nodePeering;
  if (!peering) return [];
  const { asn, routerId, neighbors } = peering.bgp;
  return [
    ...neighbors.flatMap((n) =>
      prefixList(nodePrefixListName(n), allowedPrefixEntries(n)),
    ),
    ...nodeRouteMaps(neighbors),
    configLine(`router bgp ${asn}`, [
      configLine(`bgp router-id ${routerId}`),
      // Explicit activation (FRR prints `neighbor X activate` only then); explicit in/out policy satisfies
      // FRR's ebgp-requires-policy, so eBGP routes flow without `no bgp ebgp-requires-policy`.
      configLine("no bgp default ipv4-unicast"),
      ...neighbors.flatMap(neighborPeerLines),
      configLine(
        "address-family ipv4 unicast",
        neighbors.flatMap((n) => [
          configLine(`neighbor ${n.address} activate`),
          ...neighborPolicyLines(n),
          configLine(`neighbor ${n.address} maximum-prefix ${n.maximumRoutes}`),
        ]),
      ),
    ]),
    configLine("router ospf", redistributeLines(peering.redistributeIntoOspf)),
  ];
}

/** FRR runs one OSPF instance: the bridges' `redistribute static route-map KF-BRIDGES` goes into `router ospf`. */
export function renderFrrBridges(bridges: BridgeIntent): OwnedConfig {
  if (bridges.routes.length === 0) return [];
  const { routeMap, redistribute } = bridgeRedistribution();
  return [
    ...prefixList(BRIDGES_POLICY, bridgePrefixEntries(bridges)),
    routeMap,
    ...staticRouteLines(bridges.routes),
    configLine("router ospf", [redistribute]),
  ];
}
