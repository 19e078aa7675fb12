import * as assert from "assert";
import { parseEosOspfNeighborsJson } from "../../../providers/dialects/eos/parse/ospf-neighbors-json";
import { parseEosOspfNeighborsText } from "../../../providers/dialects/eos/parse/ospf-neighbors-text";
import { ParseError } from "../../../providers/dialects/show-parse/parse-error";
import { OspfNeighborTable } from "../../../providers/dialects/show-types";
import { local, shared } from "./fixture-files";

const summary = (t: OspfNeighborTable) => t.neighbors.map((n) => [n.routerId, n.state, n.role, n.address, n.interface]);

describe("EOS show ip ospf neighbor (text)", () => {
  it("reads the CRLF file with the VRF column: FULL/BDR and FULL without a role", () => {
    const raw = shared("eos_show_ip_ospf_neighbor.txt");
    assert.ok(raw.includes("\r\n"), "the fixture is expected to have CRLF line endings");
    const t = parseEosOspfNeighborsText(raw);
    assert.strictEqual(t.ospfConfigured, true);
    assert.deepStrictEqual(t.neighbors[0], {
      routerId: "3.3.3.3",
      state: "Full",
      role: "BDR",
      stateText: "FULL/BDR",
      address: "10.3.4.3",
      interface: "Ethernet2",
      priority: 1,
      vrf: "default",
      deadTimeText: "00:00:34",
      deadTimeSeconds: 34,
    });
    assert.deepStrictEqual(summary(t)[1], ["2.2.2.2", "Full", undefined, "10.2.4.2", "Ethernet3"]);
  });

  it("reads `vrf all` with Instance and VRF columns, subinterfaces and port-channels", () => {
    const t = parseEosOspfNeighborsText(shared("eos_show_ip_ospf_neighbor_2.txt"), "show ip ospf neighbor vrf all");
    assert.deepStrictEqual(
      t.neighbors.map((n) => [n.routerId, n.instance, n.vrf, n.priority, n.state, n.interface, n.deadTimeSeconds]),
      [
        ["192.0.2.2", "1", "red", 1, "Full", "Ethernet20/1", 31],
        ["192.0.2.6", "1", "red", 0, "Full", "Vlan100", 32],
        ["192.0.2.10", "2", "blue", 1, "Full", "Ethernet20/1.10", 35],
        ["192.0.2.14", "2", "blue", 1, "Full", "Port-Channel100.10", 32],
      ],
    );
  });

  it("reads Spine-1 in the reference lab (alignment lost): three leaves FULL/DR", () => {
    const t = parseEosOspfNeighborsText(local("seed000/spine1_show_ip_ospf_neighbor.txt"));
    assert.deepStrictEqual(summary(t), [
      ["10.11.99.1", "Full", "DR", "10.11.99.1", "Ethernet1"],
      ["10.22.99.1", "Full", "DR", "10.22.99.1", "Ethernet2"],
      ["10.33.99.1", "Full", "DR", "10.33.99.1", "Ethernet3"],
    ]);
    assert.deepStrictEqual(t.neighbors.map((n) => [n.instance, n.vrf, n.deadTimeSeconds]), [["1", "default", 29], ["1", "default", 30], ["1", "default", 35]]);
  });

  it("normalises every adjacency state and role spelling", () => {
    const header = "Neighbor ID     Instance VRF      Pri State                  Dead Time   Address         Interface\n";
    const rows = [
      ["2WAYS/DROTHER", "2Way", "DROther"],
      ["INIT/DROTHER", "Init", "DROther"],
      ["EXSTART/BDR", "ExStart", "BDR"],
      ["EXCHANGE/DR", "Exchange", "DR"],
      ["LOADING/DR", "Loading", "DR"],
      ["DOWN", "Down", undefined],
      ["ATTEMPT", "Attempt", undefined],
    ];
    const t = parseEosOspfNeighborsText(header + rows.map(([s], i) => `10.0.0.${i + 1} 1 default 1 ${s} 00:00:3${i} 10.1.0.${i} Ethernet${i + 1}`).join("\n"));
    assert.deepStrictEqual(t.neighbors.map((n) => [n.stateText, n.state, n.role]), rows);
  });

  it("a header with no rows is a valid empty table", () => {
    assert.deepStrictEqual(parseEosOspfNeighborsText("Neighbor ID     Instance VRF      Pri State                  Dead Time   Address         Interface\n"), {
      ospfConfigured: true,
      neighbors: [],
    });
  });

  const bad: Array<[string, string, RegExp]> = [
    ["a CLI error", "% Incomplete command\n", /the device answered with an error \(line 1: "% Incomplete command"\)/],
    ["empty output", "", /the output is empty/],
    ["an unknown header", "Neighbor ID Pri State Dead Time Address Interface\n", /line 1: "Neighbor ID Pri State/],
    ["a row with a missing cell", "Neighbor ID VRF Pri State Dead Time Address Interface\n3.3.3.3 default 1 FULL/BDR 10.3.4.3 Ethernet2\n", /a neighbor row of 7 cells.*line 2/],
    ["an unknown state", "Neighbor ID VRF Pri State Dead Time Address Interface\n3.3.3.3 default 1 HAPPY/DR 00:00:34 10.3.4.3 Ethernet2\n", /unknown OSPF state "HAPPY"/],
    ["an unknown role", "Neighbor ID VRF Pri State Dead Time Address Interface\n3.3.3.3 default 1 FULL/BOSS 00:00:34 10.3.4.3 Ethernet2\n", /unknown OSPF DR role "BOSS"/],
    ["a router id that is not one", "Neighbor ID VRF Pri State Dead Time Address Interface\nspine1 default 1 FULL/DR 00:00:34 10.3.4.3 Ethernet2\n", /line 2: "spine1/],
  ];
  for (const [what, output, message] of bad) {
    it(`throws a ParseError for ${what}`, () => {
      assert.throws(
        () => parseEosOspfNeighborsText(output),
        (e: unknown) => e instanceof ParseError && e.command === "show ip ospf neighbor" && message.test(e.message),
      );
    });
  }
});

describe("EOS show ip ospf neighbor | json", () => {
  it("reads ceos1 (neighbor is DR) and ceos2 (neighbor is BDR) with area and timers", () => {
    const one = parseEosOspfNeighborsJson(shared("eos_show_ip_ospf_neighbor_json_ceos1.json"));
    assert.deepStrictEqual(one, {
      ospfConfigured: true,
      neighbors: [
        {
          routerId: "2.2.2.2",
          state: "Full",
          role: "DR",
          stateText: "full/DR",
          address: "10.0.0.2",
          interface: "Ethernet1",
          vrf: "default",
          instance: "1",
          priority: 1,
          area: "0.0.0.0",
          deadTimerExpiresEpoch: 1714314588.3374653,
        },
      ],
    });
    const two = parseEosOspfNeighborsJson(shared("eos_show_ip_ospf_neighbor_json_ceos2.json"));
    assert.deepStrictEqual(summary(two), [["1.1.1.1", "Full", "BDR", "10.0.0.1", "Ethernet1"]]);
  });

  it("reads anta's multi-VRF, multi-instance data (identical hand-made entries kept as they are)", () => {
    const t = parseEosOspfNeighborsJson(shared("eos_anta_show_ip_ospf_neighbor.json"));
    assert.deepStrictEqual(
      t.neighbors.map((n) => [n.vrf, n.instance, n.routerId, n.state, n.role, n.interface, n.address]),
      [
        ["default", "666", "7.7.7.7", "Full", "DR", "Ethernet1", "10.3.0.1"],
        ["default", "666", "9.9.9.9", "Full", "DR", "Ethernet1", "10.3.0.1"],
        ["BLAH", "777", "8.8.8.8", "Full", "DR", "Ethernet1", "10.3.0.1"],
      ],
    );
  });

  it("no OSPF (empty vrfs) is valid and says OSPF is not configured; an instance with no neighbors is configured", () => {
    assert.deepStrictEqual(parseEosOspfNeighborsJson('{"vrfs": {}}'), { ospfConfigured: false, neighbors: [] });
    assert.deepStrictEqual(parseEosOspfNeighborsJson('{"vrfs": {"default": {"instList": {"1": {"ospfNeighborEntries": []}}}}}'), {
      ospfConfigured: true,
      neighbors: [],
    });
  });

  const bad: Array<[string, string, RegExp]> = [
    ["a CLI error", "% Invalid input", /the device answered with an error instead of json/],
    ["a missing instList", '{"vrfs": {"default": {}}}', /field instList is missing \(expected an object\) \(at vrfs\.default\.instList\)/],
    [
      "an entry without an address",
      '{"vrfs": {"default": {"instList": {"1": {"ospfNeighborEntries": [{"routerId": "1.1.1.1", "adjacencyState": "full", "interfaceName": "Ethernet1"}]}}}}}',
      /ospfNeighborEntries\[0\]\.interfaceAddress/,
    ],
    [
      "an unknown adjacency state",
      '{"vrfs": {"default": {"instList": {"1": {"ospfNeighborEntries": [{"routerId": "1.1.1.1", "interfaceAddress": "10.0.0.1", "interfaceName": "Ethernet1", "adjacencyState": "bored"}]}}}}}',
      /unknown OSPF state "bored"/,
    ],
  ];
  for (const [what, output, message] of bad) {
    it(`throws a ParseError for ${what}`, () => {
      assert.throws(
        () => parseEosOspfNeighborsJson(output),
        (e: unknown) => e instanceof ParseError && message.test(e.message),
      );
    });
  }
});
