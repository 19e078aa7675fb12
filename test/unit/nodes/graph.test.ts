// The whole node + cluster graph of the seed lab under Pulumi mocks, as the engine would receive
// it: the order (bootstrap steps in sequence, every bootstrap before init, init before any join,
// joins in parallel, each making its own token inside the join) and no secret in any plain input.
// The monitor records the raw registration requests, where secrets are still marked as such.

import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Cluster } from "../../../components/cluster";
import { NodeBootstrap } from "../../../components/nodes";
import { PAYLOAD_VARIABLE, STEP_PAYLOAD_BEGIN, STEP_PAYLOAD_END } from "../../../components/nodes/script";
import { controlPlaneOf, seedPlan } from "./seed-scripts";
import { installMocks, Recorder, SECRET_SIG, SIG_KEY, stringsOf } from "../../support/pulumi-mocks";

const PASSWORD = "pw-SECRET-5f1b9c";
const PRIVATE_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nKEY-SECRET-77ab0e\n-----END OPENSSH PRIVATE KEY-----\n";
const KUBECONFIG_MARKER = "client-key-data: KUBECONFIG-SECRET-c0ffee";
const KUBECONFIG = `apiVersion: v1\nclusters:\n- cluster:\n    server: https://10.0.11.1:6443\n${KUBECONFIG_MARKER}\n`;
const SECRETS = [PASSWORD, "KEY-SECRET-77ab0e", "KUBECONFIG-SECRET-c0ffee"];
const WORKER_JOIN = "pulumi-nodejs:dynamic/kube-fabric:WorkerJoin";
const INITIALISED_SETTINGS = "pulumi-nodejs:dynamic/kube-fabric:InitialisedSettings";

function mockState(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
  if (args.type !== "command:remote:Command") return args.inputs;
  const name = args.name;
  let stdout = "unchanged: mocked\n";
  // As a node prints it: a login shell's start-up noise, then the payload between the step's markers.
  if (name.endsWith("-admin-kubeconfig")) stdout = `welcome from .bashrc\n${STEP_PAYLOAD_BEGIN}\n${KUBECONFIG}\n${STEP_PAYLOAD_END}\n`;
  return { ...args.inputs, stdout, stderr: "" };
}

describe("node and cluster graph (Pulumi mocks, reference lab)", function () {
  this.timeout(60_000);
  const plan = seedPlan();
  const controlPlane = controlPlaneOf(plan);
  const workers = plan.nodes.filter((n) => n !== controlPlane);
  let monitor: Recorder;
  let cluster: Cluster;
  const byName = (name: string) => monitor.byName(name);
  const upstream = (name: string) => monitor.upstream(name);

  before(async () => {
    monitor = await installMocks(mockState);
    const credentials = { password: pulumi.secret(PASSWORD), privateKey: pulumi.secret(PRIVATE_KEY) };
    const bootstraps = plan.nodes.map(
      (node) => new NodeBootstrap(node.name, { node, nodes: plan.nodes, kubernetes: plan.kubernetes, credentials }),
    );
    cluster = new Cluster("cluster", { kubernetes: plan.kubernetes, nodes: plan.nodes, bootstraps, credentials });
    const commands = [...bootstraps.flatMap((b) => Object.values(b.steps)), cluster.init];
    const joins = Object.values(cluster.joins);
    await new Promise<void>((resolve) =>
      pulumi.all([cluster.kubeconfig, ...commands.map((c) => c.stdout), ...commands.map((c) => c.urn), ...joins.map((j) => j.urn), cluster.initialisedSettings.urn]).apply(() => resolve()),
    );
    // Component outputs are registered after their children resolve.
    for (let i = 0; i < 50 && monitor.componentOutputs.size < bootstraps.length + 1; i++) await new Promise((r) => setTimeout(r, 20));
  });

  it("registers the 8 bootstrap steps per node, then init, kubeconfig, the initialised settings, and a join per worker", () => {
    const commands = monitor.registrations.filter((r) => r.type === "command:remote:Command").map((r) => r.name);
    const steps = ["os-check", "hostname", "netplan", "swap", "kernel-modules", "sysctl", "containerd", "kube-packages"];
    const expected = [
      ...plan.nodes.flatMap((n) => steps.map((s) => `${n.name}-${s}`)),
      `${controlPlane.name}-kubeadm-init`,
      `${controlPlane.name}-admin-kubeconfig`,
      ...workers.map((w) => `${w.name}-drain-on-destroy`),
    ];
    assert.deepEqual([...commands].sort(), [...expected].sort());
    assert.deepEqual(monitor.registrations.filter((r) => r.type === WORKER_JOIN).map((r) => r.name).sort(), workers.map((w) => `${w.name}-kubeadm-join`).sort());
    assert.deepEqual(monitor.registrations.filter((r) => r.type === INITIALISED_SETTINGS).map((r) => r.name), [`${controlPlane.name}-initialised-settings`]);
    assert.equal(plan.nodes.length, 4);
  });

  it("runs each node's bootstrap steps in order, swap and kernel modules before containerd", () => {
    for (const node of plan.nodes) {
      const n = (s: string) => `${node.name}-${s}`;
      const chain = ["os-check", "hostname", "netplan", "kernel-modules", "sysctl", "containerd", "kube-packages"];
      for (let i = 1; i < chain.length; i++) {
        assert.ok(upstream(n(chain[i])).has(n(chain[i - 1])), `${n(chain[i])} does not wait for ${n(chain[i - 1])}`);
      }
      assert.ok(upstream(n("containerd")).has(n("swap")), `${n("containerd")} does not wait for ${n("swap")}`);
      assert.ok(upstream(n("swap")).has(n("netplan")));
      assert.equal(upstream(n("os-check")).size, 0, "os-check must be the first thing that touches a node");
    }
  });

  it("initialises the control plane only after every node is bootstrapped", () => {
    const before = upstream(`${controlPlane.name}-kubeadm-init`);
    for (const node of plan.nodes) assert.ok(before.has(`${node.name}-kube-packages`), `kubeadm init does not wait for ${node.name}`);
    assert.ok(upstream(`${controlPlane.name}-admin-kubeconfig`).has(`${controlPlane.name}-kubeadm-init`));
  });

  it("joins each worker after init and the recorded settings, once it is ready, and joins in parallel", () => {
    assert.ok(upstream(`${controlPlane.name}-initialised-settings`).has(`${controlPlane.name}-kubeadm-init`), "the settings are recorded only after kubeadm init");
    for (const worker of workers) {
      const join = `${worker.name}-kubeadm-join`;
      const before = upstream(join);
      for (const needed of [`${controlPlane.name}-kubeadm-init`, `${controlPlane.name}-initialised-settings`, `${worker.name}-kube-packages`]) {
        assert.ok(before.has(needed), `${join} does not wait for ${needed}`);
      }
      for (const other of workers.filter((w) => w !== worker)) {
        assert.ok(!before.has(`${other.name}-kubeadm-join`), `${join} waits for ${other.name}'s join: joins must run in parallel`);
      }
    }
    assert.ok(!monitor.registrations.some((r) => r.name.endsWith("-join-token")), "no token resource: a token kept in the state would expire there");
  });

  it("connects with the pinned host key, a dial timeout, and the credentials as secrets", () => {
    for (const r of monitor.registrations.filter((x) => x.type === "command:remote:Command")) {
      // The whole connection is a secret (it holds the credentials); inside it, so are they.
      const wrapped = r.inputs.connection as Record<string, unknown>;
      assert.equal(wrapped[SIG_KEY], SECRET_SIG, `${r.name}: the connection is not marked secret`);
      const connection = wrapped.value as Record<string, unknown>;
      const node = plan.nodes.find((n) => r.name.startsWith(`${n.name}-`) && r.name.slice(n.name.length + 1).match(/^[a-z-]+$/));
      const onControlPlane = r.name.endsWith("-join-token") || r.name.endsWith("-drain-on-destroy") || r.name.startsWith(`${controlPlane.name}-`);
      const target = onControlPlane ? controlPlane : node;
      assert.ok(target, `cannot tell which node ${r.name} runs on`);
      assert.equal(connection.host, target.ssh.host, r.name);
      assert.equal(connection.hostKey, target.ssh.hostKey, `${r.name} does not pin the host key`);
      assert.equal(connection.perDialTimeout, 15);
      assert.equal(connection.password, PASSWORD);
      assert.equal(connection.privateKey, PRIVATE_KEY);
    }
  });

  it("puts no secret in any plain input or output; they travel only as secrets", () => {
    const plainLeaks: string[] = [];
    const secretStrings: string[] = [];
    const scan = (where: string, value: unknown) => {
      const found = stringsOf(value);
      secretStrings.push(...found.secret);
      for (const s of found.plain) for (const secret of SECRETS) if (s.includes(secret)) plainLeaks.push(`${where} holds '${secret}' in plain text`);
    };
    for (const r of monitor.registrations) scan(`${r.type} ${r.name} inputs`, r.inputs);
    for (const [urn, outputs] of monitor.componentOutputs) scan(`${urn} outputs`, outputs);
    assert.deepEqual(plainLeaks, []);
    // Not vacuous: each secret did reach the resources, marked secret.
    for (const secret of SECRETS.slice(0, 2)) assert.ok(secretStrings.some((s) => s.includes(secret)), `${secret} never reached a resource`);
    assert.ok(secretStrings.some((s) => s.includes("KUBECONFIG-SECRET")), "the kubeconfig is not in the cluster's outputs as a secret");
    for (const join of monitor.registrations.filter((r) => r.type === WORKER_JOIN)) {
      const credentials = join.inputs.credentials as Record<string, unknown>;
      assert.equal(credentials[SIG_KEY], SECRET_SIG, `${join.name}: the credentials are not a secret`);
      assert.deepEqual(credentials.value, { password: PASSWORD, privateKey: PRIVATE_KEY });
      assert.ok(join.additionalSecretOutputs.includes("credentials"), `${join.name}: the credentials must stay secret in its outputs`);
    }
  });

  it("the kubeconfig is the payload between the step's markers, without the shell's start-up noise", async () => {
    const kubeconfig = await new Promise<string>((resolve) => pulumi.unsecret(cluster.kubeconfig).apply(resolve));
    assert.equal(kubeconfig, KUBECONFIG);
  });

  it("each join makes its token on the control plane and joins the worker, both as root, token only on stdin", () => {
    for (const worker of workers) {
      const join = byName(`${worker.name}-kubeadm-join`);
      const target = (key: string) => join.inputs[key] as Record<string, unknown>;
      assert.deepEqual(target("controlPlane"), { name: controlPlane.name, host: controlPlane.ssh.host, port: controlPlane.ssh.port, user: controlPlane.ssh.username, hostKey: controlPlane.ssh.hostKey });
      assert.equal(target("worker").host, worker.ssh.host);
      assert.equal(target("worker").hostKey, worker.ssh.hostKey);
      assert.match(String(join.inputs.tokenCommand), /kubeadm token create --ttl 15m0s/);
      assert.match(String(join.inputs.tokenCommand), /run step join-token as root/);
      assert.match(String(join.inputs.joinCommand), new RegExp(`IFS= read -r ${PAYLOAD_VARIABLE}`));
      assert.equal(join.inputs.payloadBegin, STEP_PAYLOAD_BEGIN);
    }
  });

  it("keeps the kubeconfig command's stdout secret and out of the logs", () => {
    const r = byName(`${controlPlane.name}-admin-kubeconfig`);
    assert.ok(r.additionalSecretOutputs.includes("stdout"), "the kubeconfig step must declare stdout secret");
    assert.equal(r.inputs.logging, "stderr", "the kubeconfig step must not log its stdout");
    assert.equal(byName(`${controlPlane.name}-kubeadm-init`).inputs.logging, "stdoutAndStderr");
  });

  it("exposes what the Calico stage needs: a secret kubeconfig, node names, ready resources", async () => {
    assert.equal(await pulumi.isSecret(cluster.kubeconfig), true);
    assert.deepEqual(cluster.nodeNames, plan.nodes.map((n) => n.name));
    assert.equal(cluster.apiServer, "https://10.0.11.1:6443");
    assert.equal(cluster.ready.length, 2 + 2 * workers.length);
  });

  it("destroys in reverse: each worker drained (control plane), then reset (worker); the control plane reset last", () => {
    const deleteOf = (name: string) => {
      const input = byName(name).inputs.delete;
      assert.equal(typeof input, "string", `${name} has no delete command`);
      return input as string;
    };
    for (const w of workers) {
      // The drain marker depends on the join: the engine deletes it first, so the drain runs before the reset.
      assert.ok(upstream(`${w.name}-drain-on-destroy`).has(`${w.name}-kubeadm-join`));
      assert.match(deleteOf(`${w.name}-drain-on-destroy`), /kf_run kubectl drain "\$node" --ignore-daemonsets --delete-emptydir-data/);
      assert.ok(deleteOf(`${w.name}-drain-on-destroy`).includes(`drain ${w.name} and delete it from the cluster`));
      assert.match(String(byName(`${w.name}-kubeadm-join`).inputs.resetCommand), /kubeadm reset -f/);
      // Every worker's join hangs off init: init, and with it the control plane's reset, goes last.
      assert.ok(byName(`${w.name}-kubeadm-join`).dependencies.includes(byName(`${controlPlane.name}-kubeadm-init`).urn));
    }
    assert.match(deleteOf(`${controlPlane.name}-kubeadm-init`), /kubeadm reset -f/);
    for (const n of plan.nodes) assert.match(deleteOf(`${n.name}-kube-packages`), /apt-mark unhold/);
    for (const step of ["os-check", "hostname", "netplan", "containerd"]) {
      assert.equal(byName(`${controlPlane.name}-${step}`).inputs.delete, undefined, `${step} is left in place by destroy`);
    }
  });
});
