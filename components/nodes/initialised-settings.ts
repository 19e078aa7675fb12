// What `kubeadm init` fixed for the life of the cluster (pod CIDR, service CIDR, control-plane
// endpoint) and the Kubernetes release the nodes run, recorded in the state once the control plane
// is initialised. Its provider's check runs in `pulumi preview` as well as in `pulumi up`: a plan
// that changes any of them is refused there, naming the field, the recorded value and the fix,
// before anything is touched. (The node steps refuse the same changes again, as a second line.)
//
// The provider is serialised into the state by value: it and the rule it calls use nothing but
// their arguments.

import * as pulumi from "@pulumi/pulumi";
import type { KubernetesPlan } from "../plan/plan-types";
import { KUBE_FABRIC_MODULE } from "../../providers/dynamic-types";

export interface InitialisedSettings {
  podCidr: string;
  serviceCidr: string;
  controlPlaneEndpoint: string;
  version: string;
}

export interface RefusedChange {
  /** The input property, as the engine prints it. */
  property: keyof InitialisedSettings;
  reason: string;
}

/** Each recorded setting the plan changes, with the message a user acts on; none when olds are absent (not initialised yet). */
export function refusedSettingChanges(recorded: Partial<InitialisedSettings> | undefined, planned: InitialisedSettings): RefusedChange[] {
  if (!recorded) return [];
  const fixed: Array<[keyof Omit<InitialisedSettings, "version">, string]> = [
    ["podCidr", "the pod CIDR"],
    ["serviceCidr", "the service CIDR"],
    ["controlPlaneEndpoint", "the control-plane endpoint"],
  ];
  const refused: RefusedChange[] = [];
  for (const [key, what] of fixed) {
    const was = recorded[key];
    if (was === undefined || was === planned[key]) continue;
    refused.push({
      property: key,
      reason:
        `topology.kubernetes.${key}: the cluster was initialised with ${was}; the plan now says ${planned[key]}. ` +
        `kubeadm never changes ${what} of a running cluster, and kube-fabric does not either: set topology.kubernetes.${key} back to ${was}, ` +
        `or pulumi destroy and create the cluster again`,
    });
  }
  if (recorded.version !== undefined && recorded.version !== planned.version) {
    refused.push({
      property: "version",
      reason:
        `topology.kubernetes.version: the cluster runs Kubernetes ${recorded.version}; the plan now says ${planned.version}. ` +
        `kube-fabric does not upgrade or downgrade a running cluster (no kubeadm upgrade): set topology.kubernetes.version back to ${recorded.version}, ` +
        `or pulumi destroy and create the cluster again`,
    });
  }
  return refused;
}

const SETTING_KEYS: ReadonlyArray<keyof InitialisedSettings> = ["podCidr", "serviceCidr", "controlPlaneEndpoint", "version"];

function settingsOf(bag: Record<string, unknown>): InitialisedSettings {
  const value = (key: keyof InitialisedSettings): string => (typeof bag[key] === "string" ? (bag[key] as string) : "");
  return { podCidr: value("podCidr"), serviceCidr: value("serviceCidr"), controlPlaneEndpoint: value("controlPlaneEndpoint"), version: value("version") };
}

export const initialisedSettingsProvider: pulumi.dynamic.ResourceProvider = {
  // olds are the recorded inputs (empty on create): a change of any of them fails the check, in preview too.
  async check(olds, news) {
    const recorded = olds && typeof olds.podCidr === "string" ? settingsOf(olds) : undefined;
    const failures = refusedSettingChanges(recorded, settingsOf(news));
    return { inputs: news, failures };
  },
  async diff(_id, olds, news) {
    return { changes: SETTING_KEYS.some((key) => olds[key] !== news[key]) };
  },
  async create(inputs) {
    return { id: "initialised-settings", outs: inputs };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
  async delete() {
    // Nothing on a node: the record goes with the cluster (destroy resets the control plane).
  },
};

export function initialisedSettings(kubernetes: KubernetesPlan): InitialisedSettings {
  return {
    podCidr: kubernetes.podCidr,
    serviceCidr: kubernetes.serviceCidr,
    controlPlaneEndpoint: kubernetes.controlPlaneEndpoint,
    version: kubernetes.version,
  };
}

/** Create it after kubeadm init succeeded: from then on, the values above are refused to change. */
export class InitialisedSettingsRecord extends pulumi.dynamic.Resource {
  declare readonly podCidr: pulumi.Output<string>;
  declare readonly serviceCidr: pulumi.Output<string>;
  declare readonly controlPlaneEndpoint: pulumi.Output<string>;
  declare readonly version: pulumi.Output<string>;

  constructor(name: string, kubernetes: KubernetesPlan, opts?: pulumi.CustomResourceOptions) {
    super(initialisedSettingsProvider, name, { ...initialisedSettings(kubernetes) }, opts, KUBE_FABRIC_MODULE, "InitialisedSettings");
  }
}
