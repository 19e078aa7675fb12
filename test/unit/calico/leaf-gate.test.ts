// The migration gate on a leaf, judged from the provider's parsed show output.
import assert from "assert";
import { leafGateProblems, LeafGateExpectation } from "../../../components/calico/leaf-gate";
import type { BgpSummary, Route, RouteTable } from "../../../providers/dialects/show-types";

const expect: LeafGateExpectation = {
  leaf: "Leaf-1",
  sessions: [{ node: "k-w1", address: "10.1.11.1" }, { node: "k-w2", address: "10.2.22.1" }],
  blocks: [{ node: "k-w1", prefix: "10.66.111.0/26", nextHop: "10.1.11.1" }, { node: "k-w2", prefix: "10.66.95.0/26", nextHop: "10.2.22.1" }],
  protocol: "bgp",
};
const asn = (n: number) => ({ asplain: n, text: String(n) });
const summary = (state2: "Established" | "Active"): BgpSummary => ({
  vrfs: [{ vrf: "default", neighbors: [
    { address: "10.1.11.1", remoteAs: asn(65001), state: "Established", stateText: "Established" },
    { address: "10.2.22.1", remoteAs: asn(65002), state: state2, stateText: state2 },
  ] }],
});
const route = (prefix: string, protocol: Route["protocol"], nextHop: string, selected: boolean): Route => ({
  prefix, protocol, codes: protocol === "bgp" ? "B" : "S", nextHops: [{ address: nextHop, directlyConnected: false }], directlyConnected: false, selected,
});
const table = (...routes: Route[]): RouteTable => ({ vrfs: [{ vrf: "default", gatewayOfLastResort: "notShown", routes }] });

describe("leaf gate", () => {
  it("passes when every session is Established and every block is selected from BGP via its node", () => {
    assert.deepStrictEqual(leafGateProblems(expect, summary("Established"), table(
      route("10.66.111.0/26", "bgp", "10.1.11.1", true), route("10.66.95.0/26", "bgp", "10.2.22.1", true), route("10.66.95.0/26", "static", "10.2.22.1", false))), []);
  });

  it("names the session that is not Established and the prefix that is missing or via the wrong protocol", () => {
    assert.deepStrictEqual(leafGateProblems(expect, summary("Active"), table(
      route("10.66.111.0/26", "bgp", "10.9.9.9", true), route("10.66.95.0/26", "static", "10.2.22.1", true))), [
      "Leaf-1: session with k-w2 (10.2.22.1) is Active, not Established",
      "Leaf-1: 10.66.111.0/26 of k-w1 is not in the table via 10.1.11.1 from bgp (has: bgp (selected) via 10.9.9.9)",
      "Leaf-1: 10.66.95.0/26 of k-w2 is not in the table via 10.2.22.1 from bgp (has: static (selected) via 10.2.22.1)",
    ]);
  });

  it("a bridge counts while it stands by behind BGP", () => {
    assert.deepStrictEqual(leafGateProblems({ ...expect, protocol: "static" }, undefined, table(
      route("10.66.111.0/26", "static", "10.1.11.1", false), route("10.66.111.0/26", "bgp", "10.1.11.1", true), route("10.66.95.0/26", "static", "10.2.22.1", true))), []);
  });
});

describe("leaf gate: other leaves' blocks", () => {
  it("wants each selected in the table, whatever the protocol and next hop, and names the missing one", () => {
    const remote = { ...expect, blocks: [], sessions: [], remoteBlocks: [{ node: "k-w3", prefix: "10.66.52.0/26" }, { node: "k-w4", prefix: "10.66.217.0/26" }] };
    const ospf: Route = { prefix: "10.66.52.0/26", protocol: "ospf", codes: "O E2", nextHops: [{ address: "10.11.99.0", directlyConnected: false }], directlyConnected: false, selected: true };
    assert.deepStrictEqual(leafGateProblems(remote, undefined, table(ospf, route("10.66.217.0/26", "ospf", "10.11.99.0", false))), [
      "Leaf-1: 10.66.217.0/26 of k-w4 (another leaf's node) is not in the table",
    ]);
  });
});
