// The cluster's create → destroy → create, and a join retried after its token expired, run for real
// over SSH on two disposable Debian nodes (test/nodes/lab): the node scripts through runAsRoot, and
// the worker's join as the program declares it (WorkerJoin) through the real engine (`pulumi up`,
// `preview`, `destroy` of an inline program, state in a temp file backend), its dynamic provider
// dialling the nodes through ports of the lab. kubeadm is a stand-in (no Kubernetes packages or API server can run here): on the
// control plane it makes tokens into a file that the worker's stand-in checks joins against (one
// file, hard-linked into both nodes: the "API server's" bootstrap tokens), so an expired token is a
// token that file no longer holds, exactly what a real kubeadm join refuses.
//
// Both nodes' shell start-up files print to stdout before every command, as a chatty ~/.bashrc
// does: every step must still hand over exactly its payload (the join command, the kubeconfig).

import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { linkSync, mkdirSync } from "fs";
import { join } from "path";
import { NodePlan } from "../../components/plan/plan-types";
import * as fs from "fs";
import * as os from "os";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { ADMIN_KUBECONFIG, renderKubeadmInit, renderReadKubeconfig } from "../../components/nodes/kubeadm-init";
import { renderKubeadmJoin } from "../../components/nodes/kubeadm-join";
import { rootStdin, runAsRoot } from "../../components/nodes/run-as-root";
import { payloadFromStdout, StepScript } from "../../components/nodes/script";
import { renderKubeadmReset } from "../../components/nodes/teardown";
import { WorkerJoin } from "../../components/nodes/worker-join";
import * as pulumi from "@pulumi/pulumi";
import { engineEnv, enginePulumiCommand } from "../../tools/engine/engine-env";
import { TEST_STACK_PASSPHRASE } from "../support/engine";
import { ExecResult, LabNode, NodeLab } from "./lab/node-lab";
import { seedNodes, startSeedNodeLab } from "./lab/seed-node-lab";

const STANDIN_DIR = "var/lib/kf-standin";
const TOKENS = `${STANDIN_DIR}/tokens`;
const ATTEMPTS = `${STANDIN_DIR}/join-attempts`;
const API_DOWN = `${STANDIN_DIR}/api-down`;

// kubeadm token create / init / join / reset, as far as kube-fabric's scripts use them.
const KUBEADM_STANDIN = String.raw`#!/bin/bash
# kubeadm stand-in of test/nodes/join-retry.test.ts
set -eu
dir=/var/lib/kf-standin
case "$1 ${"${2:-}"}" in
  "token create")
    token="$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n').$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
    echo "$token" >>"$dir/tokens"
    echo "kubeadm join 10.0.11.1:6443 --token $token --discovery-token-ca-cert-hash sha256:$(printf '%064d' 0 | tr 0 a) "
    ;;
  "init --config")
    endpoint=$(awk '$1 == "controlPlaneEndpoint:" {print $2; exit}' "$3")
    mkdir -p /etc/kubernetes/manifests
    printf 'apiVersion: v1\nclusters:\n- cluster:\n    server: https://%s\n  name: kubernetes\n' "$endpoint" >/etc/kubernetes/admin.conf
    echo "kind: Pod" >/etc/kubernetes/manifests/kube-apiserver.yaml
    echo "Your Kubernetes control-plane has initialized successfully!"
    ;;
  "join --config")
    token=$(awk '$1 == "token:" {print $2; exit}' "$3")
    echo "${"${token%%.*}"}" >>"$dir/join-attempts"
    if [ -e "$dir/api-down" ]; then
      echo "error execution phase preflight: couldn't validate the identity of the API Server: dial tcp 10.0.11.1:6443: connect: connection refused" >&2
      exit 1
    fi
    if ! grep -qxF "$token" "$dir/tokens"; then
      echo "error execution phase preflight: couldn't validate the identity of the API Server: could not find a JWS signature in the cluster-info ConfigMap for token ID \"${"${token%%.*}"}\"" >&2
      exit 1
    fi
    mkdir -p /etc/kubernetes
    echo "apiVersion: v1" >/etc/kubernetes/kubelet.conf
    echo "This node has joined the cluster"
    ;;
  "reset -f")
    rm -rf /etc/kubernetes/admin.conf /etc/kubernetes/kubelet.conf /etc/kubernetes/manifests
    echo "[reset] done"
    ;;
  *)
    echo "kubeadm stand-in: not supported: $*" >&2
    exit 2
    ;;
esac
`;

// What a chatty start-up file does: print before the command runs (no interactive guard).
const NOISE = "Welcome to the lab node! (printed by a start-up file)";

describe("cluster create → destroy → create, and a join retried after its token expired (real SSH, real engine, kubeadm stand-in)", function () {
  this.timeout(900_000);
  const { plan, controlPlanePlan, workerPlan } = seedNodes();
  let lab: NodeLab | undefined;
  let master: LabNode;
  let worker: LabNode;
  let tmp = "";
  let stack: Stack;

  const run = (node: LabNode, step: StepScript, payload?: string): Promise<ExecResult> => lab!.exec(node, runAsRoot(step), rootStdin(node.password, payload));
  const exists = async (node: LabNode, path: string) => (await lab!.asRoot(node, `test -e ${path} && echo yes || echo no`)).stdout.includes("yes");
  const lines = (node: LabNode, path: string) => lab!.read(node, path).split("\n").filter((l) => l.length > 0);
  const joinsInState = async () =>
    ((await stack.exportStack()).deployment as { resources?: Array<{ type: string }> }).resources?.filter((r) => r.type === "pulumi-nodejs:dynamic/kube-fabric:WorkerJoin").length ?? 0;

  before(async function () {
    const pulumiCommand = await enginePulumiCommand(); // fails with "run npm run engine" when missing
    ({ lab, master, worker } = await startSeedNodeLab({ plan, controlPlanePlan, workerPlan }));
    for (const node of lab.nodes) {
      lab.write(node, "usr/local/bin/kubeadm", KUBEADM_STANDIN, 0o755);
      mkdirSync(join(node.root, STANDIN_DIR), { recursive: true });
    }
    lab.write(master, TOKENS, "");
    linkSync(join(master.root, TOKENS), join(worker.root, TOKENS));
    // Start-up files that print on stdout: root's (master logs in as root, with bash) and everyone's bash.
    lab.write(master, "root/.bashrc", `echo '${NOISE}'\n`);
    for (const node of lab.nodes) lab.write(node, "etc/bash.bashrc", `echo '${NOISE} (system-wide)'\n`);

    // The program's join of k-w1, with the lab's addresses, host keys and logins.
    const reachable = async (node: LabNode, nodePlan: NodePlan): Promise<NodePlan> => ({
      ...nodePlan,
      ssh: { ...nodePlan.ssh, host: "127.0.0.1", port: await lab!.forward(node), username: node.user, hostKey: node.hostKey },
    });
    const controlPlane = await reachable(master, controlPlanePlan);
    const joining = await reachable(worker, workerPlan);
    const privateKey = lab.clientPrivateKey;
    const password = lab.password;
    tmp = fs.mkdtempSync(join(os.tmpdir(), "kube-fabric-join-retry-"));
    for (const sub of ["state", "work"]) fs.mkdirSync(join(tmp, sub));
    stack = await LocalWorkspace.createStack(
      {
        stackName: "join",
        projectName: "kube-fabric-join-retry",
        program: async () => {
          new WorkerJoin("k-w1-kubeadm-join", {
            kubernetes: plan.kubernetes,
            controlPlane,
            worker: joining,
            credentials: { privateKey: pulumi.secret(privateKey), password: pulumi.secret(password) },
          });
        },
      },
      { workDir: join(tmp, "work"), pulumiCommand, envVars: engineEnv({ backendDir: join(tmp, "state"), passphrase: TEST_STACK_PASSPHRASE }), secretsProvider: "passphrase" },
    );
  });

  after(async function () {
    if (lab) await lab.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("the nodes' start-up files really print on a command's stdout", async () => {
    const r = await lab!.exec(master, "echo command-output");
    assert.ok(r.stdout.startsWith(`${NOISE} (system-wide)\n${NOISE}\n`) && r.stdout.endsWith("command-output\n"), `without this noise the tests below prove nothing: ${JSON.stringify(r.stdout)}`);
  });

  it("create: kubeadm init on the control plane; its kubeconfig read back exactly, despite the noise", async () => {
    const init = await run(master, renderKubeadmInit(plan.kubernetes, controlPlanePlan));
    assert.equal(init.code, 0, `${init.stdout}${init.stderr}`);
    assert.match(init.stdout, /^changed: control plane k-master initialised by kubeadm init/m);
    const read = await run(master, renderReadKubeconfig(plan.kubernetes));
    assert.equal(read.code, 0, read.stderr);
    assert.ok(read.stdout.includes(NOISE), "raw stdout carries the start-up noise");
    assert.equal(payloadFromStdout("read-kubeconfig", read.stdout), lab!.read(master, ADMIN_KUBECONFIG.slice(1)));
  });

  it("pulumi up: the join fails (API server unreachable) and leaves nothing in the state", async () => {
    lab!.write(worker, API_DOWN, "");
    await assert.rejects(stack.up(), (e: Error) => /k-w1: step kubeadm-join failed/.test(e.message) && /connection refused/.test(e.message) && /kubeadm join failed/.test(e.message));
    assert.match(lab!.read(master, TOKENS).trim(), /^[0-9a-f]{6}\.[0-9a-f]{16}$/, "the join made one token on the control plane, right before joining");
    assert.equal(await exists(worker, "/etc/kubernetes/kubelet.conf"), false);
    assert.equal(await joinsInState(), 0);
  });

  it("after the token expired, the next pulumi up joins with a new token (no --target-replace)", async () => {
    const firstToken = lab!.read(master, TOKENS).trim();
    // Fifteen minutes later: the API server no longer knows that token. The cause of the failure is fixed.
    spawnSync("truncate", ["-s", "0", join(master.root, TOKENS)]);
    await lab!.asRoot(worker, `rm /${API_DOWN}`);
    // What the old token resource handed a retried join: the same join command. The cluster refuses it.
    const reused = await run(worker, renderKubeadmJoin(plan.kubernetes, workerPlan), `kubeadm join 10.0.11.1:6443 --token ${firstToken} --discovery-token-ca-cert-hash sha256:${"a".repeat(64)}`);
    assert.notEqual(reused.code, 0);
    assert.match(reused.stderr, /could not find a JWS signature in the cluster-info ConfigMap/);

    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    assert.deepStrictEqual(up.summary.resourceChanges, { create: 1, same: 1 });
    assert.equal(await exists(worker, "/etc/kubernetes/kubelet.conf"), true);
    const attempts = lines(worker, ATTEMPTS);
    assert.deepEqual(attempts.slice(0, 2), [firstToken.split(".")[0], firstToken.split(".")[0]], "the failed up, then the reused token");
    assert.equal(attempts.length, 3);
    assert.notEqual(attempts[2], attempts[0], "the retry joined with a token made for it");
    const secretPart = lab!.read(master, TOKENS).trim().split(".")[1];
    assert.ok(!JSON.stringify((await stack.exportStack()).deployment).includes(secretPart), "the token is not in the state");
  });

  it("once joined, a preview plans nothing and makes no token", async () => {
    const tokensBefore = lab!.read(master, TOKENS);
    const preview = await stack.preview({ expectNoChanges: true });
    assert.deepStrictEqual(preview.changeSummary, { same: 2 });
    assert.equal(lab!.read(master, TOKENS), tokensBefore);
  });

  it("pulumi destroy resets the worker; the control plane is reset after it", async () => {
    const destroyed = await stack.destroy();
    assert.strictEqual(destroyed.summary.result, "succeeded");
    assert.equal(await exists(worker, "/etc/kubernetes/kubelet.conf"), false);
    assert.equal(await exists(worker, "/etc/kube-fabric"), false);
    const again = await run(worker, renderKubeadmReset(workerPlan));
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^unchanged: k-w1 is not part of a cluster/m, "destroy again: nothing left to do");
    const resetMaster = await run(master, renderKubeadmReset(controlPlanePlan));
    assert.equal(resetMaster.code, 0, resetMaster.stderr);
    assert.match(resetMaster.stdout, /^changed: k-master reset by kubeadm reset -f$/m);
    assert.match(resetMaster.stdout, /^changed: \/etc\/kube-fabric removed$/m);
    assert.equal(await exists(master, ADMIN_KUBECONFIG), false);
  });

  it("create again after destroy is clean: init runs again, pulumi up joins the worker with a new token", async () => {
    const init = await run(master, renderKubeadmInit(plan.kubernetes, controlPlanePlan));
    assert.equal(init.code, 0, `${init.stdout}${init.stderr}`);
    assert.match(init.stdout, /^changed: \/etc\/kube-fabric\/kubeadm-config.yaml written$/m);
    assert.match(init.stdout, /^changed: control plane k-master initialised by kubeadm init/m);
    const up = await stack.up();
    assert.deepStrictEqual(up.summary.resourceChanges, { create: 2 });
    assert.equal(await exists(worker, "/etc/kubernetes/kubelet.conf"), true);
    assert.equal(new Set(lines(worker, ATTEMPTS)).size, 3, "a new token for the new cluster's join");
    await stack.destroy();
    assert.equal(await exists(worker, "/etc/kubernetes/kubelet.conf"), false);
  });
});
