// The Calico tier of the stack lab (Pulumi.calico.yaml: one spine, two FRR leaves, a node on each, a
// client), on a real kube-apiserver/etcd/controller-manager with Calico 3.28.5's own confd and
// Debian's BIRD per node. What the program's Calico stage writes is written here through the API
// from the program's own pure pieces (components/calico: the manifest edits, routingObjects), so this
// proves the lab side — kubelet/calico-node/IPAM stand-ins, the kubeconfig secret, verify — without
// the Kubernetes provider plugin; the stage through the real engine is test/lab/calico-stage-*.test.ts.
//   - fresh: calico-node waits for Calico's DaemonSet and CRDs; with NO_DEFAULT_POOLS no pool and no
//     pod; the pinned pools, BGPConfiguration, node ASes and leaf peers → pods in their node's pinned
//     block, each node's BIRD (rendered by confd) Established with its leaf, verify: the client
//     reaches every pod; lab:down leaves nothing.
//   - defaults: the release manifest unchanged → the default pool (192.168.0.0/16, IPIP Always), no
//     BGPConfiguration (mesh), a block per node from IPAM, pods running when lab:up returns.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { buildPlan } from "../../components/plan/build-plan";
import { routingObjects } from "../../components/calico/objects";
import { setContainerEnv, ManifestObject } from "../../components/calico/manifest-edits";
import { calicoNodeEnv } from "../../components/calico/stage";
import { collectionPath, manifestObjects } from "../../lab/calico-manifest";
import { labCalicoRelease } from "../../lab/calico-release";
import { KubeObject, pollUntil } from "../../lab/kube-client";
import { listNamespaces } from "../../lab/netns";
import { waitForCalicoPods } from "../../lab/stack-lab";
import { labPods, nodeBirdc } from "../../lab/stack-lab/calico-paths";
import { readStackTopology } from "../../lab/stack-lab/lab-stack";
import { requireEngine } from "../../tools/engine/engine-env";
import { CalicoLab, calicoLabDown, calicoLabUp, labDownLeavesNothing, verifyOk } from "../support/calico-lab";

const CRD_API = "/apis/crd.projectcalico.org/v1";

describe("lab: the Calico tier of the stack lab (real apiserver, Calico's confd + BIRD, FRR leaves)", function () {
  this.timeout(900_000);

  describe("calico.start fresh", () => {
    let lab: CalicoLab | undefined;
    before(async () => {
      requireEngine();
      lab = await calicoLabUp("tier-fresh", "fresh");
    });
    after(async () => calicoLabDown(lab));

    it("lab:up writes the kubeconfig as a secret of the lab stack, the Node objects with their fabric address, and no Calico yet", async () => {
      const { client, plan, paths } = lab as CalicoLab;
      const stackFile = fs.readFileSync(paths.stackFile, "utf8");
      assert.match(stackFile, /kube-fabric:kubeconfig:\n\s+secure: v1:/);
      assert.doesNotMatch(stackFile, /token:|BEGIN CERTIFICATE/);
      assert.match(stackFile, /start: fresh/);
      for (const node of plan.nodes) {
        const object = await client.get<{ metadata: { labels: Record<string, string>; annotations: Record<string, string> } }>(`/api/v1/nodes/${node.name}`);
        assert.equal(object.metadata.labels["kubernetes.io/hostname"], node.name);
        assert.equal(object.metadata.annotations["projectcalico.org/IPv4Address"], node.fabricAddress);
      }
      assert.equal(await client.find(`${CRD_API}/ippools`), undefined, "no Calico CRD before the install");
    });

    it("calico-node starts once Calico's DaemonSet and CRDs exist; with NO_DEFAULT_POOLS no pod gets an address before a pool selects its node", async () => {
      const { client, plan, paths, stack } = lab as CalicoLab;
      // The fabric (underlay, node NICs, leaf peering) through the real engine; the Calico stage left out.
      for (const key of ["routing", "start", "manifest"]) await stack.removeConfig(`kube-fabric:topology.calico.${key}`, true);
      assert.equal((await stack.up()).summary.result, "succeeded");
      // The install as the program makes it: the release's manifest with the program's calico-node env.
      for (const object of manifestObjects(labCalicoRelease().manifest)) {
        setContainerEnv(object as ManifestObject, "DaemonSet", "calico-node", "calico-node", calicoNodeEnv(plan));
        await client.create(collectionPath(object), object);
      }
      const agentLog = path.join(paths.stateDir, "calico", "agent.log");
      await pollUntil("calico-node started on every node", 180_000, async () => {
        const log = fs.readFileSync(agentLog, "utf8");
        return plan.nodes.every((n) => log.includes(`${n.name}: starting calico-node`)) ? true : undefined;
      }, 500);
      await new Promise((resolve) => setTimeout(resolve, 5000));
      assert.deepEqual((await client.list(`${CRD_API}/ippools`)).items, [], "no default pool");
      assert.deepEqual(labPods(paths.stateDir), [], "no pod without a pool");
    });

    it("with the program's pinned pools, mesh off, node ASes and leaf peers: pods in their node's block, BIRD Established with the leaf, the client reaches every pod", async () => {
      const { client, plan, paths } = lab as CalicoLab;
      const stagePlan = buildPlan({ topology: readStackTopology(paths.sourceFile), secrets: { switchPassword: false, switchPrivateKey: true, nodePassword: false, nodePrivateKey: true, kubeconfig: true } }).calico.stage;
      assert.ok(stagePlan && stagePlan.start === "fresh");
      const objects = routingObjects(stagePlan, plan.nodes, "tor");
      for (const object of [...objects.pools, objects.bgpConfiguration, ...objects.peers]) {
        await client.create(`${CRD_API}/${object.kind.toLowerCase()}s`, object as unknown as KubeObject);
      }
      for (const node of plan.nodes) await client.mergePatch(`/api/v1/nodes/${node.name}`, { metadata: { annotations: objects.nodeAnnotations[node.name] } });
      await waitForCalicoPods(paths.stateDir, plan.nodes.map((n) => n.name), 180_000);
      for (const pod of labPods(paths.stateDir)) assert.equal(pod.block, plan.nodes.find((n) => n.name === pod.node)?.podBlock, `${pod.node}'s pods in its pinned pool`);
      await verifyOk(lab as CalicoLab);
      for (const node of plan.nodes) {
        const protocols = await nodeBirdc(paths.stateDir, node.name)("show protocols");
        assert.match(protocols, /^Node_\S+\s+BGP\s+master\s+up\s+\S+\s+Established/m, `${node.name}: confd's BIRD Established with its leaf`);
        assert.doesNotMatch(protocols, /Mesh_/, `${node.name}: no mesh`);
      }
    });

    it("lab:down stops the control plane, the agent, confd and BIRD by PID and leaves nothing", async () => {
      await labDownLeavesNothing(lab as CalicoLab);
      fs.rmSync((lab as CalicoLab).tmp, { recursive: true, force: true });
      lab = undefined;
    });
  });

  describe("--calico-start defaults", () => {
    let lab: CalicoLab | undefined;
    before(async () => {
      requireEngine();
      lab = await calicoLabUp("tier-defaults", "defaults");
    });
    after(async () => calicoLabDown(lab));

    it("lab:up returns with the cluster on Calico's defaults: default pool with IPIP, no BGPConfiguration, a block per node from IPAM, pods wired", async () => {
      const { client, plan, paths } = lab as CalicoLab;
      const pools = (await client.list<{ metadata: { name: string }; spec: { cidr: string; ipipMode: string; natOutgoing: boolean } }>(`${CRD_API}/ippools`)).items;
      assert.deepEqual(pools.map((p) => [p.metadata.name, p.spec.cidr, p.spec.ipipMode, p.spec.natOutgoing]), [["default-ipv4-ippool", "192.168.0.0/16", "Always", true]]);
      assert.deepEqual((await client.list(`${CRD_API}/bgpconfigurations`)).items, [], "no BGPConfiguration: the full mesh");
      const affinities = (await client.list<{ spec: { node: string; cidr: string; state: string } }>(`${CRD_API}/blockaffinities`)).items;
      assert.deepEqual(affinities.map((a) => a.spec.node).sort(), plan.nodes.map((n) => n.name).sort());
      const pods = labPods(paths.stateDir);
      assert.equal(pods.length, 2 * plan.nodes.length);
      for (const pod of pods) {
        assert.match(pod.block, /^192\.168\.\d+\.\d+\/26$/);
        assert.ok(affinities.some((a) => a.spec.node === pod.node && a.spec.cidr === pod.block && a.spec.state === "confirmed"), `${pod.address}: in ${pod.node}'s confirmed block`);
        assert.ok(listNamespaces().includes(pod.namespace), `pod namespace ${pod.namespace}`);
      }
      for (const node of plan.nodes) assert.match(await nodeBirdc(paths.stateDir, node.name)("show protocols"), /^Mesh_\S+\s+BGP/m, `${node.name}: confd rendered the mesh`);
      assert.match(fs.readFileSync(paths.stackFile, "utf8"), /start: defaults/);
    });

    it("lab:down leaves nothing", async () => {
      await labDownLeavesNothing(lab as CalicoLab);
      fs.rmSync((lab as CalicoLab).tmp, { recursive: true, force: true });
      lab = undefined;
    });
  });
});
