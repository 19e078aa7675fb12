import * as assert from "assert";
import { parseFrrOspfNeighborsJson } from "../../../providers/dialects/frr/parse/ospf-neighbors-json";
import { parseFrrOspfNeighborsText } from "../../../providers/dialects/frr/parse/ospf-neighbors-text";
import { ParseError } from "../../../providers/dialects/show-parse/parse-error";
import { OspfNeighborTable } from "../../../providers/dialects/show-types";
import { local, shared } from "./fixture-files";

const captured = (name: string) => local(`frr-captured/${name}`);
const summary = (t: OspfNeighborTable) => t.neighbors.map((n) => [n.routerId, n.state, n.role, n.address, n.interface, n.localAddress]);
/** Text and json were taken a few milliseconds apart: timers differ, the rest must not. */
const comparable = (t: OspfNeighborTable) => ({
  ...t,
  neighbors: t.neighbors.map((n) => ({ ...n, stateText: undefined, deadTimeText: undefined, deadTimeSeconds: undefined })),
});

describe("FRR show ip ospf neighbor (captured from FRR 8.4.4)", () => {
  it("leaf1 text: Full on the point-to-point link (no role) and Full/DR on the broadcast link", () => {
    const t = parseFrrOspfNeighborsText(captured("leaf1_ospf_neighbor.txt"));
    assert.strictEqual(t.ospfConfigured, true);
    assert.deepStrictEqual(t.neighbors[0], {
      routerId: "10.255.0.1",
      state: "Full",
      stateText: "Full/-",
      address: "10.11.99.0",
      interface: "Ethernet1",
      localAddress: "10.11.99.1",
      priority: 1,
      deadTimeText: "38.458s",
      deadTimeSeconds: 38.458,
    });
    assert.deepStrictEqual(summary(t)[1], ["10.255.0.1", "Full", "DR", "10.12.99.0", "Ethernet4", "10.12.99.1"]);
    assert.strictEqual(t.neighbors[1].priority, 10);
  });

  it("spine text: FRR's `Full/Backup` is role BDR", () => {
    const t = parseFrrOspfNeighborsText(captured("spine_ospf_neighbor.txt"));
    assert.deepStrictEqual(summary(t), [
      ["10.255.0.11", "Full", undefined, "10.11.99.1", "Ethernet1", "10.11.99.0"],
      ["10.255.0.11", "Full", "BDR", "10.12.99.1", "Ethernet2", "10.12.99.0"],
    ]);
  });

  it("text and json of the same moment agree", () => {
    for (const router of ["leaf1", "spine"]) {
      const text = parseFrrOspfNeighborsText(captured(`${router}_ospf_neighbor.txt`));
      const json = parseFrrOspfNeighborsJson(captured(`${router}_ospf_neighbor.json`));
      assert.deepStrictEqual(comparable(json), comparable(text), router);
      assert.ok(json.neighbors.every((n) => typeof n.deadTimeSeconds === "number" && n.deadTimeSeconds > 30), router);
    }
  });

  it("OSPF not running is valid and says so; OSPF running without neighbors is a valid empty table", () => {
    assert.deepStrictEqual(parseFrrOspfNeighborsText(captured("spine_ospf_neighbor_not_configured.txt")), { ospfConfigured: false, neighbors: [] });
    assert.deepStrictEqual(parseFrrOspfNeighborsJson(captured("spine_ospf_neighbor_not_configured.json")), { ospfConfigured: false, neighbors: [] });
    assert.deepStrictEqual(parseFrrOspfNeighborsText(captured("node_ospf_neighbor_none.txt")), { ospfConfigured: true, neighbors: [] });
    assert.deepStrictEqual(parseFrrOspfNeighborsJson(captured("node_ospf_neighbor_none.json")), { ospfConfigured: true, neighbors: [] });
  });
});

describe("FRR ospf neighbors: shared fixtures", () => {
  it("proxmox's FRR 10 json: interface split from our address; `Full/-` wins over role DROther", () => {
    const t = parseFrrOspfNeighborsJson(shared("frr_show_ip_ospf_neighbor_json.json"));
    assert.deepStrictEqual(t.neighbors[0], {
      routerId: "172.16.6.1",
      state: "Full",
      stateText: "Full/-",
      address: "172.16.6.1",
      interface: "ens19",
      localAddress: "172.16.6.2",
      priority: 1,
      deadTimeText: "37.331s",
      deadTimeSeconds: 37.331,
    });
    assert.deepStrictEqual(summary(t)[1], ["172.16.6.3", "Full", undefined, "172.16.6.3", "ens20", "172.16.6.2"]);
  });

  it("proxmox's two-area json: one neighbor id, two adjacencies on two interfaces", () => {
    const t = parseFrrOspfNeighborsJson(shared("frr_show_ip_ospf_neighbor_json_multiarea.json"));
    assert.deepStrictEqual(
      t.neighbors.map((n) => [n.routerId, n.interface, n.address]),
      [
        ["172.16.6.1", "ens19", "172.16.6.1"],
        ["172.16.6.1", "ens21", "172.16.7.1"],
        ["172.16.6.3", "ens20", "172.16.6.3"],
        ["172.16.6.3", "ens22", "172.16.7.3"],
      ],
    );
  });

  it("the trimmed topotest json (only `converged` and the address): state from `converged`, interface unknown", () => {
    const t = parseFrrOspfNeighborsJson(shared("frr_topotest_ldp_topo1_r2_show_ip_ospf_neighbor.json"));
    assert.deepStrictEqual(t.neighbors.map((n) => [n.routerId, n.state, n.role, n.address, n.interface, n.priority]), [
      ["1.1.1.1", "Full", undefined, "10.0.1.1", undefined, 1],
      ["3.3.3.3", "Full", undefined, "10.0.2.3", undefined, 1],
      ["3.3.3.3", "Full", undefined, "10.0.3.3", undefined, 1],
      ["4.4.4.4", "Full", undefined, "10.0.2.4", undefined, 1],
    ]);
  });
});

describe("FRR ospf neighbors: other shapes and garbage", () => {
  it("reads the 7.x text layout, instance and VRF section lines, and every state spelling", () => {
    const t = parseFrrOspfNeighborsText(
      [
        "OSPF Instance: 2",
        "",
        "VRF Name: red",
        "Neighbor ID     Pri State           Dead Time Address         Interface            RXmtL RqstL DBsmL",
        "10.0.0.2          1 2-Way/DROther     33.123s 10.1.0.2        eth1:10.1.0.1            0     0     0",
        "10.0.0.3          1 ExStart/DR        31.000s 10.1.0.3        eth1:10.1.0.1            0     0     0",
        "10.0.0.4          1 Init/DROther      39.500s 10.1.0.4        eth1:10.1.0.1            0     0     0",
        "10.0.0.5          1 Loading/Backup    1m02s   10.1.0.5        eth1:10.1.0.1            0     1     0",
      ].join("\n"),
      "show ip ospf 2 vrf red neighbor",
    );
    assert.deepStrictEqual(
      t.neighbors.map((n) => [n.state, n.role, n.vrf, n.instance, n.deadTimeSeconds]),
      [
        ["2Way", "DROther", "red", "2", 33.123],
        ["ExStart", "DR", "red", "2", 31],
        ["Init", "DROther", "red", "2", 39.5],
        ["Loading", "BDR", "red", "2", 62],
      ],
    );
  });

  it("`vrf all` json maps VRF names to neighbor maps; 7.x keys are read too", () => {
    const t = parseFrrOspfNeighborsJson(
      JSON.stringify({ red: { neighbors: { "10.0.0.2": [{ state: "Exchange/DR", priority: 1, address: "10.1.0.2", ifaceName: "eth1:10.1.0.1", deadTimeMsecs: 35000 }] } } }),
    );
    assert.deepStrictEqual(t.neighbors, [
      { routerId: "10.0.0.2", state: "Exchange", role: "DR", stateText: "Exchange/DR", address: "10.1.0.2", interface: "eth1", localAddress: "10.1.0.1", priority: 1, deadTimeSeconds: 35, vrf: "red" },
    ]);
  });

  const badText: Array<[string, string, RegExp]> = [
    ["a CLI error", "% Unknown command: show ip ospf neighbour\n", /the device answered with an error \(line 1/],
    ["empty output", "", /the output is empty/],
    ["a row with a missing cell", "Neighbor ID     Pri State           Up Time         Dead Time Address         Interface                        RXmtL RqstL DBsmL\n10.255.0.1 1 Full/- 30.897s 10.11.99.0 Ethernet1:10.11.99.1 1 0 0\n", /a neighbor row of 10 cells/],
    ["an unknown state", "Neighbor ID Pri State Up Time Dead Time Address Interface RXmtL RqstL DBsmL\n10.255.0.1 1 Sleepy/- 30.897s 39.103s 10.11.99.0 Ethernet1:10.11.99.1 1 0 0\n", /unknown OSPF state "Sleepy"/],
  ];
  for (const [what, output, message] of badText) {
    it(`text: throws a ParseError for ${what}`, () => {
      assert.throws(
        () => parseFrrOspfNeighborsText(output),
        (e: unknown) => e instanceof ParseError && e.command === "show ip ospf neighbor" && message.test(e.message),
      );
    });
  }
  const badJson: Array<[string, string, RegExp]> = [
    ["a CLI error", "% Unknown command: show ip ospf neighbor jsn", /answered with an error instead of json/],
    ["a neighbor without an address", '{"neighbors": {"10.0.0.2": [{"nbrState": "Full/-"}]}}', /field address is missing \(expected a string\) \(at neighbors\["10\.0\.0\.2"\]\[0\]\.address\)/],
    ["a neighbor key that is not a router id", '{"neighbors": {"r2": [{"nbrState": "Full/-", "ifaceAddress": "10.0.0.2"}]}}', /the neighbor key "r2" is not a router id/],
    ["an unrelated document", '{"routes": {}}', /expected neighbors/],
  ];
  for (const [what, output, message] of badJson) {
    it(`json: throws a ParseError for ${what}`, () => {
      assert.throws(
        () => parseFrrOspfNeighborsJson(output),
        (e: unknown) => e instanceof ParseError && message.test(e.message),
      );
    });
  }
});
