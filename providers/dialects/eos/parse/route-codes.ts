// EOS route type codes (the legend of `show ip route`) and the eAPI routeType names behind them.

import { RouteProtocol } from "../../show-types";

/** Code → protocol, for every code in the legends of EOS 4.1x–4.3x. */
export const EOS_ROUTE_CODES: ReadonlyMap<string, RouteProtocol> = new Map<string, RouteProtocol>([
  ["C", "connected"],
  ["S", "static"],
  ["K", "kernel"],
  ["O", "ospf"],
  ["O IA", "ospf"],
  ["O E1", "ospf"],
  ["O E2", "ospf"],
  ["O N1", "ospf"],
  ["O N2", "ospf"],
  ["O3", "ospf"],
  ["B", "bgp"],
  ["B I", "bgp"],
  ["B E", "bgp"],
  ["R", "rip"],
  ["I", "isis"],
  ["I L1", "isis"],
  ["I L2", "isis"],
  ["A B", "aggregate"],
  ["A O", "aggregate"],
  ["NG", "static"], // Nexthop Group Static Route
  ["V", "other"], // VXLAN Control Service
  ["DH", "other"], // DHCP client installed default route
  ["M", "other"], // Martian
  ["DP", "other"], // Dynamic Policy Route
  ["L", "other"], // VRF Leaked (not FRR's "local")
  ["G", "other"], // gRIBI
  ["RC", "other"], // Route Cache Route
]);

/** eAPI `routeType` → the code the text output prints for it. */
export const EOS_ROUTE_TYPES: ReadonlyMap<string, string> = new Map([
  ["connected", "C"],
  ["static", "S"],
  ["kernel", "K"],
  ["ospfIntraArea", "O"],
  ["ospfInterArea", "O IA"],
  ["ospfExternalType1", "O E1"],
  ["ospfExternalType2", "O E2"],
  ["ospfNssaExternalType1", "O N1"],
  ["ospfNssaExternalType2", "O N2"],
  ["ospfv3", "O3"],
  ["bgp", "B"],
  ["iBGP", "B I"],
  ["eBGP", "B E"],
  ["rip", "R"],
  ["isis", "I"],
  ["ISISLevel1", "I L1"],
  ["ISISLevel2", "I L2"],
  ["bgpAggregate", "A B"],
  ["ospfSummary", "A O"],
  ["nexthopGroupStaticRoute", "NG"],
  ["vcs", "V"],
  ["dhcp", "DH"],
  ["martian", "M"],
  ["dynamicPolicy", "DP"],
  ["vrfLeaked", "L"],
  ["gribi", "G"],
  ["routeCache", "RC"],
]);
