import * as assert from "assert";
import { parseFrrBgpSummaryJson } from "../../../providers/dialects/frr/parse/bgp-summary-json";
import { parseFrrBgpSummaryText } from "../../../providers/dialects/frr/parse/bgp-summary-text";
import { ParseError } from "../../../providers/dialects/show-parse/parse-error";
import { BgpNeighbor, BgpSummary } from "../../../providers/dialects/show-types";
import { local, shared } from "./fixture-files";

const captured = (name: string) => local(`frr-captured/${name}`);
function neighbor(s: BgpSummary, address: string): BgpNeighbor {
  const found = s.vrfs.flatMap((v) => v.neighbors).find((n) => n.address === address);
  assert.ok(found, `no neighbor ${address}`);
  return found;
}
/** Text and json must agree on everything but the raw state words. */
const comparable = (s: BgpSummary) => s.vrfs.map((v) => ({ ...v, neighbors: v.neighbors.map((n) => ({ ...n, stateText: undefined })) }));

describe("FRR show ip bgp summary (captured from FRR 8.4.4)", () => {
  it("leaf1 text: Established with prefixes, a neighbor stuck Active, descriptions, N/A meaning none", () => {
    const s = parseFrrBgpSummaryText(captured("leaf1_bgp_summary.txt"));
    assert.deepStrictEqual(s.vrfs.map((v) => [v.vrf, v.routerId, v.localAs]), [["default", "10.255.0.11", { asplain: 65011, text: "65011" }]]);
    assert.deepStrictEqual(neighbor(s, "10.0.11.1"), {
      address: "10.0.11.1",
      remoteAs: { asplain: 65000, text: "65000" },
      state: "Established",
      stateText: "2",
      prefixesReceived: 2,
      prefixesAdvertised: 2,
      upDownText: "00:00:50",
      upDownSeconds: 50,
      description: "k-master",
    });
    assert.deepStrictEqual(neighbor(s, "10.1.11.1"), {
      address: "10.1.11.1",
      remoteAs: { asplain: 65001, text: "65001" },
      state: "Active",
      stateText: "Active",
      upDownText: "never",
      description: "k-w1 not booted",
    });
    assert.deepStrictEqual([neighbor(s, "10.11.99.0").state, neighbor(s, "10.11.99.0").prefixesReceived, neighbor(s, "10.11.99.0").description], ["Established", 0, undefined]);
  });

  it("spine text: `(Policy)` is Established but blocked by ebgp-requires-policy; `Idle (Admin)` is one state", () => {
    const s = parseFrrBgpSummaryText(captured("spine_bgp_summary.txt"));
    const underlay = neighbor(s, "10.11.99.1");
    assert.deepStrictEqual([underlay.state, underlay.stateText, underlay.policyBlocked, underlay.prefixesReceived, underlay.description], [
      "Established",
      "(Policy)",
      true,
      undefined,
      "leaf1 underlay",
    ]);
    const shut = neighbor(s, "10.12.99.1");
    assert.deepStrictEqual([shut.state, shut.stateText, shut.description], ["Idle", "Idle (Admin)", undefined]);
  });

  it("text and json of the same moment agree (leaf1, spine, node)", () => {
    for (const router of ["leaf1", "spine"]) {
      const text = parseFrrBgpSummaryText(captured(`${router}_bgp_summary.txt`));
      const json = parseFrrBgpSummaryJson(captured(`${router}_bgp_summary.json`));
      assert.deepStrictEqual(comparable(json), comparable(text), router);
    }
    const node = parseFrrBgpSummaryText(captured("node_bgp_summary.txt"));
    assert.deepStrictEqual([node.vrfs[0].localAs?.asplain, neighbor(node, "10.0.11.0").remoteAs.asplain, neighbor(node, "10.0.11.0").prefixesReceived], [65000, 65011, 0]);
  });

  it("json: peerState Policy sets policyBlocked and hides the meaningless pfxRcd 0", () => {
    const s = parseFrrBgpSummaryJson(captured("spine_bgp_summary.json"));
    assert.deepStrictEqual(neighbor(s, "10.11.99.1"), {
      address: "10.11.99.1",
      remoteAs: { asplain: 65011, text: "65011" },
      state: "Established",
      stateText: "Established",
      policyBlocked: true,
      upDownText: "00:00:50",
      upDownSeconds: 50,
      description: "leaf1 underlay",
    });
  });

  it("not configured and configured-without-neighbors are valid, and told apart in text", () => {
    assert.deepStrictEqual(parseFrrBgpSummaryText(captured("spine_bgp_summary_not_configured.txt")), { vrfs: [] });
    assert.deepStrictEqual(parseFrrBgpSummaryText(captured("spine_bgp_summary_no_neighbors.txt")), { vrfs: [{ vrf: "default", neighbors: [] }] });
    // FRR 8.4 prints the same `{}` for both in json.
    assert.deepStrictEqual(parseFrrBgpSummaryJson(captured("spine_bgp_summary_not_configured.json")), { vrfs: [] });
    assert.deepStrictEqual(parseFrrBgpSummaryJson(captured("spine_bgp_summary_no_neighbors.json")), { vrfs: [] });
  });

  it("a mistyped command is an error, not an empty summary", () => {
    assert.throws(
      () => parseFrrBgpSummaryText(captured("leaf1_bad_command.txt"), "show ip bgp summry"),
      (e: unknown) => e instanceof ParseError && /the device answered with an error \(line 1: "% Unknown command: show ip bgp summry"\)/.test(e.message),
    );
    assert.throws(
      () => parseFrrBgpSummaryJson(captured("leaf1_bad_command.txt")),
      (e: unknown) => e instanceof ParseError && /answered with an error instead of json/.test(e.message),
    );
  });
});

describe("FRR bgp summary: shared fixtures", () => {
  it("topotest text (older header line with `VRF default`, IPv6 neighbors, all Active)", () => {
    const s = parseFrrBgpSummaryText(shared("frr_topotest_all_protocol_startup_r1_show_ip_bgp_summary.ref.txt"));
    assert.deepStrictEqual([s.vrfs[0].vrf, s.vrfs[0].routerId, s.vrfs[0].localAs?.asplain], ["default", "192.168.0.1", 100]);
    assert.deepStrictEqual(
      s.vrfs[0].neighbors.map((n) => [n.address, n.remoteAs.asplain, n.state, n.upDownText, n.description]),
      [
        ["192.168.7.10", 100, "Active", "never", "Transit_cogent"],
        ["192.168.7.20", 200, "Active", "never", "Client_Bibi_Full"],
        ["fc00:0:0:8::1000", 100, "Active", "never", "Transit_cogent_v6"],
        ["fc00:0:0:8::2000", 200, "Active", "never", "Client_Toto_default"],
      ],
    );
  });

  it("topotest json (trimmed upstream to the fields it compares)", () => {
    const s = parseFrrBgpSummaryJson(shared("frr_topotest_bgp_features_r1_bgp_summary.json"));
    assert.deepStrictEqual(s, {
      vrfs: [
        {
          vrf: "default",
          routerId: "192.168.0.1",
          localAs: { asplain: 65000, text: "65000" },
          neighbors: [
            { address: "192.168.0.2", remoteAs: { asplain: 65000, text: "65000" }, state: "Established", stateText: "Established", prefixesReceived: 7 },
            { address: "192.168.101.2", remoteAs: { asplain: 65100, text: "65100" }, state: "Established", stateText: "Established", prefixesReceived: 3 },
          ],
        },
      ],
    });
  });
});

describe("FRR bgp summary: other shapes", () => {
  it("a neighbor too long for its column continues on the next line", () => {
    const s = parseFrrBgpSummaryText(
      [
        "BGP router identifier 10.0.0.1, local AS number 65011 vrf-id 0",
        "Neighbor        V         AS   MsgRcvd   MsgSent   TblVer  InQ OutQ  Up/Down State/PfxRcd   PfxSnt Desc",
        "2001:db8:100:200::1",
        "                4      65000        10        12        0    0    0 00:03:00            5        1 far away",
      ].join("\n"),
    );
    assert.deepStrictEqual(
      s.vrfs[0].neighbors.map((n) => [n.address, n.state, n.prefixesReceived, n.description]),
      [["2001:db8:100:200::1", "Established", 5, "far away"]],
    );
  });

  it("`vrf all` json maps VRF names to summaries; asdot strings are converted", () => {
    const s = parseFrrBgpSummaryJson(
      JSON.stringify({
        default: { ipv4Unicast: { routerId: "10.0.0.1", as: 65011, peers: {} } },
        red: { ipv4Unicast: { routerId: "10.0.0.1", as: "1.10", vrfName: "red", peers: { "10.9.0.1": { remoteAs: "64497.232", state: "Connect" } } } },
      }),
      "show ip bgp vrf all summary json",
    );
    assert.deepStrictEqual(s.vrfs.map((v) => [v.vrf, v.localAs?.asplain, v.neighbors.map((n) => [n.remoteAs.asplain, n.remoteAs.text, n.state])]), [
      ["default", 65011, []],
      ["red", 65546, [[4226875624, "64497.232", "Connect"]]],
    ]);
  });

  it("the older 7.x header without PfxSnt/Desc", () => {
    const s = parseFrrBgpSummaryText(
      "BGP router identifier 10.0.0.1, local AS number 65011 vrf-id 0\nNeighbor        V         AS MsgRcvd MsgSent   TblVer  InQ OutQ  Up/Down State/PfxRcd\n10.0.0.2        4      65000       5       6        0    0    0 00:01:02 OpenSent\n",
    );
    assert.deepStrictEqual([neighbor(s, "10.0.0.2").state, neighbor(s, "10.0.0.2").upDownSeconds], ["OpenSent", 62]);
  });

  const bad: Array<[string, string, RegExp]> = [
    ["empty output", "\n", /the output is empty/],
    ["an IPv6 summary", "IPv6 Unicast Summary (VRF default):\n", /only the IPv4 unicast summary is read/],
    ["an unknown column header", "Neighbor V AS Up/Down State\n", /line 1: "Neighbor V AS Up\/Down State"/],
    [
      "a row with a bad up/down",
      "Neighbor        V         AS   MsgRcvd   MsgSent   TblVer  InQ OutQ  Up/Down State/PfxRcd   PfxSnt Desc\n10.0.11.1       4      65000         4         5        0    0    0 yesterday            2        2 k-master\n",
      /line 2: "10.0.11.1/,
    ],
    [
      "a row without PfxSnt",
      "Neighbor        V         AS   MsgRcvd   MsgSent   TblVer  InQ OutQ  Up/Down State/PfxRcd   PfxSnt Desc\n10.0.11.1       4      65000         4         5        0    0    0 00:00:40            2\n",
      /expected a PfxSnt count/,
    ],
  ];
  for (const [what, output, message] of bad) {
    it(`throws a ParseError for ${what}`, () => {
      assert.throws(
        () => parseFrrBgpSummaryText(output),
        (e: unknown) => e instanceof ParseError && e.command === "show ip bgp summary" && message.test(e.message),
      );
    });
  }
  it("json: a peer with an unknown state, or a shape that is not a summary, throws", () => {
    assert.throws(() => parseFrrBgpSummaryJson('{"ipv4Unicast": {"peers": {"10.0.0.2": {"remoteAs": 65000, "state": "Dancing"}}}}'), /unknown BGP state "Dancing" \(at ipv4Unicast\.peers\["10\.0\.0\.2"\]\.state\)/);
    assert.throws(() => parseFrrBgpSummaryJson('{"neighbors": {}}'), /expected ipv4Unicast .* \(at neighbors\)/);
  });
});
