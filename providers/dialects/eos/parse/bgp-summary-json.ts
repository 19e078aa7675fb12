// EOS `show ip bgp summary [vrf all] | json` (eAPI): vrfs → peers, and the multi-AFI shape of
// `show bgp summary` (peerAsn, ipv4Unicast.nlrisReceived).

import { Asn, BgpNeighbor, BgpSummary } from "../../show-types";
import { isIpAddress, isIpv4 } from "../../show-parse/addresses";
import { asnFromText } from "../../show-parse/asn";
import { JsonObject, parseJsonOutput } from "../../show-parse/json-reader";
import { bgpStateFromText } from "../../show-parse/states";

export function parseEosBgpSummaryJson(output: string, command = "show ip bgp summary | json"): BgpSummary {
  const top = parseJsonOutput(output, command);
  // No BGP: eAPI answers with an empty vrfs map.
  return {
    vrfs: top.object("vrfs").entries().map(([vrfName, vrf]) => {
      const routerId = vrf.optString("routerId");
      if (routerId !== undefined && !isIpv4(routerId)) vrf.fail(`${JSON.stringify(routerId)} is not a router id`, "routerId");
      const localAsText = vrf.optText("asn");
      return {
        vrf: vrf.optString("vrf") ?? vrfName,
        ...(routerId !== undefined ? { routerId } : {}),
        ...(localAsText !== undefined ? { localAs: asn(vrf, "asn", localAsText) } : {}),
        neighbors: (vrf.optObject("peers")?.entries() ?? []).map(([address, peer]) => neighbor(address, peer)),
      };
    }),
  };
}

function asn(obj: JsonObject, key: string, text: string): Asn {
  return asnFromText(text) ?? obj.fail(`${JSON.stringify(text)} is not an AS number`, key);
}

function neighbor(address: string, peer: JsonObject): BgpNeighbor {
  if (!isIpAddress(address)) peer.fail(`the peer key ${JSON.stringify(address)} is not an address`);
  const asKey = peer.has("asn") ? "asn" : "peerAsn";
  const remoteAsText = peer.optText(asKey) ?? peer.fail("has neither asn nor peerAsn");
  const peerState = peer.string("peerState");
  const state = bgpStateFromText(peerState) ?? peer.fail(`unknown BGP state ${JSON.stringify(peerState)}`, "peerState");
  // The idle reason only means something while Idle (anta's fixture pairs it with Established).
  const idleReason = state === "Idle" ? peer.optString("peerStateIdleReason") : undefined;
  const result: BgpNeighbor = {
    address,
    remoteAs: asn(peer, asKey, remoteAsText),
    state,
    stateText: idleReason ? `${peerState}(${idleReason})` : peerState,
  };
  const lastChange = peer.optNumber("upDownTime");
  if (lastChange !== undefined) result.lastStateChangeEpoch = lastChange;
  const description = peer.optString("description");
  if (description !== undefined && description !== "") result.description = description;
  if (state === "Established") {
    const ipv4 = peer.optObject("ipv4Unicast");
    const received = ipv4 ? ipv4.optNumber("nlrisReceived") : peer.optNumber("prefixReceived");
    const accepted = ipv4 ? ipv4.optNumber("nlrisAccepted") : peer.optNumber("prefixAccepted");
    if (received !== undefined) result.prefixesReceived = received;
    if (accepted !== undefined) result.prefixesAccepted = accepted;
  }
  return result;
}
