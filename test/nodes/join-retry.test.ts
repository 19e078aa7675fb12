// The cluster's create → destroy → create, and a join retried after its token expired, run for real
// over SSH on two disposable Debian nodes (test/nodes/lab): the node scripts, runAsRoot, and the
// WorkerJoin provider's own create/delete (join-provider.ts) dialling the nodes through a port of
// the lab. kubeadm is a stand-in (no Kubernetes packages or API server can run here): on the
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
import { joinWorker, resetWorker, WorkerJoinInputs, workerJoinProvider } from "../../components/nodes/join-provider";
import { ADMIN_KUBECONFIG, renderKubeadmInit, renderReadKubeconfig } from "../../components/nodes/kubeadm-init";
import { renderKubeadmJoin } from "../../components/nodes/kubeadm-join";
import { rootStdin, runAsRoot } from "../../components/nodes/run-as-root";
import { payloadFromStdout, StepScript } from "../../components/nodes/script";
import { renderKubeadmReset } from "../../components/nodes/teardown";
import { workerJoinInputs } from "../../components/nodes/worker-join";
import * as pulumi from "@pulumi/pulumi";
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

describe("cluster create → destroy → create, and a join retried after its token expired (real SSH, kubeadm stand-in)", function () {
  this.timeout(900_000);
  const { plan, controlPlanePlan, workerPlan } = seedNodes();
  let lab: NodeLab | undefined;
  let master: LabNode;
  let worker: LabNode;
  let inputs: WorkerJoinInputs;

  const run = (node: LabNode, step: StepScript, payload?: string): Promise<ExecResult> => lab!.exec(node, runAsRoot(step), rootStdin(node.password, payload));
  const exists = async (node: LabNode, path: string) => (await lab!.asRoot(node, `test -e ${path} && echo yes || echo no`)).stdout.includes("yes");
  const lines = (node: LabNode, path: string) => lab!.read(node, path).split("\n").filter((l) => l.length > 0);

  /** The WorkerJoin inputs as the program builds them, with the lab's addresses and credentials. */
  async function labInputs(): Promise<WorkerJoinInputs> {
    const at = async (node: LabNode, nodePlan: NodePlan): Promise<NodePlan> => ({
      ...nodePlan,
      ssh: { ...nodePlan.ssh, host: "127.0.0.1", port: await lab!.forward(node), username: node.user, hostKey: node.hostKey },
    });
    const built = workerJoinInputs({
      kubernetes: plan.kubernetes,
      controlPlane: await at(master, controlPlanePlan),
      worker: await at(worker, workerPlan),
      credentials: { privateKey: pulumi.output(lab!.clientPrivateKey), password: pulumi.output(lab!.password) },
    });
    const resolved = await new Promise<Record<string, unknown>>((resolve) => pulumi.unsecret(pulumi.output(built)).apply((v) => resolve(v as Record<string, unknown>)));
    return resolved as unknown as WorkerJoinInputs;
  }

  before(async function () {
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
    inputs = await labInputs();
  });

  after(async function () {
    if (lab) await lab.stop();
  });

  it("the nodes' start-up files really print on a command's stdout", async () => {
    const r = await lab!.exec(master, "echo command-output");
    assert.match(r.stdout, new RegExp(`${NOISE.replace(/[().!]/g, "\\$&")}[\\s\\S]*command-output`), "without this noise the tests below prove nothing");
  });

  it("create: kubeadm init on the control plane; its kubeconfig read back exactly, despite the noise", async () => {
    const init = await run(master, renderKubeadmInit(plan.kubernetes, controlPlanePlan));
    assert.equal(init.code, 0, `${init.stdout}${init.stderr}`);
    assert.match(init.stdout, /^changed: control plane k-master initialised by kubeadm init/m);
    const read = await run(master, renderReadKubeconfig(plan.kubernetes));
    assert.equal(read.code, 0, read.stderr);
    assert.notEqual(read.stdout, lab!.read(master, ADMIN_KUBECONFIG.slice(1)), "raw stdout carries the start-up noise");
    assert.equal(payloadFromStdout("read-kubeconfig", read.stdout), lab!.read(master, ADMIN_KUBECONFIG.slice(1)));
  });

  it("a join whose first attempt failed succeeds on retry after its token expired, with a new token", async () => {
    lab!.write(worker, API_DOWN, "");
    await assert.rejects(
      workerJoinProvider.create!(inputs),
      (e: Error) => /k-w1: step kubeadm-join failed/.test(e.message) && /connection refused/.test(e.message) && /kubeadm join failed/.test(e.message),
    );
    const firstToken = lab!.read(master, TOKENS).trim();
    assert.match(firstToken, /^[0-9a-f]{6}\.[0-9a-f]{16}$/, "the first attempt made one token on the control plane");
    assert.equal(await exists(worker, "/etc/kubernetes/kubelet.conf"), false);

    // Fifteen minutes later: the API server no longer knows that token. The cause of the failure is fixed.
    spawnSync("truncate", ["-s", "0", join(master.root, TOKENS)]);
    await lab!.asRoot(worker, `rm /${API_DOWN}`);
    // What the old token resource did on retry: the same join command again. The cluster refuses it.
    const reused = await run(worker, renderKubeadmJoin(plan.kubernetes, workerPlan), `kubeadm join 10.0.11.1:6443 --token ${firstToken} --discovery-token-ca-cert-hash sha256:${"a".repeat(64)}`);
    assert.notEqual(reused.code, 0);
    assert.match(reused.stderr, /could not find a JWS signature in the cluster-info ConfigMap/);

    // The retry pulumi up makes: create again (a failed create leaves nothing in the state).
    const created = await workerJoinProvider.create!(inputs);
    assert.equal(created.id, "k-w1-kubeadm-join");
    assert.match(created.outs?.report ?? "", /^changed: k-w1 joined the cluster at 10\.0\.11\.1:6443/m);
    assert.equal(await exists(worker, "/etc/kubernetes/kubelet.conf"), true);
    const attempts = lines(worker, ATTEMPTS);
    assert.equal(attempts.length, 3, "first attempt, the reused token, the retry");
    assert.equal(attempts[0], firstToken.split(".")[0]);
    assert.notEqual(attempts[2], attempts[0], "the retry joined with a token made for it");
    assert.ok(!JSON.stringify(created.outs).includes(lab!.read(master, TOKENS).trim().split(".")[1]), "the token is not in the resource's outputs");
  });

  it("a joined worker: running the join again changes nothing", async () => {
    const report = await joinWorker(inputs);
    assert.equal(report, "unchanged: k-w1 has joined the cluster (/etc/kubernetes/kubelet.conf exists)\n");
  });

  it("destroy: the worker reset (WorkerJoin's delete), then the control plane; both report it", async () => {
    await workerJoinProvider.delete!("k-w1-kubeadm-join", { ...inputs, report: "" });
    assert.equal(await exists(worker, "/etc/kubernetes/kubelet.conf"), false);
    assert.equal(await exists(worker, "/etc/kube-fabric"), false);
    const again = await resetWorker(inputs);
    assert.match(again, /^unchanged: k-w1 is not part of a cluster/m, "destroy again: nothing left to do");
    const resetMaster = await run(master, renderKubeadmReset(controlPlanePlan));
    assert.equal(resetMaster.code, 0, resetMaster.stderr);
    assert.match(resetMaster.stdout, /^changed: k-master reset by kubeadm reset -f$/m);
    assert.match(resetMaster.stdout, /^changed: \/etc\/kube-fabric removed$/m);
    assert.equal(await exists(master, ADMIN_KUBECONFIG), false);
  });

  it("create again after destroy is clean: init runs again, the worker joins with a new token", async () => {
    const init = await run(master, renderKubeadmInit(plan.kubernetes, controlPlanePlan));
    assert.equal(init.code, 0, `${init.stdout}${init.stderr}`);
    assert.match(init.stdout, /^changed: \/etc\/kube-fabric\/kubeadm-config.yaml written$/m);
    assert.match(init.stdout, /^changed: control plane k-master initialised by kubeadm init/m);
    const created = await workerJoinProvider.create!(inputs);
    assert.match(created.outs?.report ?? "", /^changed: k-w1 joined the cluster at 10\.0\.11\.1:6443/m);
    assert.equal(await exists(worker, "/etc/kubernetes/kubelet.conf"), true);
    assert.equal(new Set(lines(worker, ATTEMPTS)).size, 3, "every join attempt had a different token but the reused one");
  });
});
