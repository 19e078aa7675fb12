// The EOS show-output parsers behind the dialect-neutral ShowOutputParsers.

import { ShowOutputParsers } from "../../show-types";
import { parseEosBgpTableJson, parseEosBgpTableText } from "./bgp-table";
import { parseEosBgpSummaryJson } from "./bgp-summary-json";
import { parseEosBgpSummaryText } from "./bgp-summary-text";
import { parseEosIpRouteJson } from "./ip-route-json";
import { parseEosIpRouteText } from "./ip-route-text";
import { parseEosOspfNeighborsJson } from "./ospf-neighbors-json";
import { parseEosOspfNeighborsText } from "./ospf-neighbors-text";

export { parseEosBgpTableJson, parseEosBgpTableText, parseEosBgpSummaryJson, parseEosBgpSummaryText, parseEosIpRouteJson, parseEosIpRouteText, parseEosOspfNeighborsJson, parseEosOspfNeighborsText };

export const eosShowParsers: ShowOutputParsers = {
  bgpSummary: { text: parseEosBgpSummaryText, json: parseEosBgpSummaryJson },
  ospfNeighbors: { text: parseEosOspfNeighborsText, json: parseEosOspfNeighborsJson },
  bgpTable: { text: parseEosBgpTableText, json: parseEosBgpTableJson },
  ipRoute: { text: parseEosIpRouteText, json: parseEosIpRouteJson },
};
