// The settings kubeadm init fixed: the rule that refuses a change (every field, its message whole)
// and the provider's check, which the engine runs in preview (test/engine/ runs it for real).

import { strict as assert } from "assert";
import { initialisedSettingsProvider, refusedSettingChanges, InitialisedSettings } from "../../../components/nodes/initialised-settings";

const recorded: InitialisedSettings = { podCidr: "10.66.0.0/16", serviceCidr: "10.96.0.0/12", controlPlaneEndpoint: "10.0.11.1", version: "1.28.15" };

describe("settings fixed by kubeadm init", () => {
  it("accepts anything before the cluster is initialised, and the same values after", () => {
    assert.deepEqual(refusedSettingChanges(undefined, { ...recorded, podCidr: "10.77.0.0/16", version: "1.29.1" }), []);
    assert.deepEqual(refusedSettingChanges(recorded, { ...recorded }), []);
  });

  const cases: Array<[keyof InitialisedSettings, string, string]> = [
    [
      "podCidr",
      "10.77.0.0/16",
      "topology.kubernetes.podCidr: the cluster was initialised with 10.66.0.0/16; the plan now says 10.77.0.0/16. kubeadm never changes the pod CIDR of a running cluster, and kube-fabric does not either: set topology.kubernetes.podCidr back to 10.66.0.0/16, or pulumi destroy and create the cluster again",
    ],
    [
      "serviceCidr",
      "10.112.0.0/12",
      "topology.kubernetes.serviceCidr: the cluster was initialised with 10.96.0.0/12; the plan now says 10.112.0.0/12. kubeadm never changes the service CIDR of a running cluster, and kube-fabric does not either: set topology.kubernetes.serviceCidr back to 10.96.0.0/12, or pulumi destroy and create the cluster again",
    ],
    [
      "controlPlaneEndpoint",
      "10.0.11.9",
      "topology.kubernetes.controlPlaneEndpoint: the cluster was initialised with 10.0.11.1; the plan now says 10.0.11.9. kubeadm never changes the control-plane endpoint of a running cluster, and kube-fabric does not either: set topology.kubernetes.controlPlaneEndpoint back to 10.0.11.1, or pulumi destroy and create the cluster again",
    ],
    [
      "version",
      "1.29.1",
      "topology.kubernetes.version: the cluster runs Kubernetes 1.28.15; the plan now says 1.29.1. kube-fabric does not upgrade or downgrade a running cluster (no kubeadm upgrade): set topology.kubernetes.version back to 1.28.15, or pulumi destroy and create the cluster again",
    ],
  ];
  for (const [field, value, message] of cases) {
    it(`refuses a changed ${field}, naming the field, both values and the fix`, () => {
      assert.deepEqual(refusedSettingChanges(recorded, { ...recorded, [field]: value }), [{ property: field, reason: message }]);
    });
  }

  it("one line per changed field, in a fixed order", () => {
    const all = refusedSettingChanges(recorded, { podCidr: "10.77.0.0/16", serviceCidr: "10.112.0.0/12", controlPlaneEndpoint: "10.0.11.9", version: "1.29.1" });
    assert.deepEqual(all.map((r) => r.property), ["podCidr", "serviceCidr", "controlPlaneEndpoint", "version"]);
  });

  it("the provider's check fails with those lines when state holds other values, and passes on create", async () => {
    const check = initialisedSettingsProvider.check!;
    const created = await check({}, { ...recorded });
    assert.deepEqual(created.failures, []);
    const changed = await check({ ...recorded, __provider: "serialised" }, { ...recorded, serviceCidr: "10.112.0.0/12", __provider: "serialised" });
    assert.deepEqual(changed.failures?.map((f) => f.property), ["serviceCidr"]);
    const same = await check({ ...recorded }, { ...recorded });
    assert.deepEqual(same.failures, []);
  });
});
