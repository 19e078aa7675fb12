// lab:up on a stack with calico settings: which cluster the lab starts, and what the lab stack says
// about it (the start it made, the release's manifest on this machine).
import { strict as assert } from "assert";
import { calicoLabStart, labTopology } from "../../../lab/stack-lab/lab-stack";

describe("lab stack: calico settings", () => {
  const topology = (calico: Record<string, unknown>) => ({ calico, nodes: [], spines: [], leaves: [], kubernetes: {} });

  it("a stack with calico.routing gets a Calico tier, started as its calico.start says (fresh unless set) or as lab:up is told", () => {
    assert.equal(calicoLabStart(topology({ version: "3.28.5" })), undefined);
    assert.equal(calicoLabStart(topology({ routing: "tor" })), "fresh");
    assert.equal(calicoLabStart(topology({ routing: "overlay", start: "defaults" })), "defaults");
    assert.equal(calicoLabStart(topology({ routing: "tor", start: "fresh" }), "defaults"), "defaults");
  });

  it("--calico-start on a stack without calico settings is refused, naming the setting", () => {
    assert.throws(() => calicoLabStart(topology({}), "defaults"), /topology\.calico\.routing/);
  });

  it("the lab stack says the start the lab made and the local manifest, keeping a manifest the stack names", () => {
    const written = labTopology(topology({ routing: "tor", start: "fresh" }), [], { start: "defaults", manifest: "/cache/calico.yaml" });
    assert.deepEqual(written.calico, { routing: "tor", start: "defaults", manifest: "/cache/calico.yaml", awaitRollout: false });
    const own = labTopology(topology({ routing: "tor", manifest: "/srv/calico.yaml" }), [], { start: "fresh", manifest: "/cache/calico.yaml" });
    assert.equal((own.calico as { manifest: string }).manifest, "/srv/calico.yaml");
    assert.deepEqual(labTopology(topology({ version: "3.28.5" }), []).calico, { version: "3.28.5" });
  });

  it("namespace nodes run no kubelet: the lab stack does not wait for Calico's rollout; VM nodes do", () => {
    const vm = { packageRepository: "http://depot/k8s", registryMirrors: {}, apiAccess: { host: "127.0.0.1", port: 6443 } };
    const onVms = labTopology(topology({ routing: "tor" }), [], { start: "fresh", manifest: "/cache/calico.yaml" }, vm);
    assert.equal((onVms.calico as { awaitRollout?: boolean }).awaitRollout, undefined);
    const inNamespaces = labTopology(topology({ routing: "tor" }), [], { start: "fresh", manifest: "/cache/calico.yaml" });
    assert.equal((inNamespaces.calico as { awaitRollout?: boolean }).awaitRollout, false);
  });
});
