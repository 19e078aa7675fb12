import * as assert from "assert";
import { parseEosBgpSummaryJson } from "../../../providers/dialects/eos/parse/bgp-summary-json";
import { parseEosBgpSummaryText } from "../../../providers/dialects/eos/parse/bgp-summary-text";
import { ParseError } from "../../../providers/dialects/show-parse/parse-error";
import { BgpNeighbor, BgpSummary } from "../../../providers/dialects/show-types";
import { local, shared } from "./fixture-files";

function only(summary: BgpSummary) {
  assert.strictEqual(summary.vrfs.length, 1);
  return summary.vrfs[0];
}
function byAddress(summary: BgpSummary, address: string, vrf = "default"): BgpNeighbor {
  const found = summary.vrfs.find((v) => v.vrf === vrf)?.neighbors.find((n) => n.address === address);
  assert.ok(found, `no neighbor ${address} in VRF ${vrf}`);
  return found;
}

describe("EOS show ip bgp summary (text)", () => {
  it("reads the old layout, where a number in State/PfxRcd means Established", () => {
    const s = parseEosBgpSummaryText(shared("eos_show_ip_bgp_summary.txt"));
    const vrf = only(s);
    assert.deepStrictEqual([vrf.vrf, vrf.routerId, vrf.localAs], ["default", "10.26.0.22", { asplain: 65533, text: "65533" }]);
    assert.deepStrictEqual(byAddress(s, "10.17.254.78"), {
      address: "10.17.254.78",
      remoteAs: { asplain: 65534, text: "65534" },
      state: "Established",
      stateText: "7",
      prefixesReceived: 7,
      upDownText: "02:49:40",
      upDownSeconds: 2 * 3600 + 49 * 60 + 40,
    });
    assert.strictEqual(vrf.neighbors.length, 2);
  });

  it("keeps Idle(NoIf) as Idle with its reason, ignores trailing blanks, and gives no prefixes to non-Established rows", () => {
    const s = parseEosBgpSummaryText(shared("eos_show_ip_bgp_summary2.txt"));
    assert.deepStrictEqual(
      only(s).neighbors.map((n) => [n.address, n.state, n.stateText, n.prefixesReceived, n.prefixesAccepted, n.upDownSeconds]),
      [
        ["10.10.128.0", "Active", "Active", undefined, undefined, 79 * 86400 + 5 * 3600],
        ["10.106.0.153", "Idle", "Idle(NoIf)", undefined, undefined, 79 * 86400 + 5 * 3600],
        ["10.106.0.157", "Established", "Estab", 1, 1, 79 * 86400 + 5 * 3600],
      ],
    );
  });

  it("converts asdot remote AS to asplain and keeps the text; cuts descriptions with spaces out verbatim", () => {
    const s = parseEosBgpSummaryText(shared("eos_show_ip_bgp_summary3.txt"));
    const rtr4 = byAddress(s, "192.0.2.4");
    assert.deepStrictEqual(rtr4.remoteAs, { asplain: 64497 * 65536 + 232, text: "64497.232" });
    assert.strictEqual(rtr4.description, "RTR4");
    assert.strictEqual(byAddress(s, "192.0.2.5").description, "RTR 5");
    const rtr6 = byAddress(s, "192.0.2.6");
    assert.deepStrictEqual([rtr6.description, rtr6.remoteAs.asplain, rtr6.prefixesReceived, rtr6.prefixesAccepted], ["RTR 6 to 5", 4226875626, 12, 16]);
    assert.strictEqual(only(s).neighbors.length, 5);
  });

  it("reads the 7124SX layout with separate State and PfxRcd columns and day uptimes", () => {
    const s = parseEosBgpSummaryText(shared("eos_show_ip_bgp_summary4.txt"));
    assert.deepStrictEqual(
      only(s).neighbors.map((n) => [n.address, n.state, n.prefixesReceived, n.upDownText]),
      [
        ["10.17.254.78", "Established", 1, "123d12h"],
        ["10.17.254.79", "Active", undefined, "345d21h"],
      ],
    );
  });

  it("splits `vrf all` output into VRFs, each with its own router id and AS", () => {
    const s = parseEosBgpSummaryText(shared("eos_show_ip_bgp_summary_vrf.txt"), "show ip bgp summary vrf all");
    assert.deepStrictEqual(
      s.vrfs.map((v) => [v.vrf, v.routerId, v.localAs?.asplain, v.neighbors.map((n) => n.address)]),
      [
        // 645001 looks like a typo for 65001 upstream, but it is a valid 4-byte AS: keep what the device said.
        ["RED", "192.168.1.1", 645001, ["192.168.1.2"]],
        ["WHITE", "192.168.2.1", 65011, ["192.168.2.2"]],
        ["BLUE", "192.168.3.1", 65021, ["192.168.3.2", "192.168.3.3"]],
      ],
    );
    assert.deepStrictEqual([byAddress(s, "192.168.3.2", "BLUE").prefixesReceived, byAddress(s, "192.168.3.2", "BLUE").prefixesAccepted], [25, 25]);
  });

  it("reads wide InQ/OutQ columns, and a description row ending in Idle(NoIf) with no counts", () => {
    const s = parseEosBgpSummaryText(shared("eos_show_ip_bgp_summary_vrf2.txt"));
    assert.deepStrictEqual(
      only(s).neighbors.map((n) => [n.description, n.address, n.remoteAs.asplain, n.state, n.prefixesReceived, n.prefixesAccepted]),
      [
        ["FOO-BAR-PRIMARY", "10.255.255.221", 5000, "Established", 121, 76],
        ["BAZ", "10.255.255.191", 5000, "Idle", undefined, undefined],
        ["OTC-MARKETS-A", "10.255.254.217", 65100, "Established", 13, 12],
      ],
    );
  });

  describe("the reference lab transcripts (alignment and headers lost)", () => {
    it("Leaf-1 with the VRF and router-id header lines", () => {
      const s = parseEosBgpSummaryText(local("seed000/leaf1_show_ip_bgp_su.txt"), "show ip bgp su");
      const vrf = only(s);
      assert.deepStrictEqual([vrf.vrf, vrf.routerId, vrf.localAs?.asplain], ["default", "10.11.99.1", 65011]);
      assert.deepStrictEqual(
        vrf.neighbors.map((n) => [n.address, n.remoteAs.asplain, n.state, n.prefixesReceived, n.prefixesAccepted, n.upDownText]),
        [
          ["10.0.11.1", 65000, "Established", 2, 2, "00:02:13"],
          ["10.1.11.1", 65001, "Established", 2, 2, "00:02:13"],
        ],
      );
    });

    it("Leaf-1/2/3 without the header lines: default VRF, router id and local AS unknown", () => {
      const cases: Array<[string, Array<[string, number, number]>]> = [
        ["seed000/leaf1_show_ip_bgp_su_no_header.txt", [["10.0.11.1", 65000, 32], ["10.1.11.1", 65001, 32]]],
        ["seed000/leaf2_show_ip_bgp_summary_no_header.txt", [["10.2.22.1", 65002, 39]]],
        ["seed000/leaf3_show_ip_bgp_summary_no_header.txt", [["10.3.33.1", 65003, 39]]],
      ];
      for (const [file, expected] of cases) {
        const vrf = only(parseEosBgpSummaryText(local(file)));
        assert.deepStrictEqual([vrf.vrf, vrf.routerId, vrf.localAs], ["default", undefined, undefined], file);
        assert.deepStrictEqual(
          vrf.neighbors.map((n) => [n.address, n.remoteAs.asplain, n.prefixesReceived]),
          expected,
          file,
        );
        assert.ok(vrf.neighbors.every((n) => n.state === "Established" && n.stateText === "Estab"), file);
      }
    });

    it("Leaf-1 filtered with `| inc 10.0.11.1|Nei`", () => {
      const vrf = only(parseEosBgpSummaryText(local("seed000/leaf1_show_ip_bgp_summary_inc.txt"), "show ip bgp summary | inc 10.0.11.1|Nei"));
      assert.deepStrictEqual(
        vrf.neighbors.map((n) => [n.address, n.state, n.prefixesReceived, n.prefixesAccepted, n.upDownSeconds]),
        [["10.0.11.1", "Established", 32, 32, 3600 + 41 * 60 + 53]],
      );
    });
  });

  describe("refuses what it cannot read", () => {
    const bad: Array<[string, string, RegExp]> = [
      ["a CLI error", "% Invalid input (at token 3: 'summry')\n", /the device answered with an error \(line 1/],
      ["empty output", "", /the output is empty/],
      ["only blank lines", "\r\n  \r\n", /the output is empty/],
      ["an unknown column header", "Neighbor V AS MsgRcvd MsgSent InQ OutQ Up/Down Status\n10.0.0.1 4 65000 1 1 0 0 00:01:00 Estab\n", /unexpected line, expected a BGP summary header/],
      ["a row before any header", "10.0.11.1 4 65000 220 635 0 0 02:55:10 Estab 32 32\n", /line 1: "10.0.11.1 4 65000/],
      ["a truncated row", "Neighbor V AS MsgRcvd MsgSent InQ OutQ Up/Down State PfxRcd PfxAcc\n10.0.11.1 4 65000 220\n", /line 2: "10.0.11.1 4 65000 220"/],
      ["a bad AS number", "Neighbor V AS MsgRcvd MsgSent InQ OutQ Up/Down State PfxRcd PfxAcc\n10.0.11.1 4 65536.1 1 1 0 0 00:01:00 Estab 1 1\n", /expected a neighbor row/],
      ["an unknown state", "Neighbor V AS MsgRcvd MsgSent InQ OutQ Up/Down State PfxRcd PfxAcc\n10.0.11.1 4 65000 1 1 0 0 00:01:00 Flapping\n", /unknown BGP state "Flapping"/],
      ["a bad router id line", "Router identifier 10.0.0, local AS number 65011\n", /no valid router id/],
    ];
    for (const [what, output, message] of bad) {
      it(`throws a ParseError naming the command and line for ${what}`, () => {
        assert.throws(
          () => parseEosBgpSummaryText(output, "show ip bgp summary"),
          (e: unknown) => e instanceof ParseError && e.command === "show ip bgp summary" && message.test(e.message),
        );
      });
    }

    it("a header with no neighbors is a valid, empty VRF", () => {
      const s = parseEosBgpSummaryText(
        "BGP summary information for VRF default\nRouter identifier 10.11.99.1, local AS number 65011\nNeighbor Status Codes: m - Under maintenance\n" +
          "  Neighbor         V  AS           MsgRcvd   MsgSent  InQ OutQ  Up/Down State   PfxRcd PfxAcc\n",
      );
      assert.deepStrictEqual(s, { vrfs: [{ vrf: "default", routerId: "10.11.99.1", localAs: { asplain: 65011, text: "65011" }, neighbors: [] }] });
    });
  });
});

describe("EOS show ip bgp summary (text), current releases (ntc-templates)", () => {
  it("reads the columns by header: State PfxRcd PfxAcc PfxAdv, with descriptions", () => {
    const s = parseEosBgpSummaryText(local("ntc-templates/eos_show_ip_bgp_summary_pfxadv.txt"));
    assert.deepStrictEqual(
      only(s).neighbors.map((n) => [n.description, n.address, n.remoteAs.asplain, n.state, n.prefixesReceived, n.prefixesAccepted, n.prefixesAdvertised]),
      [
        ["IBGP-CE2", "10.0.9.23", 65000, "Established", 1238, 1238, 1039468],
        ["CUSTOMER-FW", "10.56.30.17", 64512, "Established", 2, 2, 1],
        ["Primary-ISP-PE-AS65530", "172.16.130.2", 65530, "Established", 1040594, 1040594, 2],
      ],
    );
  });

  it("reads a row without a description under the Description header", () => {
    const s = parseEosBgpSummaryText(local("ntc-templates/eos_show_ip_bgp_summary_pfxadv2.txt"));
    const last = byAddress(s, "10.255.2.11");
    assert.deepStrictEqual([last.description, last.remoteAs.asplain, last.prefixesAdvertised], [undefined, 65114, 17]);
    assert.equal(byAddress(s, "10.0.0.24").description, "spine-1_Ethernet6");
  });

  it("reads one section per VRF, each with its own router id and AS", () => {
    const s = parseEosBgpSummaryText(local("ntc-templates/eos_show_ip_bgp_summary_vrf_2.txt"), "show ip bgp summary vrf all");
    assert.deepStrictEqual(
      s.vrfs.map((v) => [v.vrf, v.routerId, v.localAs?.asplain, v.neighbors.map((n) => `${n.description} ${n.address} ${n.upDownSeconds}`)]),
      [
        ["default", "192.0.2.1", 64496, ["R2 192.0.2.2 111600", "R3 192.0.2.3 147600"]],
        ["red", "192.0.2.11", 64498, ["R4 192.0.2.12 111600", "R5 192.0.2.13 147600"]],
        ["blue", "192.0.2.21", 64500, ["R6 192.0.2.22 111600", "R7 192.0.2.23 147600"]],
      ],
    );
  });

  it("takes a count column it does not use, and still refuses text that is not a summary", () => {
    const withExtra = local("ntc-templates/eos_show_ip_bgp_summary_pfxadv.txt").replace("PfxAdv", "PfxAdv PfxBest").replace(/(Estab\s+1238\s+1238\s+1039468)/, "$1 7");
    assert.equal(byAddress(parseEosBgpSummaryText(withExtra), "10.0.9.23").prefixesAdvertised, 1039468);
    assert.throws(() => parseEosBgpSummaryText(local("ntc-templates/eos_show_ip_bgp.txt")), ParseError);
  });
});

describe("EOS show ip bgp summary | json", () => {
  it("reads ceos1: both peers Active, no prefix counts for them", () => {
    const s = parseEosBgpSummaryJson(shared("eos_show_ip_bgp_summary_json_ceos1.json"));
    const vrf = only(s);
    assert.deepStrictEqual([vrf.routerId, vrf.localAs?.asplain], ["1.1.1.1", 100]);
    assert.deepStrictEqual(
      vrf.neighbors.map((n) => [n.address, n.remoteAs.asplain, n.state, n.prefixesReceived]),
      [
        ["2.2.2.2", 100, "Active", undefined],
        ["157.130.1.2", 300, "Active", undefined],
      ],
    );
  });

  it("reads ceos2: one Established with 4 prefixes, one Active, and the last-change time", () => {
    const s = parseEosBgpSummaryJson(shared("eos_show_ip_bgp_summary_json_ceos2.json"));
    assert.deepStrictEqual(byAddress(s, "1.1.1.1"), {
      address: "1.1.1.1",
      remoteAs: { asplain: 100, text: "100" },
      state: "Established",
      stateText: "Established",
      lastStateChangeEpoch: 1714314555.991261,
      prefixesReceived: 4,
      prefixesAccepted: 4,
    });
    assert.strictEqual(byAddress(s, "157.130.2.2").state, "Active");
  });

  it("reads napalm's vrf-all capture", () => {
    const s = parseEosBgpSummaryJson(shared("napalm_eos_show_ip_bgp_summary_vrf_all.json"), "show ip bgp summary vrf all | json");
    assert.deepStrictEqual(
      only(s).neighbors.map((n) => [n.address, n.remoteAs.asplain, n.state, n.prefixesReceived, n.prefixesAccepted]),
      [
        ["10.0.0.1", 65002, "Established", 3, 3],
        ["10.0.0.3", 65003, "Active", undefined, undefined],
      ],
    );
  });

  it("reads unnumbered link-local peers and asdot ASNs (napalm issue 1759)", () => {
    const s = parseEosBgpSummaryJson(shared("napalm_eos_show_ip_bgp_summary_vrf_all_issue1759.json"));
    const vrf = only(s);
    assert.deepStrictEqual(vrf.localAs, { asplain: 65002 * 65536 + 2048, text: "65002.2048" });
    assert.deepStrictEqual(byAddress(s, "fe80::a8c1:abff:fe94:4171%Et3").remoteAs, { asplain: 65001 * 65536 + 1028, text: "65001.1028" });
    assert.deepStrictEqual(
      vrf.neighbors.map((n) => n.prefixesReceived),
      [3, 5, 6],
    );
  });

  it("anta's contradictory peer (Established with idle reason NoInterface) is Established: the reason only applies to Idle", () => {
    const s = parseEosBgpSummaryJson(shared("eos_anta_show_bgp_ipv4_unicast_summary_vrf_all.json"), "show bgp ipv4 unicast summary vrf all | json");
    assert.deepStrictEqual(s.vrfs.map((v) => v.vrf), ["default", "BLAH"]);
    const peer = byAddress(s, "8.8.8.8", "BLAH");
    assert.deepStrictEqual([peer.state, peer.stateText, peer.remoteAs.asplain, peer.prefixesReceived], ["Established", "Established", 12345, 0]);
  });

  it("reads the multi-AFI `show bgp summary` shape: peerAsn, ipv4Unicast nlris; EVPN-only peers have no IPv4 counts", () => {
    const s = parseEosBgpSummaryJson(shared("eos_anta_show_bgp_summary_vrf_all.json"), "show bgp summary vrf all | json");
    assert.deepStrictEqual(
      byAddress(s, "10.1.255.0").prefixesReceived,
      14,
    );
    assert.deepStrictEqual([byAddress(s, "10.1.0.1").remoteAs.asplain, byAddress(s, "10.1.0.1").prefixesReceived], [65100, undefined]);
    assert.deepStrictEqual(byAddress(s, "10.1.254.1", "DEV").prefixesAccepted, 4);
  });

  it("an Idle peer carries its reason in stateText, like the text output", () => {
    const s = parseEosBgpSummaryJson(
      JSON.stringify({ vrfs: { default: { routerId: "10.0.0.1", asn: "65011", peers: { "10.0.0.2": { asn: "65000", peerState: "Idle", peerStateIdleReason: "NoInterface" } } } } }),
    );
    assert.deepStrictEqual([byAddress(s, "10.0.0.2").state, byAddress(s, "10.0.0.2").stateText], ["Idle", "Idle(NoInterface)"]);
  });

  it("no BGP (empty vrfs) is a valid empty summary", () => {
    assert.deepStrictEqual(parseEosBgpSummaryJson('{"vrfs": {}}'), { vrfs: [] });
  });

  const bad: Array<[string, string, RegExp]> = [
    ["a CLI error", "% Invalid input (at token 4: 'jsn')", /the device answered with an error instead of json \(line 1/],
    ["empty output", "  \n", /the output is empty, expected a json document/],
    ["json without vrfs", '{"peers": {}}', /field vrfs is missing/],
    ["a peer without a state", '{"vrfs": {"default": {"peers": {"10.0.0.2": {"asn": "65000"}}}}}', /vrfs\.default\.peers\["10\.0\.0\.2"\]\.peerState/],
    ["an AS that is not one", '{"vrfs": {"default": {"peers": {"10.0.0.2": {"asn": "sixty", "peerState": "Active"}}}}}', /"sixty" is not an AS number/],
  ];
  for (const [what, output, message] of bad) {
    it(`throws a ParseError for ${what}`, () => {
      assert.throws(
        () => parseEosBgpSummaryJson(output),
        (e: unknown) => e instanceof ParseError && e.command === "show ip bgp summary | json" && message.test(e.message),
      );
    });
  }
});

describe("EOS bgp summary: text and json agree", () => {
  it("ceos2 json and the equivalent table give the same neighbors, state and prefixes", () => {
    const json = parseEosBgpSummaryJson(shared("eos_show_ip_bgp_summary_json_ceos2.json"));
    const pick = (s: BgpSummary) => s.vrfs[0].neighbors.map((n) => [n.address, n.remoteAs.asplain, n.state, n.prefixesReceived, n.prefixesAccepted]);
    const text = parseEosBgpSummaryText(
      [
        "BGP summary information for VRF default",
        "Router identifier 2.2.2.2, local AS number 100",
        "Neighbor Status Codes: m - Under maintenance",
        "  Neighbor         V  AS           MsgRcvd   MsgSent  InQ OutQ  Up/Down State   PfxRcd PfxAcc",
        "  1.1.1.1          4  100                4         4    0    0 00:00:33 Estab   4      4",
        "  157.130.2.2      4  400                0         0    0    0 00:00:34 Active",
      ].join("\n"),
    );
    assert.deepStrictEqual(pick(text), pick(json));
    assert.deepStrictEqual([text.vrfs[0].routerId, text.vrfs[0].localAs], [json.vrfs[0].routerId, json.vrfs[0].localAs]);
  });
});
