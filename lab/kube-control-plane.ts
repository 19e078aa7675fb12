// A real Kubernetes control plane for the cluster test tier: etcd, kube-apiserver and
// kube-controller-manager (built by tools/etcd and tools/kube) on free 127.0.0.1 ports, with
// per-run credentials in a temp dir. stop() kills exactly those processes by PID and removes the
// dir; it also runs synchronously on exit and on SIGINT/SIGTERM/SIGHUP.
//
// apiserver: --allow-privileged=true (Calico's DaemonSet is refused without it, as kubeadm sets it),
// RBAC, a static admin token (group system:masters), its serving certificate signed by the run's CA.
// controller-manager: --leader-elect=false, every controller but nodeipam and nodelifecycle (no
// kubelets here): its garbage collector completes the foreground deletes Pulumi issues on destroy.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { LabStartError } from "./errors";
import { registerExitCleanup } from "./exit-cleanup";
import { controlPlaneBinaries, ControlPlaneBinaries } from "./kube-binaries";
import { KubeAccess, KubeClient, pollUntil } from "./kube-client";
import { generateControlPlaneCredentials, renderKubeconfig } from "./kube-credentials";
import { killTrackedSync, spawnTracked, stopTracked, TrackedProcess } from "./processes";
import { freePort } from "./sshd";

export interface ControlPlaneOptions {
  /** Also run kube-controller-manager (default true). */
  controllerManager?: boolean;
  /** How long each component may take to become ready (default 90 s: a loaded machine). */
  readyTimeoutMs?: number;
  binaries?: ControlPlaneBinaries;
  /** The service CIDR the apiserver hands ClusterIPs from (default 10.96.0.0/12). */
  serviceClusterIpRange?: string;
  /**
   * A long-lived control plane (the stack lab's): work dir here (created, must not exist) instead of a
   * temp dir, each process handed to onSpawn the moment it exists (the lab records it), and no stop on
   * this process's exit (lab:down stops it by PID).
   */
  persistent?: { workDir: string; onSpawn: (proc: TrackedProcess) => void };
}

export interface ControlPlane extends KubeAccess {
  readonly runId: string;
  /** kubeconfig file (admin token, CA inline) for kubectl, confd, the Kubernetes Pulumi provider. */
  readonly kubeconfigPath: string;
  /** The same kubeconfig as text (it holds the admin token: treat it as a secret). */
  readonly kubeconfig: string;
  readonly client: KubeClient;
  readonly workDir: string;
  readonly pids: readonly number[];
  /** Stops every process it started (by PID) and removes its work dir. Idempotent. */
  stop(): Promise<void>;
}

let controlPlanesStarted = 0;

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, "utf8").trim().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

async function waitReady(proc: TrackedProcess, what: string, timeoutMs: number, probe: () => Promise<boolean | undefined>): Promise<void> {
  await pollUntil(what, timeoutMs, async () => {
    if (proc.hasExited()) throw new Error(`${proc.label} exited (${await proc.exited}); its log ends:\n${tail(proc.logFile)}`);
    return (await probe()) ? true : undefined;
  }, 200).catch(async (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(proc.hasExited() ? message : `${message}; ${proc.label}'s log ends:\n${tail(proc.logFile)}`);
  });
}

export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const withControllerManager = options.controllerManager ?? true;
  const binaries = options.binaries ?? controlPlaneBinaries(withControllerManager);
  const timeoutMs = options.readyTimeoutMs ?? 90_000;
  const runId = `kf-${process.pid}-k${++controlPlanesStarted}`;
  const persistent = options.persistent;
  if (persistent) mkdirSync(persistent.workDir, { mode: 0o700 });
  const workDir = persistent ? persistent.workDir : mkdtempSync(join(tmpdir(), `${runId}-`));
  const processes: TrackedProcess[] = [];
  const started = (proc: TrackedProcess) => {
    processes.push(proc);
    persistent?.onSpawn(proc);
  };
  const stopSync = () => {
    [...processes].reverse().forEach(killTrackedSync);
    rmSync(workDir, { recursive: true, force: true });
  };
  const unregister = persistent ? () => undefined : registerExitCleanup({ label: runId, stopSync });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      for (const proc of [...processes].reverse()) await stopTracked(proc, 5000);
      rmSync(workDir, { recursive: true, force: true });
    })().finally(unregister);
    return stopping;
  };

  let step = "generating credentials";
  try {
    const credentials = await generateControlPlaneCredentials(workDir);
    const [etcdClientPort, etcdPeerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    mkdirSync(join(workDir, "logs"));
    const log = (name: string) => join(workDir, "logs", `${name}.log`);

    step = "starting etcd";
    const etcdClient = `http://127.0.0.1:${etcdClientPort}`;
    const etcdPeer = `http://127.0.0.1:${etcdPeerPort}`;
    const etcd = await spawnTracked(`etcd of ${runId}`, binaries.etcd, [
      "--name", "lab", "--data-dir", join(workDir, "etcd"),
      "--listen-client-urls", etcdClient, "--advertise-client-urls", etcdClient,
      "--listen-peer-urls", etcdPeer, "--initial-advertise-peer-urls", etcdPeer,
      "--initial-cluster", `lab=${etcdPeer}`, "--unsafe-no-fsync", "--log-level", "warn",
    ], log("etcd"));
    started(etcd);

    step = "starting kube-apiserver";
    const server = `https://127.0.0.1:${apiPort}`;
    const apiserver = await spawnTracked(`kube-apiserver of ${runId}`, binaries.kubeApiserver, [
      `--etcd-servers=${etcdClient}`,
      "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", `--secure-port=${apiPort}`,
      `--tls-cert-file=${credentials.servingCertFile}`, `--tls-private-key-file=${credentials.servingKeyFile}`,
      `--client-ca-file=${credentials.caCertFile}`,
      "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
      `--service-account-key-file=${credentials.serviceAccountPublicKeyFile}`,
      `--service-account-signing-key-file=${credentials.serviceAccountKeyFile}`,
      `--token-auth-file=${credentials.tokenFile}`,
      "--allow-privileged=true", "--authorization-mode=Node,RBAC",
      `--service-cluster-ip-range=${options.serviceClusterIpRange ?? "10.96.0.0/12"}`,
      "--profiling=false", "--v=1",
    ], log("kube-apiserver"));
    started(apiserver);
    const client = new KubeClient({ server, caCertificate: credentials.caCertificate, token: credentials.adminToken }, 5000);
    await waitReady(apiserver, `kube-apiserver on ${server}/readyz`, timeoutMs, async () => {
      if (etcd.hasExited()) throw new Error(`etcd exited (${await etcd.exited}); its log ends:\n${tail(etcd.logFile)}`);
      return (await client.call<string>("GET", "/readyz")) === "ok";
    });

    const kubeconfig = renderKubeconfig(server, credentials.caCertificate, credentials.adminToken);
    const kubeconfigPath = join(workDir, "kubeconfig");
    writeFileSync(kubeconfigPath, kubeconfig, { mode: 0o600 });

    if (withControllerManager) {
      step = "starting kube-controller-manager";
      if (!binaries.kubeControllerManager) throw new Error("no kube-controller-manager binary given");
      const kcm = await spawnTracked(`kube-controller-manager of ${runId}`, binaries.kubeControllerManager, [
        `--kubeconfig=${kubeconfigPath}`, "--leader-elect=false", "--controllers=*,-nodeipam,-nodelifecycle",
        `--service-account-private-key-file=${credentials.serviceAccountKeyFile}`, `--root-ca-file=${credentials.caCertFile}`,
        "--secure-port=0", "--bind-address=127.0.0.1", "--v=1",
      ], log("kube-controller-manager"));
      started(kcm);
      // The root-CA publisher writes this ConfigMap into every namespace once the controllers run.
      await waitReady(kcm, "kube-controller-manager (ConfigMap default/kube-root-ca.crt)", timeoutMs, async () =>
        (await client.find("/api/v1/namespaces/default/configmaps/kube-root-ca.crt")) !== undefined);
    }

    return {
      runId,
      server,
      caCertificate: credentials.caCertificate,
      token: credentials.adminToken,
      kubeconfigPath,
      kubeconfig,
      client: new KubeClient({ server, caCertificate: credentials.caCertificate, token: credentials.adminToken }),
      workDir,
      pids: processes.map((proc) => proc.pid),
      stop,
    };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    await stop().catch(() => undefined);
    throw new LabStartError(`control plane ${runId}: ${step}`, `${detail} (everything it started was stopped and removed)`,
      "read the log quoted above; a missing binary names the build script to run");
  }
}
