// The config tree: parsing real `show running-config` output (EOS fixtures, FRR captured from FRR 8.4.4),
// printing it back, drift of owned lines for refresh, and line diffs for preview.

import { strict as assert } from "assert";
import { dialectOf, syntaxOf } from "../../../providers/dialects/registry";
import { ConfigLine, OwnedConfig } from "../../../providers/dialects/types";
import {
  findOwned,
  formatDrift,
  formatLineDiff,
  lineDiff,
  parseRunningConfig,
  pathText,
  printRunningConfig,
  readOwned,
  sameConfig,
} from "../../../providers/switch/config-tree/tree";
import { asCaptured, asText, eosConfigsIn, frrCapture, seedDevice, sharedFixture } from "./helpers";

const child = (tree: readonly ConfigLine[], ...path: string[]): ConfigLine => {
  let list = tree;
  let found: ConfigLine | undefined;
  for (const text of path) {
    found = list.find((l) => l.text === text);
    assert.ok(found, `${path.join(" > ")}: '${text}' is in the tree`);
    list = found.children;
  }
  return found as ConfigLine;
};
const texts = (line: ConfigLine) => line.children.map((c) => c.text);

const ceosLab = eosConfigsIn(sharedFixture("ceos_lab4_running_configs.txt"));
const goeapi = eosConfigsIn(sharedFixture("eos_goeapi_deploy_lab_cfgs_README.txt"));
const napalmBgp = ["napalm_eos_show_running_config_section_router_bgp.txt", "napalm_eos_show_running_config_section_router_bgp_dot_asn.txt"].map(sharedFixture);
const frrFiles = ["frr-baseline.txt", "frr-leaf1-underlay.txt", "frr-leaf1-both.txt", "frr-leaf1-hand-edited.txt", "frr-after-delete.txt"];

describe("config tree: parsing show running-config", () => {
  it("finds the five devices of the cEOS lab among the script noise", () => {
    assert.equal(ceosLab.length, 5);
    const hostnames = ceosLab.map((text) => parseRunningConfig("eos", text).find((l) => l.text.startsWith("hostname"))?.text);
    assert.deepEqual(hostnames, ["hostname leaf1a", "hostname leaf1b", "hostname leaf2", "hostname spine1", "hostname spine2"]);
  });

  it("nests EOS contexts by indentation, address families and nested modes included, and drops comments and end", () => {
    const leaf1a = parseRunningConfig("eos", ceosLab[0]);
    assert.deepEqual(texts(child(leaf1a, "interface Ethernet49")), ["no switchport", "ip address 10.1.0.1/31"]);
    assert.deepEqual(texts(child(leaf1a, "router bgp 65001", "address-family evpn")), ["neighbor 100.100.100.1 activate"]);
    assert.deepEqual(texts(child(leaf1a, "router bgp 65001", "vlan-aware-bundle VNI20")), [
      "rd 65000:20020",
      "route-target both 65000:20020",
      "redistribute learned",
      "vlan 20",
    ]);
    assert.deepEqual(texts(child(leaf1a, "router multicast", "ipv4")), ["software-forwarding kernel"]);
    assert.equal(child(leaf1a, "interface Ethernet10").children.length, 1);
    const all = JSON.stringify(leaf1a);
    assert.ok(!all.includes('"!') && !all.includes('"end"') && !all.includes("Command:"), "no comments, separators or end");
    assert.equal(leaf1a[0].text, "no aaa root", "the header comments are not config");
  });

  it("reads every EOS config of the goeapi README (pre/post change on four cEOS 4.30) and both napalm BGP sections", () => {
    assert.equal(goeapi.length, 8);
    for (const text of goeapi) {
      const tree = parseRunningConfig("eos", text);
      assert.ok(child(tree, "router ospf 1").children.some((c) => c.text === "max-lsa 12000"), "EOS prints max-lsa 12000 by itself");
    }
    const bgp = parseRunningConfig("eos", napalmBgp[0]);
    assert.equal(bgp.length, 1);
    assert.ok(texts(child(bgp, "router bgp 13335")).includes("neighbor 192.168.0.1 maximum-routes 100"));
    assert.equal(parseRunningConfig("eos", napalmBgp[1])[0].text, "router bgp 65101.65101");
  });

  it("reads FRR's vtysh output (1-space indents, exit, exit-address-family) captured from FRR 8.4.4", () => {
    const both = parseRunningConfig("frr", frrCapture("frr-leaf1-both.txt"));
    assert.deepEqual(
      both.map((l) => l.text).slice(0, 4),
      ["frr version 8.4.4", "frr defaults traditional", "hostname vm", "no ipv6 forwarding"],
      "banner lines are skipped, configuration headers kept",
    );
    assert.deepEqual(texts(child(both, "router bgp 65011", "address-family ipv4 unicast")).slice(0, 2), [
      "neighbor 10.0.11.1 activate",
      "neighbor 10.0.11.1 maximum-prefix 100",
    ]);
    assert.ok(!JSON.stringify(both).includes('"exit'), "mode exits are not config lines");
  });

  it("folds EOS's older one-line prefix-lists into the mode form newer EOS prints", () => {
    const tree = parseRunningConfig("eos", "ip prefix-list A seq 10 permit 10.0.0.0/8\nip prefix-list A seq 20 deny 0.0.0.0/0 le 32\n");
    assert.deepEqual(asText(tree), ["ip prefix-list A", "   seq 10 permit 10.0.0.0/8", "   seq 20 deny 0.0.0.0/0 le 32"]);
  });

  it("ignores an echoed prompt before the output's header", () => {
    const tree = parseRunningConfig("eos", "Leaf-1#show running-config\n! Command: show running-config\nhostname x\n!\nend\nLeaf-1#");
    assert.deepEqual(asText(tree), ["hostname x"]);
  });

  it("prints a tree back byte for byte as EOS and FRR print it, and it parses to the same tree", () => {
    const cases: [("eos" | "frr"), string][] = [
      ...ceosLab.map((t) => ["eos", t] as ["eos", string]),
      ...goeapi.map((t) => ["eos", t] as ["eos", string]),
      ...frrFiles.map((f) => ["frr", frrCapture(f)] as ["frr", string]),
    ];
    for (const [dialect, text] of cases) {
      const tree = parseRunningConfig(dialect, text);
      assert.deepEqual(parseRunningConfig(dialect, printRunningConfig(dialect, tree)), tree);
    }
    // EOS's layout exactly (13 real configs): what EOS printed, minus the `! Command:`/`! device:` header.
    for (const text of [...ceosLab, ...goeapi]) {
      assert.equal(printRunningConfig("eos", parseRunningConfig("eos", text)), `${text.slice(text.indexOf("\n!\n") + 1)}\n`);
    }
    // FRR's layout exactly: what vtysh printed, minus the banner before the first `!`.
    for (const file of frrFiles) {
      const captured = frrCapture(file);
      const printed = printRunningConfig("frr", parseRunningConfig("frr", captured));
      assert.equal(printed, captured.slice(captured.indexOf("!\n")), file);
    }
  });
});

describe("config tree: owned lines against the running config", () => {
  const eosLeaf = dialectOf("eos");
  const leaf1 = seedDevice("Leaf-1", "eos");
  const frrLeaf1 = asCaptured(seedDevice("Leaf-1", "frr"));
  const frrUnderlay = dialectOf("frr").renderUnderlay(frrLeaf1);
  const frrPeering = dialectOf("frr").renderNodePeering(frrLeaf1);

  it("finds every owned line present in what real FRR printed after applying it", () => {
    const both = parseRunningConfig("frr", frrCapture("frr-leaf1-both.txt"));
    for (const owned of [frrUnderlay, frrPeering]) {
      const statuses = findOwned("frr", both, owned);
      assert.ok(statuses.length > 10);
      assert.deepEqual(formatDrift(statuses), []);
    }
    // `ip forwarding` is in effect although FRR does not print it; the baseline prints `no ip forwarding`.
    const forwarding = (running: ConfigLine[]) => findOwned("frr", running, [{ text: "ip forwarding", children: [] }])[0];
    assert.equal(forwarding(both).state, "present");
    assert.deepEqual(forwarding(parseRunningConfig("frr", frrCapture("frr-baseline.txt"))), {
      path: ["ip forwarding"],
      state: "changed",
      actual: "no ip forwarding",
    });
  });

  it("reports hand edits on real FRR as drift: our removed address and description are missing, the address put beside them is not ours", () => {
    // FRR keeps every `ip address` on a port (a second one adds): the one typed by hand is the operator's, not ours changed.
    const edited = parseRunningConfig("frr", frrCapture("frr-leaf1-hand-edited.txt"));
    assert.deepEqual(formatDrift([...findOwned("frr", edited, frrUnderlay), ...findOwned("frr", edited, frrPeering)]), [
      "interface Ethernet2 > ip address 10.0.11.0/31: missing",
      "router bgp 65011 > neighbor 10.1.11.1 description k-w1: missing",
    ]);
  });

  for (const dialect of ["eos", "frr"] as const) {
    it(`${dialect}: an operator's static route beside ours is never ours changed: ours removed by hand is missing, and the read-back leaves it out`, () => {
      const owned: OwnedConfig = [{ text: "ip route 0.0.0.0/0 10.0.137.1", children: [] }];
      const running = parseRunningConfig(dialect, "ip route 0.0.0.0/0 192.168.0.1\n");
      assert.deepEqual(formatDrift(findOwned(dialect, running, owned)), ["ip route 0.0.0.0/0 10.0.137.1: missing"]);
      assert.deepEqual(readOwned(dialect, running, owned), []);
      const both = parseRunningConfig(dialect, "ip route 0.0.0.0/0 10.0.137.1\nip route 0.0.0.0/0 192.168.0.1\n");
      assert.deepEqual(formatDrift(findOwned(dialect, both, owned)), []);
      assert.deepEqual(asText(readOwned(dialect, both, owned)), ["ip route 0.0.0.0/0 10.0.137.1"]);
    });
  }

  it("reports everything missing on a device that never had it, interfaces only through their lines", () => {
    const baseline = parseRunningConfig("frr", frrCapture("frr-baseline.txt"));
    const statuses = findOwned("frr", baseline, frrPeering);
    assert.ok(statuses.every((s) => s.state === "missing"));
    assert.ok(statuses.some((s) => pathText(s.path) === "router bgp 65011"), "router bgp is reported itself");
    assert.ok(!findOwned("frr", baseline, frrUnderlay).some((s) => s.path.length === 1 && s.path[0].startsWith("interface")), "an interface is a container");
  });

  it("matches EOS spellings regardless of order, spacing and area format, and treats EOS defaults as in effect", () => {
    const owned: OwnedConfig = [
      { text: "interface Ethernet2", children: [{ text: "ip ospf area 0.0.0.0", children: [] }, { text: "no switchport", children: [] }] },
      { text: "router bgp 65011", children: [{ text: "neighbor 10.0.11.1 maximum-routes 12000", children: [] }] },
    ];
    const running = parseRunningConfig("eos", "interface Ethernet2\n   no  switchport\n   ip ospf area 0\n!\nrouter bgp 65011\n   neighbor 10.0.11.1 remote-as 65000\n!\nend\n");
    assert.deepEqual(formatDrift(findOwned("eos", running, owned)), []);
    const lowered = parseRunningConfig("eos", "router bgp 65011\n   neighbor 10.0.11.1 maximum-routes 50\n");
    assert.deepEqual(formatDrift(findOwned("eos", lowered, owned.slice(1))), [
      "router bgp 65011 > neighbor 10.0.11.1 maximum-routes 12000: changed to neighbor 10.0.11.1 maximum-routes 50",
    ]);
  });

  it("reads back the owned lines as the device runs them, so a refresh diff shows the hand edit", () => {
    const edited = parseRunningConfig("frr", frrCapture("frr-leaf1-hand-edited.txt"));
    const read = readOwned("frr", edited, frrUnderlay);
    assert.deepEqual(asText(read).slice(0, 6), [
      "ip forwarding",
      "interface Ethernet1",
      "   description Spine-1 Ethernet1",
      "   ip address 10.11.99.1/31",
      "   ip ospf area 0.0.0.0",
      "   ip ospf network point-to-point",
    ]);
    assert.deepEqual(formatLineDiff(lineDiff(frrUnderlay, read)), ["- interface Ethernet2 > ip address 10.0.11.0/31"]);
    assert.deepEqual(readOwned("frr", parseRunningConfig("frr", frrCapture("frr-baseline.txt")), frrPeering), []);
  });

  it("diffs owned configs by line path for preview: a node added to Leaf-1 adds exactly its lines", () => {
    const before = eosLeaf.renderNodePeering(leaf1);
    const withNode = structuredClone(leaf1);
    const bgp = withNode.nodePeering?.bgp;
    assert.ok(bgp);
    bgp.neighbors.push({ address: "10.5.11.1", remoteAsn: 65005, description: "k-w5", allowedPrefixes: ["10.66.5.0/24"], maximumRoutes: 100 });
    const diff = lineDiff(before, eosLeaf.renderNodePeering(withNode));
    assert.deepEqual(diff.removed, []);
    assert.deepEqual(formatLineDiff(diff), [
      "+ ip prefix-list KF-NODE-10-5-11-1",
      "+ ip prefix-list KF-NODE-10-5-11-1 > seq 10 permit 10.66.5.0/24 le 32",
      "+ route-map KF-FROM-NODE-10-5-11-1 permit 10",
      "+ route-map KF-FROM-NODE-10-5-11-1 permit 10 > match ip address prefix-list KF-NODE-10-5-11-1",
      "+ router bgp 65011 > neighbor 10.5.11.1 remote-as 65005",
      "+ router bgp 65011 > neighbor 10.5.11.1 description k-w5",
      "+ router bgp 65011 > neighbor 10.5.11.1 route-map KF-FROM-NODE-10-5-11-1 in",
      "+ router bgp 65011 > neighbor 10.5.11.1 route-map KF-TO-NODES out",
      "+ router bgp 65011 > neighbor 10.5.11.1 maximum-routes 100",
      "+ router bgp 65011 > address-family ipv4 > neighbor 10.5.11.1 activate",
    ]);
    assert.equal(diff.unchanged.length, 29);
  });

  it("diffs the goeapi lab's real pre/post configs: BGP added on ceos1, nothing removed", () => {
    const diff = lineDiff(parseRunningConfig("eos", goeapi[0]), parseRunningConfig("eos", goeapi[1]));
    assert.deepEqual(diff.removed, []);
    assert.deepEqual(diff.added.map(pathText), [
      "router bgp 100",
      "router bgp 100 > router-id 1.1.1.1",
      "router bgp 100 > neighbor 2.2.2.2 remote-as 100",
      "router bgp 100 > neighbor 2.2.2.2 update-source Loopback0",
      "router bgp 100 > neighbor 157.130.1.2 remote-as 300",
      "router bgp 100 > network 1.1.1.1/32",
      "router bgp 100 > redistribute connected",
    ]);
  });

  it("compares configs as the device prints them: order and hidden defaults do not count", () => {
    const syntax = syntaxOf("eos");
    const a = parseRunningConfig("eos", "router ospf 1\n   router-id 1.1.1.1\n   max-lsa 12000\n!\ninterface Ethernet3\n!\nip routing\n");
    const b = parseRunningConfig("eos", "ip routing\n!\nrouter ospf 1\n   router-id 1.1.1.1\n");
    assert.ok(sameConfig(syntax, a, b));
    assert.ok(!sameConfig(syntax, a, parseRunningConfig("eos", "ip routing\n!\nrouter ospf 1\n   router-id 1.1.1.2\n")));
  });
});
