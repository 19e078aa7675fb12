// Renderers: plan intent → the lines each dialect prints, for the reference lab (dev stack).

import { strict as assert } from "assert";
import { checkConfigLine } from "../../../model/cli-safe";
import { dialectOf } from "../../../providers/dialects/registry";
import { OwnedConfig } from "../../../providers/dialects/types";
import { DialectName } from "../../../model/device-plan";
import { flattenConfig, pathText } from "../../../providers/switch/config-tree/tree";
import { validateOwnedConfig } from "../../../providers/switch/config-tree/check";
import { asText, seedDevice, seedPlan } from "./helpers";

const render = (name: string, dialect: DialectName) => {
  const core = dialectOf(dialect);
  const device = seedDevice(name, dialect);
  return { underlay: core.renderUnderlay(device), peering: core.renderNodePeering(device) };
};

describe("renderers (the reference lab via the dev stack)", () => {
  it("renders Leaf-1's underlay for EOS as EOS prints it", () => {
    assert.deepEqual(asText(render("Leaf-1", "eos").underlay), [
      "ip routing",
      "interface Ethernet1",
      "   description Spine-1 Ethernet1",
      "   no switchport",
      "   ip address 10.11.99.1/31",
      "   ip ospf network point-to-point",
      "   ip ospf area 0.0.0.0",
      "interface Ethernet2",
      "   description k-master ens3",
      "   no switchport",
      "   ip address 10.0.11.0/31",
      "   ip ospf area 0.0.0.0",
      "interface Ethernet3",
      "   description k-w1 ens3",
      "   no switchport",
      "   ip address 10.1.11.0/31",
      "   ip ospf area 0.0.0.0",
      "router ospf 1",
      "   router-id 10.11.99.1",
      "   passive-interface Ethernet2",
      "   passive-interface Ethernet3",
    ]);
  });

  it("renders Leaf-1's node peering for EOS: policy per node, explicit activation, redistribute bgp", () => {
    assert.deepEqual(asText(render("Leaf-1", "eos").peering), [
      "ip prefix-list KF-NODE-10-0-11-1",
      "   seq 10 permit 10.66.0.0/24 le 32",
      "   seq 20 permit 10.96.0.0/12 le 32",
      "ip prefix-list KF-NODE-10-1-11-1",
      "   seq 10 permit 10.66.1.0/24 le 32",
      "   seq 20 permit 10.96.0.0/12 le 32",
      "route-map KF-FROM-NODE-10-0-11-1 permit 10",
      "   match ip address prefix-list KF-NODE-10-0-11-1",
      "route-map KF-FROM-NODE-10-1-11-1 permit 10",
      "   match ip address prefix-list KF-NODE-10-1-11-1",
      "route-map KF-TO-NODES deny 10",
      "router bgp 65011",
      "   router-id 10.11.99.1",
      "   no bgp default ipv4-unicast",
      "   neighbor 10.0.11.1 remote-as 65000",
      "   neighbor 10.0.11.1 description k-master",
      "   neighbor 10.0.11.1 route-map KF-FROM-NODE-10-0-11-1 in",
      "   neighbor 10.0.11.1 route-map KF-TO-NODES out",
      "   neighbor 10.0.11.1 maximum-routes 368",
      "   neighbor 10.1.11.1 remote-as 65001",
      "   neighbor 10.1.11.1 description k-w1",
      "   neighbor 10.1.11.1 route-map KF-FROM-NODE-10-1-11-1 in",
      "   neighbor 10.1.11.1 route-map KF-TO-NODES out",
      "   neighbor 10.1.11.1 maximum-routes 368",
      "   address-family ipv4",
      "      neighbor 10.0.11.1 activate",
      "      neighbor 10.1.11.1 activate",
      "router ospf 1",
      "   redistribute bgp",
    ]);
  });

  it("renders Leaf-1 for FRR in vtysh's forms: ip forwarding, passive per interface, policy in the address family", () => {
    const { underlay, peering } = render("Leaf-1", "frr");
    assert.deepEqual(asText(underlay), [
      "ip forwarding",
      "interface Ethernet1",
      "   description Spine-1 Ethernet1",
      "   ip address 10.11.99.1/31",
      "   ip ospf area 0.0.0.0",
      "   ip ospf network point-to-point",
      "interface Ethernet2",
      "   description k-master ens3",
      "   ip address 10.0.11.0/31",
      "   ip ospf area 0.0.0.0",
      "   ip ospf passive",
      "interface Ethernet3",
      "   description k-w1 ens3",
      "   ip address 10.1.11.0/31",
      "   ip ospf area 0.0.0.0",
      "   ip ospf passive",
      "router ospf",
      "   ospf router-id 10.11.99.1",
    ]);
    assert.deepEqual(asText(peering), [
      "ip prefix-list KF-NODE-10-0-11-1 seq 10 permit 10.66.0.0/24 le 32",
      "ip prefix-list KF-NODE-10-0-11-1 seq 20 permit 10.96.0.0/12 le 32",
      "ip prefix-list KF-NODE-10-1-11-1 seq 10 permit 10.66.1.0/24 le 32",
      "ip prefix-list KF-NODE-10-1-11-1 seq 20 permit 10.96.0.0/12 le 32",
      "route-map KF-FROM-NODE-10-0-11-1 permit 10",
      "   match ip address prefix-list KF-NODE-10-0-11-1",
      "route-map KF-FROM-NODE-10-1-11-1 permit 10",
      "   match ip address prefix-list KF-NODE-10-1-11-1",
      "route-map KF-TO-NODES deny 10",
      "router bgp 65011",
      "   bgp router-id 10.11.99.1",
      "   no bgp default ipv4-unicast",
      "   neighbor 10.0.11.1 remote-as 65000",
      "   neighbor 10.0.11.1 description k-master",
      "   neighbor 10.1.11.1 remote-as 65001",
      "   neighbor 10.1.11.1 description k-w1",
      "   address-family ipv4 unicast",
      "      neighbor 10.0.11.1 activate",
      "      neighbor 10.0.11.1 route-map KF-FROM-NODE-10-0-11-1 in",
      "      neighbor 10.0.11.1 route-map KF-TO-NODES out",
      "      neighbor 10.0.11.1 maximum-prefix 368",
      "      neighbor 10.1.11.1 activate",
      "      neighbor 10.1.11.1 route-map KF-FROM-NODE-10-1-11-1 in",
      "      neighbor 10.1.11.1 route-map KF-TO-NODES out",
      "      neighbor 10.1.11.1 maximum-prefix 368",
      "router ospf",
      "   redistribute bgp",
    ]);
  });

  it("gives Spine-1 its DHCP internet uplink (outside OSPF), the static default and redistribute static", () => {
    const text = asText(render("Spine-1", "eos").underlay);
    assert.deepEqual(text.slice(text.indexOf("interface Ethernet4"), text.indexOf("interface Ethernet4") + 4), [
      "interface Ethernet4",
      "   description internet uplink",
      "   no switchport",
      "   ip address dhcp",
    ]);
    assert.ok(text.includes("   redistribute static"));
    assert.equal(text[text.length - 1], "ip route 0.0.0.0/0 10.0.137.1");
    assert.ok(!text.some((l) => /passive-interface/.test(l)), "every spine port faces a router");
    assert.deepEqual(render("Spine-1", "eos").peering, [], "spines do not peer with nodes");
    // FRR has no DHCP client: the uplink keeps only its description.
    const frr = asText(render("Spine-1", "frr").underlay);
    assert.deepEqual(frr.slice(frr.indexOf("interface Ethernet4"), frr.indexOf("interface Ethernet4") + 2), ["interface Ethernet4", "   description internet uplink"]);
  });

  it("keeps Leaf-3's client port passive and out of BGP, and gives Leaf-2/3 one neighbour each", () => {
    const leaf3 = render("Leaf-3", "eos");
    assert.ok(asText(leaf3.underlay).includes("   passive-interface Ethernet3"));
    const neighbors = (owned: OwnedConfig) => asText(owned).filter((l) => / remote-as /.test(l)).map((l) => l.trim());
    assert.deepEqual(neighbors(leaf3.peering), ["neighbor 10.3.33.1 remote-as 65003"]);
    assert.deepEqual(neighbors(render("Leaf-2", "eos").peering), ["neighbor 10.2.22.1 remote-as 65002"]);
  });

  it("covers what the reference lab typed by hand on Leaf-1 (same lines, same nesting)", () => {
    const { underlay, peering } = render("Leaf-1", "eos");
    const paths = new Set(flattenConfig([...underlay, ...peering]).map(pathText));
    const seedLines = [
      "interface Ethernet1 > no switchport",
      "interface Ethernet1 > ip address 10.11.99.1/31",
      "interface Ethernet2 > ip address 10.0.11.0/31",
      "interface Ethernet3 > ip address 10.1.11.0/31",
      "router bgp 65011 > neighbor 10.0.11.1 remote-as 65000",
      "router bgp 65011 > neighbor 10.1.11.1 remote-as 65001",
      "router bgp 65011 > address-family ipv4 > neighbor 10.0.11.1 activate",
      "router bgp 65011 > address-family ipv4 > neighbor 10.1.11.1 activate",
      "router ospf 1 > redistribute bgp",
    ];
    for (const line of seedLines) assert.ok(paths.has(line), `${line} is rendered`);
  });

  for (const dialect of ["eos", "frr"] as const) {
    it(`renders only CLI-safe lines the ${dialect} syntax knows, for every switch of the lab`, () => {
      for (const device of seedPlan.devices) {
        const { underlay, peering } = render(device.name, dialect);
        for (const owned of [underlay, peering]) {
          for (const path of flattenConfig(owned)) assert.deepEqual(checkConfigLine(path[path.length - 1]), { ok: true }, pathText(path));
          assert.deepEqual(validateOwnedConfig(dialect, owned), [], `${device.name} ${dialect}`);
        }
      }
    });
  }
});
