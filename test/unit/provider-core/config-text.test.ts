// The `config` property's text: every owned config the renderers make for the dev stack reads back as the
// same tree, indented as its dialect's `show running-config` indents it.

import { strict as assert } from "assert";
import { dialectOf } from "../../../providers/dialects/registry";
import { DialectName } from "../../../model/device-plan";
import { ConfigTextError, configText, parseConfigText } from "../../../providers/switch/config-tree/config-text";
import { holdsSecret } from "../../../providers/switch/ssh/secrets";
import { seedDevice, seedPlan } from "./helpers";

describe("config text (the switch resource's one representation of its lines)", () => {
  for (const dialect of ["eos", "frr"] as DialectName[]) {
    it(`${dialect}: every rendered phase of every dev-stack switch reads back as the same tree`, () => {
      for (const { name } of seedPlan.devices) {
        const device = seedDevice(name, dialect);
        for (const owned of [dialectOf(dialect).renderUnderlay(device), dialectOf(dialect).renderNodePeering(device)]) {
          const text = configText(dialect, owned);
          assert.deepEqual(parseConfigText(text), owned, `${name} (${dialect})`);
          // check() refuses a row that looks like it holds a secret: no rendered row may.
          assert.deepEqual(text.split("\n").filter(holdsSecret), [], `${name} (${dialect})`);
        }
      }
    });
  }

  it("indents as the device does: EOS 3 spaces a level, FRR 1", () => {
    const owned = [{ text: "router bgp 65011", children: [{ text: "address-family ipv4 unicast", children: [{ text: "network 10.0.0.0/8", children: [] }] }] }];
    assert.equal(configText("eos", owned), "router bgp 65011\n   address-family ipv4 unicast\n      network 10.0.0.0/8\n");
    assert.equal(configText("frr", owned), "router bgp 65011\n address-family ipv4 unicast\n  network 10.0.0.0/8\n");
  });

  it("a row indented under nothing, or with tabs, is an error naming the row", () => {
    assert.throws(() => parseConfigText("  description x\n"), (e: unknown) => e instanceof ConfigTextError && e.row === 1);
    assert.throws(() => parseConfigText("interface Ethernet1\n\tdescription x\n"), (e: unknown) => e instanceof ConfigTextError && e.row === 2);
    assert.deepEqual(parseConfigText("interface Ethernet1\n\n   description x\n"), [{ text: "interface Ethernet1", children: [{ text: "description x", children: [] }] }]);
  });
});
