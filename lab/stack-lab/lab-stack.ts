// The `lab` stack: the source stack's topology with the lab's endpoints (127.0.0.1:<port>, pinned
// host keys, the lab's login), FRR for every switch, and `kubernetes.provision: existing` (no
// Kubernetes can be fetched here). Its secrets (the lab's client key) go in with
// `pulumi config set --secret` under a passphrase the lab generated, stored in its state directory.

import { randomBytes } from "crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "fs";
import { parse, stringify } from "yaml";
import { LabPulumi, pulumiOk } from "./pulumi-cli";
import { LabEndpoint } from "./state";

export const LAB_STACK_MARKER = "# Written by `npm run lab:up`";

type Mapping = Record<string, unknown>;

function endpointOf(endpoints: readonly LabEndpoint[], name: string): LabEndpoint {
  const found = endpoints.find((e) => e.name === name);
  if (!found) throw new Error(`internal: the lab has no endpoint for ${name}`);
  return found;
}

/** The source topology (raw stack config) rewritten for the lab. Pure. */
export interface LabCalico {
  /** The cluster the lab started: what the program takes Calico over from. */
  start: "fresh" | "defaults";
  /** The release's calico.yaml on this machine (the lab has no internet), unless the stack names one. */
  manifest: string;
}

/** A VM lab: nodes are VMs that kubeadm runs on for real, fed from the lab's depot as an air-gapped site. */
export interface LabVmNodes {
  /** kubernetes.packageRepository: the depot's apt repository of the Kubernetes packages. */
  packageRepository: string;
  /** kubernetes.registryMirrors: every registry the cluster pulls from, to the depot. */
  registryMirrors: Record<string, string[]>;
  /** kubernetes.apiAccess: the forwarder to the control plane's API server. */
  apiAccess: { host: string; port: number };
}

export function labTopology(source: unknown, endpoints: readonly LabEndpoint[], calico?: LabCalico, vm?: LabVmNodes): Mapping {
  const topology = structuredClone(source) as Mapping;
  if (calico) {
    const stackCalico = topology.calico as Mapping;
    // Namespace nodes run no kubelet: calico-node and calico-kube-controllers never roll out there.
    const rollout = vm ? {} : { awaitRollout: false };
    topology.calico = { ...stackCalico, start: calico.start, manifest: stackCalico.manifest ?? calico.manifest, ...rollout };
  }
  const ssh = (name: string) => {
    const e = endpointOf(endpoints, name);
    return { host: e.host, port: e.port, hostKey: e.hostKey };
  };
  for (const list of ["spines", "leaves"] as const) {
    for (const device of (topology[list] as Mapping[] | undefined) ?? []) {
      device.dialect = "frr";
      device.mgmt = ssh(device.name as string);
    }
  }
  for (const node of (topology.nodes as Mapping[] | undefined) ?? []) {
    const endpoint = endpointOf(endpoints, node.name as string);
    node.ssh = { ...ssh(node.name as string), ...(vm ? { username: endpoint.user } : {}) };
  }
  const user = endpoints.find((e) => e.kind === "switch")?.user ?? endpoints[0]?.user ?? "root";
  topology.credentials = { switchUsername: user, nodeUsername: user };
  topology.kubernetes = vm
    ? { ...(topology.kubernetes as Mapping), provision: "kubeadm", apiAccess: vm.apiAccess, packageRepository: { url: vm.packageRepository }, registryMirrors: vm.registryMirrors }
    : { ...(topology.kubernetes as Mapping), provision: "existing" };
  const options = topology.switchOptions as Mapping | undefined;
  if (options) {
    // EOS's commit timer has no FRR counterpart.
    delete options.commitConfirmSeconds;
    if (Object.keys(options).length === 0) delete topology.switchOptions;
  }
  return topology;
}

/**
 * The Calico tier a stack asks the lab for: a stack with calico settings (topology.calico.routing)
 * gets one, started as its calico.start says (fresh unless set) or as `startOverride` says. Pure.
 */
export function calicoLabStart(topology: unknown, startOverride?: "fresh" | "defaults"): "fresh" | "defaults" | undefined {
  const calico = ((topology ?? {}) as Mapping).calico as Mapping | undefined;
  if (calico?.routing === undefined) {
    if (startOverride) throw new Error(`--calico-start ${startOverride}: the stack has no calico settings (topology.calico.routing: overlay | tor)`);
    return undefined;
  }
  return startOverride ?? (calico.start === "defaults" ? "defaults" : "fresh");
}

export function readStackTopology(stackFile: string): unknown {
  const document = parse(readFileSync(stackFile, "utf8")) as { config?: Mapping } | null;
  const topology = document?.config?.["kube-fabric:topology"];
  if (topology === undefined) throw new Error(`${stackFile} has no kube-fabric:topology`);
  return topology;
}

/** A stack file lab:up may replace: missing, or written by lab:up itself. */
export function isLabWritten(stackFile: string): boolean {
  return !existsSync(stackFile) || readFileSync(stackFile, "utf8").startsWith(LAB_STACK_MARKER);
}

export function newPassphrase(): string {
  return randomBytes(24).toString("base64url");
}

/**
 * Creates the stack in the lab's backend, writes Pulumi.<stack>.yaml (header, encryption salt,
 * topology) and sets the client key as both secrets.
 */
export function writeLabStack(cli: LabPulumi, stackFile: string, topology: Mapping, sourceStack: string, clientPrivateKey: string): void {
  rmSync(stackFile, { force: true });
  pulumiOk(cli, ["stack", "init", cli.stack, "--secrets-provider", "passphrase", "--non-interactive"]);
  const salt = (parse(readFileSync(stackFile, "utf8")) as { encryptionsalt?: string }).encryptionsalt;
  if (!salt) throw new Error(`pulumi stack init wrote no encryptionsalt into ${stackFile}`);
  const header = [
    `${LAB_STACK_MARKER} from Pulumi.${sourceStack}.yaml for the local lab; \`npm run lab:down\` removes it.`,
    "# Switches run FRR here whatever the source says; endpoints are the lab's sshds on 127.0.0.1.",
    "# Secrets use the passphrase in the lab's state directory (PULUMI_CONFIG_PASSPHRASE_FILE).",
  ];
  writeFileSync(stackFile, [...header, stringify({ encryptionsalt: salt, config: { "kube-fabric:topology": topology } }, { lineWidth: 0 })].join("\n"));
  for (const key of ["kube-fabric:switchPrivateKey", "kube-fabric:nodePrivateKey"]) {
    pulumiOk(cli, ["config", "set", "--secret", key, "--stack", cli.stack, "--non-interactive"], clientPrivateKey);
  }
}
