// One step of the Calico migration chain as a Pulumi resource (a dynamic resource whose provider is
// steps/provider.ts, loaded at call time so the state holds a path, not code). Its secrets (logins,
// kubeconfig) are Pulumi secrets, kept out of plain state and diffs.
import * as pulumi from "@pulumi/pulumi";
import { KUBE_FABRIC_MODULE, keepUnnamedUrn } from "../../../providers/dynamic-types";
import { makeSerialisableProvider } from "../../../providers/switch/implementation-loader";
import type { StepInputs } from "./types";

const stepProvider = makeSerialisableProvider(require.resolve("./provider"), "calicoStepProvider");

/** Secret input properties of the steps. */
const SECRET_PROPERTIES = ["credentials", "kubeconfig"];

/** Each step's inputs, the kind plain (it names the resource type). */
type Inputs<T> = { [K in keyof T]: K extends "kind" ? T[K] : pulumi.Input<T[K]> };

/** The resource type of each kind of step. */
const STEP_TYPES: Record<StepInputs["kind"], string> = {
  bridges: "LeafBridges",
  "leaf-gate": "LeafGate",
  "node-gate": "NodeGate",
  "peers-withdrawn": "PeersWithdrawn",
};

export class MigrationStepResource extends pulumi.dynamic.Resource {
  declare readonly kind: pulumi.Output<string>;

  constructor(name: string, inputs: Inputs<StepInputs>, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = { ...inputs };
    for (const key of SECRET_PROPERTIES) if (props[key] !== undefined) props[key] = pulumi.secret(props[key] as pulumi.Input<unknown>);
    const options = pulumi.mergeOptions(keepUnnamedUrn(opts), { additionalSecretOutputs: SECRET_PROPERTIES });
    super(stepProvider, name, props, options, KUBE_FABRIC_MODULE, STEP_TYPES[inputs.kind]);
  }
}
