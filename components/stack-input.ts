// Reads the stack config: the topology as plain data, the credentials as Pulumi secrets.
// Nothing secret enters the plan; the plan only learns which secrets are present.

import * as pulumi from "@pulumi/pulumi";
import { SecretPresence } from "./plan/config-types";

export interface Credentials {
  password?: pulumi.Output<string>;
  privateKey?: pulumi.Output<string>;
}

export interface StackInput {
  topology: unknown;
  secrets: SecretPresence;
  switchCredentials: Credentials;
  nodeCredentials: Credentials;
  /** kubernetes.provision existing: the cluster's admin kubeconfig (secret kube-fabric:kubeconfig). */
  kubeconfig?: pulumi.Output<string>;
}

export function readStackInput(config: pulumi.Config = new pulumi.Config("kube-fabric")): StackInput {
  const secret = (key: string) => config.getSecret(key);
  const switchCredentials = { password: secret("switchPassword"), privateKey: secret("switchPrivateKey") };
  const nodeCredentials = { password: secret("nodePassword"), privateKey: secret("nodePrivateKey") };
  return {
    topology: config.requireObject<unknown>("topology"),
    secrets: {
      switchPassword: switchCredentials.password !== undefined,
      switchPrivateKey: switchCredentials.privateKey !== undefined,
      nodePassword: nodeCredentials.password !== undefined,
      nodePrivateKey: nodeCredentials.privateKey !== undefined,
      kubeconfig: config.getSecret("kubeconfig") !== undefined,
    },
    switchCredentials,
    nodeCredentials,
    kubeconfig: secret("kubeconfig"),
  };
}
