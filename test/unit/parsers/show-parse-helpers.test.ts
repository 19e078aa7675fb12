import * as assert from "assert";
import { eosShowParsers } from "../../../providers/dialects/eos/parse";
import { frrShowParsers } from "../../../providers/dialects/frr/parse";
import { asnFromText } from "../../../providers/dialects/show-parse/asn";
import { durationSeconds } from "../../../providers/dialects/show-parse/durations";
import { ParseError } from "../../../providers/dialects/show-parse/parse-error";
import { longestMatch, routesForPrefix, selectedRoute } from "../../../providers/dialects/show-parse/route-lookup";
import { ShowOutputParsers } from "../../../providers/dialects/show-types";
import { local } from "./fixture-files";

describe("show-output helpers", () => {
  it("AS numbers: asplain and asdot (RFC 5396), and what is not an AS", () => {
    assert.deepStrictEqual(asnFromText("64497.232"), { asplain: 4226875624, text: "64497.232" });
    assert.deepStrictEqual(asnFromText("0.65535"), { asplain: 65535, text: "0.65535" });
    assert.deepStrictEqual(asnFromText("65535.65535"), { asplain: 4294967295, text: "65535.65535" });
    assert.deepStrictEqual(asnFromText("4294967295"), { asplain: 4294967295, text: "4294967295" });
    for (const bad of ["4294967296", "65536.1", "1.65536", "6500a", "", "1.2.3", "-1"]) assert.strictEqual(asnFromText(bad), undefined, bad);
  });

  it("durations in every EOS and FRR spelling; 'never'; and non-durations", () => {
    const cases: Array<[string, number | "never" | undefined]> = [
      ["02:49:40", 10180],
      ["79d05h", 79 * 86400 + 5 * 3600],
      ["1d02h03m", 86400 + 2 * 3600 + 180],
      ["5w0d01h", 5 * 604800 + 3600],
      ["38.779s", 38.779],
      ["1m04s", 64],
      ["never", "never"],
      ["Estab", undefined],
      ["", undefined],
      ["12", undefined],
    ];
    for (const [text, seconds] of cases) assert.strictEqual(durationSeconds(text), seconds, text);
  });

  it("ParseError says which command, why and where", () => {
    const e = new ParseError({ command: "show ip route", reason: "unexpected line", lineNumber: 3, line: "% Invalid input" });
    assert.strictEqual(e.message, 'cannot parse the output of `show ip route`: unexpected line (line 3: "% Invalid input")');
    assert.strictEqual(new ParseError({ command: "show ip route | json", reason: "x", jsonPath: "vrfs" }).message, "cannot parse the output of `show ip route | json`: x (at vrfs)");
    assert.ok(e instanceof Error && e.name === "ParseError");
  });

  it("longestMatch refuses something that is not an address, rather than answering 'absent'", () => {
    const t = eosShowParsers.ipRoute.text(local("seed000/leaf3_show_ip_ro.txt"));
    assert.throws(() => longestMatch(t, "10.66.x.1"), /"10.66.x.1" is not an IP address/);
    assert.deepStrictEqual(routesForPrefix(t, "10.4.44.0/31", "red"), []);
  });
});

describe("one gate question, both dialects: is the node's pod block in the leaf's RIB, via the node, by BGP?", () => {
  const cases: Array<[string, ShowOutputParsers, string, "text" | "json"]> = [
    ["EOS Leaf-1 of the reference lab, `show ip ro bgp | inc /24`", eosShowParsers, "seed000/leaf1_show_ip_ro_bgp_inc_24.txt", "text"],
    ["EOS Leaf-1 of the reference lab, `show ip ro 10.66.111.0`", eosShowParsers, "seed000/leaf1_show_ip_ro_10.66.111.0.txt", "text"],
    ["EOS json (transcribed)", eosShowParsers, "eos-json-from-text/seed000_leaf1_show_ip_route_10.66.111.0.json", "json"],
    ["FRR leaf1 `show ip route`", frrShowParsers, "frr-captured/leaf1_route.txt", "text"],
    ["FRR leaf1 `show ip route json`", frrShowParsers, "frr-captured/leaf1_route.json", "json"],
    ["FRR leaf1 `show ip route 10.66.111.7`", frrShowParsers, "frr-captured/leaf1_route_address.txt", "text"],
  ];
  for (const [what, parsers, file, format] of cases) {
    it(what, () => {
      const route = selectedRoute(parsers.ipRoute[format](local(file)), "10.66.111.0/24");
      assert.ok(route, "10.66.111.0/24 not found");
      assert.deepStrictEqual([route.protocol, route.nextHops.map((h) => [h.address, h.interface])], ["bgp", [["10.0.11.1", "Ethernet2"]]]);
    });
  }

  it("and every session on Leaf-1 is Established with prefixes, in both dialects' words", () => {
    const eos = eosShowParsers.bgpSummary.text(local("seed000/leaf1_show_ip_bgp_su.txt"));
    const frr = frrShowParsers.bgpSummary.json(local("frr-captured/leaf1_bgp_summary.json"));
    const k = (address: string, s: typeof eos) => s.vrfs[0].neighbors.find((n) => n.address === address);
    assert.deepStrictEqual([k("10.0.11.1", eos)?.state, k("10.0.11.1", frr)?.state], ["Established", "Established"]);
    assert.ok((k("10.0.11.1", eos)?.prefixesReceived ?? 0) > 0 && (k("10.0.11.1", frr)?.prefixesReceived ?? 0) > 0);
    assert.strictEqual(k("10.1.11.1", frr)?.state, "Active"); // the FRR lab's unbooted worker
  });
});
