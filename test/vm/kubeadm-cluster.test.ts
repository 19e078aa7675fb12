// The real cluster tier: the nodes of Pulumi.vm.yaml (a control plane on leaf1, a worker on leaf2)
// are Debian 12 VMs under QEMU (TCG), cabled to FRR leaves in namespaces; one `pulumi up` on the built
// engine configures the fabric and bootstraps the VMs with the program's own node steps, unmodified
// (OS check, hostname, netplan apply, swap, modules, sysctl, containerd from the site's mirror,
// kubeadm/kubelet/kubectl from the stack's packageRepository, images through registryMirrors), runs
// kubeadm init and kubeadm join for real, and installs Calico's release manifest, unchanged images of
// Calico's own code, straight into eBGP with the leaves. Then: nodes Ready, real pods (scheduled by
// Kubernetes) in their node's pinned block, reachable from the client through the fabric.
// destroy resets both nodes; lab:down leaves no namespace, process or file.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { bringLabUp, labPaths, LabPaths, takeLabDown } from "../../lab/stack-lab";
import { labPulumi } from "../../lab/stack-lab/pulumi-cli";
import { LabState, readLabState } from "../../lab/stack-lab/state";
import { listNamespaces } from "../../lab/netns";
import { isRunning } from "../../lab/processes";
import { FabricPlan } from "../../components/plan/plan-types";
import { enginePulumiCommand, requireEngine } from "../../tools/engine/engine-env";
import { sshExec } from "../support/lab-ssh";
import { PINGER_IMAGE } from "../../lab/vm/calico-images";

interface KubeNode {
  metadata: { name: string };
  status: {
    nodeInfo: { kubeletVersion: string; osImage: string; containerRuntimeVersion: string };
    addresses: { type: string; address: string }[];
    conditions: { type: string; status: string }[];
  };
}

interface KubePod {
  metadata: { name: string };
  spec: { nodeName: string };
  status: { phase: string; podIP?: string };
}

const kubectl = (state: LabState, args: string) => sshExec(state, "k-master", `kubectl --kubeconfig /etc/kubernetes/admin.conf ${args}`);

/** One pod per node (pinned by nodeName), the lab's busybox image, sleeping: what the pings go to. */
function pingerPods(nodes: readonly string[]): string {
  return nodes
    .map((node) =>
      JSON.stringify({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: `pinger-${node}`, namespace: "default", labels: { app: "pinger" } },
        spec: { nodeName: node, containers: [{ name: "pinger", image: PINGER_IMAGE, command: ["/bin/sh", "-c", "sleep 86400"] }], terminationGracePeriodSeconds: 1 },
      }),
    )
    .join("\n");
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("VM tier: the program's node steps and kubeadm for real on Debian 12 VMs (QEMU TCG), FRR fabric", function () {
  this.timeout(3_600_000);
  let tmp: string | undefined;
  let paths: LabPaths | undefined;
  let state: LabState | undefined;
  let stack: Stack | undefined;
  let plan: FabricPlan | undefined;
  let upOutput = "";

  before(async () => {
    requireEngine();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kf-vm-"));
    fs.chmodSync(tmp, 0o755); // FRR (user frr) reads the lab's files below it
    paths = labPaths("vm", `vm-${process.pid}`, { KUBE_FABRIC_LAB_DIR: tmp });
    const lab = await bringLabUp(paths, (line) => console.log(`    lab:up ${line}`), { nodes: "vm" });
    state = lab.state;
    plan = lab.plan;
    const cli = labPulumi(paths.projectDir, paths.stateDir, paths.labStack);
    stack = await LocalWorkspace.selectStack({ stackName: paths.labStack, workDir: paths.projectDir }, { pulumiCommand: await enginePulumiCommand(), envVars: cli.env });
  });

  after(async () => {
    if (paths) await takeLabDown(paths).catch(() => undefined);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("one pulumi up bootstraps both VMs and forms the cluster with kubeadm init and join", async () => {
    const started = Date.now();
    const up = await (stack as Stack).up({ onOutput: (out) => (upOutput += out) });
    assert.equal(up.summary.result, "succeeded", upOutput.slice(-4000));
    console.log(`    pulumi up: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const nodes = JSON.parse(await sshExec(state as LabState, "k-master", "kubectl --kubeconfig /etc/kubernetes/admin.conf get nodes -o json")) as { items: KubeNode[] };
    const byName = new Map(nodes.items.map((n) => [n.metadata.name, n]));
    for (const node of (plan as FabricPlan).nodes) {
      const found = byName.get(node.name);
      assert.ok(found, `${node.name} registered with the API server`);
      assert.equal(found.status.nodeInfo.kubeletVersion, "v1.28.15");
      assert.match(found.status.nodeInfo.osImage, /Debian GNU\/Linux 12/);
      assert.match(found.status.nodeInfo.containerRuntimeVersion, /^containerd:\/\/1\.6/);
      const internal = found.status.addresses.find((a) => a.type === "InternalIP")?.address;
      assert.equal(internal, node.fabricAddress.split("/")[0], `${node.name}'s InternalIP is its fabric address`);
      assert.equal(found.status.conditions.find((c) => c.type === "Ready")?.status, "True", `${node.name} is Ready (Calico's CNI runs)`);
    }
    assert.equal(byName.size, (plan as FabricPlan).nodes.length);
  });

  it("real pods get their node's pinned block and answer pings from the client and from each other", async () => {
    const s = state as LabState;
    const p = plan as FabricPlan;
    await sshExec(s, "k-master", `cat > /tmp/pingers.json <<'EOF'\n${pingerPods(p.nodes.map((n) => n.name))}\nEOF`);
    await kubectl(s, "apply -f /tmp/pingers.json");
    let pods: KubePod[] = [];
    for (let i = 0; i < 120; i++) {
      pods = (JSON.parse(await kubectl(s, "get pods -l app=pinger -o json")) as { items: KubePod[] }).items;
      if (pods.length === p.nodes.length && pods.every((pod) => pod.status.phase === "Running" && pod.status.podIP)) break;
      await delay(5000);
    }
    assert.ok(pods.length === p.nodes.length && pods.every((pod) => pod.status.phase === "Running"), `pods running: ${JSON.stringify(pods.map((pod) => pod.status))}`);
    for (const pod of pods) {
      const block = p.nodes.find((n) => n.name === pod.spec.nodeName)?.podBlock as string;
      const [network, length] = block.split("/");
      const toNumber = (a: string) => a.split(".").reduce((v, o) => v * 256 + Number(o), 0);
      const inside = Math.floor(toNumber(pod.status.podIP as string) / 2 ** (32 - Number(length))) === Math.floor(toNumber(network) / 2 ** (32 - Number(length)));
      assert.ok(inside, `${pod.metadata.name} ${pod.status.podIP} is in ${pod.spec.nodeName}'s pinned block ${block}`);
      const fromClient = await sshExec(s, "client", `ping -c 3 -W 2 ${pod.status.podIP}`);
      assert.match(fromClient, / 3 received/, `the client reaches ${pod.metadata.name} (${pod.status.podIP}) through the fabric`);
      for (const other of pods.filter((o) => o !== pod)) {
        const podToPod = await kubectl(s, `exec ${pod.metadata.name} -- ping -c 3 -W 2 ${other.status.podIP}`);
        assert.match(podToPod, / 3 packets received/, `${pod.metadata.name} reaches ${other.metadata.name}`);
      }
    }
    const routes = await sshExec(s, "k-w1", "ip -4 route");
    assert.doesNotMatch(routes, /dev tunl0/, "no route through an IPIP tunnel: routing is eBGP with the leaves");
  });

  it("ran the steps for real: netplan apply, containerd and the Kubernetes packages from the depot, images through the mirror", async () => {
    const s = state as LabState;
    const worker = "k-w1";
    const route = await sshExec(s, worker, "ip -4 route show 10.0.0.0/8");
    assert.match(route, /via \S+ dev ens3 proto static/, "netplan's route, installed by networkd (proto static), not by ip");
    const policy = await sshExec(s, worker, "apt-cache policy kubeadm containerd");
    assert.match(policy, /\*\*\* 1\.28\.15-1\.1 \d+\n\s+\d+ http:\/\/172\.31\.255\.1:8080\/kubernetes\/v1\.28\/deb/, "kubeadm from the stack's packageRepository");
    assert.match(policy, /containerd:\n\s+Installed: 1\.6/, "containerd installed by the containerd step");
    const images = await sshExec(s, worker, "crictl images -o json");
    assert.match(images, /registry\.k8s\.io\/kube-proxy:v1\.28\.15/, "kube-proxy's image pulled on the worker");
    const hosts = await sshExec(s, worker, "cat /etc/containerd/certs.d/registry.k8s.io/hosts.toml");
    assert.match(hosts, /\[host\."http:\/\/172\.31\.255\.1:8080"\]/);
  });

  it("destroy resets both nodes; lab:down leaves no namespace, process or file", async () => {
    const destroyed = await (stack as Stack).destroy();
    assert.equal(destroyed.summary.result, "succeeded");
    for (const node of ["k-master", "k-w1"]) {
      assert.equal((await sshExec(state as LabState, node, "ls /etc/kubernetes/manifests 2>/dev/null | wc -l; test -e /etc/kubernetes/admin.conf -o -e /etc/kubernetes/kubelet.conf && echo joined || echo reset")).trim().split("\n").pop(), "reset");
    }
    const recorded = readLabState((paths as LabPaths).stateDir);
    assert.ok(recorded);
    await takeLabDown(paths as LabPaths);
    assert.deepEqual(listNamespaces().filter((n) => n.startsWith(recorded.labId)), []);
    assert.deepEqual(recorded.processes.filter(isRunning).map((p) => p.label), []);
    assert.ok(recorded.processes.some((p) => p.label === "vm k-master") && recorded.processes.some((p) => p.label === "depot"), "the VMs and the depot were recorded");
    assert.equal(fs.existsSync((paths as LabPaths).stateDir), false);
    paths = undefined;
  });
});
