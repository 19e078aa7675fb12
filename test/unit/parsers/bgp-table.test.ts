// `show ip bgp` / `show bgp ipv4 unicast`, text and json, EOS and FRR: which prefixes, from which
// neighbour, via which next hop, best or not — what the Calico migration's gates ask of a leaf.

import * as assert from "assert";
import { parseEosBgpTableJson, parseEosBgpTableText } from "../../../providers/dialects/eos/parse/bgp-table";
import { parseFrrBgpTableJson, parseFrrBgpTableText } from "../../../providers/dialects/frr/parse/bgp-table";
import { bestPathVia } from "../../../providers/dialects/show-parse/bgp-table-lookup";
import { ParseError } from "../../../providers/dialects/show-parse/parse-error";
import { BgpPath, BgpTable } from "../../../providers/dialects/show-types";
import { local } from "./fixture-files";

const captured = (name: string) => local(`frr-captured/${name}`);
const paths = (t: BgpTable) => t.vrfs.flatMap((v) => v.paths);
/** What text and json both show: json adds the peer, text cannot. */
const comparable = (p: BgpPath) => ({ ...p, peer: undefined, statusText: undefined });

describe("BGP table (FRR 8.4.4, captured)", () => {
  it("leaf1: the node's pod block and service CIDR, best, via the node", () => {
    const table = parseFrrBgpTableText(captured("leaf1_bgp_table.txt"));
    assert.deepStrictEqual(table.vrfs.map((v) => [v.vrf, v.routerId, v.localAs?.asplain]), [["default", "10.255.0.11", 65011]]);
    assert.deepStrictEqual(paths(table)[0], {
      prefix: "10.66.111.0/24",
      nextHop: "10.0.11.1",
      valid: true,
      best: true,
      multipath: false,
      internal: false,
      metric: 0,
      weight: 0,
      asPath: "65000",
      origin: "IGP",
      statusText: "*>",
    });
    assert.equal(bestPathVia(table, "10.66.111.0/24", "10.0.11.1")?.asPath, "65000");
    assert.equal(bestPathVia(table, "10.66.111.0/24", "10.1.11.1"), undefined, "not via another node");
    assert.equal(bestPathVia(table, "10.66.112.0/24", "10.0.11.1"), undefined, "not another block");
  });

  it("text and json of the same moment agree; json also names the peer", () => {
    for (const [text, json] of [
      ["leaf1_bgp_table.txt", "leaf1_bgp_table.json"],
      ["leaf1_bgp_ipv4_unicast.txt", "leaf1_bgp_ipv4_unicast.json"],
      ["node_bgp_table.txt", "node_bgp_table.json"],
    ]) {
      const fromText = parseFrrBgpTableText(captured(text));
      const fromJson = parseFrrBgpTableJson(captured(json));
      assert.deepStrictEqual(paths(fromJson).map(comparable), paths(fromText).map(comparable), text);
      assert.deepStrictEqual([fromJson.vrfs[0].routerId, fromJson.vrfs[0].localAs], [fromText.vrfs[0].routerId, fromText.vrfs[0].localAs], json);
    }
    assert.deepStrictEqual(paths(parseFrrBgpTableJson(captured("leaf1_bgp_table.json"))).map((p) => p.peer), ["10.0.11.1", "10.0.11.1"]);
  });

  it("the node's own announcements have no next hop (0.0.0.0) and weight 32768", () => {
    const own = paths(parseFrrBgpTableText(captured("node_bgp_table.txt")));
    assert.deepStrictEqual(own.map((p) => [p.prefix, p.nextHop, p.weight, p.asPath, p.best]), [
      ["10.66.111.0/24", undefined, 32768, "", true],
      ["10.96.0.0/12", undefined, 32768, "", true],
    ]);
  });

  it("an empty table is a VRF without paths, in text and json", () => {
    assert.deepStrictEqual(parseFrrBgpTableText(captured("spine_bgp_table_empty.txt")), { vrfs: [{ vrf: "default", paths: [] }] });
    const json = parseFrrBgpTableJson(captured("spine_bgp_table_empty.json"));
    assert.deepStrictEqual(json.vrfs.map((v) => [v.vrf, v.routerId, v.paths]), [["default", "10.255.0.1", []]]);
  });
});

describe("BGP table (FRR, newer layouts)", () => {
  it("reads the topotest reference of FRR ≥ 6.1 (status indented one column, wider Network indent)", () => {
    const table = parseFrrBgpTableText(local("frr-topotests/all_protocol_startup_r1_show_bgp_ipv4-post6.1.ref.txt"), "show bgp ipv4");
    assert.deepStrictEqual(paths(table).map((p) => [p.prefix, p.nextHop, p.metric, p.weight, p.best, p.origin]), [["192.168.0.0/24", undefined, 0, 32768, true, "IGP"]]);
  });

  it("takes a path row without a network as a further path of the prefix above, and a wrapped network", () => {
    // The layout bgpd prints for ECMP (`=`) and for a network too wide for its column (route_vty_out).
    const text = [
      "BGP table version is 7, local router ID is 10.255.0.11, vrf id 0",
      "Default local pref 100, local AS 65011",
      "",
      "     Network          Next Hop            Metric LocPrf Weight Path",
      " *=  10.66.0.0/16     10.1.11.1                0             0 65001 i",
      " *>                   10.0.11.1                0             0 65000 i",
      " *>i 10.255.255.254/32",
      "                      10.255.0.1               0    100      0 i",
      "",
      "Displayed 2 routes and 3 total paths",
    ].join("\n");
    assert.deepStrictEqual(
      paths(parseFrrBgpTableText(text)).map((p) => [p.prefix, p.nextHop, p.best, p.multipath, p.internal, p.localPref]),
      [
        ["10.66.0.0/16", "10.1.11.1", false, true, false, undefined],
        ["10.66.0.0/16", "10.0.11.1", true, false, false, undefined],
        ["10.255.255.254/32", "10.255.0.1", true, false, true, 100],
      ],
    );
  });

  it("refuses what is not a BGP table, naming the line", () => {
    assert.throws(() => parseFrrBgpTableText("% Unknown command: show ip bgp x\n"), (e: ParseError) => e instanceof ParseError && /device answered with an error/.test(e.message));
    assert.throws(() => parseFrrBgpTableText(captured("leaf1_route.txt")), ParseError);
    assert.throws(() => parseFrrBgpTableJson(captured("leaf1_bgp_summary.json")), ParseError);
  });
});

describe("BGP table (EOS)", () => {
  const ntc = local("ntc-templates/eos_show_ip_bgp.txt");

  it("reads local paths (next hop -), weights shown as -, and # (not installed)", () => {
    const table = parseEosBgpTableText(ntc);
    assert.deepStrictEqual(table.vrfs.map((v) => [v.vrf, v.routerId, v.localAs?.asplain, v.paths.length]), [["default", "10.103.1.1", 103, 8]]);
    const [local1, , , , remote] = paths(table);
    assert.deepStrictEqual(local1, { prefix: "10.103.1.0/24", valid: true, best: true, multipath: false, metric: 1, localPref: 0, asPath: "", origin: "IGP", statusText: "* >" });
    assert.deepStrictEqual(remote, {
      prefix: "10.104.1.0/24",
      nextHop: "10.10.10.20",
      valid: true,
      best: false,
      multipath: false,
      installed: false,
      metric: 0,
      localPref: 100,
      weight: 0,
      asPath: "104",
      origin: "IGP",
      statusText: "* #",
    });
  });

  it("reads eAPI json: routeType, peerEntry, asPath with the origin last", () => {
    // The ntc-templates table above, as eAPI structures it (key names as in EOS `show ip bgp | json`).
    const json = JSON.stringify({
      vrfs: {
        default: {
          routerId: "10.103.1.1",
          asn: "103",
          vrf: "default",
          bgpRouteEntries: {
            "10.103.1.0/24": { address: "10.103.1.0", maskLength: 24, bgpRoutePaths: [{ nextHop: "", asPathEntry: { asPathType: null, asPath: "i" }, med: 1, localPreference: 0, weight: 0, routeType: { valid: true, active: true, ecmp: false, ecmpHead: false } }] },
            "10.104.1.0/24": { address: "10.104.1.0", maskLength: 24, bgpRoutePaths: [{ nextHop: "10.10.10.20", peerEntry: { peerRouterId: "10.104.1.1", peerAddr: "10.10.10.20" }, asPathEntry: { asPathType: null, asPath: "104 i" }, med: 0, localPreference: 100, weight: 0, routeType: { valid: true, active: true, ecmp: false, ecmpHead: false } }] },
          },
        },
      },
    });
    const table = parseEosBgpTableJson(json);
    assert.deepStrictEqual(paths(table).map((p) => [p.prefix, p.nextHop, p.peer, p.best, p.asPath, p.origin, p.metric]), [
      ["10.103.1.0/24", undefined, undefined, true, "", "IGP", 1],
      ["10.104.1.0/24", "10.10.10.20", "10.10.10.20", true, "104", "IGP", 0],
    ]);
    assert.equal(bestPathVia(table, "10.104.1.0/24", "10.10.10.20")?.asPath, "104");
  });

  it("refuses a BGP summary given as a table", () => {
    assert.throws(() => parseEosBgpTableText(local("ntc-templates/eos_show_ip_bgp_summary_pfxadv.txt")), ParseError);
    assert.throws(() => parseEosBgpTableJson('{"vrfs": {"default": {"bgpRouteEntries": {"10.0.0.0/24": {}}}}}'), ParseError);
  });
});
