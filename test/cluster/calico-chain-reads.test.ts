// What the Calico chain reads and removes, on the cluster tier (real kube-apiserver with Calico
// 3.28.5's CRDs, Calico's own confd rendering for BIRD in each node namespace): the program-time read
// of pools and confirmed blocks through the kubeconfig, the node gate judging each node's real kernel
// table (tunnel from the mesh, then native once IPIP is off), and the step that withdraws the BGPPeers.
import { strict as assert } from "assert";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { readCalicoClusterState } from "../../components/calico/cluster-state";
import { nodeGateProblems, NodeRouteExpectation } from "../../components/calico/node-gate";
import { performStep } from "../../components/calico/steps/provider";
import { CalicoClusterLab, startCalicoClusterLab, TWO_NODES_ON_DEFAULTS } from "../../lab/calico-cluster-lab";
import { peerName, setEncapsulation, setLeafPeers } from "../../lab/calico-lab-ops";
import { run } from "../../lab/exec";
import { pollUntil } from "../../lab/kube-client";

describe("cluster tier: what the Calico chain reads and removes", function () {
  this.timeout(600_000);
  let lab: CalicoClusterLab;

  before(async () => {
    lab = await startCalicoClusterLab(TWO_NODES_ON_DEFAULTS);
  });

  after(async () => {
    await lab?.stop();
  });

  /** Every node's kernel table judged by the chain's node gate, until it passes (or 60 s). */
  const nodesAre = (expect: NodeRouteExpectation) =>
    pollUntil(`every node: ${expect}`, 60_000, async () => {
      const problems: string[] = [];
      for (const node of lab.nodes) {
        const remoteBlocks = lab.nodes.filter((other) => other !== node).map((other) => ({ node: other.spec.name, prefix: other.spec.block }));
        const routes = (await run("ip", ["-n", node.namespace, "-4", "route", "show"])).stdout;
        problems.push(...nodeGateProblems({ node: node.spec.name, remoteBlocks, expect }, routes));
      }
      if (problems.length > 0) throw new Error(problems.join("; "));
      return true;
    }, 200);

  it("reads the pool and the confirmed blocks per node through the kubeconfig, as the program does before planning", async () => {
    const state = await readCalicoClusterState(lab.plane.kubeconfig);
    assert.deepEqual(state.pools, [{ name: "default-ipv4-ippool", cidr: TWO_NODES_ON_DEFAULTS.poolCidr, blockSize: 26 }]);
    assert.deepEqual(
      [...state.blocks].sort((a, b) => a.node.localeCompare(b.node)),
      TWO_NODES_ON_DEFAULTS.nodes.map((node) => ({ node: node.name, cidr: node.block })),
    );
  });

  it("reads the same through a kubeconfig kubectl accepts that holds no token: an exec credential plugin, a token file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kf-kubeconfig-"));
    try {
      // As a cloud's IAM or an OIDC login does it: a program that prints an ExecCredential.
      const plugin = join(dir, "credential-plugin");
      const credential = JSON.stringify({ apiVersion: "client.authentication.k8s.io/v1", kind: "ExecCredential", status: { token: lab.plane.token } });
      writeFileSync(plugin, `#!/bin/sh\necho '${credential}'\n`);
      chmodSync(plugin, 0o700);
      const tokenFile = join(dir, "token");
      writeFileSync(tokenFile, lab.plane.token, { mode: 0o600 });
      const withUser = (user: string) => lab.plane.kubeconfig.replace(/^( {4}token: ).*$/m, user);
      const viaExec = withUser(`    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: ${plugin}\n      interactiveMode: Never`);
      const viaFile = withUser(`    tokenFile: ${tokenFile}`);
      assert.ok(!viaExec.includes(lab.plane.token) && !viaFile.includes(lab.plane.token), "neither kubeconfig holds the token");
      const expected = await readCalicoClusterState(lab.plane.kubeconfig);
      assert.deepEqual(await readCalicoClusterState(viaExec), expected);
      assert.deepEqual(await readCalicoClusterState(viaFile), expected);
      const stranger = withUser("    token: not-the-token");
      await assert.rejects(readCalicoClusterState(stranger), /401/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the node gate sees Calico's defaults as tunnel routes from the mesh, and not as native", async () => {
    await nodesAre("tunnel");
    await nodesAre("mesh");
    const node = lab.nodes[0];
    const routes = (await run("ip", ["-n", node.namespace, "-4", "route", "show"])).stdout;
    const native = nodeGateProblems({ node: node.spec.name, remoteBlocks: [{ node: lab.nodes[1].spec.name, prefix: lab.nodes[1].spec.block }], expect: "native" }, routes);
    assert.equal(native.length, 1, routes);
    assert.match(native[0], /still goes through the IPIP tunnel/);
  });

  it("after IPIP Never the node gate sees native routes from the mesh", async () => {
    await setEncapsulation(lab, "Never", TWO_NODES_ON_DEFAULTS.poolCidr);
    await nodesAre("native");
    await nodesAre("mesh");
  });

  it("the peers-withdrawn step deletes the BGPPeers through the API, and again finds nothing to do", async () => {
    await setLeafPeers(lab, true, TWO_NODES_ON_DEFAULTS.leafAs);
    const peers = lab.nodes.map((node) => peerName(node.spec.name));
    for (const peer of peers) assert.ok(await lab.plane.client.find(`/apis/crd.projectcalico.org/v1/bgppeers/${peer}`), `${peer} exists`);
    await performStep({ kind: "peers-withdrawn", peers, kubeconfig: lab.plane.kubeconfig });
    for (const peer of peers) assert.equal(await lab.plane.client.find(`/apis/crd.projectcalico.org/v1/bgppeers/${peer}`), undefined, `${peer} is gone`);
    await performStep({ kind: "peers-withdrawn", peers, kubeconfig: lab.plane.kubeconfig });
  });
});
