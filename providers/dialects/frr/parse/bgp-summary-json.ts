// FRR `show ip bgp [vrf all] summary json`: {"ipv4Unicast": {...}} for one VRF, or a map of VRF
// names to that for `vrf all`; `{}` when BGP is not running or has no neighbors.

import { Asn, BgpNeighbor, BgpSummary, BgpVrfSummary } from "../../show-types";
import { isIpAddress, isIpv4 } from "../../show-parse/addresses";
import { asnFromText } from "../../show-parse/asn";
import { durationSeconds } from "../../show-parse/durations";
import { JsonObject, parseJsonOutput } from "../../show-parse/json-reader";
import { bgpStateFromText } from "../../show-parse/states";

export function parseFrrBgpSummaryJson(output: string, command = "show ip bgp summary json"): BgpSummary {
  const top = parseJsonOutput(output, command);
  if (top.has("ipv4Unicast")) return { vrfs: [vrfSummary(top.object("ipv4Unicast"), "default")] };
  return {
    vrfs: top.entries().map(([vrfName, perVrf]) => {
      if (!perVrf.has("ipv4Unicast")) perVrf.fail("expected ipv4Unicast (a VRF of `vrf all`) or a top-level ipv4Unicast");
      return vrfSummary(perVrf.object("ipv4Unicast"), vrfName);
    }),
  };
}

function asn(obj: JsonObject, key: string): Asn {
  const text = obj.optText(key) ?? obj.fail(`field ${key} is missing (expected an AS number)`, key);
  return asnFromText(text) ?? obj.fail(`${JSON.stringify(text)} is not an AS number`, key);
}

function vrfSummary(afi: JsonObject, vrfName: string): BgpVrfSummary {
  const routerId = afi.optString("routerId");
  if (routerId !== undefined && !isIpv4(routerId)) afi.fail(`${JSON.stringify(routerId)} is not a router id`, "routerId");
  return {
    vrf: afi.optString("vrfName") ?? vrfName,
    ...(routerId !== undefined ? { routerId } : {}),
    ...(afi.has("as") ? { localAs: asn(afi, "as") } : {}),
    neighbors: (afi.optObject("peers")?.entries() ?? []).map(([address, peer]) => neighbor(address, peer)),
  };
}

function neighbor(address: string, peer: JsonObject): BgpNeighbor {
  if (!isIpAddress(address)) peer.fail(`the peer key ${JSON.stringify(address)} is not an address`);
  const stateText = peer.string("state");
  const state = bgpStateFromText(stateText) ?? peer.fail(`unknown BGP state ${JSON.stringify(stateText)}`, "state");
  const policyBlocked = state === "Established" && peer.optString("peerState") === "Policy";
  const result: BgpNeighbor = { address, remoteAs: asn(peer, "remoteAs"), state, stateText };
  if (policyBlocked) result.policyBlocked = true;
  if (state === "Established" && !policyBlocked) {
    const received = peer.optNumber("pfxRcd");
    if (received !== undefined) result.prefixesReceived = received;
    const sent = peer.optNumber("pfxSnt");
    if (sent !== undefined) result.prefixesAdvertised = sent;
  }
  const upDownText = peer.optString("peerUptime");
  if (upDownText !== undefined) result.upDownText = upDownText;
  const upMsec = peer.optNumber("peerUptimeMsec");
  if (upMsec !== undefined && upDownText !== "never") result.upDownSeconds = upMsec / 1000;
  else if (upDownText !== undefined) {
    const seconds = durationSeconds(upDownText);
    if (typeof seconds === "number") result.upDownSeconds = seconds;
  }
  const description = peer.optString("desc");
  if (description !== undefined && description !== "") result.description = description;
  return result;
}
