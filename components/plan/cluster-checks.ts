// Pod and service CIDRs, Calico block size, versions, endpoint and node routes against the fabric.

import { DEFAULT_CALICO_VERSION } from "../../model/calico-release";
import { TopologyConfig } from "./config-types";
import { Prefix, contains, formatPrefix, isIPv4, overlaps, parsePrefix, size, toNumber } from "./ipv4";
import { checkKubernetesRelease } from "./kubernetes-releases";
import { ProblemList } from "../../model/problems";
import { checkUsable } from "./usable-ranges";

/** Calico's IPv4 block size range (IPPool spec.blockSize). */
export const CALICO_BLOCK_SIZE = { min: 20, max: 32 } as const;

export interface ClusterPrefixes {
  podCidr: Prefix | null;
  serviceCidr: Prefix | null;
}

function prefixAt(value: string, path: string, example: string, problems: ProblemList): Prefix | null {
  const parsed = parsePrefix(value);
  if (!parsed.ok) {
    problems.add(path, `'${value.replace(/[^\x20-\x7e]/g, "?")}' ${parsed.reason}`, `write a prefix, e.g. ${example}`);
    return null;
  }
  return checkUsable(parsed.prefix, path, example, problems) ? parsed.prefix : null;
}

export function checkCluster(
  config: TopologyConfig,
  fabricPrefixes: { prefix: Prefix; what: string }[],
  maxNodeId: number,
  problems: ProblemList,
): ClusterPrefixes {
  const k8s = config.kubernetes;
  const podCidr = prefixAt(k8s.podCidr, "topology.kubernetes.podCidr", "10.66.0.0/16", problems);
  const serviceCidr = prefixAt(k8s.serviceCidr, "topology.kubernetes.serviceCidr", "10.96.0.0/12", problems);

  const release = checkKubernetesRelease(k8s.version);
  if (!release.ok) problems.add("topology.kubernetes.version", release.reason, release.fix);
  const calicoVersion = config.calico.version ?? DEFAULT_CALICO_VERSION;
  if (!/^v?\d+\.\d+\.\d+$/.test(calicoVersion)) {
    problems.add("topology.calico.version", `'${calicoVersion.replace(/[^\x20-\x7e]/g, "?")}' is not a Calico release`, `write a release such as ${DEFAULT_CALICO_VERSION}`);
  }

  if (k8s.blockSize < CALICO_BLOCK_SIZE.min || k8s.blockSize > CALICO_BLOCK_SIZE.max) {
    problems.add(
      "topology.kubernetes.blockSize",
      `/${k8s.blockSize} is outside Calico's IPv4 block size range`,
      `use ${CALICO_BLOCK_SIZE.min} to ${CALICO_BLOCK_SIZE.max} (24 gives each node 256 pod addresses)`,
    );
  } else if (podCidr) {
    if (k8s.blockSize < podCidr.length) {
      problems.add("topology.kubernetes.blockSize", `/${k8s.blockSize} blocks do not fit in the pod CIDR ${k8s.podCidr}`, `use a block size of at least ${podCidr.length}`);
    } else if (2 ** (k8s.blockSize - podCidr.length) < maxNodeId) {
      problems.add(
        "topology.kubernetes.podCidr",
        `${k8s.podCidr} holds ${2 ** (k8s.blockSize - podCidr.length)} /${k8s.blockSize} blocks, but node ids go up to ${maxNodeId}`,
        "use a larger pod CIDR or a longer block size",
      );
    }
  }

  if (podCidr && serviceCidr && overlaps(podCidr, serviceCidr)) {
    problems.add("topology.kubernetes.podCidr", `${k8s.podCidr} overlaps the service CIDR ${k8s.serviceCidr}`, "pick two separate prefixes (the reference lab, Pulumi.dev.yaml: pods 10.66.0.0/16, services 10.96.0.0/12)");
  }
  for (const [prefix, key] of [
    [podCidr, "podCidr"],
    [serviceCidr, "serviceCidr"],
  ] as const) {
    if (!prefix) continue;
    const clash = fabricPrefixes.find((f) => overlaps(prefix, f.prefix));
    if (clash) {
      problems.add(`topology.kubernetes.${key}`, `${formatPrefix(prefix)} overlaps the fabric (${clash.what}, ${formatPrefix(clash.prefix)})`, "move it out of the fabric's address space");
    }
  }

  if (k8s.controlPlaneEndpoint !== undefined) {
    const endpoint = k8s.controlPlaneEndpoint;
    if (!isIPv4(endpoint)) {
      problems.add("topology.kubernetes.controlPlaneEndpoint", `'${endpoint.replace(/[^\x20-\x7e]/g, "?")}' is not an IPv4 address`, "write an address, e.g. 10.0.11.1 (or leave it out to use the control-plane node's fabric address)");
    } else if (!checkUsable({ network: toNumber(endpoint), length: 32 }, "topology.kubernetes.controlPlaneEndpoint", "10.0.11.1", problems)) {
      // reported
    } else if ((podCidr && contains(podCidr, toNumber(endpoint))) || (serviceCidr && contains(serviceCidr, toNumber(endpoint)))) {
      problems.add("topology.kubernetes.controlPlaneEndpoint", `${endpoint} lies inside the pod or service CIDR`, "use the control-plane node's fabric address");
    }
  }

  if (config.ospf?.area !== undefined && !isIPv4(config.ospf.area)) {
    problems.add("topology.ospf.area", `'${config.ospf.area.replace(/[^\x20-\x7e]/g, "?")}' is not a dotted area id`, "write the area as dotted decimal, e.g. 0.0.0.0");
  }
  return { podCidr, serviceCidr };
}

/** A node's fabric route must carry traffic to the whole fabric and to pods on other nodes. */
export function checkFabricRoute(
  route: string,
  path: string,
  mustCover: { prefix: Prefix; what: string }[],
  problems: ProblemList,
): void {
  if (route === "default") return;
  const parsed = parsePrefix(route);
  if (!parsed.ok) {
    problems.add(path, `'${route.replace(/[^\x20-\x7e]/g, "?")}' ${parsed.reason}`, "write `default` or a prefix such as 10.0.0.0/8");
    return;
  }
  const outside = mustCover.find((m) => !(contains(parsed.prefix, m.prefix.network) && contains(parsed.prefix, m.prefix.network + size(m.prefix) - 1)));
  if (outside) {
    problems.add(path, `${route} does not cover ${outside.what} (${formatPrefix(outside.prefix)}): that traffic would leave by the node's other default route`, "widen the route (the reference lab, Pulumi.dev.yaml, uses 10.0.0.0/8) or use `default`");
  }
}
