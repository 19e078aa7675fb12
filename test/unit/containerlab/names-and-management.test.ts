// The two rules behind a containerlab file's details: cEOS port names, and which planned management
// addresses can be containers' own.

import { strict as assert } from "assert";
import { ceosLinuxInterface, ContainerlabNameError, endpointInterface } from "../../../lab/containerlab/interface-names";
import { planManagement } from "../../../lab/containerlab/management";

describe("containerlab interface names", () => {
  it("writes cEOS front-panel ports as the Linux interfaces cEOS maps them from", () => {
    assert.equal(ceosLinuxInterface("Leaf-1", "Ethernet1"), "eth1");
    assert.equal(ceosLinuxInterface("Leaf-1", "Ethernet49"), "eth49");
    assert.equal(ceosLinuxInterface("Leaf-1", "Ethernet1/2"), "eth1_2");
  });

  it("refuses an EOS port cEOS cannot cable, naming the switch, the port and the fix", () => {
    assert.throws(() => ceosLinuxInterface("Spine-1", "Management1"), (e: Error) => {
      assert.ok(e instanceof ContainerlabNameError);
      assert.match(e.message, /^Spine-1 Management1: cEOS maps only front-panel ports .*dialect: frr/);
      return true;
    });
  });

  it("keeps Linux names for FRR switches, nodes and hosts", () => {
    assert.equal(endpointInterface("r1", "frr", "eth3"), "eth3");
    assert.equal(endpointInterface("r1", "frr", "Ethernet3"), "Ethernet3");
    assert.equal(endpointInterface("k-w1", null, "ens3"), "ens3");
    assert.equal(endpointInterface("sw", "eos", "Ethernet3"), "eth3");
  });
});

describe("containerlab management addresses", () => {
  it("uses unique literal addresses and fits the smallest subnet (at most a /24) around them", () => {
    const m = planManagement(
      [
        { name: "a", host: "172.20.5.10" },
        { name: "b", host: "172.20.5.11" },
      ],
      "net",
    );
    assert.deepEqual([...m.addresses], [["a", "172.20.5.10"], ["b", "172.20.5.11"]]);
    assert.deepEqual(m.network, { network: "net", "ipv4-subnet": "172.20.5.0/24" });
    assert.deepEqual(m.notes, []);
  });

  it("widens the subnet to span addresses in different /24s", () => {
    const m = planManagement([{ name: "a", host: "10.1.0.5" }, { name: "b", host: "10.1.3.7" }], "net");
    assert.equal(m.network?.["ipv4-subnet"], "10.1.0.0/22");
  });

  it("moves the gateway off an address a node holds, and widens past one on a network or broadcast address", () => {
    assert.deepEqual(planManagement([{ name: "a", host: "10.9.9.1" }, { name: "b", host: "10.9.9.2" }], "net").network, {
      network: "net",
      "ipv4-subnet": "10.9.9.0/24",
      "ipv4-gw": "10.9.9.3",
    });
    // 10.9.9.255 is the broadcast address of its /24 and of 10.9.8.0/23 too
    assert.equal(planManagement([{ name: "a", host: "10.9.9.255" }], "net").network?.["ipv4-subnet"], "10.9.8.0/22");
  });

  it("leaves names, loopback and shared (port-forwarded) addresses to containerlab, one note each", () => {
    const m = planManagement(
      [
        { name: "dns", host: "sw1.example" },
        { name: "lo", host: "127.0.0.1" },
        { name: "nat1", host: "198.51.100.7" },
        { name: "nat2", host: "198.51.100.7" },
      ],
      "net",
    );
    assert.equal(m.addresses.size, 0);
    assert.equal(m.network, null);
    assert.deepEqual(m.notes, [
      "dns: management host 'sw1.example' is a name, not an IPv4 address; containerlab assigns one",
      "lo: management address 127.0.0.1 is loopback (a port-forwarded lab); containerlab assigns one",
      "nat1, nat2: share management address 198.51.100.7 (one NAT or port-forwarded address); containerlab assigns each its own",
    ]);
  });
});
