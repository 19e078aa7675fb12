// check(): owned lines must be safe to type and known to the dialect, with problems naming the line.

import { strict as assert } from "assert";
import { OwnedConfig } from "../../../providers/dialects/types";
import { OwnedConfigError, assertValidOwnedConfig, validateOwnedConfig } from "../../../providers/switch/config-tree/check";

const leaf = (text: string) => ({ text, children: [] });

describe("validateOwnedConfig", () => {
  it("names the line and the reason for a line that could inject a command", () => {
    const owned: OwnedConfig = [{ text: "interface Ethernet2", children: [leaf("description a|b")] }];
    const [problem, ...rest] = validateOwnedConfig("eos", owned);
    assert.equal(rest.length, 0);
    assert.equal(problem.path, "interface Ethernet2 > description a|b");
    assert.match(problem.message, /'\|'/);
  });

  it("rejects lines the dialect cannot remove or key, at the level where they sit", () => {
    const owned: OwnedConfig = [leaf("username admin secret x"), { text: "router ospf 1", children: [leaf("neighbor 10.0.0.1 remote-as 1")] }];
    const problems = validateOwnedConfig("eos", owned);
    assert.deepEqual(
      problems.map((p) => p.path),
      ["username admin secret x", "router ospf 1 > neighbor 10.0.0.1 remote-as 1"],
    );
    assert.match(problems[1].message, /inside a router-ospf context/);
    assert.match(problems[0].fix, /providers\/dialects\/eos\/syntax\.ts/);
  });

  it("knows which lines each dialect has: `no switchport` is EOS only, `ip ospf passive` FRR only", () => {
    const eosOnly: OwnedConfig = [{ text: "interface Ethernet1", children: [leaf("no switchport")] }];
    const frrOnly: OwnedConfig = [{ text: "interface Ethernet1", children: [leaf("ip ospf passive")] }];
    assert.deepEqual(validateOwnedConfig("eos", eosOnly), []);
    assert.equal(validateOwnedConfig("frr", eosOnly).length, 1);
    assert.deepEqual(validateOwnedConfig("frr", frrOnly), []);
    assert.equal(validateOwnedConfig("eos", frrOnly).length, 1);
  });

  it("asks for the form the device prints, so read-back compares equal", () => {
    const [problem] = validateOwnedConfig("eos", [{ text: "interface Ethernet1", children: [leaf("ip ospf area 0")] }]);
    assert.equal(problem.fix, "write 'ip ospf area 0.0.0.0', so that reading the config back compares equal");
    assert.equal(validateOwnedConfig("frr", [leaf("interface Ethernet1 ")]).length, 1, "trailing space");
    assert.equal(validateOwnedConfig("eos", [leaf("ip  routing")]).length, 1);
  });

  it("accepts FRR's area as typed: FRR 10.1 prints `network … area 0` and `ip ospf area 0` exactly so", () => {
    const owned: OwnedConfig = [
      { text: "router ospf", children: [leaf("network 10.11.99.0/31 area 0")] },
      { text: "interface Ethernet1", children: [leaf("ip ospf area 0")] },
    ];
    assert.deepEqual(validateOwnedConfig("frr", owned), []);
    const twice: OwnedConfig = [{ text: "router ospf", children: [leaf("network 10.11.99.0/31 area 0"), leaf("network 10.11.99.0/31 area 0.0.0.0")] }];
    assert.deepEqual(validateOwnedConfig("frr", twice).map((p) => p.message), ["appears twice in the same context"]);
  });

  it("rejects duplicates, two values of one setting, and lines under a non-context", () => {
    const owned: OwnedConfig = [
      {
        text: "interface Ethernet1",
        children: [leaf("description a"), leaf("description b"), leaf("ip address 10.0.0.0/31"), leaf("ip address 10.0.0.0/31")],
      },
      { text: "ip routing", children: [leaf("description x")] },
    ];
    assert.deepEqual(
      validateOwnedConfig("eos", owned).map((p) => `${p.path}: ${p.message}`),
      [
        "interface Ethernet1 > description b: sets the same setting as 'description a'",
        "interface Ethernet1 > ip address 10.0.0.0/31: appears twice in the same context",
        "ip routing: is not a context on eos, yet has lines under it",
      ],
    );
    // Several static routes to one prefix are fine (ECMP): the setting adds, it does not replace.
    assert.deepEqual(validateOwnedConfig("eos", [leaf("ip route 0.0.0.0/0 10.0.0.1"), leaf("ip route 0.0.0.0/0 10.0.0.3")]), []);
  });

  it("throws one error listing every problem", () => {
    assert.throws(
      () => assertValidOwnedConfig("frr", [leaf("hostname x"), leaf("ip routing")]),
      (error: unknown) => error instanceof OwnedConfigError && error.problems.length === 2 && /2 problems/.test(error.message),
    );
  });
});
