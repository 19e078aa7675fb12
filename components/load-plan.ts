// Builds the plan at program start; a bad config fails `pulumi preview` with one line per problem
// (as a RunError: no stack trace), before any resource is registered.

import * as pulumi from "@pulumi/pulumi";
import { readCalicoClusterState } from "./calico/cluster-state";
import { buildPlan } from "./plan/build-plan";
import { CalicoClusterState } from "./plan/calico-plan";
import { FabricPlan } from "./plan/plan-types";
import { PlanValidationError } from "../model/problems";
import { StackInput } from "./stack-input";

export function loadPlan(input: StackInput, calicoCluster?: CalicoClusterState): FabricPlan {
  try {
    return buildPlan({ topology: input.topology, secrets: input.secrets, calicoCluster });
  } catch (error) {
    if (error instanceof PlanValidationError) throw new pulumi.RunError(error.message);
    throw error;
  }
}

/** The Calico stage's view of the cluster (pools, allocated blocks), read with the kubeconfig; undefined without the stage. */
export async function readCalicoCluster(input: StackInput): Promise<CalicoClusterState | undefined> {
  const calico = (input.topology as { calico?: { routing?: unknown } } | null)?.calico;
  if (calico?.routing === undefined || !input.kubeconfig) return undefined;
  const kubeconfig = await new Promise<string>((resolve) => (input.kubeconfig as pulumi.Output<string>).apply(resolve));
  try {
    return await readCalicoClusterState(kubeconfig);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new pulumi.RunError(`kube-fabric: cannot read Calico's pools and blocks from the cluster (${reason}): check the secret kube-fabric:kubeconfig and that its API server is reachable`);
  }
}
