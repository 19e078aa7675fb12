// Node bootstrap: one NodeBootstrap per node, its steps as @pulumi/command remote commands over
// SSH, in this order (each waits for the ones before it):
//
//   os-check → hostname (+ /etc/hosts) → netplan → swap ┐
//                                              └ kernel-modules → sysctl ┴→ containerd → kube-packages
//
// The scripts come from components/nodes/ (pure, tested without I/O); this file only wires them.

import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { KubernetesPlan, NodePlan } from "./plan/plan-types";
import { Credentials } from "./stack-input";
import { renderContainerd } from "./nodes/containerd";
import { hostsEntries, renderHostname } from "./nodes/hostname";
import { renderKernelModules } from "./nodes/kernel-modules";
import { renderKubePackages } from "./nodes/kube-packages";
import { renderNetplan } from "./nodes/netplan";
import { renderOsCheck } from "./nodes/os-check";
import { rootStdin, runAsRoot } from "./nodes/run-as-root";
import { StepScript } from "./nodes/script";
import { renderSwapOff } from "./nodes/swap";
import { renderSysctl } from "./nodes/sysctl";
import { renderReleaseHolds } from "./nodes/teardown";

/** Seconds for one SSH dial attempt, and how many failed dials end the step. */
export const SSH_PER_DIAL_TIMEOUT_SECONDS = 15;
export const SSH_DIAL_ERROR_LIMIT = 4;

/**
 * The SSH connection to a node: its management address, the pinned host key (@pulumi/command
 * 1.2.1 checks `hostKey` against the key the server presents and refuses a mismatch), and the
 * credentials as secrets.
 */
export function nodeConnection(node: NodePlan, credentials: Credentials): command.types.input.remote.ConnectionArgs {
  if (!credentials.password && !credentials.privateKey) {
    throw new Error(
      `nodes.${node.name}: no SSH credentials: set the secret config kube-fabric:nodePrivateKey or kube-fabric:nodePassword (pulumi config set --secret ...)`,
    );
  }
  return {
    host: node.ssh.host,
    port: node.ssh.port,
    user: node.ssh.username,
    hostKey: node.ssh.hostKey,
    ...(credentials.privateKey ? { privateKey: pulumi.secret(credentials.privateKey) } : {}),
    ...(credentials.password ? { password: pulumi.secret(credentials.password) } : {}),
    perDialTimeout: SSH_PER_DIAL_TIMEOUT_SECONDS,
    dialErrorLimit: SSH_DIAL_ERROR_LIMIT,
  };
}

export interface RemoteStepArgs {
  connection: command.types.input.remote.ConnectionArgs;
  credentials: Credentials;
  /** The step prints a secret (a token, a kubeconfig): keep stdout secret and out of the logs. */
  secretStdout?: boolean;
  /** What `pulumi destroy` runs for this step (components/nodes/teardown.ts), as root like the step. */
  onDelete?: StepScript;
}

/** One step on one node: runs the script as root (directly or through sudo); stdin carries only secrets. */
export function remoteStep(name: string, step: StepScript, args: RemoteStepArgs, opts: pulumi.CustomResourceOptions): command.remote.Command {
  // Only the sudo password travels on stdin here; the join's token goes through WorkerJoin (nodes/worker-join.ts).
  const stdin = args.credentials.password !== undefined ? pulumi.secret(args.credentials.password.apply((p) => rootStdin(p, undefined) ?? "")) : undefined;
  return new command.remote.Command(
    name,
    {
      connection: args.connection,
      create: runAsRoot(step),
      ...(args.onDelete ? { delete: runAsRoot(args.onDelete) } : {}),
      ...(stdin ? { stdin } : {}),
      logging: args.secretStdout ? "stderr" : "stdoutAndStderr",
      // The previous stdout may be a token or a kubeconfig: never hand it to the next run.
      addPreviousOutputInEnv: false,
    },
    { ...opts, additionalSecretOutputs: args.secretStdout ? ["stdout"] : [] },
  );
}

export interface NodeBootstrapArgs {
  node: NodePlan;
  /** Every node of the plan: each gets a line in this node's /etc/hosts. */
  nodes: readonly NodePlan[];
  kubernetes: KubernetesPlan;
  credentials: Credentials;
  /** What must be in place before the first step (none is needed for the bootstrap itself). */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export type BootstrapStepName = "os-check" | "hostname" | "netplan" | "swap" | "kernel-modules" | "sysctl" | "containerd" | "kube-packages";

export class NodeBootstrap extends pulumi.ComponentResource {
  readonly nodeName: string;
  readonly steps: Readonly<Record<BootstrapStepName, command.remote.Command>>;
  /** The last step: whatever needs this node fully prepared depends on it. */
  readonly ready: command.remote.Command;

  constructor(name: string, args: NodeBootstrapArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kube-fabric:nodes:NodeBootstrap", name, {}, opts);
    const { node } = args;
    this.nodeName = node.name;
    const remote = { connection: nodeConnection(node, args.credentials), credentials: args.credentials };
    const step = (script: StepScript, after: pulumi.Input<pulumi.Resource>[], onDelete?: StepScript) =>
      remoteStep(`${node.name}-${script.step}`, script, { ...remote, ...(onDelete ? { onDelete } : {}) }, { parent: this, dependsOn: after });

    const osCheck = step(renderOsCheck(), args.dependsOn ?? []);
    const hostname = step(renderHostname(node.name, hostsEntries(args.nodes)), [osCheck]);
    const netplan = step(renderNetplan(node), [hostname]);
    const swap = step(renderSwapOff(), [netplan]);
    const kernelModules = step(renderKernelModules(), [netplan]);
    const sysctl = step(renderSysctl(), [kernelModules]);
    const containerd = step(renderContainerd(args.kubernetes), [swap, sysctl]);
    // Destroyed after the cluster steps that depend on it: the holds go once kubeadm has reset the node.
    const kubePackages = step(renderKubePackages(args.kubernetes), [containerd], renderReleaseHolds());

    this.steps = {
      "os-check": osCheck,
      hostname,
      netplan,
      swap,
      "kernel-modules": kernelModules,
      sysctl,
      containerd,
      "kube-packages": kubePackages,
    };
    this.ready = kubePackages;
    this.registerOutputs({ nodeName: this.nodeName });
  }
}
