// The Calico stage's plan (pure): whether it runs, which pools it owns and which pod blocks each node
// announces, so the leaves accept exactly those. Two paths:
//   - start fresh: no Calico yet; one pool per node, pinned to it by a node selector, the whole pool
//     one block (the node's planned podBlock): Calico's IPAM can give the node nothing else.
//   - start defaults: Calico already runs its defaults; its pool is kept and each node announces the
//     blocks Calico's IPAM has already given it (read from the cluster at program time: CalicoClusterState).
import { CalicoRouting, CalicoStart, KubernetesProvision, SecretPresence, TopologyConfig } from "./config-types";
import { covers, formatPrefix, parsePrefix, toNumber } from "./ipv4";
import { ProblemList } from "../../model/problems";
import { calicoManifestUrl, DEFAULT_CALICO_VERSION } from "../../model/calico-release";

/** Calico's own default cluster AS (BGPConfiguration asNumber): the mesh runs on it. */
export const CALICO_CLUSTER_AS = 64512;
/** The prefix of the pools kube-fabric pins to nodes (fresh path). */
export const PINNED_POOL_PREFIX = "kube-fabric-";

/** Calico's pools and confirmed block affinities as the cluster has them, read before the plan is built. */
export interface CalicoClusterState {
  pools: ReadonlyArray<{ name: string; cidr: string; blockSize: number }>;
  blocks: ReadonlyArray<{ node: string; cidr: string }>;
}

export interface CalicoPoolPlan {
  name: string;
  cidr: string;
  blockSize: number;
  /** Calico selector: `all()` or the node the pool is pinned to. */
  nodeSelector: string;
  /** The pool existed before kube-fabric (defaults path): taken over, never deleted. */
  adopted: boolean;
}

/** How long a gate polls by default before it stops the chain. */
export const DEFAULT_GATE_TIMEOUT_SECONDS = 300;

export interface CalicoStagePlan {
  routing: CalicoRouting;
  /** The release's calico.yaml: a file or URL. */
  manifest: string;
  gateTimeoutSeconds: number;
  /** calico.awaitRollout: the install waits for calico-node and calico-kube-controllers to roll out. */
  awaitRollout: boolean;
  start: CalicoStart;
  pools: CalicoPoolPlan[];
  clusterAs: number;
  /** Announced by every node at tor (BGPConfiguration serviceClusterIPs) and accepted by the leaves. */
  serviceCidr: string;
}

export interface CalicoPlanInput {
  config: TopologyConfig;
  provision: KubernetesProvision;
  secrets: SecretPresence;
  /** Each node's planned block (fresh path), by node name. */
  plannedBlocks: ReadonlyMap<string, string>;
  state?: CalicoClusterState;
}

export interface CalicoPlanResult {
  stage: CalicoStagePlan | null;
  /** What each node announces and its leaf accepts (besides the services). */
  podBlocks: Map<string, string[]>;
}

const byAddress = (a: string, b: string) => toNumber(a.split("/")[0]) - toNumber(b.split("/")[0]) || a.localeCompare(b);

export function pinnedSelector(node: string): string {
  return `kubernetes.io/hostname == "${node}"`;
}

/** kubelet's default maxPods (kubeadm keeps it): at most this many pods, so pod /32s, on one node. */
export const MAX_PODS_PER_NODE = 110;
/** Service routes a node may announce: the service CIDR, and a /32 per externalTrafficPolicy Local service it serves. */
export const SERVICE_ROUTES = 1 + 256;

/**
 * The most routes a node can announce and be right (its leaf's maximum-routes): a block for each
 * block its pools can give it, a /32 for every pod it can run (a pod whose address is borrowed from
 * another node's block), and the service routes. Over it, something is wrong with the node, and the
 * leaf closes its session rather than fill its table.
 */
export function nodeRouteLimit(pools: readonly CalicoPoolPlan[], accepted: readonly string[]): number {
  const blocks = accepted.reduce((sum, prefix) => {
    const pool = pools.find((p) => p.cidr === prefix);
    return sum + (pool ? 2 ** Math.max(0, pool.blockSize - Number(prefix.split("/")[1])) : 1);
  }, 0);
  return blocks + MAX_PODS_PER_NODE + SERVICE_ROUTES;
}

/**
 * What a node's leaf accepts from it (each `le 32`): the pools Calico may allocate the node's blocks
 * from, so a block allocated after this plan was made (a node filled its block) and a /32 the node
 * borrowed from another block are accepted the moment BIRD announces them, with no `pulumi up`; and
 * any block the node holds outside them. Fresh: the node's pinned pool; defaults: the cluster's pool.
 */
export function acceptedPodPrefixes(pools: readonly CalicoPoolPlan[], node: string, blocks: readonly string[]): string[] {
  const selecting = pools.filter((pool) => pool.nodeSelector === "all()" || pool.nodeSelector === pinnedSelector(node)).map((pool) => pool.cidr);
  const within = (block: string) =>
    selecting.some((cidr) => {
      const outer = parsePrefix(cidr);
      const inner = parsePrefix(block);
      return outer.ok && inner.ok && covers(outer.prefix, inner.prefix);
    });
  return [...selecting, ...blocks.filter((block) => !within(block))];
}

export function planCalico(input: CalicoPlanInput, problems: ProblemList): CalicoPlanResult {
  const { config, plannedBlocks, state } = input;
  const planned = new Map([...plannedBlocks].map(([node, block]) => [node, [block]]));
  const routing = config.calico.routing;
  if (routing === undefined) {
    if (config.calico.start !== undefined) {
      problems.add("topology.calico.start", "is only read when the Calico stage runs", "set calico.routing (tor or overlay), or leave calico.start out");
    }
    return { stage: null, podBlocks: planned };
  }
  const start = config.calico.start ?? "fresh";
  if (input.provision === "kubeadm" && start !== "fresh") {
    problems.add("topology.calico.start", "a cluster kube-fabric builds with kubeadm starts without a CNI: there are no Calico defaults to take over", "leave calico.start out (fresh), or use kubernetes.provision: existing for a cluster already on Calico's defaults");
    return { stage: null, podBlocks: planned };
  }
  // A kubeadm-built cluster's admin kubeconfig comes from kubeadm init; an existing one's from the secret.
  if (input.provision === "existing" && input.secrets.kubeconfig !== true) {
    problems.add("topology.calico.routing", "the Calico stage needs the cluster's admin kubeconfig", "pulumi config set --secret kube-fabric:kubeconfig \"$(cat admin.conf)\"");
  }
  if (start === "fresh" && routing === "overlay") {
    problems.add("topology.calico.routing", "overlay is Calico's defaults, which a fresh install never goes through", "set routing: tor, or start: defaults for a cluster already on Calico's defaults");
  }
  const version = (config.calico.version ?? DEFAULT_CALICO_VERSION).replace(/^v/, "");
  const base = {
    routing,
    start,
    manifest: config.calico.manifest ?? (/^\d+\.\d+\.\d+$/.test(version) ? calicoManifestUrl(version) : ""),
    gateTimeoutSeconds: config.calico.gateTimeoutSeconds ?? DEFAULT_GATE_TIMEOUT_SECONDS,
    awaitRollout: config.calico.awaitRollout ?? true,
    clusterAs: CALICO_CLUSTER_AS,
    serviceCidr: config.kubernetes.serviceCidr,
  };

  if (start === "fresh") {
    const foreign = (state?.pools ?? []).filter((pool) => !pool.name.startsWith(PINNED_POOL_PREFIX));
    if (foreign.length > 0) {
      problems.add(
        "topology.calico.start",
        `the cluster already runs Calico (pool ${foreign.map((p) => `${p.name} ${p.cidr}`).join(", ")})`,
        "set calico.start: defaults to take it over and move it",
      );
    }
    const pools = [...plannedBlocks].map(([node, block]) => ({
      name: `${PINNED_POOL_PREFIX}${node}`,
      cidr: block,
      blockSize: Number(block.split("/")[1]),
      nodeSelector: pinnedSelector(node),
      adopted: false,
    }));
    return { stage: { ...base, pools }, podBlocks: planned };
  }

  // start: defaults — the cluster's own pool and the blocks its IPAM handed out.
  if (!state) {
    problems.add("topology.calico.start", "defaults needs Calico's pools and blocks read from the cluster, and none were read", "set the secret kube-fabric:kubeconfig so kube-fabric can read them");
    return { stage: null, podBlocks: planned };
  }
  const podCidr = parsePrefix(config.kubernetes.podCidr);
  const pool = state.pools.find((p) => p.cidr === config.kubernetes.podCidr);
  if (!pool || !podCidr.ok) {
    problems.add(
      "topology.kubernetes.podCidr",
      `the cluster's Calico pools are ${state.pools.map((p) => `${p.name} ${p.cidr}`).join(", ") || "none"}; none is ${config.kubernetes.podCidr}`,
      "set podCidr to the CIDR of the pool the pods are in",
    );
    return { stage: null, podBlocks: planned };
  }
  const inside = (cidr: string) => {
    const parsed = parsePrefix(cidr);
    return parsed.ok && covers(podCidr.prefix, parsed.prefix);
  };
  const podBlocks = new Map<string, string[]>([...plannedBlocks.keys()].map((node) => [node, []]));
  for (const block of state.blocks.filter((b) => inside(b.cidr))) {
    const blocks = podBlocks.get(block.node);
    if (!blocks) {
      problems.add(
        "topology.nodes",
        `Calico gave node '${block.node}' the block ${block.cidr}, but the topology has no such node (the leaves would not accept it)`,
        "add the node to topology.nodes",
      );
      continue;
    }
    const parsed = parsePrefix(block.cidr);
    if (parsed.ok && !blocks.includes(formatPrefix(parsed.prefix))) blocks.push(formatPrefix(parsed.prefix));
  }
  for (const blocks of podBlocks.values()) blocks.sort(byAddress);
  const pools = [{ name: pool.name, cidr: pool.cidr, blockSize: pool.blockSize, nodeSelector: "all()", adopted: true }];
  return { stage: { ...base, pools }, podBlocks };
}
