// The baseline: what a device had before kube-fabric where its lines sit, and the record of it the device keeps.

import { strict as assert } from "assert";
import { syntaxOf } from "../../../providers/dialects/registry";
import { OwnedConfig } from "../../../providers/dialects/types";
import { baselineRecord, ownedConfigDigest, readBaselineRecord, recordedConfigDigest, recordOnDevice, takeBaseline } from "../../../providers/switch/config-tree/baseline";
import { changeScript } from "../../../providers/switch/config-tree/change-script";
import { ConfigSession } from "../../../providers/switch/config-tree/model";
import { parseRunningConfig, printRunningConfig } from "../../../providers/switch/config-tree/tree";

const RUNNING = `interface Ethernet2
   description legacy-server
   no switchport
   ip address 192.168.50.1/24
!
ip routing
!
end
`;

const OWNED: OwnedConfig = [
  { text: "ip routing", children: [] },
  {
    text: "interface Ethernet2",
    children: [
      { text: "description k-master ens3", children: [] },
      { text: "no switchport", children: [] },
      { text: "ip address 10.0.11.0/31", children: [] },
    ],
  },
];

describe("baseline: what the device had before kube-fabric", () => {
  const running = parseRunningConfig("eos", RUNNING);

  it("keeps lines the device ran already and the values ours replace", () => {
    const baseline = takeBaseline("eos", running, [], OWNED, { kept: [], replaced: [] });
    assert.deepEqual(baseline.kept, [["ip routing"], ["interface Ethernet2"], ["interface Ethernet2", "no switchport"]]);
    assert.deepEqual(baseline.replaced, [
      ["interface Ethernet2", "description legacy-server"],
      ["interface Ethernet2", "ip address 192.168.50.1/24"],
    ]);
  });

  it("a changed value of a setting we own already is ours, not a baseline", () => {
    const first = takeBaseline("eos", running, [], OWNED, { kept: [], replaced: [] });
    const moved = OWNED.map((l) => (l.children.length ? { ...l, children: l.children.map((c) => (c.text.startsWith("description") ? { text: "description moved", children: [] } : c)) } : l));
    const afterCreate = parseRunningConfig("eos", RUNNING.replace("legacy-server", "k-master ens3").replace("192.168.50.1/24", "10.0.11.0/31"));
    assert.deepEqual(takeBaseline("eos", afterCreate, OWNED, moved, first), first);
  });

  it("reads back from the device's record exactly what it recorded, and which owned lines it was written with", () => {
    const baseline = takeBaseline("eos", running, [], OWNED, { kept: [], replaced: [] });
    const digest = ownedConfigDigest("eos", OWNED);
    const record = baselineRecord("ab12cd34", "Leaf-1/underlay", baseline, digest);
    const onDevice = parseRunningConfig("eos", printRunningConfig("eos", [...running, ...record]));
    assert.deepEqual(readBaselineRecord("eos", onDevice, "ab12cd34"), baseline);
    assert.equal(readBaselineRecord("eos", onDevice, "ffff0000"), null, "another resource's record is not ours");
    assert.equal(recordedConfigDigest(recordOnDevice("eos", onDevice, "ab12cd34")), digest);
    assert.notEqual(ownedConfigDigest("eos", OWNED.slice(1)), digest, "other lines, another digest");
    assert.equal(recordedConfigDigest(recordOnDevice("eos", onDevice, "ffff0000")), null);
    // A record written before records named their lines.
    const older = parseRunningConfig("eos", printRunningConfig("eos", [...running, { text: "route-map kube-fabric-baseline-ab12cd34 deny 1", children: [{ text: "description kube-fabric Leaf-1/underlay found these lines before it", children: [] }] }]));
    assert.equal(recordedConfigDigest(recordOnDevice("eos", older, "ab12cd34")), null);
  });

  it("delete types the replaced values back and leaves kept lines: the device is as before", () => {
    const baseline = takeBaseline("eos", running, [], OWNED, { kept: [], replaced: [] });
    const syntax = syntaxOf("eos");
    const create = changeScript("eos", running, [], OWNED, { adopted: baseline.kept });
    const session = new ConfigSession(syntax, running);
    for (const line of create.lines) session.type(line);
    const created = session.tree;
    const remove = changeScript("eos", created, OWNED, [], { adopted: baseline.kept, replaced: baseline.replaced });
    assert.deepEqual(remove.lines, ["interface Ethernet2", "description legacy-server", "ip address 192.168.50.1/24", "exit"]);
    const back = new ConfigSession(syntax, created);
    for (const line of remove.lines) back.type(line);
    assert.equal(printRunningConfig("eos", back.tree), printRunningConfig("eos", running));
  });
});
