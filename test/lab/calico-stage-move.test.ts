// The lab side it stands on is tested by calico-lab-tier.test.ts; the fresh path through the engine
// by calico-stage-fresh.test.ts.
//
// The Calico stage end to end through the real engine, on the stack lab of Pulumi.calico.yaml (one
// spine, two FRR leaves, a node on each, a client): a real kube-apiserver/etcd/controller-manager,
// Calico 3.28.5's own confd and BIRD in each node namespace, FRR leaves.
// Stand-ins (lab/stack-lab/calico-agent.ts): kubelet (no pods run; the agent starts calico-node's
// confd + BIRD once Calico's DaemonSet and CRDs exist, restarting it), calico-node's startup (the
// Node IPv4Address annotation is written by lab:up, the default pool by the agent), Felix and the CNI
// plugin (pods are namespaces wired as Calico wires them), Calico IPAM (blocks by the pools'
// nodeSelector), Felix's tunl0 (a VXLAN link: this kernel has no ipip module). Every packet counts by
// its reply (bench/migration-accounting.ts); nothing is judged from routes.
//
//   1. a fresh stack (calico.start fresh, routing tor): one `pulumi up` installs Calico straight into
//      tor; the client reaches every pod; destroy removes Calico; lab:down leaves nothing.
//   2. a cluster on Calico's defaults (release manifest unchanged: full mesh, IPIP Always, blocks in
//      IPAM's order, pods running): `pulumi up` at overlay takes it over; routing tor, `pulumi up`;
//      routing overlay, `pulumi up`; pings pod↔pod across nodes and client→pods counted per move,
//      0 lost asserted; a leaf's neighbour shut down makes the next move's gate fail and nothing
//      after it is applied; destroy + lab:down leave nothing.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { countFlow, PathSample, PingFlow } from "../../bench/migration-accounting";
import { claimBlock } from "../../lab/calico-datastore";
import { createPod } from "../../lab/calico-pods";
import { run } from "../../lab/exec";
import { calicoAgentSpec, labPods, nodePaths } from "../../lab/stack-lab/calico-paths";
import { lostWhileReachable, PingPacket, PingStream, startPing } from "../../lab/pinger";
import { requireEngine } from "../../tools/engine/engine-env";
import { requireKubernetesPlugin } from "../support/kubernetes-plugin";
import { sshExec } from "../support/lab-ssh";
import { CalicoLab, calicoLabDown, calicoLabUp, delay, destroyAndDown, nodeAddresses, now, verifyOk } from "../support/calico-lab";

describe("lab: the Calico stage through the real engine, the move of a cluster on Calico's defaults", function () {
  this.timeout(1_800_000);

  before(() => {
    requireEngine();
    requireKubernetesPlugin();
  });

  describe("a cluster on Calico's defaults, moved to tor and back", () => {
    let lab: CalicoLab | undefined;
    const routing = async (value: "overlay" | "tor") => (lab as CalicoLab).stack.setConfig("kube-fabric:topology.calico.routing", { value }, true);
    before(async () => {
      lab = await calicoLabUp("defaults", "defaults");
      await routing("overlay");
    });
    after(async () => calicoLabDown(lab));

    it("pulumi up at overlay takes the cluster over without changing its routing (mesh, every path through the tunnel)", async () => {
      const { stack, plan, paths } = lab as CalicoLab;
      const up = await stack.up();
      assert.equal(up.summary.result, "succeeded");
      const blocks = labPods(paths.stateDir).map((p) => p.block);
      assert.ok(blocks.every((b) => /^192\.168\.\d+\.\d+\/26$/.test(b)), blocks.join(" "));
      const paths_ = await nodePaths(paths.stateDir, nodeAddresses(plan));
      assert.ok(paths_.length > 0 && paths_.every((p) => p.kind === "tunnel-to-node" && (p.protocol ?? "").startsWith("Mesh_")), JSON.stringify(paths_));
    });

    it("moves to tor and back with pods pinging across nodes and the client pinging pods: 0 lost per move", async () => {
      const { stack, plan, paths, state } = lab as CalicoLab;
      const pods = labPods(paths.stateDir);
      const [a, b] = plan.nodes.map((n) => pods.find((p) => p.node === n.name));
      assert.ok(a && b, "a pod on each node");
      const client = `${state.labId}-client`;
      const logs = path.join((lab as CalicoLab).tmp, "pings");
      fs.mkdirSync(logs);
      const streams: PingStream[] = [
        await startPing(`${a.node}→${b.node}`, a.namespace, b.address, path.join(logs, "ab.log")),
        await startPing(`${b.node}→${a.node}`, b.namespace, a.address, path.join(logs, "ba.log")),
        await startPing(`client→${a.node}`, client, a.address, path.join(logs, "ca.log")),
        await startPing(`client→${b.node}`, client, b.address, path.join(logs, "cb.log")),
      ];
      const samples: PathSample[] = [];
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const at = now();
          for (const p of await nodePaths(paths.stateDir, nodeAddresses(plan)).catch(() => [])) samples.push({ at, node: p.node, block: p.block, kind: p.kind });
          await delay(100);
        }
      })();
      const windows: Array<{ name: string; from: number; to: number }> = [];
      let packets: PingPacket[][] = [];
      try {
        await delay(2000);
        for (const to of ["tor", "overlay"] as const) {
          const from = now();
          await routing(to);
          const up = await stack.up();
          assert.equal(up.summary.result, "succeeded", `up to ${to}`);
          await delay(2000);
          windows.push({ name: `to ${to}`, from, to: now() });
          if (to === "tor") await verifyOk(lab as CalicoLab);
        }
      } finally {
        packets = await Promise.all(streams.map((s) => s.stop()));
        sampling = false;
        await sampler;
      }
      const flows: PingFlow[] = [
        { label: streams[0].label, fromNode: a.node, toNode: b.node, fromBlock: a.block, toBlock: b.block, packets: packets[0] },
        { label: streams[1].label, fromNode: b.node, toNode: a.node, fromBlock: b.block, toBlock: a.block, packets: packets[1] },
      ];
      const sorted = [...samples].sort((x, y) => x.at - y.at);
      const lines = windows.map((w) => {
        const pod = flows.map((f) => countFlow(f, { ...w, convergeSeconds: 0 }, sorted));
        const clients = [packets[2], packets[3]].map((p) => lostWhileReachable(p, w.from, w.to));
        return {
          move: w.name,
          podSent: pod.reduce((s, c) => s + c.sent, 0),
          podLost: pod.reduce((s, c) => s + c.lost, 0),
          intoLeaf: pod.reduce((s, c) => s + c.lostIntoLeaf, 0),
          clientSent: clients.reduce((s, c) => s + c.sent, 0),
          clientLost: clients.reduce((s, c) => s + c.lost, 0),
        };
      });
      const table = lines.map((l) => `${l.move}: pod↔pod ${l.podSent} sent, ${l.podLost} lost (${l.intoLeaf} through the tunnel into a leaf); client→pods ${l.clientSent} sent while reachable, ${l.clientLost} lost`).join("\n");
      console.log(`      ${table.replace(/\n/g, "\n      ")}`);
      for (const l of lines) {
        assert.ok(l.podSent > 100 && l.clientSent > 100, `enough packets measured:\n${table}`);
        assert.equal(l.podLost + l.clientLost, 0, table);
      }
    });

    it("a block Calico allocates after the move is reachable from the client within BGP convergence, with no pulumi up", async () => {
      const { stack, plan, paths, state, client } = lab as CalicoLab;
      await routing("tor");
      assert.equal((await stack.up()).summary.result, "succeeded", "up to tor");
      // What calico-ipam and the CNI plugin do when a node fills its block: a new block, affine to the
      // node, from the same pool, and a pod in it. kube-fabric is not run again.
      const node = plan.nodes[1];
      const nodeNamespace = calicoAgentSpec(paths.stateDir).nodes.find((n) => n.name === node.name)?.namespace;
      assert.ok(nodeNamespace, `the lab's namespace of ${node.name}`);
      const taken = new Set(labPods(paths.stateDir).map((p) => p.block));
      const block = Array.from({ length: 1024 }, (_, k) => `192.168.${255 - Math.floor(k / 4)}.${(k % 4) * 64}/26`).find((b) => !taken.has(b)) as string;
      const address = block.replace(/\.(\d+)\/26$/, (_, last: string) => `.${Number(last) + 1}`);
      const podNamespace = `${state.labId}-late-pod`;
      try {
        await claimBlock(client, node.name, block, [address]);
        await createPod(nodeNamespace, podNamespace, address);
        const clientNamespace = `${state.labId}-client`;
        const started = Date.now();
        let reply = "";
        while (Date.now() - started < 60_000 && !/ 1 received/.test(reply)) {
          reply = (await run("ip", ["netns", "exec", clientNamespace, "ping", "-c", "1", "-W", "1", address]).catch((error: Error) => ({ stdout: error.message }))).stdout;
        }
        assert.match(reply, / 1 received/, `${address} in ${block} (claimed after the move) answered the client within 60 s`);
        console.log(`      ${block} (claimed after the move on ${node.name}): the client's ping answered after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } finally {
        await run("ip", ["netns", "del", podNamespace]).catch(() => undefined);
      }
      await routing("overlay");
      assert.equal((await stack.up()).summary.result, "succeeded", "back to overlay");
    });

    it("a gate made to fail (a leaf's neighbour shut down) stops the chain: nothing after it is applied", async () => {
      const { stack, plan, state } = lab as CalicoLab;
      const node = plan.nodes[0];
      const neighbor = node.fabricAddress.split("/")[0];
      await sshExec(state, node.leaf, `configure terminal\nrouter bgp ${node.leafAsn}\nneighbor ${neighbor} shutdown\nend`);
      // A shorter bound for this gate (it is made to fail): an integer in the stack file.
      const stackFile = (lab as CalicoLab).paths.stackFile;
      const document = parseDocument(fs.readFileSync(stackFile, "utf8"));
      document.setIn(["config", "kube-fabric:topology", "calico", "gateTimeoutSeconds"], 60);
      fs.writeFileSync(stackFile, document.toString());
      await routing("tor");
      await assert.rejects(stack.up(), (error: Error) => {
        assert.match(error.message, new RegExp(`calico-gate-ebgp-on-to-tor[\\s\\S]*${node.name}|${node.name}[\\s\\S]*calico-gate-ebgp-on-to-tor`));
        return true;
      });
      const urns = ((await stack.exportStack()).deployment.resources as Array<{ urn: string }>).map((r) => r.urn.split("::").pop() ?? "");
      assert.ok(urns.includes("calico-gate-ipip-off-to-tor"), "the steps before the gate ran");
      assert.deepEqual(urns.filter((n) => /bridges-off-to-tor/.test(n)), [], "no step after the failed gate");
      assert.match(await sshExec(state, node.leaf, "show running-config"), /ip route 192\.168\.\d+\.\d+\/26 /, "the bridges stay on the leaf");
      // The operator fixes the leaf; the same move then completes.
      await sshExec(state, node.leaf, `configure terminal\nrouter bgp ${node.leafAsn}\nno neighbor ${neighbor} shutdown\nend`);
      const up = await stack.up();
      assert.equal(up.summary.result, "succeeded");
      await verifyOk(lab as CalicoLab);
    });

    it("destroy removes every switch line; lab:down leaves nothing", async () => {
      await destroyAndDown(lab as CalicoLab, false);
      lab = undefined;
    });
  });
});

