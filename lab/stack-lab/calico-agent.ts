// The stand-in for what runs on a Calico node of the stack lab besides BIRD and confd: one process
// per lab (started by lab:up, recorded in the state, stopped by lab:down), doing per node what
// kubelet, calico-node's startup and Calico's IPAM + CNI would:
//   - kubelet: runs calico-node once its DaemonSet exists, and restarts it whenever it exits
//     (calico-node exits until Calico's CRDs are served; here: the stand-in starts once every CRD of
//     the release is Established);
//   - calico-node's startup: the default IP pool when the cluster has none and the DaemonSet does
//     not say NO_DEFAULT_POOLS=true; IP forwarding on (Felix's default). The Node's IPv4Address
//     annotation (IP autodetection) was written by lab:up;
//   - calico-node itself: Calico's own confd + Calico's BIRD in the node namespace, and Felix's tunl0
//     (lab/calico-node.ts, lab/calico-tunnel.ts);
//   - IPAM + CNI, once the node's calico-node has rendered and a pool selects the node: a block
//     claimed as calico-ipam claims it (lab/calico-ipam.ts), then pods wired as Calico wires them
//     (lab/calico-pods.ts). Pods are made once; the pods made are written to pods.json.
// Stop: SIGTERM stops every calico-node stand-in by PID, then exits.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "fs";
import { claimBlock, CALICO_CRD_API, allocatedBlocks } from "../calico-datastore";
import { podAddressesOf, pickBlock, PoolView, poolsForNode } from "../calico-ipam";
import { calicoNodeEnv, defaultPoolSpec } from "../calico-manifest";
import { CalicoNode, startCalicoNode } from "../calico-node";
import { createPod } from "../calico-pods";
import { run } from "../exec";
import { KubeAccess, KubeApiError, KubeClient, KubeObject } from "../kube-client";

export interface CalicoAgentNode {
  name: string;
  /** The node's network namespace (BIRD, the cali* veths). */
  namespace: string;
  /** This node's calico-node files. */
  workDir: string;
  /** Its fabric address, no prefix length (calico-node's BGP address; tunl0's end). */
  fabricAddress: string;
  /** The pods' namespaces, recorded by lab:up before the agent starts (one pod each). */
  podNamespaces: string[];
}

export interface CalicoAgentSpec {
  access: KubeAccess;
  kubeconfigPath: string;
  confdBinary: string;
  confdTemplates: string;
  /** Every CRD name of the release: calico-node runs once all are Established. */
  crdNames: string[];
  nodes: CalicoAgentNode[];
  /** Where the agent writes the pods it made (PodsFile). */
  podsFile: string;
}

export interface LabPodRecord {
  node: string;
  namespace: string;
  address: string;
  block: string;
}

export interface PodsFile {
  pods: LabPodRecord[];
}

export function readPods(podsFile: string): LabPodRecord[] {
  return existsSync(podsFile) ? (JSON.parse(readFileSync(podsFile, "utf8")) as PodsFile).pods : [];
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

interface CrdView {
  metadata: { name: string };
  status?: { conditions?: Array<{ type: string; status: string }> };
}

async function calicoInstalled(client: KubeClient, crdNames: readonly string[]): Promise<boolean> {
  if ((await calicoNodeEnv(client)) === undefined) return false;
  const crds = await client.list<CrdView>("/apis/apiextensions.k8s.io/v1/customresourcedefinitions");
  const established = new Set(crds.items.filter((c) => c.status?.conditions?.some((k) => k.type === "Established" && k.status === "True")).map((c) => c.metadata.name));
  return crdNames.every((name) => established.has(name));
}

interface PoolObject {
  metadata: { name: string };
  spec: { cidr: string; blockSize?: number; nodeSelector?: string; disabled?: boolean };
}

async function pools(client: KubeClient): Promise<PoolView[]> {
  const list = await client.list<PoolObject>(`${CALICO_CRD_API}/ippools`);
  return list.items.map((p) => ({ name: p.metadata.name, cidr: p.spec.cidr, blockSize: p.spec.blockSize ?? 26, nodeSelector: p.spec.nodeSelector ?? "all()", disabled: p.spec.disabled === true }));
}

/** calico-node's startup: the default pool if there is no pool at all and the DaemonSet allows it. */
async function ensureDefaultPool(client: KubeClient): Promise<void> {
  if ((await pools(client)).length > 0) return;
  const env = await calicoNodeEnv(client);
  const spec = env && defaultPoolSpec(env);
  if (!spec) return;
  try {
    await client.create(`${CALICO_CRD_API}/ippools`, { apiVersion: "crd.projectcalico.org/v1", kind: "IPPool", metadata: { name: "default-ipv4-ippool" }, spec } as KubeObject);
    log(`calico-node startup: no IP pool, created default-ipv4-ippool ${String(spec.cidr)} (ipipMode ${String(spec.ipipMode)})`);
  } catch (error) {
    if (!(error instanceof KubeApiError && error.reason === "AlreadyExists")) throw error;
  }
}

const DAEMONSET_GONE = "daemonset-gone";

/** Resolves once calico-node's DaemonSet no longer exists (kubelet then stops the pod). */
async function daemonSetGone(client: KubeClient, stopping: () => boolean): Promise<string> {
  for (;;) {
    await delay(2000);
    if (stopping()) return DAEMONSET_GONE;
    try {
      if ((await calicoNodeEnv(client)) === undefined) return DAEMONSET_GONE;
    } catch {
      // the apiserver did not answer this time: ask again
    }
  }
}

/** kubelet's restart loop for one node's calico-node stand-in. Resolves the first time it has rendered. */
function superviseCalicoNode(spec: CalicoAgentSpec, client: KubeClient, node: CalicoAgentNode, running: Map<string, CalicoNode>, stopping: () => boolean): Promise<void> {
  return new Promise((firstStart) => {
    void (async () => {
      let attempt = 0;
      while (!stopping()) {
        try {
          if (!(await calicoInstalled(client, spec.crdNames))) {
            await delay(1000);
            continue;
          }
          attempt++;
          await ensureDefaultPool(client);
          await run("ip", ["netns", "exec", node.namespace, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1"]);
          rmSync(node.workDir, { recursive: true, force: true });
          mkdirSync(node.workDir, { recursive: true });
          log(`${node.name}: starting calico-node (confd + BIRD), start ${attempt}`);
          const calico = await startCalicoNode({
            nodeName: node.name, namespace: node.namespace, workDir: node.workDir, kubeconfigPath: spec.kubeconfigPath,
            confdBinary: spec.confdBinary, confdTemplates: spec.confdTemplates, readyTimeoutMs: 120_000,
            tunnel: { local: node.fabricAddress, peers: spec.nodes.filter((other) => other !== node).map((other) => other.fabricAddress) },
          });
          running.set(node.name, calico);
          firstStart();
          const how = await Promise.race([calico.exited, daemonSetGone(client, stopping)]);
          running.delete(node.name);
          await calico.stop();
          if (!stopping()) log(`${node.name}: calico-node ${how === DAEMONSET_GONE ? "stopped: its DaemonSet was deleted (kubelet stops the pod)" : `exited (${how})`}; starting again once Calico is there, in 5 s`);
        } catch (error) {
          if (!stopping()) log(`${node.name}: calico-node did not start: ${message(error)}; restarting in 5 s`);
        }
        await delay(5000);
      }
    })();
  });
}

/** IPAM + CNI for one node: a block from a pool that selects it, then its pods. Returns the pods made. */
async function startPods(client: KubeClient, node: CalicoAgentNode): Promise<LabPodRecord[] | undefined> {
  const nodeObject = await client.get<{ metadata: { labels?: Record<string, string> } }>(`/api/v1/nodes/${node.name}`);
  const candidates = poolsForNode(await pools(client), nodeObject.metadata.labels ?? {});
  if (candidates.length === 0) return undefined;
  const mine = (await allocatedBlocks(client)).get(node.name) ?? [];
  let block = mine[0];
  if (!block) {
    const blocks = await client.list<{ spec: { cidr: string } }>(`${CALICO_CRD_API}/ipamblocks`);
    const claimed = new Set(blocks.items.map((b) => b.spec.cidr));
    for (const pool of candidates) {
      block = pickBlock(pool, node.name, claimed) ?? "";
      if (block) break;
    }
    if (!block) throw new Error(`every block of ${candidates.map((p) => p.cidr).join(", ")} is claimed`);
    const addresses = podAddressesOf(block, node.podNamespaces.length);
    await claimBlock(client, node.name, block, addresses);
    log(`${node.name}: IPAM claimed ${block} for ${addresses.join(", ")}`);
  }
  const addresses = podAddressesOf(block, node.podNamespaces.length);
  const made: LabPodRecord[] = [];
  for (const [k, namespace] of node.podNamespaces.entries()) {
    await createPod(node.namespace, namespace, addresses[k]);
    made.push({ node: node.name, namespace, address: addresses[k], block });
  }
  log(`${node.name}: pods ${addresses.join(", ")} wired`);
  return made;
}

export async function runCalicoAgent(spec: CalicoAgentSpec): Promise<void> {
  const client = new KubeClient(spec.access);
  const running = new Map<string, CalicoNode>();
  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    for (const calico of running.values()) await calico.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stopAll());
  process.on("SIGINT", () => void stopAll());
  const keepAlive = setInterval(() => undefined, 60_000);
  log(`calico agent for ${spec.nodes.map((n) => n.name).join(", ")}: waiting for Calico's DaemonSet and CRDs`);
  const rendered = spec.nodes.map((node) => superviseCalicoNode(spec, client, node, running, () => stopping));
  await Promise.all(rendered);
  // IPAM in one loop, node after node, so two nodes never claim the same block.
  const pods: LabPodRecord[] = [];
  const waiting = new Set(spec.nodes.map((n) => n.name));
  while (waiting.size > 0 && !stopping) {
    for (const node of spec.nodes.filter((n) => waiting.has(n.name))) {
      try {
        const made = await startPods(client, node);
        if (!made) continue;
        pods.push(...made);
        waiting.delete(node.name);
        writeFileSync(`${spec.podsFile}.new`, JSON.stringify({ pods } satisfies PodsFile, null, 2) + "\n");
        renameSync(`${spec.podsFile}.new`, spec.podsFile);
      } catch (error) {
        log(`${node.name}: pods not made yet: ${message(error)}`);
      }
    }
    if (waiting.size > 0) await delay(1000);
  }
  log("every node has its pods");
  void keepAlive;
}

/** Entry point: `node -r ts-node/register/transpile-only lab/stack-lab/calico-agent.ts <spec.json>`. */
if (require.main === module) {
  const spec = JSON.parse(readFileSync(process.argv[2], "utf8")) as CalicoAgentSpec;
  runCalicoAgent(spec).catch((error: unknown) => {
    log(`calico agent failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    process.exit(1);
  });
}
