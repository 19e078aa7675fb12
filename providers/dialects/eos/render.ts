// Plan intent → the lines Arista EOS prints in `show running-config`, per phase.

import { DevicePlan, InterfaceIntent } from "../../../components/plan/plan-types";
import { ConfigLine, OwnedConfig } from "../types";
import {
  NODES_EXPORT_ROUTE_MAP,
  allowedPrefixEntries,
  configLine,
  lines,
  nodeImportRouteMapName,
  nodePrefixListName,
  ospfArea,
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
        ...ospf.redistribute.map((source) => configLine(`redistribute ${source}`)),
      ),
    ),
    ...staticRoutes.map((route) => configLine(`ip route ${route.prefix} ${route.nextHop}`)),
  ];
}

export function renderEosNodePeering(device: DevicePlan): OwnedConfig {
  const peering = device.nodePeering;
  if (!peering) return [];
  const { asn, routerId, neighbors } = peering.bgp;
  return [
    ...neighbors.map((n) =>
      configLine(
        `ip prefix-list ${nodePrefixListName(n)}`,
        allowedPrefixEntries(n).map(({ seq, entry }) => configLine(`seq ${seq} ${entry}`)),
      ),
    ),
    ...neighbors.map((n) =>
      configLine(`route-map ${nodeImportRouteMapName(n)} permit 10`, [configLine(`match ip address prefix-list ${nodePrefixListName(n)}`)]),
    ),
    configLine(`route-map ${NODES_EXPORT_ROUTE_MAP} deny 10`),
    configLine(`router bgp ${asn}`, [
      configLine(`router-id ${routerId}`),
      // Without it EOS activates every neighbour implicitly and never prints `neighbor X activate`.
      configLine("no bgp default ipv4-unicast"),
      ...neighbors.flatMap((n) => [
        configLine(`neighbor ${n.address} remote-as ${n.remoteAsn}`),
        configLine(`neighbor ${n.address} description ${n.description}`),
        configLine(`neighbor ${n.address} route-map ${nodeImportRouteMapName(n)} in`),
        configLine(`neighbor ${n.address} route-map ${NODES_EXPORT_ROUTE_MAP} out`),
        configLine(`neighbor ${n.address} maximum-routes ${n.maximumRoutes}`),
      ]),
      configLine(
        "address-family ipv4",
        neighbors.map((n) => configLine(`neighbor ${n.address} activate`)),
      ),
    ]),
    configLine(
      `router ospf ${peering.ospfProcessId}`,
      peering.redistributeIntoOspf.map((source) => configLine(`redistribute ${source}`)),
    ),
  ];
}
