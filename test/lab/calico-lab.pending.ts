// PENDING (not named *.test.ts, so npm test does not run it): written against calico-chain at
// 235540d (resource names calico-gate-<step>-to-<routing>, <leaf>-bridges-off-to-<routing>) and never
// run: the Kubernetes provider plugin's cold build (tools/pulumi-kubernetes/build.sh) had not finished
// by the end of the session that wrote it. To enable: build the plugin, rename this file to
// calico-lab.test.ts, run it (npx mocha test/lab/calico-lab.test.ts) and fix what it finds.
// The lab side it stands on is tested by calico-lab-tier.test.ts.
//
// The Calico stage end to end through the real engine, on the stack lab of Pulumi.calico.yaml (one
// spine, two FRR leaves, a node on each, a client): a real kube-apiserver/etcd/controller-manager,
// Calico 3.28.5's own confd rendering for Debian's BIRD in each node namespace, FRR leaves.
// Stand-ins (lab/stack-lab/calico-agent.ts): kubelet (no pods run; the agent starts calico-node's
// confd + BIRD once Calico's DaemonSet and CRDs exist, restarting it), calico-node's startup (the
// Node IPv4Address annotation is written by lab:up, the default pool by the agent), Felix and the CNI
// plugin (pods are namespaces wired as Calico wires them), Calico IPAM (blocks by the pools'
// nodeSelector). This kernel has no IPIP module: a tunnelled leg is judged from routes (see
// bench/migration-accounting.ts), the native legs carry the pings.
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
import * as os from "os";
import * as path from "path";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { parseDocument } from "yaml";
import { countFlow, PathSample, PingFlow } from "../../bench/migration-accounting";
import { bringLabUp, labPaths, LabPaths, takeLabDown, waitForCalicoPods } from "../../lab/stack-lab";
import { labPods, nodeBirdc, nodePaths } from "../../lab/stack-lab/calico-paths";
import { labPulumi } from "../../lab/stack-lab/pulumi-cli";
import { LabState, readLabState } from "../../lab/stack-lab/state";
import { KubeClient } from "../../lab/kube-client";
import { listNamespaces } from "../../lab/netns";
import { lostWhileReachable, PingPacket, PingStream, startPing } from "../../lab/pinger";
import { isRunning } from "../../lab/processes";
import { FabricPlan } from "../../components/plan/plan-types";
import { renderTable } from "../../verify/checks";
import { verifyStack } from "../../verify/stack";
import { enginePulumiCommand, requireEngine } from "../../tools/engine/engine-env";
import { requireKubernetesPlugin } from "../support/kubernetes-plugin";
import { sshExec } from "../support/lab-ssh";

const SOURCE_STACK = "calico";
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => Date.now() / 1000;

interface CalicoLab {
  tmp: string;
  paths: LabPaths;
  state: LabState;
  stack: Stack;
  client: KubeClient;
  plan: FabricPlan;
}

async function calicoLabUp(name: string, calicoStart: "fresh" | "defaults"): Promise<CalicoLab> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `kf-calico-${name}-`));
  fs.chmodSync(tmp, 0o755); // FRR (user frr) reads the lab's files below it
  const paths = labPaths(SOURCE_STACK, `calico-${name}-${process.pid}`, { KUBE_FABRIC_LAB_DIR: tmp });
  try {
    const lab = await bringLabUp(paths, () => undefined, { calicoStart });
    assert.ok(lab.calico, "lab:up started the Calico tier");
    const kubeconfig = lab.calico.kubeconfig;
    const token = /token: (\S+)/.exec(kubeconfig)?.[1] ?? "";
    const ca = Buffer.from(/certificate-authority-data: (\S+)/.exec(kubeconfig)?.[1] ?? "", "base64").toString("utf8");
    const cli = labPulumi(paths.projectDir, paths.stateDir, paths.labStack);
    const stack = await LocalWorkspace.selectStack({ stackName: paths.labStack, workDir: paths.projectDir }, { pulumiCommand: await enginePulumiCommand(), envVars: cli.env });
    return { tmp, paths, state: lab.state, stack, client: new KubeClient({ server: lab.calico.server, caCertificate: ca, token }), plan: lab.plan };
  } catch (error) {
    await takeLabDown(paths).catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}

async function calicoLabDown(lab: CalicoLab | undefined): Promise<void> {
  if (!lab) return;
  await takeLabDown(lab.paths).catch(() => undefined);
  fs.rmSync(lab.tmp, { recursive: true, force: true });
}

const calicoCrds = async (client: KubeClient) =>
  (await client.list<{ metadata: { name: string } }>("/apis/apiextensions.k8s.io/v1/customresourcedefinitions")).items.map((c) => c.metadata.name).filter((n) => n.endsWith(".projectcalico.org"));

/**
 * destroy succeeds and every switch is back to its base state (on a fresh cluster: Calico is gone
 * from it too); lab:down leaves no namespace, process or file.
 */
async function destroyAndDown(lab: CalicoLab, calicoWasInstalledByUs: boolean): Promise<void> {
  const destroyed = await lab.stack.destroy();
  assert.equal(destroyed.summary.result, "succeeded");
  if (calicoWasInstalledByUs) {
    assert.deepEqual(await calicoCrds(lab.client), [], "no Calico CRD left in the cluster");
    assert.equal(await lab.client.find("/apis/apps/v1/namespaces/kube-system/daemonsets/calico-node"), undefined);
  }
  for (const leaf of lab.state.endpoints.filter((e) => e.kind === "switch").map((e) => e.name)) {
    assert.doesNotMatch(await sshExec(lab.state, leaf, "show running-config"), /router bgp|ip route 192\.168|prefix-list/, `${leaf} back to its base state`);
  }
  const recorded = readLabState(lab.paths.stateDir);
  assert.ok(recorded);
  await takeLabDown(lab.paths);
  assert.deepEqual(listNamespaces().filter((n) => n.startsWith(recorded.labId)), []);
  assert.deepEqual(recorded.processes.filter(isRunning).map((p) => p.label), []);
  assert.equal(fs.existsSync(lab.paths.stateDir), false);
  assert.equal(fs.existsSync(lab.paths.stackFile), false);
}

const nodeAddresses = (plan: FabricPlan) => new Map(plan.nodes.map((n) => [n.name, n.fabricAddress.split("/")[0]]));

async function verifyOk(lab: CalicoLab): Promise<void> {
  const report = await verifyStack(lab.paths.labStack, () => undefined, { waitMs: 180_000, env: { KUBE_FABRIC_LAB_DIR: lab.tmp } });
  assert.ok(report.ok, renderTable(report.results));
  const pings = report.results.filter((r) => r.check === "ping").map((r) => r.subject).join("\n");
  for (const pod of labPods(lab.paths.stateDir)) assert.match(pings, new RegExp(pod.address.replace(/\./g, "\\.")), `verify pinged pod ${pod.address}`);
}

describe("lab: the Calico stage end to end (real apiserver, Calico's confd + BIRD, FRR leaves, real engine)", function () {
  this.timeout(1_800_000);

  before(() => {
    requireEngine();
    requireKubernetesPlugin();
  });

  describe("a fresh stack, routing tor", () => {
    let lab: CalicoLab | undefined;
    before(async () => {
      lab = await calicoLabUp("fresh", "fresh");
    });
    after(async () => calicoLabDown(lab));

    it("one pulumi up installs Calico straight into tor: pods get the pinned blocks, no mesh, no tunnel, the client reaches every pod", async () => {
      const { stack, plan, paths } = lab as CalicoLab;
      const up = await stack.up();
      assert.equal(up.summary.result, "succeeded");
      await waitForCalicoPods(paths.stateDir, plan.nodes.map((n) => n.name), 300_000);
      for (const pod of labPods(paths.stateDir)) {
        assert.equal(pod.block, plan.nodes.find((n) => n.name === pod.node)?.podBlock, `${pod.node}'s pods are in its pinned pool`);
      }
      await verifyOk(lab as CalicoLab);
      for (const node of plan.nodes) {
        const protocols = await nodeBirdc(paths.stateDir, node.name)("show protocols");
        assert.doesNotMatch(protocols, /Mesh_/, `${node.name}: no mesh session`);
        assert.match(protocols, /Node_\S+\s+BGP\s+\S+\s+up\s+\S+\s+Established/, `${node.name}: its leaf session Established`);
      }
      const kinds = await nodePaths(paths.stateDir, nodeAddresses(plan));
      assert.ok(kinds.length > 0 && kinds.every((p) => p.kind === "native" || p.kind === "default"), `no route goes through the tunnel: ${JSON.stringify(kinds)}`);
    });

    it("destroy removes Calico and every switch line; lab:down leaves nothing", async () => {
      await destroyAndDown(lab as CalicoLab, true);
      lab = undefined;
    });
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
          labOnly: pod.reduce((s, c) => s + c.labOnly, 0),
          clientSent: clients.reduce((s, c) => s + c.sent, 0),
          clientLost: clients.reduce((s, c) => s + c.lost, 0),
        };
      });
      const table = lines.map((l) => `${l.move}: pod↔pod ${l.podSent} sent, ${l.podLost} lost (${l.labOnly} lab-only, both legs tunnelled); client→pods ${l.clientSent} sent while reachable, ${l.clientLost} lost`).join("\n");
      console.log(`      ${table.replace(/\n/g, "\n      ")}`);
      for (const l of lines) {
        assert.ok(l.podSent > 100 && l.clientSent > 100, `enough packets measured:\n${table}`);
        assert.equal(l.podLost + l.clientLost, 0, table);
      }
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

