// What the plan says about where nodes get the Kubernetes packages and container images: the
// defaults when topology.kubernetes leaves them out, and the site's own values when it sets them.

import { strict as assert } from "assert";
import { buildPlan } from "../../../components/plan/build-plan";
import { FabricPlan } from "../../../components/plan/plan-types";
import { ALL_SECRETS, devTopology } from "../../support/dev-stack";

type Tree = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function planWith(kubernetes: Tree): FabricPlan {
  const topology = devTopology() as Tree;
  Object.assign(topology.kubernetes, kubernetes);
  return buildPlan({ topology, secrets: ALL_SECRETS });
}

describe("plan: package repository and registry mirrors", () => {
  it("takes the packages from pkgs.k8s.io of the release's minor, and no mirrors, when both are left out", () => {
    const { kubernetes } = planWith({});
    assert.deepEqual(kubernetes.packageRepository, {
      url: "https://pkgs.k8s.io/core:/stable:/v1.28/deb/",
      keyUrl: "https://pkgs.k8s.io/core:/stable:/v1.28/deb/Release.key",
    });
    assert.deepEqual(kubernetes.registryMirrors, []);
  });

  it("takes the minor from the release as kubeadm prints it, with or without a leading v", () => {
    const { kubernetes } = planWith({ version: "v1.29.3" });
    assert.equal(kubernetes.packageRepository.url, "https://pkgs.k8s.io/core:/stable:/v1.29/deb/");
    assert.equal(kubernetes.minor, "v1.29");
  });

  it("carries the site's repository, its key defaulting to the repository's Release.key", () => {
    const url = "http://10.9.0.1:8080/kubernetes/v1.28/deb/";
    assert.deepEqual(planWith({ packageRepository: { url } }).kubernetes.packageRepository, { url, keyUrl: `${url}Release.key` });
    const keyUrl = "https://10.9.0.1/keys/kubernetes.asc";
    assert.deepEqual(planWith({ packageRepository: { url, keyUrl } }).kubernetes.packageRepository, { url, keyUrl });
  });

  it("carries the mirrors per registry, registries in name order, each registry's mirrors in the order written", () => {
    const { kubernetes } = planWith({
      registryMirrors: { "registry.k8s.io": ["http://10.9.0.1:5001"], "docker.io": ["https://mirror.example.net", "http://10.9.0.1:5000"] },
    });
    assert.deepEqual(kubernetes.registryMirrors, [
      { registry: "docker.io", endpoints: ["https://mirror.example.net", "http://10.9.0.1:5000"] },
      { registry: "registry.k8s.io", endpoints: ["http://10.9.0.1:5001"] },
    ]);
  });

  it("accepts an empty map as no mirrors", () => {
    assert.deepEqual(planWith({ registryMirrors: {} }).kubernetes.registryMirrors, []);
  });
});
