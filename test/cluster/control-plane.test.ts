// The cluster tier's control plane: real etcd, kube-apiserver and kube-controller-manager on
// 127.0.0.1, started and stopped by the lab; nothing of it may outlive stop().
import assert from "assert";
import { existsSync, readFileSync } from "fs";
import { KubeApiError } from "../../lab/kube-client";
import { ControlPlane, startControlPlane } from "../../lab/kube-control-plane";
import { identify, isRunning, ProcessIdentity } from "../../lab/processes";

describe("cluster tier: control plane (etcd + kube-apiserver + kube-controller-manager 1.28.15)", function () {
  this.timeout(240_000);
  let plane: ControlPlane | undefined;
  let identities: ProcessIdentity[] = [];

  before(async () => {
    plane = await startControlPlane();
    identities = plane.pids.map(identify).filter((id): id is ProcessIdentity => id !== undefined);
  });

  after(async () => {
    await plane?.stop();
  });

  it("serves Kubernetes v1.28.15 on 127.0.0.1 behind the run's CA and admin token", async () => {
    const p = plane as ControlPlane;
    assert.match(p.server, /^https:\/\/127\.0\.0\.1:\d+$/);
    const version = await p.client.get<{ gitVersion: string }>("/version");
    assert.strictEqual(version.gitVersion, "v1.28.15");
    assert.strictEqual(identities.length, 3, "etcd, apiserver and controller-manager run");
    const kubeconfig = readFileSync(p.kubeconfigPath, "utf8");
    assert.ok(kubeconfig.includes(`server: ${p.server}`) && kubeconfig.includes(`token: ${p.token}`));
  });

  it("refuses a wrong token", async () => {
    const p = plane as ControlPlane;
    const { KubeClient } = await import("../../lab/kube-client");
    const stranger = new KubeClient({ server: p.server, caCertificate: p.caCertificate, token: "not-the-token" });
    await assert.rejects(stranger.get("/api/v1/namespaces"), (error: unknown) => error instanceof KubeApiError && error.statusCode === 401);
  });

  it("creates, reads and deletes objects; foreground deletion completes (garbage collector runs)", async () => {
    const p = plane as ControlPlane;
    await p.client.create("/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "kf-test" } });
    await p.client.create("/api/v1/namespaces/kf-test/configmaps", {
      apiVersion: "v1", kind: "ConfigMap", metadata: { name: "hello" }, data: { greeting: "hi" },
    });
    const read = await p.client.get<{ data: { greeting: string } }>("/api/v1/namespaces/kf-test/configmaps/hello");
    assert.deepStrictEqual(read.data, { greeting: "hi" });
    // A privileged DaemonSet is admitted (Calico's is) and a foreground delete of it finishes.
    const dsPath = "/apis/apps/v1/namespaces/kf-test/daemonsets";
    await p.client.create(dsPath, {
      apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "priv" },
      spec: {
        selector: { matchLabels: { app: "priv" } },
        template: { metadata: { labels: { app: "priv" } }, spec: { containers: [{ name: "c", image: "none", securityContext: { privileged: true } }] } },
      },
    });
    await p.client.call("DELETE", `${dsPath}/priv`, { kind: "DeleteOptions", apiVersion: "v1", propagationPolicy: "Foreground" });
    const deadline = Date.now() + 60_000;
    while ((await p.client.find(`${dsPath}/priv`)) !== undefined) {
      assert.ok(Date.now() < deadline, "foreground delete of the DaemonSet did not complete in 60 s");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });

  it("stop() ends every process it started and removes its files", async () => {
    const p = plane as ControlPlane;
    await p.stop();
    for (const identity of identities) assert.ok(!isRunning(identity), `pid ${identity.pid} still runs`);
    assert.ok(!existsSync(p.workDir), `${p.workDir} is still there`);
    await p.stop(); // idempotent
  });
});
