// The generated kubeadm configs, checked by a real kubeadm v1.28.15 built from its Go module
// (tools/kubeadm/build.sh), the parser and validator a node will run. Host-side and read-only:
// `kubeadm config validate` and `config images list` write nothing.

import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { kubernetesReleaseFacts } from "../../components/nodes/kube-versions";
import {
  JOIN_CA_HASH_PLACEHOLDER,
  JOIN_TOKEN_PLACEHOLDER,
  renderKubeadmInitConfig,
  renderKubeadmJoinConfigTemplate,
} from "../../components/nodes/kubeadm-config";
import { controlPlaneOf, seedPlan } from "../unit/nodes/seed-scripts";
import { requireKubeadm } from "./lab/kubeadm-binary";

describe("kubeadm configs, checked by a real kubeadm v1.28.15", function () {
  this.timeout(60_000);
  const plan = seedPlan();
  const controlPlane = controlPlaneOf(plan);
  const worker = plan.nodes.find((n) => n.role === "worker")!;
  let dir = "";
  let kubeadm = "";
  const run = (...args: string[]) => spawnSync(kubeadm, args, { encoding: "utf8" });
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  before(() => {
    kubeadm = requireKubeadm();
    dir = mkdtempSync(join(tmpdir(), "kf-kubeadm-"));
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it("is the kubeadm of the seed: v1.28.15", () => {
    assert.equal(run("version", "-o", "short").stdout.trim(), "v1.28.15");
  });

  it("accepts the init config of the seed lab (InitConfiguration + ClusterConfiguration + KubeletConfiguration)", () => {
    const r = run("config", "validate", "--config", file("init.yaml", renderKubeadmInitConfig(plan.kubernetes, controlPlane)));
    assert.equal(r.status, 0, `kubeadm config validate failed:\n${r.stdout}${r.stderr}`);
  });

  it("accepts every worker's join config once the token and CA hash are filled in", () => {
    for (const node of plan.nodes.filter((n) => n.role === "worker")) {
      const text = renderKubeadmJoinConfigTemplate(plan.kubernetes, node)
        .replace(JOIN_TOKEN_PLACEHOLDER, "abcdef.0123456789abcdef")
        .replace(JOIN_CA_HASH_PLACEHOLDER, `sha256:${"a".repeat(64)}`);
      const r = run("config", "validate", "--config", file(`join-${node.name}.yaml`, text));
      assert.equal(r.status, 0, `${node.name}: kubeadm config validate failed:\n${r.stdout}${r.stderr}`);
    }
  });

  it("rejects what it should (the check is real): a bad pod CIDR, an unknown kubelet field", () => {
    const good = renderKubeadmInitConfig(plan.kubernetes, controlPlane);
    const badCidr = run("config", "validate", "--config", file("bad-cidr.yaml", good.replace("podSubnet: 10.66.0.0/16", "podSubnet: 10.66.0.0/33")));
    assert.notEqual(badCidr.status, 0);
    assert.match(badCidr.stderr, /podSubnet/);
    const badField = run("config", "validate", "--config", file("bad-field.yaml", good.replace("cgroupDriver: systemd", "cgroupDrivr: systemd")));
    assert.notEqual(badField.status, 0);
    assert.match(badField.stderr, /unknown field "cgroupDrivr"/);
  });

  it("gives a slow control plane time: 10 minutes to come up, a 60 s leader lease (kubeadm's own fields, as it reads them)", () => {
    const r = run("config", "migrate", "--old-config", file("slow.yaml", renderKubeadmInitConfig(plan.kubernetes, controlPlane)), "--new-config", join(dir, "slow-out.yaml"));
    assert.equal(r.status, 0, r.stderr);
    const read = readFileSync(join(dir, "slow-out.yaml"), "utf8");
    assert.match(read, /timeoutForControlPlane: 10m0s/);
    assert.match(read, /controllerManager:\n\s+extraArgs:\n\s+leader-elect-lease-duration: 60s\n\s+leader-elect-renew-deadline: 40s/);
    assert.match(read, /scheduler:\n\s+extraArgs:\n\s+leader-elect-lease-duration: 60s\n\s+leader-elect-renew-deadline: 40s/);
  });

  it("uses the sandbox image this kubeadm expects, the one containerd is configured with", () => {
    const r = run("config", "images", "list", "--config", file("images.yaml", renderKubeadmInitConfig(plan.kubernetes, controlPlane)));
    assert.equal(r.status, 0, r.stderr);
    const pause = r.stdout.split("\n").find((l) => l.includes("/pause:"));
    assert.equal(pause, kubernetesReleaseFacts(plan.kubernetes.version).sandboxImage);
  });

  it("puts the control plane on the fabric: endpoint, advertise address and node-ip are fabric addresses", () => {
    const text = renderKubeadmInitConfig(plan.kubernetes, controlPlane);
    assert.match(text, /\n {2}advertiseAddress: 10\.0\.11\.1\n/);
    assert.match(text, /\ncontrolPlaneEndpoint: 10\.0\.11\.1:6443\n/);
    assert.match(text, /\n {4}node-ip: 10\.0\.11\.1\n/);
    assert.match(renderKubeadmJoinConfigTemplate(plan.kubernetes, worker), new RegExp(`\\n {4}node-ip: ${worker.fabricAddress.split("/")[0].replace(/\./g, "\\.")}\\n`));
  });
});
