// Every script kube-fabric generates for the reference lab, in every variant, for tests that look
// at all of them (shellcheck, secrets). Built from the dev stack through the real plan.

import { buildPlan } from "../../../components/plan/build-plan";
import { FabricPlan, NodePlan } from "../../../components/plan/plan-types";
import { renderContainerd } from "../../../components/nodes/containerd";
import { hostsEntries, renderHostname } from "../../../components/nodes/hostname";
import { renderKernelModules } from "../../../components/nodes/kernel-modules";
import { renderKubePackages } from "../../../components/nodes/kube-packages";
import { renderJoinToken, renderKubeadmInit, renderReadKubeconfig } from "../../../components/nodes/kubeadm-init";
import { renderKubeadmJoin } from "../../../components/nodes/kubeadm-join";
import { renderNetplan } from "../../../components/nodes/netplan";
import { renderOsCheck } from "../../../components/nodes/os-check";
import { StepScript } from "../../../components/nodes/script";
import { renderSwapOff } from "../../../components/nodes/swap";
import { renderSysctl } from "../../../components/nodes/sysctl";
import { renderDrainMarker, renderDrainWorker, renderKubeadmReset, renderReleaseHolds } from "../../../components/nodes/teardown";
import { TestOnlyRelaxations } from "../../../components/nodes/test-only";
import { ALL_SECRETS, devTopology } from "../../support/dev-stack";

export function seedPlan(): FabricPlan {
  return buildPlan({ topology: devTopology(), secrets: ALL_SECRETS });
}

export function controlPlaneOf(plan: FabricPlan): NodePlan {
  const node = plan.nodes.find((n) => n.name === plan.kubernetes.controlPlaneNode);
  if (!node) throw new Error("the seed plan has no control-plane node");
  return node;
}

/** A site's own package repository and registry mirrors, as the plan carries them. */
export const AIR_GAPPED: Pick<FabricPlan["kubernetes"], "packageRepository" | "registryMirrors"> = {
  packageRepository: { url: "http://10.9.0.1:8080/kubernetes/v1.28/deb/", keyUrl: "http://10.9.0.1:8080/kubernetes/v1.28/deb/Release.key" },
  registryMirrors: [
    { registry: "docker.io", endpoints: ["http://10.9.0.1:5000", "https://mirror.example.net"] },
    { registry: "registry.k8s.io", endpoints: ["http://10.9.0.1:5001"] },
  ],
};

export interface LabeledScript extends StepScript {
  /** node and variant, for messages */
  label: string;
}

/** All scripts for all nodes of the seed lab, production and test-only variants. */
export function allSeedScripts(): LabeledScript[] {
  const plan = seedPlan();
  const controlPlane = controlPlaneOf(plan);
  const relaxed: TestOnlyRelaxations = { skipNetplanApply: true, skipServiceManager: true };
  const out: LabeledScript[] = [];
  const add = (label: string, s: StepScript) => out.push({ ...s, label: `${label} ${s.step}` });
  for (const variant of [{ name: "production", testOnly: undefined }, { name: "test-only", testOnly: relaxed }]) {
    const opts = { testOnly: variant.testOnly };
    add(variant.name, renderContainerd(plan.kubernetes, opts));
    for (const node of plan.nodes) add(`${variant.name} ${node.name}`, renderNetplan(node, opts));
  }
  for (const node of plan.nodes) {
    add(node.name, renderHostname(node.name, hostsEntries(plan.nodes)));
    if (node !== controlPlane) {
      add(node.name, renderJoinToken(node));
      add(node.name, renderKubeadmJoin(plan.kubernetes, node));
      add(node.name, renderDrainMarker(node));
      add(node.name, renderDrainWorker(node));
    }
    add(node.name, renderKubeadmReset(node));
  }
  add("all", renderOsCheck());
  add("all", renderSwapOff());
  add("all", renderKernelModules());
  add("all", renderSysctl());
  add("all", renderKubePackages(plan.kubernetes));
  add("air-gapped", renderKubePackages({ ...plan.kubernetes, ...AIR_GAPPED }));
  add("air-gapped", renderContainerd({ ...plan.kubernetes, ...AIR_GAPPED }));
  add("all", renderReleaseHolds());
  add(controlPlane.name, renderKubeadmInit(plan.kubernetes, controlPlane));
  add(controlPlane.name, renderReadKubeconfig(plan.kubernetes));
  return out;
}
