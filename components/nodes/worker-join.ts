// WorkerJoin: one worker joins the cluster with a token made on the control plane right before,
// in the same resource (join-provider.ts), so that a retried join always has a fresh token.
// Destroy resets the worker (kubeadm reset -f, /etc/kube-fabric removed).

import * as pulumi from "@pulumi/pulumi";
import { KubernetesPlan, NodePlan } from "../plan/plan-types";
import { Credentials } from "../stack-input";
import { NodeSshSecrets, NodeSshTarget, WorkerJoinInputs, workerJoinProvider } from "./join-provider";
import { renderJoinToken } from "./kubeadm-init";
import { renderKubeadmJoin } from "./kubeadm-join";
import { runAsRoot } from "./run-as-root";
import { STEP_PAYLOAD_BEGIN, STEP_PAYLOAD_END } from "./script";
import { renderKubeadmReset } from "./teardown";
import { KUBE_FABRIC_MODULE } from "../../providers/dynamic-types";

export interface WorkerJoinArgs {
  kubernetes: KubernetesPlan;
  controlPlane: NodePlan;
  worker: NodePlan;
  credentials: Credentials;
}

type WorkerJoinResourceInputs = { [K in keyof WorkerJoinInputs]: pulumi.Input<WorkerJoinInputs[K]> };

export function sshTarget(node: NodePlan): NodeSshTarget {
  return { name: node.name, host: node.ssh.host, port: node.ssh.port, user: node.ssh.username, hostKey: node.ssh.hostKey };
}

/** Every input of the join: the scripts rendered and wrapped here, the credentials as one secret. */
export function workerJoinInputs(args: WorkerJoinArgs): WorkerJoinResourceInputs {
  const { credentials, worker } = args;
  if (!credentials.password && !credentials.privateKey) {
    throw new Error(
      `nodes.${worker.name}: no SSH credentials: set the secret config kube-fabric:nodePrivateKey or kube-fabric:nodePassword (pulumi config set --secret ...)`,
    );
  }
  const secrets: pulumi.Output<NodeSshSecrets> = pulumi.secret(
    pulumi.all([credentials.password, credentials.privateKey]).apply(([password, privateKey]) => ({
      ...(password !== undefined ? { password } : {}),
      ...(privateKey !== undefined ? { privateKey } : {}),
    })),
  );
  return {
    controlPlane: sshTarget(args.controlPlane),
    worker: sshTarget(worker),
    credentials: secrets,
    tokenCommand: runAsRoot(renderJoinToken(worker)),
    joinCommand: runAsRoot(renderKubeadmJoin(args.kubernetes, worker)),
    resetCommand: runAsRoot(renderKubeadmReset(worker)),
    payloadBegin: STEP_PAYLOAD_BEGIN,
    payloadEnd: STEP_PAYLOAD_END,
  };
}

export class WorkerJoin extends pulumi.dynamic.Resource {
  /** The join step's changed:/unchanged: lines. */
  declare readonly report: pulumi.Output<string>;

  constructor(name: string, args: WorkerJoinArgs, opts?: pulumi.CustomResourceOptions) {
    super(workerJoinProvider, name, { ...workerJoinInputs(args), report: undefined }, { ...opts, additionalSecretOutputs: ["credentials"] }, KUBE_FABRIC_MODULE, "WorkerJoin");
  }
}
