// The lab of the dev stack: every planned cable with the planned interface names, the spine's
// internet port present but unwired, pod addresses inside each node's block; and the lab stack.

import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { buildPlan } from "../../../components/plan/build-plan";
import { labLayout } from "../../../lab/stack-lab/layout";
import { labTopology } from "../../../lab/stack-lab/lab-stack";
import { notModelled } from "../../../lab/stack-lab";
import { BIRD, renderBirdConfig } from "../../../lab/stack-lab/node-bgp";
import { LabEndpoint } from "../../../lab/stack-lab/state";
import { ALL_SECRETS, devTopology } from "../../support/dev-stack";

const plan = buildPlan({ topology: devTopology(), secrets: ALL_SECRETS });

describe("lab layout of the dev stack", () => {
  const layout = labLayout(plan);

  it("cables every planned link between the planned interfaces, upper end first", () => {
    const cables = layout.cables.map((c) => `${c.a.device}:${c.a.interface}-${c.b.device}:${c.b.interface}`);
    assert.deepEqual(cables.sort(), [
      "Leaf-1:Ethernet2-k-master:ens3",
      "Leaf-1:Ethernet3-k-w1:ens3",
      "Leaf-2:Ethernet2-k-w2:ens3",
      "Leaf-3:Ethernet2-k-w3:ens3",
      "Leaf-3:Ethernet3-client:ens3",
      "Spine-1:Ethernet1-Leaf-1:Ethernet1",
      "Spine-1:Ethernet2-Leaf-2:Ethernet1",
      "Spine-1:Ethernet3-Leaf-3:Ethernet1",
    ]);
  });

  it("keeps the spine's internet port as an unwired port and says so", () => {
    assert.deepEqual(layout.switches.find((s) => s.name === "Spine-1")?.unwiredPorts, ["Ethernet4"]);
    assert.ok(notModelled(plan).some((line) => line.includes("Spine-1 Ethernet4")));
    assert.ok(notModelled(plan).some((line) => line.startsWith("EOS: Spine-1, Leaf-1, Leaf-2, Leaf-3")));
  });

  it("gives each node pod addresses inside its own block", () => {
    assert.deepEqual(layout.nodes.map((n) => [n.name, n.podAddresses]), [
      ["k-master", ["10.66.0.1", "10.66.0.2", "10.66.0.3"]],
      ["k-w1", ["10.66.1.1", "10.66.1.2", "10.66.1.3"]],
      ["k-w2", ["10.66.2.1", "10.66.2.2", "10.66.2.3"]],
      ["k-w3", ["10.66.3.1", "10.66.3.2", "10.66.3.3"]],
    ]);
  });

  it("refuses interface names Linux cannot have, naming the device and port", () => {
    const topology = devTopology() as { leaves: Array<{ uplinks: Array<{ port: string }> }> };
    topology.leaves[0].uplinks[0].port = "Ethernet1/1";
    assert.throws(() => labLayout(buildPlan({ topology, secrets: ALL_SECRETS })), /Leaf-1\.Ethernet1\/1.*not a usable interface name/);
  });
});

describe("lab stack of the dev stack", () => {
  const endpoints: LabEndpoint[] = [...plan.devices.map((d) => d.name), ...plan.nodes.map((n) => n.name), "client"].map((name, index) => ({
    name,
    kind: "switch",
    namespace: `kfl-1-abcd-${name}`,
    host: "127.0.0.1",
    port: 40000 + index,
    user: "root",
    sshdDir: "/nonexistent",
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJPn2MPjT4+lOHtJgV7nh9mWZx/bwOMCMjuvJPeXPmZL",
  }));
  const topology = labTopology(devTopology(), endpoints);
  const labPlan = buildPlan({ topology, secrets: { switchPassword: false, switchPrivateKey: true, nodePassword: false, nodePrivateKey: true } });

  it("has the same fabric: links, addresses, ASNs and pod blocks", () => {
    assert.deepEqual(labPlan.links, plan.links);
    assert.deepEqual(labPlan.asns, plan.asns);
    assert.deepEqual(labPlan.nodes.map((n) => n.podBlock), plan.nodes.map((n) => n.podBlock));
  });

  it("runs every switch as FRR, reaches everything on 127.0.0.1, and provisions no Kubernetes", () => {
    assert.deepEqual([...new Set(labPlan.devices.map((d) => d.dialect))], ["frr"]);
    assert.deepEqual([...new Set([...labPlan.devices.map((d) => d.mgmt.host), ...labPlan.nodes.map((n) => n.ssh.host)])], ["127.0.0.1"]);
    assert.equal(labPlan.devices.find((d) => d.name === "Leaf-2")?.mgmt.port, 40002);
    assert.equal(labPlan.kubernetes.provision, "existing");
    assert.equal(plan.kubernetes.provision, "kubeadm", "the source stack keeps kubeadm (the default)");
    assert.equal(labPlan.switchOptions.commitConfirmSeconds, undefined, "EOS's commit timer is dropped for FRR");
  });
});

describe("node BGP speaker config (BIRD 1.6)", () => {
  const node = plan.nodes[1];
  const intent = { node: node.name, routerId: "10.1.11.1", asn: node.asn, leafAddress: node.leafPeerAddress, leafAsn: node.leafAsn, podBlock: node.podBlock };

  it("peers with the node's leaf under the node's AS and exports only its pod block", () => {
    const text = renderBirdConfig(intent);
    assert.match(text, /local 10\.1\.11\.1 as 65001;/);
    assert.match(text, /neighbor 10\.1\.11\.0 as 65011;/);
    assert.match(text, /route 10\.66\.1\.0\/24 blackhole;/);
    assert.match(text, /if net = 10\.66\.1\.0\/24 then accept;\n  reject;/);
  });

  it("is accepted by Debian's bird (bird -p)", () => {
    const dir = mkdtempSync(join(tmpdir(), "kf-bird-conf-"));
    try {
      writeFileSync(join(dir, "bird.conf"), renderBirdConfig(intent));
      execFileSync(BIRD, ["-p", "-c", join(dir, "bird.conf")]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
