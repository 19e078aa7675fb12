// The only edits kube-fabric makes to Calico's released manifest, and where the release comes from.
import assert from "assert";
import { containerEnv, ManifestObject, placeKubeControllers, setContainerEnv } from "../../../components/calico/manifest-edits";
import { buildPlan } from "../../../components/plan/build-plan";
import { ALL_SECRETS, devTopology } from "../../support/dev-stack";
import { calicoManifestUrl, DEFAULT_CALICO_VERSION, PROVEN_CALICO_VERSIONS } from "../../../model/calico-release";

const daemonSet = (): ManifestObject => ({
  kind: "DaemonSet",
  metadata: { name: "calico-node", namespace: "kube-system" },
  spec: { template: { spec: { containers: [{ name: "calico-node", env: [{ name: "IP", value: "autodetect" }, { name: "CALICO_IPV4POOL_IPIP", value: "Always" }] }] } } },
});

describe("Calico manifest edits", () => {
  it("replaces a calico-node env variable in place and appends new ones", () => {
    const object = daemonSet();
    setContainerEnv(object, "DaemonSet", "calico-node", "calico-node", { CALICO_IPV4POOL_IPIP: "Never", IP_AUTODETECTION_METHOD: "cidr=10.0.0.0/8" });
    assert.deepStrictEqual(object.spec?.template?.spec?.containers?.[0].env, [
      { name: "IP", value: "autodetect" },
      { name: "CALICO_IPV4POOL_IPIP", value: "Never" },
      { name: "IP_AUTODETECTION_METHOD", value: "cidr=10.0.0.0/8" },
    ]);
    assert.strictEqual(containerEnv(object, "calico-node", "IP_AUTODETECTION_METHOD"), "cidr=10.0.0.0/8");
  });

  it("leaves every other object alone and names a container the release does not have", () => {
    const other: ManifestObject = { kind: "Deployment", metadata: { name: "calico-kube-controllers" } };
    setContainerEnv(other, "DaemonSet", "calico-node", "calico-node", { A: "b" });
    assert.deepStrictEqual(other, { kind: "Deployment", metadata: { name: "calico-kube-controllers" } });
    assert.throws(() => setContainerEnv(daemonSet(), "DaemonSet", "calico-node", "felix", { A: "b" }), /no container 'felix'/);
  });

  it("points at the release's own calico.yaml; 3.28.5 is the default and the proven one", () => {
    assert.strictEqual(DEFAULT_CALICO_VERSION, "3.28.5");
    assert.deepStrictEqual(PROVEN_CALICO_VERSIONS, ["3.28.5"]);
    assert.strictEqual(calicoManifestUrl("3.28.5"), "https://raw.githubusercontent.com/projectcalico/calico/v3.28.5/manifests/calico.yaml");
    assert.throws(() => calicoManifestUrl("latest"), /calico.version: 'latest' is not a Calico release/);
  });
});

describe("calico.version in the plan", () => {
  it("defaults to the proven 3.28.5 when the stack leaves it out, and keeps one it names", () => {
    const topology = devTopology() as { calico: { version?: string } };
    delete topology.calico.version;
    assert.strictEqual(buildPlan({ topology, secrets: ALL_SECRETS }).calico.version, "3.28.5");
    topology.calico.version = "v3.27.4";
    assert.strictEqual(buildPlan({ topology, secrets: ALL_SECRETS }).calico.version, "3.27.4");
  });
});

describe("calico-kube-controllers placement", () => {
  it("runs on the control plane in the host network, keeping the release's tolerations", () => {
    const deployment: ManifestObject = {
      kind: "Deployment",
      metadata: { name: "calico-kube-controllers" },
      spec: { template: { spec: { nodeSelector: { "kubernetes.io/os": "linux" }, containers: [{ name: "calico-kube-controllers" }] } } },
    };
    placeKubeControllers(deployment);
    assert.deepStrictEqual(deployment.spec?.template?.spec, {
      nodeSelector: { "kubernetes.io/os": "linux", "node-role.kubernetes.io/control-plane": "" },
      containers: [{ name: "calico-kube-controllers" }],
      hostNetwork: true,
      dnsPolicy: "ClusterFirstWithHostNet",
    });
  });
});
