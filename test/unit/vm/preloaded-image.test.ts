import { strict as assert } from "assert";
import { layoutIndex, preloadedReferences } from "../../../lab/vm/preloaded-image";

const refs = {
  "registry.k8s.io/pause:3.9": `sha256:${"a".repeat(64)}`,
  "docker.io/calico/node:v3.28.5": `sha256:${"b".repeat(64)}`,
  "docker.io/kube-fabric/pinger:1": `sha256:${"c".repeat(64)}`,
};

describe("VM lab: the node image's preloaded container images", () => {
  it("preloads every depot image but those left to be pulled through the stack's mirrors", () => {
    assert.deepEqual(preloadedReferences(refs, ["docker.io/kube-fabric/pinger:1"]), ["docker.io/calico/node:v3.28.5", "registry.k8s.io/pause:3.9"]);
  });

  it("names each image in the OCI layout's index the way containerd imports it (full reference)", () => {
    const index = layoutIndex(refs, ["docker.io/calico/node:v3.28.5"], () => 321) as { manifests: { digest: string; size: number; annotations: Record<string, string> }[] };
    assert.deepEqual(index.manifests, [
      {
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        digest: refs["docker.io/calico/node:v3.28.5"],
        size: 321,
        annotations: { "io.containerd.image.name": "docker.io/calico/node:v3.28.5", "org.opencontainers.image.ref.name": "v3.28.5" },
      },
    ]);
  });

  it("refuses an image the depot does not hold", () => {
    assert.throws(() => layoutIndex(refs, ["docker.io/calico/cni:v3.28.5"], () => 1), /the depot has no image docker\.io\/calico\/cni:v3\.28\.5/);
  });
});
