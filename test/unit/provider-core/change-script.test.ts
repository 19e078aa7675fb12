// Change scripts: what the provider types to move owned lines from before to after, and the undo.
// Replayed on the dialect model; for FRR the model's result is compared with what real FRR 8.4.4 printed.

import { strict as assert } from "assert";
import { buildPlan } from "../../../components/plan/build-plan";
import { dialectOf, syntaxOf } from "../../../providers/dialects/registry";
import { ConfigLine, OwnedConfig } from "../../../providers/dialects/types";
import { DialectName } from "../../../model/device-plan";
import { ChangePlanError, changeScript, restoreScript } from "../../../providers/switch/config-tree/change-script";
import { findOwned, formatDrift, parseRunningConfig, printRunningConfig, sameConfig } from "../../../providers/switch/config-tree/tree";
import { ConfigSession, ModelledCliError, applyConfigLines } from "../../../providers/switch/config-tree/model";
import { ALL_SECRETS } from "../../support/dev-stack";
import { pooledTopology } from "../../support/generated-topology";
import { asCaptured, eosConfigsIn, frrCapture, seedDevice, sharedFixture } from "./helpers";

/** A factory-fresh EOS leaf as `show running-config` prints it (physical ports listed, routing off). */
const EOS_FRESH = `! Command: show running-config
! device: Leaf-1 (vEOS-lab, EOS-4.29.2F)
!
no aaa root
!
hostname Leaf-1
!
spanning-tree mode mstp
!
interface Ethernet1
!
interface Ethernet2
!
interface Ethernet3
!
interface Ethernet4
!
interface Management1
   ip address 10.0.137.3/24
!
no ip routing
!
end
`;

const phases = (dialect: DialectName, name = "Leaf-1", captured = false) => {
  const core = dialectOf(dialect);
  const device = captured ? asCaptured(seedDevice(name, dialect)) : seedDevice(name, dialect);
  return { underlay: core.renderUnderlay(device), peering: core.renderNodePeering(device) };
};

function same(dialect: DialectName, a: readonly ConfigLine[], b: readonly ConfigLine[], message: string) {
  assert.ok(sameConfig(syntaxOf(dialect), a, b), `${message}\n--- got\n${printRunningConfig(dialect, a)}--- wanted\n${printRunningConfig(dialect, b)}`);
}

/** Applies a change on the model and checks its rollback brings the config back exactly. */
function applyChecked(dialect: DialectName, running: ConfigLine[], before: OwnedConfig, after: OwnedConfig, adopted: string[][] = []) {
  const change = changeScript(dialect, running, before, after, { adopted });
  const session = new ConfigSession(syntaxOf(dialect), running);
  for (const line of change.lines) session.type(line);
  assert.equal(session.depth, 0, "the script ends at the top configuration level");
  const result = session.tree;
  same(dialect, applyConfigLines(dialect, result, change.rollback), running, "rollback restores the config exactly");
  assert.deepEqual(formatDrift(findOwned(dialect, result, after)), [], "every owned line is in place afterwards");
  return { change, result };
}

describe("changeScript on EOS (Leaf-1 of the reference lab)", () => {
  const fresh = parseRunningConfig("eos", EOS_FRESH);
  const { underlay, peering } = phases("eos");

  it("creates the underlay: routing on, routed ports, OSPF with passive server ports", () => {
    const { change } = applyChecked("eos", fresh, [], underlay);
    assert.deepEqual(change.lines, [
      "ip routing",
      "interface Ethernet1",
      "description Spine-1 Ethernet1",
      "no switchport",
      "ip address 10.11.99.1/31",
      "ip ospf network point-to-point",
      "ip ospf area 0.0.0.0",
      "exit",
      "interface Ethernet2",
      "description k-master ens3",
      "no switchport",
      "ip address 10.0.11.0/31",
      "ip ospf area 0.0.0.0",
      "exit",
      "interface Ethernet3",
      "description k-w1 ens3",
      "no switchport",
      "ip address 10.1.11.0/31",
      "ip ospf area 0.0.0.0",
      "exit",
      "router ospf 1",
      "router-id 10.11.99.1",
      "passive-interface Ethernet2",
      "passive-interface Ethernet3",
      "exit",
    ]);
    assert.deepEqual(change.adopted, [], "nothing of it was on the device before");
  });

  it("adds node peering on top: definitions first, neighbours before their activation, only redistribute bgp in OSPF", () => {
    const { result: afterUnderlay } = applyChecked("eos", fresh, [], underlay);
    const { change } = applyChecked("eos", afterUnderlay, [], peering);
    assert.deepEqual(change.lines, [
      "ip prefix-list KF-NODE-10-0-11-1",
      "seq 10 permit 10.66.0.0/24 le 32",
      "seq 20 permit 10.96.0.0/12 le 32",
      "exit",
      "ip prefix-list KF-NODE-10-1-11-1",
      "seq 10 permit 10.66.1.0/24 le 32",
      "seq 20 permit 10.96.0.0/12 le 32",
      "exit",
      "route-map KF-FROM-NODE-10-0-11-1 permit 10",
      "match ip address prefix-list KF-NODE-10-0-11-1",
      "exit",
      "route-map KF-FROM-NODE-10-1-11-1 permit 10",
      "match ip address prefix-list KF-NODE-10-1-11-1",
      "exit",
      "route-map KF-TO-NODES deny 10",
      "exit",
      "router ospf 1",
      "redistribute bgp",
      "exit",
      "router bgp 65011",
      "router-id 10.11.99.1",
      "no bgp default ipv4-unicast",
      "neighbor 10.0.11.1 remote-as 65000",
      "neighbor 10.0.11.1 description k-master",
      "neighbor 10.0.11.1 route-map KF-FROM-NODE-10-0-11-1 in",
      "neighbor 10.0.11.1 route-map KF-TO-NODES out",
      "neighbor 10.0.11.1 maximum-routes 368",
      "neighbor 10.1.11.1 remote-as 65001",
      "neighbor 10.1.11.1 description k-w1",
      "neighbor 10.1.11.1 route-map KF-FROM-NODE-10-1-11-1 in",
      "neighbor 10.1.11.1 route-map KF-TO-NODES out",
      "neighbor 10.1.11.1 maximum-routes 368",
      "address-family ipv4",
      "neighbor 10.0.11.1 activate",
      "neighbor 10.1.11.1 activate",
      "exit",
      "exit",
    ]);
    assert.deepEqual(change.adopted, [["router ospf 1"]], "router ospf 1 belongs to the underlay");
  });

  it("plans nothing when the device already runs the owned lines, also after a text round trip and EOS's max-lsa", () => {
    const { result } = applyChecked("eos", fresh, [], underlay);
    const printed = printRunningConfig("eos", result).replace("   passive-interface Ethernet3\n", "   passive-interface Ethernet3\n   max-lsa 12000\n");
    const reread = parseRunningConfig("eos", printed);
    assert.deepEqual(changeScript("eos", reread, underlay, underlay).lines, []);
    assert.deepEqual(changeScript("eos", reread, [], underlay).lines, [], "create on a device that already has it types nothing");
  });

  it("deletes node peering without touching router ospf 1, which the underlay still owns", () => {
    const u = applyChecked("eos", fresh, [], underlay);
    const p = applyChecked("eos", u.result, [], peering);
    const { change, result } = applyChecked("eos", p.result, peering, [], p.change.adopted.map((x) => [...x]));
    assert.ok(change.lines.includes("no redistribute bgp"));
    assert.ok(!change.lines.includes("no router ospf 1"));
    assert.equal(change.lines[0], "no router bgp 65011");
    assert.ok(change.lines.indexOf("no router bgp 65011") < change.lines.indexOf("no route-map KF-TO-NODES deny 10"), "references go first");
    assert.ok(change.lines.indexOf("no route-map KF-TO-NODES deny 10") < change.lines.indexOf("no ip prefix-list KF-NODE-10-0-11-1"));
    same("eos", result, u.result, "back to the underlay alone");
  });

  it("removes router ospf 1 with the underlay once nothing of ours is in it, despite EOS's own max-lsa line", () => {
    const u = applyChecked("eos", fresh, [], underlay);
    const withDefault = applyConfigLines("eos", u.result, ["router ospf 1", "max-lsa 12000", "exit"]);
    const { change, result } = applyChecked("eos", withDefault, underlay, []);
    assert.ok(change.lines.includes("no router ospf 1"));
    assert.ok(change.lines.includes("no ip routing"), "we turned routing on, so we turn it off");
    assert.ok(change.lines.includes("switchport") && !change.lines.some((l) => l.startsWith("no interface")), "physical ports are emptied, never removed");
    same("eos", result, fresh, "back to the factory config");
  });

  it("keeps what was there before we owned it: ip routing and a router ospf 1 with a hand-made line", () => {
    const before = applyConfigLines("eos", fresh, ["ip routing", "router ospf 1", "log-adjacency-changes detail", "exit"]);
    const created = applyChecked("eos", before, [], underlay);
    assert.deepEqual(created.change.adopted, [["ip routing"], ["router ospf 1"]]);
    assert.ok(!created.change.lines.includes("ip routing"));
    const removed = applyChecked("eos", created.result, underlay, [], created.change.adopted.map((x) => [...x]));
    assert.ok(!removed.change.lines.includes("no ip routing") && !removed.change.lines.includes("no router ospf 1"));
    same("eos", removed.result, before, "delete leaves the device as we found it");
  });

  it("repairs hand edits: a replaced address is typed back (EOS replaces it), a removed neighbour comes back whole", () => {
    const u = applyChecked("eos", fresh, [], underlay);
    const p = applyChecked("eos", u.result, [], peering);
    const edited = applyConfigLines("eos", p.result, ["interface Ethernet2", "ip address 10.9.9.8/31", "exit", "router bgp 65011", "no neighbor 10.1.11.1", "exit"]);
    assert.deepEqual(formatDrift(findOwned("eos", edited, underlay)), ["interface Ethernet2 > ip address 10.0.11.0/31: changed to ip address 10.9.9.8/31"]);
    assert.deepEqual(changeScript("eos", edited, underlay, underlay).lines, ["interface Ethernet2", "ip address 10.0.11.0/31", "exit"]);
    const repair = applyChecked("eos", edited, peering, peering);
    assert.deepEqual(repair.change.lines, [
      "router bgp 65011",
      "neighbor 10.1.11.1 remote-as 65001",
      "neighbor 10.1.11.1 description k-w1",
      "neighbor 10.1.11.1 route-map KF-FROM-NODE-10-1-11-1 in",
      "neighbor 10.1.11.1 route-map KF-TO-NODES out",
      "neighbor 10.1.11.1 maximum-routes 368",
      "address-family ipv4",
      "neighbor 10.1.11.1 activate",
      "exit",
      "exit",
    ]);
  });

  it("drops a node with one `no neighbor` (its address-family lines go with it) and its own policy, keeping the shared one", () => {
    const u = applyChecked("eos", fresh, [], underlay);
    const p = applyChecked("eos", u.result, [], peering);
    const withoutW1 = structuredClone(seedDevice("Leaf-1"));
    const bgp = withoutW1.nodePeering?.bgp;
    assert.ok(bgp);
    bgp.neighbors = bgp.neighbors.filter((n) => n.description !== "k-w1");
    const { change } = applyChecked("eos", p.result, peering, dialectOf("eos").renderNodePeering(withoutW1));
    assert.deepEqual(change.lines, [
      "router bgp 65011",
      "no neighbor 10.1.11.1",
      "exit",
      "no route-map KF-FROM-NODE-10-1-11-1 permit 10",
      "no ip prefix-list KF-NODE-10-1-11-1",
    ]);
  });

  it("moves BGP to another ASN only when the old process is all ours, and otherwise refuses before touching anything", () => {
    const u = applyChecked("eos", fresh, [], underlay);
    const p = applyChecked("eos", u.result, [], peering);
    const renumbered = structuredClone(seedDevice("Leaf-1"));
    assert.ok(renumbered.nodePeering);
    renumbered.nodePeering.bgp.asn = 65099;
    const newPeering = dialectOf("eos").renderNodePeering(renumbered);
    const { change } = applyChecked("eos", p.result, peering, newPeering);
    assert.ok(change.lines.indexOf("no router bgp 65011") < change.lines.indexOf("router bgp 65099"));
    const foreign = applyConfigLines("eos", p.result, ["router bgp 65011", "neighbor 192.0.2.1 remote-as 64999", "exit"]);
    assert.throws(() => changeScript("eos", foreign, peering, newPeering), (e: unknown) => e instanceof ChangePlanError && /router bgp 65011/.test(e.message));
  });

  it("owns a neighbour inside someone else's BGP process (cEOS leaf1a) and deletes only that", () => {
    const leaf1a = parseRunningConfig("eos", eosConfigsIn(sharedFixture("ceos_lab4_running_configs.txt"))[0]);
    const owned: OwnedConfig = [{ text: "router bgp 65001", children: [{ text: "neighbor 10.99.0.1 remote-as 65099", children: [] }] }];
    const created = applyChecked("eos", leaf1a, [], owned);
    assert.deepEqual(created.change.lines, ["router bgp 65001", "neighbor 10.99.0.1 remote-as 65099", "exit"]);
    const deleted = applyChecked("eos", created.result, owned, [], created.change.adopted.map((x) => [...x]));
    assert.deepEqual(deleted.change.lines, ["router bgp 65001", "no neighbor 10.99.0.1", "exit"]);
    same("eos", deleted.result, leaf1a, "leaf1a exactly as before");
  });

  it("restores lines a cascading `no neighbor` took along, inside contexts it has no rule for", () => {
    const leaf1a = parseRunningConfig("eos", eosConfigsIn(sharedFixture("ceos_lab4_running_configs.txt"))[0]);
    const owned: OwnedConfig = [{ text: "router bgp 65001", children: [{ text: "neighbor 100.100.100.1 remote-as 65000", children: [] }] }];
    // Dropping a neighbour we (wrongly) claimed removes its EVPN activation too; the rollback types it back.
    const { change } = applyChecked("eos", leaf1a, owned, []);
    assert.deepEqual(change.lines, ["router bgp 65001", "no neighbor 100.100.100.1", "exit"]);
    assert.ok(change.rollback.includes("neighbor 100.100.100.1 ebgp-multihop 5"));
    assert.ok(change.rollback.includes("address-family evpn"));
  });
});

describe("changeScript on FRR, checked against real FRR 8.4.4", () => {
  const syntax = syntaxOf("frr");
  const baseline = parseRunningConfig("frr", frrCapture("frr-baseline.txt"));
  const realUnderlay = parseRunningConfig("frr", frrCapture("frr-leaf1-underlay.txt"));
  const realBoth = parseRunningConfig("frr", frrCapture("frr-leaf1-both.txt"));
  const { underlay, peering } = phases("frr", "Leaf-1", true);

  it("predicts what FRR printed after each create", () => {
    const u = applyChecked("frr", baseline, [], underlay);
    assert.equal(u.change.lines[0], "ip forwarding");
    same("frr", u.result, realUnderlay, "underlay as FRR printed it");
    const p = applyChecked("frr", realUnderlay, [], peering);
    same("frr", p.result, realBoth, "both phases as FRR printed them");
    assert.ok(p.change.lines.includes("exit-address-family"), "FRR leaves an address family with exit-address-family");
  });

  it("sets the OSPF router-id before any interface joins an area, so no adjacency can beat it", () => {
    // FRR ignores `ospf router-id` once an area has a full neighbour ("use clear ip ospf process"): on a
    // fresh fabric the spine and leaf are configured at once, and their adjacency can come up mid-script.
    const { lines } = changeScript("frr", baseline, [], underlay);
    const routerId = lines.findIndex((line) => /^ospf router-id /.test(line));
    const firstArea = lines.findIndex((line) => /^ip ospf area /.test(line));
    assert.ok(routerId >= 0 && firstArea >= 0, `both are typed: ${lines.join(" / ")}`);
    assert.ok(routerId < firstArea, `router-id at line ${routerId + 1}, first area at line ${firstArea + 1}: ${lines.join(" / ")}`);
  });

  it("plans nothing for lines FRR already runs", () => {
    assert.deepEqual(changeScript("frr", realBoth, underlay, underlay).lines, []);
    assert.deepEqual(changeScript("frr", realBoth, peering, peering).lines, []);
  });

  it("deletes down to FRR's own output: peering → underlay alone, underlay → the untouched baseline", () => {
    const p = changeScript("frr", realUnderlay, [], peering);
    const dropPeering = applyChecked("frr", realBoth, peering, [], [["router ospf"]]);
    assert.deepEqual(p.adopted, [["router ospf"]]);
    same("frr", dropPeering.result, realUnderlay, "router ospf stays with the underlay");
    const dropUnderlay = applyChecked("frr", realUnderlay, underlay, []);
    assert.ok(dropUnderlay.change.lines.includes("no ip forwarding"));
    same("frr", dropUnderlay.result, parseRunningConfig("frr", frrCapture("frr-after-delete.txt")), "as FRR printed after the delete");
    same("frr", dropUnderlay.result, baseline, "which is the baseline");
  });

  it("repairs the hand edits made on real FRR without removing the address someone else added", () => {
    const edited = parseRunningConfig("frr", frrCapture("frr-leaf1-hand-edited.txt"));
    const fixUnderlay = applyChecked("frr", edited, underlay, underlay);
    assert.deepEqual(fixUnderlay.change.lines, ["interface Ethernet2", "ip address 10.0.11.0/31", "exit"]);
    assert.ok(printRunningConfig("frr", fixUnderlay.result).includes(" ip address 10.0.99.0/31"), "FRR adds addresses; the other one is not ours");
    assert.deepEqual(changeScript("frr", edited, peering, peering).lines, ["router bgp 65011", "neighbor 10.1.11.1 description k-w1", "exit"]);
  });

  it("removes a hand-set OSPF area before setting ours, as FRR demands", () => {
    const edited = applyConfigLines("frr", realUnderlay, ["interface Ethernet3", "no ip ospf area 0.0.0.0", "ip ospf area 0.0.0.1", "exit"]);
    assert.throws(() => applyConfigLines("frr", edited, ["interface Ethernet3", "ip ospf area 0.0.0.0"]), ModelledCliError);
    const { change } = applyChecked("frr", edited, underlay, underlay);
    assert.deepEqual(change.lines, ["interface Ethernet3", "no ip ospf area 0.0.0.1", "ip ospf area 0.0.0.0", "exit"]);
  });

  it("leaves forwarding on when it was on before we owned it", () => {
    const forwarding = applyConfigLines("frr", baseline, ["ip forwarding"]);
    const created = applyChecked("frr", forwarding, [], underlay);
    assert.deepEqual(created.change.adopted[0], ["ip forwarding"]);
    const deleted = applyChecked("frr", created.result, underlay, [], created.change.adopted.map((x) => [...x]));
    assert.ok(!deleted.change.lines.includes("no ip forwarding"));
    same("frr", deleted.result, forwarding, "as found");
  });

  it("restores the config read before a change that failed half-way", () => {
    const { lines } = changeScript("frr", realUnderlay, [], peering);
    const halfway = applyConfigLines("frr", realUnderlay, lines.slice(0, Math.floor(lines.length / 2)));
    assert.ok(!sameConfig(syntax, halfway, realUnderlay));
    same("frr", applyConfigLines("frr", halfway, restoreScript("frr", halfway, realUnderlay)), realUnderlay, "restored");
  });
});

describe("changeScript over a whole pooled fabric (2 spines, 4 leaves, 10 nodes, loopbacks)", () => {
  const fabric = buildPlan({ topology: pooledTopology({ spines: 2, leaves: 4, nodes: 10 }), secrets: ALL_SECRETS });
  /** A fresh device: EOS lists its physical ports and has routing off; FRR prints forwarding off. */
  const freshFor = (dialect: DialectName, ports: string[]): ConfigLine[] =>
    dialect === "eos"
      ? parseRunningConfig("eos", [...ports.map((p) => `interface ${p}\n!`), "no ip routing", "end"].join("\n"))
      : parseRunningConfig("frr", frrCapture("frr-baseline.txt"));

  for (const dialect of ["eos", "frr"] as const) {
    it(`creates both phases, re-plans nothing, and deletes back to the fresh device, on every ${dialect} switch`, () => {
      for (const planned of fabric.devices) {
        const device = { ...planned, dialect };
        const core = dialectOf(dialect);
        const underlay = core.renderUnderlay(device);
        const peering = core.renderNodePeering(device);
        const fresh = freshFor(dialect, device.underlay.interfaces.filter((i) => i.name.startsWith("Ethernet")).map((i) => i.name));
        const u = applyChecked(dialect, fresh, [], underlay);
        const p = applyChecked(dialect, u.result, [], peering);
        assert.deepEqual(changeScript(dialect, p.result, underlay, underlay, { adopted: u.change.adopted }).lines, [], device.name);
        assert.deepEqual(changeScript(dialect, p.result, peering, peering, { adopted: p.change.adopted }).lines, [], device.name);
        const noPeering = applyChecked(dialect, p.result, peering, [], p.change.adopted.map((x) => [...x]));
        const nothing = applyChecked(dialect, noPeering.result, underlay, [], u.change.adopted.map((x) => [...x]));
        same(dialect, nothing.result, fresh, `${device.name}: deleting both phases leaves the device as it was`);
      }
    });
  }

  it("puts the loopback into OSPF: EOS Loopback0, FRR's lo", () => {
    const spine = fabric.devices[0];
    assert.ok(spine.loopback);
    const eos = dialectOf("eos").renderUnderlay(spine);
    const frr = dialectOf("frr").renderUnderlay({ ...spine, dialect: "frr" });
    const block = (owned: OwnedConfig, name: string) => owned.find((l) => l.text === name)?.children.map((c) => c.text);
    assert.deepEqual(block(eos, "interface Loopback0"), ["description router id", "ip address 10.255.0.1/32", "ip ospf area 0.0.0.0"]);
    assert.deepEqual(block(frr, "interface lo"), ["description router id", "ip address 10.255.0.1/32", "ip ospf area 0.0.0.0", "ip ospf passive"]);
  });
});
