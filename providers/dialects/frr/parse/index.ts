// The FRR (vtysh) show-output parsers behind the dialect-neutral ShowOutputParsers.

import { ShowOutputParsers } from "../../show-types";
import { parseFrrBgpTableJson, parseFrrBgpTableText } from "./bgp-table";
import { parseFrrBgpSummaryJson } from "./bgp-summary-json";
import { parseFrrBgpSummaryText } from "./bgp-summary-text";
import { parseFrrIpRouteJson } from "./ip-route-json";
import { parseFrrIpRouteText } from "./ip-route-text";
import { parseFrrOspfNeighborsJson } from "./ospf-neighbors-json";
import { parseFrrOspfNeighborsText } from "./ospf-neighbors-text";

export { parseFrrBgpTableJson, parseFrrBgpTableText, parseFrrBgpSummaryJson, parseFrrBgpSummaryText, parseFrrIpRouteJson, parseFrrIpRouteText, parseFrrOspfNeighborsJson, parseFrrOspfNeighborsText };

export const frrShowParsers: ShowOutputParsers = {
  bgpSummary: { text: parseFrrBgpSummaryText, json: parseFrrBgpSummaryJson },
  ospfNeighbors: { text: parseFrrOspfNeighborsText, json: parseFrrOspfNeighborsJson },
  bgpTable: { text: parseFrrBgpTableText, json: parseFrrBgpTableJson },
  ipRoute: { text: parseFrrIpRouteText, json: parseFrrIpRouteJson },
};
