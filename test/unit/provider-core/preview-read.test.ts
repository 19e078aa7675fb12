// A create's preview: when it reads the device, and what it shows as replaced. Pure (no device).

import { strict as assert } from "assert";
import { PREVIEW_FLAG, configPropertyOf, replacedByCreate, resourceShortId } from "../../../providers/switch/provider";
import { wantsPreviewRead } from "../../../providers/switch/provider/preview-read";
import { inputsOf } from "../../../providers/switch/provider/state";
import { baselineRecord } from "../../../providers/switch/config-tree/baseline";
import { configText } from "../../../providers/switch/config-tree/config-text";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const owned = [
  { text: "ip routing", children: [] },
  { text: "interface Ethernet2", children: [{ text: "description k-master ens3", children: [] }, { text: "no switchport", children: [] }, { text: "ip address 10.0.11.0/31", children: [] }] },
];
const news = { device: "Leaf-1", dialect: "eos", phase: "underlay", connection: { host: "192.0.2.1", port: 22 }, config: configPropertyOf("eos", owned), [PREVIEW_FLAG]: true };

describe("a create's preview reads the device to show what it replaces", () => {
  it("reads only for a create, only in a preview, only with a known connection, unless turned off", () => {
    assert.equal(wantsPreviewRead({}, news, {}), true);
    assert.equal(wantsPreviewRead({ device: "Leaf-1" }, news, {}), false, "an update's preview reads nothing");
    assert.equal(wantsPreviewRead({}, { ...news, [PREVIEW_FLAG]: false }, {}), false, "pulumi up's check reads nothing");
    assert.equal(wantsPreviewRead({}, { ...news, connection: { host: UNKNOWN, port: 22 } }, {}), false);
    assert.equal(wantsPreviewRead({}, news, { KUBE_FABRIC_PREVIEW_READS: "off" }), false);
  });

  it("shows the single values the lines replace, in their contexts, and nothing the port keeps", () => {
    const running = [
      "! Command: show running-config",
      "no ip routing",
      "interface Ethernet2",
      "   description legacy-server",
      "   no switchport",
      "   ip address 192.168.50.1/24",
      "interface Ethernet3",
      "   description other-port",
      "end",
    ].join("\n");
    assert.deepEqual(replacedByCreate(inputsOf(news), running), [
      ["no ip routing"],
      ["interface Ethernet2", "description legacy-server"],
      ["interface Ethernet2", "ip address 192.168.50.1/24"],
    ]);
  });

  it("after a lost state, shows what the device's own record says was replaced", () => {
    // An earlier run whose state was lost: our lines run already, and our record says what they replaced.
    const record = baselineRecord(resourceShortId("Leaf-1", "underlay"), "Leaf-1/underlay", { kept: [], replaced: [["interface Ethernet2", "description legacy-server"]] }, "0123456789ab");
    const running = configText("eos", [...owned, ...record]);
    assert.deepEqual(replacedByCreate(inputsOf(news), running), [["interface Ethernet2", "description legacy-server"]]);
    // Without the record the same lines are the operator's: kept, nothing replaced.
    assert.deepEqual(replacedByCreate(inputsOf(news), configText("eos", owned)), []);
  });
});
