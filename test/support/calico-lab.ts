// The Calico stage's end-to-end tests on the stack lab of Pulumi.calico.yaml: bringing a lab up with
// its cluster, verify, destroy + lab:down leaving nothing (test/lab/calico-stage*.ts).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { bringLabUp, labPaths, LabPaths, takeLabDown } from "../../lab/stack-lab";
import { labPods } from "../../lab/stack-lab/calico-paths";
import { labPulumi } from "../../lab/stack-lab/pulumi-cli";
import { LabState, readLabState } from "../../lab/stack-lab/state";
import { KubeClient } from "../../lab/kube-client";
import { loadKubeconfig } from "../../components/calico/kube-api";
import { listNamespaces } from "../../lab/netns";
import { isRunning } from "../../lab/processes";
import { FabricPlan } from "../../components/plan/plan-types";
import { renderTable } from "../../verify/checks";
import { verifyStack } from "../../verify/stack";
import { enginePulumiCommand } from "../../tools/engine/engine-env";
import { sshExec } from "./lab-ssh";

const SOURCE_STACK = "calico";
export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const now = () => Date.now() / 1000;

export interface CalicoLab {
  tmp: string;
  paths: LabPaths;
  state: LabState;
  stack: Stack;
  client: KubeClient;
  plan: FabricPlan;
}

export async function calicoLabUp(name: string, calicoStart: "fresh" | "defaults"): Promise<CalicoLab> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `kf-calico-${name}-`));
  fs.chmodSync(tmp, 0o755); // FRR (user frr) reads the lab's files below it
  const paths = labPaths(SOURCE_STACK, `calico-${name}-${process.pid}`, { KUBE_FABRIC_LAB_DIR: tmp });
  try {
    const lab = await bringLabUp(paths, () => undefined, { calicoStart });
    assert.ok(lab.calico, "lab:up started the Calico tier");
    const config = loadKubeconfig(lab.calico.kubeconfig);
    assert.ok(config.getCurrentCluster()?.caData && config.getCurrentUser()?.token, "the lab's kubeconfig holds its CA and an admin token");
    const cli = labPulumi(paths.projectDir, paths.stateDir, paths.labStack);
    const stack = await LocalWorkspace.selectStack({ stackName: paths.labStack, workDir: paths.projectDir }, { pulumiCommand: await enginePulumiCommand(), envVars: cli.env });
    return { tmp, paths, state: lab.state, stack, client: new KubeClient(lab.calico.kubeconfig), plan: lab.plan };
  } catch (error) {
    await takeLabDown(paths).catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}

export async function calicoLabDown(lab: CalicoLab | undefined): Promise<void> {
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
export async function destroyAndDown(lab: CalicoLab, calicoWasInstalledByUs: boolean): Promise<void> {
  const destroyed = await lab.stack.destroy();
  assert.equal(destroyed.summary.result, "succeeded");
  if (calicoWasInstalledByUs) {
    assert.deepEqual(await calicoCrds(lab.client), [], "no Calico CRD left in the cluster");
    assert.equal(await lab.client.find("/apis/apps/v1/namespaces/kube-system/daemonsets/calico-node"), undefined);
  }
  for (const leaf of lab.state.endpoints.filter((e) => e.kind === "switch").map((e) => e.name)) {
    assert.doesNotMatch(await sshExec(lab.state, leaf, "show running-config"), /router bgp|ip route 192\.168|prefix-list/, `${leaf} back to its base state`);
  }
  await labDownLeavesNothing(lab);
  fs.rmSync(lab.tmp, { recursive: true, force: true });
}

/** lab:down stops every recorded process by PID (the control plane and the Calico agent among them) and leaves no namespace or file. */
export async function labDownLeavesNothing(lab: CalicoLab): Promise<void> {
  const recorded = readLabState(lab.paths.stateDir);
  assert.ok(recorded);
  await takeLabDown(lab.paths);
  assert.deepEqual(listNamespaces().filter((n) => n.startsWith(recorded.labId)), []);
  assert.deepEqual(recorded.processes.filter(isRunning).map((p) => p.label), []);
  assert.ok(recorded.processes.some((p) => /kube-apiserver/.test(p.label)) && recorded.processes.some((p) => /calico agent/.test(p.label)), "the control plane and the agent were recorded");
  assert.equal(fs.existsSync(lab.paths.stateDir), false);
  assert.equal(fs.existsSync(lab.paths.stackFile), false);
}

export const nodeAddresses = (plan: FabricPlan) => new Map(plan.nodes.map((n) => [n.name, n.fabricAddress.split("/")[0]]));

export async function verifyOk(lab: CalicoLab): Promise<void> {
  const report = await verifyStack(lab.paths.labStack, () => undefined, { waitMs: 180_000, env: { KUBE_FABRIC_LAB_DIR: lab.tmp } });
  assert.ok(report.ok, renderTable(report.results));
  const pings = report.results.filter((r) => r.check === "ping").map((r) => r.subject).join("\n");
  for (const pod of labPods(lab.paths.stateDir)) assert.match(pings, new RegExp(pod.address.replace(/\./g, "\\.")), `verify pinged pod ${pod.address}`);
}

