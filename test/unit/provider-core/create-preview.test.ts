// A create's preview prints every line the create types, once, as the device prints them. Pure (no engine).

import { strict as assert } from "assert";
import { PREVIEW_FLAG, configPropertyOf, resourceShortId } from "../../../providers/switch/provider";
import { createPreviewMessage, isCreatePreview } from "../../../providers/switch/provider/create-preview";
import { engineAddressOf } from "../../../providers/switch/provider/engine-log";
import { inputsOf } from "../../../providers/switch/provider/state";

const owned = [
  { text: "ip routing", children: [] },
  { text: "interface Ethernet2", children: [{ text: "description k-master ens3", children: [] }, { text: "no switchport", children: [] }] },
  { text: "router bgp 65011", children: [{ text: "neighbor 10.0.11.1 remote-as 65000", children: [] }] },
];
const news = { device: "Leaf-1", dialect: "eos", phase: "underlay", connection: { host: "192.0.2.1", port: 22 }, config: configPropertyOf("eos", owned), [PREVIEW_FLAG]: true };

describe("a create's preview shows every line it types", () => {
  it("only for a create, only in a preview (pulumi up's own check shows nothing twice), whether or not the device is read", () => {
    assert.equal(isCreatePreview({}, news), true);
    assert.equal(isCreatePreview({ device: "Leaf-1" }, news), false, "an update's preview diffs its config instead");
    assert.equal(isCreatePreview({}, { ...news, [PREVIEW_FLAG]: false }), false);
  });

  it("names the switch and phase, counts the lines, then prints them in device order and indentation, and names the record it adds", () => {
    const shortId = resourceShortId("Leaf-1", "underlay");
    assert.equal(
      createPreviewMessage(inputsOf(news)),
      [
        `Leaf-1 underlay: the create types these 6 lines, and kube-fabric's record of what they replace (route-map kube-fabric-baseline-${shortId}):`,
        "ip routing",
        "interface Ethernet2",
        "   description k-master ens3",
        "   no switchport",
        "router bgp 65011",
        "   neighbor 10.0.11.1 remote-as 65000",
        "",
      ].join("\n"),
    );
  });

  it("FRR lines keep FRR's one-space indentation", () => {
    const frr = { ...news, dialect: "frr", config: configPropertyOf("frr", owned) };
    assert.match(createPreviewMessage(inputsOf(frr)), /\ninterface Ethernet2\n description k-master ens3\n no switchport\n/);
  });

  it("talks to the engine only from inside the Node dynamic-provider host, at the address it was started with", () => {
    const host = "/work/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js";
    assert.equal(engineAddressOf(["/usr/bin/node", host, "127.0.0.1:41235"]), "127.0.0.1:41235");
    assert.equal(engineAddressOf(["/usr/bin/node", host, "[::1]:41235"]), "[::1]:41235");
    assert.equal(engineAddressOf(["/usr/bin/node", "/work/node_modules/.bin/mocha", "test/unit/x.test.ts"]), null, "a test runner is no engine");
    assert.equal(engineAddressOf(["/usr/bin/node", host]), null);
    assert.equal(engineAddressOf(["/usr/bin/node", host, "not an address"]), null);
  });
});
