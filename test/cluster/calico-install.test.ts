// Calico 3.28.5's own manifest applied by @pulumi/kubernetes 4.25.0 through the real engine and
// the provider plugin built from its Go module, against a real kube-apiserver 1.28.15:
// up creates the CRDs and workloads, a preview right after plans nothing, destroy removes them all
// (foreground deletes completed by kube-controller-manager's garbage collector).
import assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Stack } from "@pulumi/pulumi/automation";
import { labCalicoRelease } from "../../lab/calico-release";
import { ControlPlane, startControlPlane } from "../../lab/kube-control-plane";
import { ThrowawayStack, createThrowawayStack } from "../support/engine";
import { requireKubernetesPlugin } from "../support/kubernetes-plugin";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

const PROGRAM = `import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CalicoInstall } from ${JSON.stringify(path.join(REPO_ROOT, "components", "calico", "install"))};

const config = new pulumi.Config("lab");
const provider = new k8s.Provider("lab", { kubeconfig: config.requireSecret("kubeconfig") });
new CalicoInstall("calico", {
  manifest: config.require("manifest"),
  provider,
  calicoNodeEnv: { IP_AUTODETECTION_METHOD: "cidr=10.0.0.0/16" },
  awaitRollout: false,
});
`;

interface Named {
  metadata: { name: string };
}

describe("cluster tier: Calico 3.28.5's manifest through @pulumi/kubernetes and the real engine", function () {
  this.timeout(900_000);
  let plane: ControlPlane | undefined;
  let throwaway: ThrowawayStack | undefined;
  let stack: Stack;
  const calicoCrds = async () =>
    (await (plane as ControlPlane).client.list<Named>("/apis/apiextensions.k8s.io/v1/customresourcedefinitions")).items
      .map((crd) => crd.metadata.name)
      .filter((name) => name.endsWith(".crd.projectcalico.org"))
      .sort();

  before(async () => {
    requireKubernetesPlugin();
    const release = labCalicoRelease();
    plane = await startControlPlane();
    throwaway = await createThrowawayStack("calico-install-test", PROGRAM, "calico");
    stack = throwaway.stack;
    await stack.setAllConfig({
      "lab:kubeconfig": { value: plane.kubeconfig, secret: true },
      "lab:manifest": { value: release.manifest },
    });
  });

  after(async () => {
    try {
      await throwaway?.remove();
    } finally {
      await plane?.stop();
    }
  });

  it("up creates every CRD of the release (the same set as libcalico-go/config/crd) and the calico-node DaemonSet", async () => {
    const copiesInTmp = () => fs.readdirSync(os.tmpdir()).filter((name) => /^kubeconfig\d+$/.test(name));
    const before = new Set(copiesInTmp());
    const up = await stack.up();
    assert.strictEqual(up.summary.result, "succeeded");
    // The Kubernetes plugin's copy of the admin kubeconfig (for Helm) lands in the stack's own TMPDIR,
    // which goes with the stack, never in /tmp.
    const stackTmp = path.join(path.dirname((throwaway as ThrowawayStack).projectDir), "tmp");
    assert.ok(fs.readdirSync(stackTmp).some((name) => /^kubeconfig\d+$/.test(name)), `the plugin's copy is in ${stackTmp}`);
    assert.deepEqual(copiesInTmp().filter((name) => !before.has(name)), [], "no kubeconfig copy left in /tmp");
    const expected = fs.readdirSync(labCalicoRelease().crdDir)
      .map((file) => /^crd\.projectcalico\.org_(\w+)\.yaml$/.exec(file)?.[1])
      .filter((plural): plural is string => plural !== undefined)
      .map((plural) => `${plural}.crd.projectcalico.org`)
      .sort();
    assert.ok(expected.length >= 18, `the release has its CRDs: ${expected.join(", ")}`);
    assert.deepStrictEqual(await calicoCrds(), expected);
    const client = (plane as ControlPlane).client;
    const daemonSet = await client.get<{ spec: { template: { spec: { containers: Array<{ name: string; image: string; env: Array<{ name: string; value?: string }> }> } } } }>(
      "/apis/apps/v1/namespaces/kube-system/daemonsets/calico-node");
    const node = daemonSet.spec.template.spec.containers.find((c) => c.name === "calico-node");
    assert.strictEqual(node?.image, "docker.io/calico/node:v3.28.5");
    assert.deepStrictEqual(node?.env.filter((e) => e.name === "IP_AUTODETECTION_METHOD"), [{ name: "IP_AUTODETECTION_METHOD", value: "cidr=10.0.0.0/16" }]);
    assert.ok(await client.find("/apis/apps/v1/namespaces/kube-system/deployments/calico-kube-controllers"));
  });

  it("a preview right after up plans no change", async () => {
    const preview = await stack.preview({ diff: true });
    const changed = Object.entries(preview.changeSummary).filter(([op, count]) => op !== "same" && count > 0);
    assert.deepStrictEqual(changed, [], preview.stdout);
  });

  it("destroy removes every object it created", async () => {
    const destroy = await stack.destroy();
    assert.strictEqual(destroy.summary.result, "succeeded");
    assert.deepStrictEqual(await calicoCrds(), []);
    const client = (plane as ControlPlane).client;
    assert.strictEqual(await client.find("/apis/apps/v1/namespaces/kube-system/daemonsets/calico-node"), undefined);
    assert.strictEqual(await client.find("/apis/apps/v1/namespaces/kube-system/deployments/calico-kube-controllers"), undefined);
  });
});
