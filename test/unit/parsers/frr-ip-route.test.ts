import * as assert from "assert";
import { parseFrrIpRouteJson } from "../../../providers/dialects/frr/parse/ip-route-json";
import { parseFrrIpRouteText } from "../../../providers/dialects/frr/parse/ip-route-text";
import { ParseError } from "../../../providers/dialects/show-parse/parse-error";
import { longestMatch, routesForPrefix, selectedRoute } from "../../../providers/dialects/show-parse/route-lookup";
import { RouteTable } from "../../../providers/dialects/show-types";
import { local } from "./fixture-files";

const captured = (name: string) => local(`frr-captured/${name}`);
/** The table omits [0/0] for connected routes that json and `Routing entry` show; otherwise all must agree. */
const comparable = (t: RouteTable) =>
  t.vrfs.map((v) => ({
    ...v,
    routes: v.routes.map(({ distance, metric, ...rest }) =>
      rest.protocol === "connected" && distance === 0 && metric === 0 ? rest : { ...rest, ...(distance !== undefined ? { distance, metric } : {}) },
    ),
  }));
const both = (name: string): [RouteTable, RouteTable] => [parseFrrIpRouteText(captured(`${name}.txt`)), parseFrrIpRouteJson(captured(`${name}.json`))];

describe("FRR show ip route (captured from FRR 8.4.4)", () => {
  it("leaf1 table: ECMP default via both spine links, eBGP pod block, OSPF candidates not selected", () => {
    const t = parseFrrIpRouteText(captured("leaf1_route.txt"));
    assert.deepStrictEqual(t.vrfs.map((v) => [v.vrf, v.gatewayOfLastResort, v.routes.length]), [["default", "notShown", 9]]);
    assert.deepStrictEqual(selectedRoute(t, "0.0.0.0/0"), {
      prefix: "0.0.0.0/0",
      protocol: "ospf",
      codes: "O",
      distance: 110,
      metric: 1,
      nextHops: [
        { address: "10.11.99.0", interface: "Ethernet1", directlyConnected: false, installed: true },
        { address: "10.12.99.0", interface: "Ethernet4", directlyConnected: false, installed: true },
      ],
      directlyConnected: false,
      selected: true,
      installed: true,
    });
    assert.deepStrictEqual(
      routesForPrefix(t, "10.11.99.0/31").map((r) => [r.codes, r.selected, r.installed, r.directlyConnected]),
      [
        ["O", false, false, true],
        ["C", true, true, true],
      ],
    );
    const pod = longestMatch(t, "10.66.111.7");
    assert.deepStrictEqual(pod && [pod.prefix, pod.protocol, pod.distance, pod.nextHops.map((h) => [h.address, h.interface])], ["10.66.111.0/24", "bgp", 20, [["10.0.11.1", "Ethernet2"]]]);
  });

  it("spine table: a blackhole static default and OSPF external routes over two links", () => {
    const t = parseFrrIpRouteText(captured("spine_route.txt"));
    assert.deepStrictEqual(selectedRoute(t, "0.0.0.0/0")?.nextHops, [{ directlyConnected: false, blackhole: true, installed: true }]);
    assert.deepStrictEqual(
      selectedRoute(t, "10.96.0.0/12")?.nextHops.map((h) => h.address),
      ["10.11.99.1", "10.12.99.1"],
    );
  });

  it("text and json of the same moment agree: tables, lookups, bgp and ospf filters", () => {
    for (const name of ["leaf1_route", "spine_route", "leaf1_route_prefix", "leaf1_route_address", "leaf1_route_bgp", "leaf1_route_two_entries", "leaf1_route_missing"]) {
      const [text, json] = both(name);
      assert.deepStrictEqual(comparable(json), comparable(text), name);
    }
  });

  it("`show ip route bgp` and `ospf` keep only their protocol", () => {
    assert.deepStrictEqual(parseFrrIpRouteText(captured("leaf1_route_bgp.txt")).vrfs[0].routes.map((r) => [r.prefix, r.codes]), [
      ["10.66.111.0/24", "B"],
      ["10.96.0.0/12", "B"],
    ]);
    assert.ok(parseFrrIpRouteText(captured("leaf1_route_ospf.txt")).vrfs[0].routes.every((r) => r.protocol === "ospf"));
  });

  it("`Routing entry for`: an address lookup answers with the covering prefix; ECMP next hops; best vs. not best", () => {
    const byAddress = parseFrrIpRouteText(captured("leaf1_route_address.txt"), "show ip route 10.66.111.7");
    assert.deepStrictEqual(byAddress.vrfs[0].routes, [
      {
        prefix: "10.66.111.0/24",
        protocol: "bgp",
        codes: "B",
        distance: 20,
        metric: 0,
        nextHops: [{ address: "10.0.11.1", interface: "Ethernet2", directlyConnected: false, installed: true }],
        directlyConnected: false,
        selected: true,
        installed: true,
      },
    ]);
    const def = parseFrrIpRouteText(captured("leaf1_route_default.txt"), "show ip route 0.0.0.0/0");
    assert.deepStrictEqual(def.vrfs[0].routes[0].nextHops.map((h) => [h.address, h.interface, h.installed]), [
      ["10.11.99.0", "Ethernet1", true],
      ["10.12.99.0", "Ethernet4", true],
    ]);
    const two = parseFrrIpRouteText(captured("leaf1_route_two_entries.txt"), "show ip route 10.11.99.0/31");
    assert.deepStrictEqual(two.vrfs[0].routes.map((r) => [r.codes, r.distance, r.selected, r.installed, r.nextHops]), [
      ["O", 110, false, false, [{ interface: "Ethernet1", directlyConnected: true, installed: false }]],
      ["C", 0, true, true, [{ interface: "Ethernet1", directlyConnected: true, installed: true }]],
    ]);
  });

  it("`% Network not in table` and json `{}` are a valid miss; a mistyped command is an error", () => {
    const miss = parseFrrIpRouteText(captured("leaf1_route_missing.txt"), "show ip route 192.0.2.0/24");
    assert.deepStrictEqual(miss, { vrfs: [{ vrf: "default", gatewayOfLastResort: "notShown", routes: [] }] });
    assert.strictEqual(longestMatch(miss, "192.0.2.1"), undefined);
    assert.throws(
      () => parseFrrIpRouteText(captured("leaf1_bad_command.txt"), "show ip route"),
      (e: unknown) => e instanceof ParseError && /the device answered with an error \(line 1: "% Unknown command/.test(e.message),
    );
  });
});

describe("FRR show ip route: other shapes", () => {
  it("VRF sections, recursive and inactive next hops, ICMP unreachable, kernel routes", () => {
    const t = parseFrrIpRouteText(
      [
        "Codes: K - kernel route, C - connected, S - static, R - RIP,",
        "       > - selected route, * - FIB route, q - queued, r - rejected, b - backup",
        "",
        "VRF red:",
        "K>* 0.0.0.0/0 [0/100] via 10.9.0.1, eth0, 00:10:00",
        "B>  10.66.0.0/24 [200/0] via 10.255.0.2 (recursive), weight 1, 00:01:00",
        "  *                        via 10.11.99.0, Ethernet1, weight 1, 00:01:00",
        "S   10.77.0.0/16 [1/0] via 10.8.0.1 inactive, weight 1, 00:02:00",
        "S>* 10.78.0.0/16 [1/0] unreachable (ICMP unreachable), weight 1, 00:02:00",
      ].join("\n"),
      "show ip route vrf red",
    );
    assert.deepStrictEqual(t.vrfs.map((v) => v.vrf), ["red"]);
    const [kernel, bgp, inactive, unreachable] = t.vrfs[0].routes;
    assert.deepStrictEqual([kernel.protocol, kernel.distance, kernel.metric, kernel.nextHops[0].interface], ["kernel", 0, 100, "eth0"]);
    assert.deepStrictEqual([bgp.selected, bgp.installed, bgp.nextHops], [
      true,
      false,
      [
        { address: "10.255.0.2", directlyConnected: false, recursive: true, installed: false },
        { address: "10.11.99.0", interface: "Ethernet1", directlyConnected: false, installed: true },
      ],
    ]);
    assert.deepStrictEqual(inactive.nextHops, [{ address: "10.8.0.1", directlyConnected: false, installed: false }]);
    assert.deepStrictEqual(unreachable.nextHops, [{ directlyConnected: false, blackhole: true, installed: true }]);
  });

  it("`vrf all` json nests prefix maps under VRF names; unknown protocols are kept as other", () => {
    const t = parseFrrIpRouteJson(
      JSON.stringify({
        default: {},
        blue: { "10.5.0.0/16": [{ prefix: "10.5.0.0/16", protocol: "babel", vrfName: "blue", selected: true, installed: true, distance: 100, metric: 0, nexthops: [{ ip: "10.6.0.1", interfaceName: "eth2", fib: true }] }] },
      }),
      "show ip route vrf all json",
    );
    assert.deepStrictEqual(t.vrfs.map((v) => [v.vrf, v.routes.map((r) => [r.prefix, r.protocol, r.codes])]), [
      ["default", []],
      ["blue", [["10.5.0.0/16", "other", "A"]]],
    ]);
  });

  const badText: Array<[string, string, RegExp]> = [
    ["empty output", "", /the output is empty/],
    ["an unknown code letter", "Z>* 10.0.0.0/8 [1/0] via 10.0.0.1, eth0, 00:00:01\n", /unknown route code "Z"/],
    ["a route line without a next hop", "O>* 10.0.0.0/8 [110/20]\n", /line 1: "O>\* 10.0.0.0\/8 \[110\/20\]"/],
    ["a continuation before any route", "  *                   via 10.12.99.0, Ethernet4, weight 1, 00:00:01\n", /a route line before its next-hop continuation/],
    ["a `Routing entry` without Known via", "Routing entry for 10.0.0.0/8\n  * 10.0.0.1, via eth0\n", /line 2: "  \* 10.0.0.1, via eth0"/],
    ["text after `% Network not in table`", "% Network not in table\nsomething else\n", /nothing after `% Network not in table`/],
  ];
  for (const [what, output, message] of badText) {
    it(`text: throws a ParseError for ${what}`, () => {
      assert.throws(
        () => parseFrrIpRouteText(output),
        (e: unknown) => e instanceof ParseError && e.command === "show ip route" && message.test(e.message),
      );
    });
  }
  const badJson: Array<[string, string, RegExp]> = [
    ["a CLI error", "% Unknown command: show ip route jsn", /answered with an error instead of json/],
    ["an entry without protocol", '{"10.0.0.0/8": [{"prefix": "10.0.0.0/8", "nexthops": []}]}', /field protocol is missing \(expected a string\) \(at \["10\.0\.0\.0\/8"\]\[0\]\.protocol\)/],
    ["a mismatched prefix", '{"10.0.0.0/8": [{"prefix": "10.0.0.0/9", "protocol": "static", "nexthops": []}]}', /differs from its key/],
    ["a route map that is not one", '{"10.0.0.0/8": {"prefix": "10.0.0.0/8"}}', /expected an array/],
  ];
  for (const [what, output, message] of badJson) {
    it(`json: throws a ParseError for ${what}`, () => {
      assert.throws(
        () => parseFrrIpRouteJson(output),
        (e: unknown) => e instanceof ParseError && message.test(e.message),
      );
    });
  }
});

describe("FRR 10.x show ip route layouts", () => {
  // FRR 10 prints a legend with `L - local` and `t - Table-Direct`, an `IPv4 unicast VRF default:`
  // header, local /32s, and keeps a blank where the selected flag is unset (`L * …`, `C * …`).
  // The route lines below follow that layout; the `L *` line is the one FRR 10.1 printed in issue 11.
  const frr10 = [
    "Codes: K - kernel route, C - connected, L - local, S - static,",
    "       R - RIP, O - OSPF, I - IS-IS, B - BGP, E - EIGRP, N - NHRP,",
    "       T - Table, v - VNC, V - VNC-Direct, A - Babel, F - PBR,",
    "       f - OpenFabric, t - Table-Direct,",
    "       > - selected route, * - FIB route, q - queued, r - rejected, b - backup",
    "       t - trapped, o - offload failure",
    "",
    "IPv4 unicast VRF default:",
    "O   10.0.0.1/32 [110/0] is directly connected, lo, weight 1, 00:00:07",
    "L * 10.0.0.1/32 is directly connected, lo, weight 1, 00:00:08",
    "C>* 10.0.0.1/32 is directly connected, lo, weight 1, 00:00:08",
    "C>* 10.0.11.0/31 is directly connected, Ethernet2, weight 1, 00:00:08",
    "L>* 10.0.11.0/32 is directly connected, Ethernet2, weight 1, 00:00:08",
    "B>* 10.66.111.0/24 [20/0] via 10.0.11.1, Ethernet2, weight 1, 00:00:05",
    "O>* 0.0.0.0/0 [110/1] via 10.11.99.0, Ethernet1, weight 1, 00:00:03",
    "  *                   via 10.12.99.0, Ethernet4, weight 1, 00:00:03",
    "",
  ].join("\n");

  it("reads L routes and blank flag columns: `L *` is in the FIB but not selected", () => {
    const table = parseFrrIpRouteText(frr10);
    assert.deepStrictEqual(table.vrfs.map((v) => [v.vrf, v.routes.length]), [["default", 7]]);
    const loopback = table.vrfs[0].routes.filter((r) => r.prefix === "10.0.0.1/32");
    assert.deepStrictEqual(
      loopback.map((r) => [r.codes, r.protocol, r.selected, r.installed, r.nextHops[0].interface]),
      [
        ["O", "ospf", false, false, "lo"],
        ["L", "local", false, true, "lo"],
        ["C", "connected", true, true, "lo"],
      ],
    );
    const local = table.vrfs[0].routes.find((r) => r.prefix === "10.0.11.0/32");
    assert.deepStrictEqual([local?.protocol, local?.selected, local?.directlyConnected], ["local", true, true]);
    assert.equal(selectedRoute(table, "10.66.111.0/24")?.nextHops[0].address, "10.0.11.1");
    assert.deepStrictEqual(selectedRoute(table, "0.0.0.0/0")?.nextHops.map((h) => h.address), ["10.11.99.0", "10.12.99.0"]);
  });

  it("keeps reading FRR 8.4 (packed flags) the same way", () => {
    const [text] = both("leaf1_route");
    assert.ok(text.vrfs[0].routes.every((r) => r.protocol !== "local"));
    assert.equal(text.vrfs[0].routes.filter((r) => r.selected).length > 0, true);
  });
});

describe("FRR 10.x show ip route, real outputs with provenance (test/fixtures/frr-public-docs, frr-topotests)", () => {
  const summary = (t: RouteTable, prefix: string) =>
    routesForPrefix(t, prefix).map((r) => [r.codes, r.protocol, r.selected, r.installed, r.directlyConnected, r.nextHops.map((h) => h.interface ?? h.address)]);

  it("VyOS (FRR ≥ 10.0): every interface address has its local /32 beside the connected prefix; OSPF's copy is not selected", () => {
    const t = parseFrrIpRouteText(local("frr-public-docs/vyos_ipsec_cisco_route_based_show_ip_route.txt"));
    assert.deepStrictEqual(t.vrfs.map((v) => [v.vrf, v.routes.length]), [["default", 14]]);
    const routes = t.vrfs[0].routes;
    assert.deepStrictEqual(routes.filter((r) => r.protocol === "local").map((r) => r.prefix), ["10.0.1.2/32", "10.100.100.1/32", "192.168.0.1/32", "192.168.1.1/32"]);
    assert.deepStrictEqual(summary(t, "192.168.0.1/32"), [["L", "local", true, true, true, ["eth1"]]]);
    assert.deepStrictEqual(summary(t, "192.168.0.0/24"), [
      ["O", "ospf", false, false, true, ["eth1"]],
      ["C", "connected", true, true, true, ["eth1"]],
    ]);
    assert.equal(longestMatch(t, "192.168.0.1")?.protocol, "local");
    assert.equal(longestMatch(t, "192.168.0.7")?.protocol, "connected");
    assert.deepStrictEqual(selectedRoute(t, "192.168.10.0/24")?.nextHops.map((h) => [h.address, h.interface]), [["10.100.100.2", "vti1"]]);
    assert.deepStrictEqual(selectedRoute(t, "0.0.0.0/0")?.nextHops.map((h) => [h.address, h.interface]), [["10.0.1.1", "eth0"]]);
  });

  it("SONiC (FRR 10.0.1): `L>` local routes are selected but not in the FIB; day-long uptimes", () => {
    const t = parseFrrIpRouteText(local("frr-public-docs/frr_10.0.1_sonic_issue17462_show_ip_route.txt"));
    assert.deepStrictEqual(t.vrfs.map((v) => [v.vrf, v.routes.length]), [["default", 8]]);
    assert.deepStrictEqual(summary(t, "10.0.0.0/32"), [["L", "local", true, false, true, ["Ethernet0"]]]);
    assert.deepStrictEqual(summary(t, "10.0.0.0/31"), [["C", "connected", true, true, true, ["Ethernet0"]]]);
    assert.deepStrictEqual(selectedRoute(t, "0.0.0.0/0")?.nextHops.map((h) => [h.address, h.interface, h.installed]), [["10.59.128.1", "eth0", true]]);
    assert.equal(selectedRoute(t, "0.0.0.0/0")?.protocol, "kernel");
  });

  it("FRR's own topotest reference (all_protocol_startup, 10.x): local /32s, blackholes, a static beaten on distance", () => {
    const t = parseFrrIpRouteText(local("frr-topotests/all_protocol_startup_r1_ipv4_routes.ref.txt"));
    const routes = t.vrfs[0].routes;
    assert.equal(routes.length, 42);
    assert.equal(routes.filter((r) => r.protocol === "local" && r.selected && r.installed && r.prefix.endsWith("/32")).length, 10);
    assert.deepStrictEqual(summary(t, "4.5.6.16/32").map((r) => r.slice(0, 4)), [
      ["S", "static", false, false],
      ["S", "static", true, true],
    ]);
    assert.deepStrictEqual(selectedRoute(t, "4.5.6.16/32")?.nextHops.map((h) => h.address), ["192.168.0.2"]);
    assert.equal(selectedRoute(t, "4.5.6.16/32")?.distance, 5);
    assert.equal(longestMatch(t, "192.168.5.1")?.protocol, "local");
  });
});
