// Plan intent → the lines Arista EOS prints in `show running-config`, per phase.

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

/** Ports that are switchports until told `no switchport`; loopbacks and SVIs are routed already. */
const SWITCHPORT_CAPABLE = /^(Ethernet|Port-Channel)/;

function routedInterface(intent: InterfaceIntent): ConfigLine {
  return configLine(
    `interface ${intent.name}`,
    lines(
      intent.description !== "" && configLine(`description ${intent.description}`),
      intent.routed && SWITCHPORT_CAPABLE.test(intent.name) && configLine("no switchport"),
      configLine(intent.address === "dhcp" ? "ip address dhcp" : `ip address ${withPrefixLength(intent.address)}`),
      intent.ospf?.pointToPoint === true && configLine("ip ospf network point-to-point"),
      intent.ospf !== null && configLine(`ip ospf area ${ospfArea(intent.ospf.area)}`),
    ),
  );
}

export function renderEosUnderlay(device: DevicePlan): OwnedConfig {
  const { interfaces, ospf, staticRoutes } = device.underlay;
  return [
    configLine("ip routing"),
    ...interfaces.map(routedInterface),
    configLine(
      `router ospf ${ospf.processId}`,
      lines(
        configLine(`router-id ${ospf.routerId}`),
        ...interfaces.filter((i) => i.ospf?.passive === true).map((i) => configLine(`passive-interface ${i.name}`)),
        ...redistributeLines(ospf.redistribute),
      ),
    ),
    ...staticRouteLines(staticRoutes),
  ];
}

/** EOS prints a prefix-list as a mode holding its `seq` lines. */
function prefixList(name: string, entries: ReadonlyArray<{ seq: number; entry: string }>): ConfigLine {
  return configLine(`ip prefix-list ${name}`, entries.map(({ seq, entry }) => configLine(`seq ${seq} ${entry}`)));
}

export function renderEosNodePeering(device: DevicePlan): OwnedConfig {
  const peering = device.nodePeering;
  if (!peering) return [];
  const { asn, routerId, neighbors } = peering.bgp;
  return [
    ...neighbors.map((n) =>
      prefixList(nodePrefixListName(n), allowedPrefixEntries(n)),
    ),
    ...nodeRouteMaps(neighbors),
    configLine(`router bgp ${asn}`, [
      configLine(`router-id ${routerId}`),
      // Without it EOS activates every neighbour implicitly and never prints `neighbor X activate`.
      configLine("no bgp default ipv4-unicast"),
      ...neighbors.flatMap((n) => [
        ...neighborPeerLines(n),
        ...neighborPolicyLines(n),
        configLine(`neighbor ${n.address} maximum-routes ${n.maximumRoutes}`),
      ]),
      configLine(
        "address-family ipv4",
        neighbors.map((n) => configLine(`neighbor ${n.address} activate`)),
      ),
    ]),
    configLine(`router ospf ${peering.ospfProcessId}`, redistributeLines(peering.redistributeIntoOspf)),
  ];
}

export function renderEosBridges(bridges: BridgeIntent): OwnedConfig {
  if (bridges.routes.length === 0) return [];
  const { routeMap, redistribute } = bridgeRedistribution();
  return [
    prefixList(BRIDGES_POLICY, bridgePrefixEntries(bridges)),
    routeMap,
    ...staticRouteLines(bridges.routes),
    configLine(`router ospf ${bridges.ospfProcessId}`, [redistribute]),
  ];
}
