// The cluster's lifecycle steps, run for real over SSH on disposable Debian nodes: the refusals
// (Kubernetes version bump, pod/service CIDR or endpoint change after init) stop before anything
// on the node changes, and the destroy steps are idempotent, reporting changed/unchanged like create.
// There is no running cluster here (no kubelet, no API server): what needs one (kubectl drain of a
// live node, kubeadm reset of a joined node) is covered only where it takes the "nothing there" path.

import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { join } from "path";
import { renderKubePackages } from "../../components/nodes/kube-packages";
import { KUBEADM_CONFIG_FILE, renderKubeadmInit, ADMIN_KUBECONFIG } from "../../components/nodes/kubeadm-init";
import { renderKubeadmInitConfig } from "../../components/nodes/kubeadm-config";
import { rootStdin, runAsRoot } from "../../components/nodes/run-as-root";
import { StepScript } from "../../components/nodes/script";
import { renderDrainWorker, renderKubeadmReset } from "../../components/nodes/teardown";
import { KUBEADM_BINARY, requireKubeadm } from "./lab/kubeadm-binary";
import { ExecResult, LabNode, NodeLab } from "./lab/node-lab";
import { seedNodes, startSeedNodeLab } from "./lab/seed-node-lab";

describe("cluster lifecycle steps, run for real over SSH on disposable Debian nodes", function () {
  this.timeout(900_000);
  const { plan, controlPlanePlan, workerPlan } = seedNodes();
  let lab: NodeLab | undefined;
  let master: LabNode;
  let worker: LabNode;

  const run = (node: LabNode, step: StepScript): Promise<ExecResult> => lab!.exec(node, runAsRoot(step), rootStdin(node.password, undefined));

  before(async function () {
    requireKubeadm();
    ({ lab, master, worker } = await startSeedNodeLab({ plan, controlPlanePlan, workerPlan }, { "dpkg-deb": "dpkg" }));
    for (const node of lab.nodes) spawnSync("cp", [KUBEADM_BINARY, join(node.root, "usr/bin/kubeadm")]);
  });

  after(async function () {
    if (lab) await lab.stop();
  });

  it("refuses a Kubernetes version bump on a node in a cluster, before apt or anything else runs", async () => {
    // A real dpkg install of a package named kubeadm at the old release, and the kubelet's kubeconfig.
    const pkg = "tmp/kubeadm-pkg";
    lab!.write(worker, `${pkg}/DEBIAN/control`, "Package: kubeadm\nVersion: 1.28.14-1.1\nArchitecture: all\nMaintainer: test <test@example.invalid>\nDescription: stand-in for the kubeadm package\n");
    const installed = await lab!.asRoot(worker, `dpkg-deb --build /${pkg} /tmp/kubeadm.deb >/dev/null && dpkg -i /tmp/kubeadm.deb >/dev/null && echo ok`);
    assert.equal(installed.stdout.trim(), "ok", installed.stderr);
    lab!.write(worker, "etc/kubernetes/kubelet.conf", "apiVersion: v1\n");
    const sourcesBefore = (await lab!.asRoot(worker, "ls /etc/apt/sources.list.d")).stdout;
    const r = await run(worker, renderKubePackages(plan.kubernetes));
    assert.notEqual(r.code, 0);
    assert.equal(r.stdout, "", "nothing may be reported as changed or unchanged before the refusal");
    assert.match(r.stderr, /this node is in a cluster with kubeadm 1\.28\.14; topology\.kubernetes\.version is 1\.28\.15\. kube-fabric does not upgrade or downgrade a running cluster/);
    assert.equal((await lab!.asRoot(worker, "ls /etc/apt/sources.list.d")).stdout, sourcesBefore, "no package source was added");
    assert.match((await lab!.asRoot(worker, "dpkg-query -W -f='${Version}' kubeadm")).stdout, /^1\.28\.14-1\.1$/);
    await lab!.asRoot(worker, "dpkg -r kubeadm >/dev/null; rm -rf /etc/kubernetes /tmp/kubeadm-pkg /tmp/kubeadm.deb");
  });

  it("refuses a pod CIDR, service CIDR or endpoint change after kubeadm init, leaving the node as it was", async () => {
    const initialised = renderKubeadmInitConfig(plan.kubernetes, controlPlanePlan);
    lab!.write(master, ADMIN_KUBECONFIG.slice(1), "apiVersion: v1\nclusters:\n- cluster:\n    server: https://10.0.11.1:6443\n", 0o600);
    lab!.write(master, KUBEADM_CONFIG_FILE.slice(1), initialised, 0o600);
    const changes: Array<[string, Partial<typeof plan.kubernetes>, RegExp]> = [
      ["podSubnet", { podCidr: "10.77.0.0/16" }, /initialised with podSubnet 10\.66\.0\.0\/16; the plan now says 10\.77\.0\.0\/16/],
      ["serviceSubnet", { serviceCidr: "10.112.0.0/12" }, /initialised with serviceSubnet 10\.96\.0\.0\/12; the plan now says 10\.112\.0\.0\/12/],
      ["controlPlaneEndpoint", { controlPlaneEndpoint: "10.0.11.9" }, /initialised with controlPlaneEndpoint 10\.0\.11\.1:6443; the plan now says 10\.0\.11\.9:6443/],
    ];
    for (const [key, change, message] of changes) {
      const r = await run(master, renderKubeadmInit({ ...plan.kubernetes, ...change }, controlPlanePlan));
      assert.notEqual(r.code, 0, key);
      assert.match(r.stderr, message, key);
      assert.match(r.stderr, /kube-fabric cannot change \S+ of a running cluster: set it back/);
      assert.equal(r.stdout, "", `${key}: nothing may be reported before the refusal`);
      assert.equal(lab!.read(master, KUBEADM_CONFIG_FILE.slice(1)), initialised, `${key}: the config was rewritten`);
    }
    const same = await run(master, renderKubeadmInit(plan.kubernetes, controlPlanePlan));
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /^unchanged: \/etc\/kube-fabric\/kubeadm-config.yaml is current$/m);
  });

  it("destroy steps with no cluster left: reset removes kube-fabric's directory once, drain finds no control plane", async () => {
    const reset = renderKubeadmReset(controlPlanePlan);
    await lab!.asRoot(master, "rm -rf /etc/kubernetes");
    const first = await run(master, reset);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, "unchanged: k-master is not part of a cluster (no kubelet.conf, admin.conf or static pods)\nchanged: /etc/kube-fabric removed\n");
    const second = await run(master, reset);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, "unchanged: k-master is not part of a cluster (no kubelet.conf, admin.conf or static pods)\nunchanged: /etc/kube-fabric is absent\n");
    const drain = await run(master, renderDrainWorker(workerPlan));
    assert.equal(drain.code, 0, drain.stderr);
    assert.equal(drain.stdout, "unchanged: no control plane here (/etc/kubernetes/admin.conf is missing): k-w1 is not in a cluster\n");
  });

  it("destroy on a node with static pods runs the real kubeadm reset -f, then reports it unchanged", async () => {
    lab!.write(worker, "etc/kubernetes/manifests/placeholder.yaml", "apiVersion: v1\nkind: Pod\n");
    const reset = renderKubeadmReset(workerPlan);
    const first = await run(worker, reset);
    assert.equal(first.code, 0, `${first.stdout}${first.stderr}\n${(await lab!.asRoot(worker, "cat /var/log/kube-fabric/kubeadm-reset.log")).stdout}`);
    assert.match(first.stdout, /^changed: k-w1 reset by kubeadm reset -f$/m);
    const second = await run(worker, reset);
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stdout, /^changed:/m);
  });
});
