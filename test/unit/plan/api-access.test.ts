// kubernetes.apiAccess: where the machine that runs pulumi reaches the API server. Only a name the
// API server's certificate carries is accepted; the Calico stage's kubeconfig points there.

import { strict as assert } from "assert";
import { apiCertificateHosts, kubeconfigVia, planApiAccess } from "../../../components/plan/api-access";
import { ProblemList } from "../../../model/problems";

const hosts = apiCertificateHosts("10.0.11.1", "10.0.11.1", "192.168.122.21");
const kubeconfig = [
  "apiVersion: v1",
  "clusters:",
  "- cluster:",
  "    certificate-authority-data: Q0E=",
  "    server: https://10.0.11.1:6443",
  "  name: kubernetes",
  "users: []",
  "",
].join("\n");

describe("kubernetes.apiAccess", () => {
  it("defaults to the control-plane endpoint on 6443", () => {
    const problems = new ProblemList();
    assert.deepEqual(planApiAccess({ version: "1.28.15", podCidr: "x", blockSize: 24, serviceCidr: "y" }, hosts, "10.0.11.1", problems), { host: "10.0.11.1", port: 6443 });
    assert.ok(problems.empty);
  });

  it("takes the control plane's management address and a port (a forwarder, a NAT)", () => {
    const problems = new ProblemList();
    const access = planApiAccess({ version: "1.28.15", podCidr: "x", blockSize: 24, serviceCidr: "y", apiAccess: { host: "192.168.122.21", port: 16443 } }, hosts, "10.0.11.1", problems);
    assert.deepEqual(access, { host: "192.168.122.21", port: 16443 });
    assert.ok(problems.empty);
  });

  it("refuses a host the certificate does not carry, naming the field and the hosts it does", () => {
    const problems = new ProblemList();
    planApiAccess({ version: "1.28.15", podCidr: "x", blockSize: 24, serviceCidr: "y", apiAccess: { host: "k8s.example.net" } }, hosts, "10.0.11.1", problems);
    assert.throws(() => problems.throwIfAny(), /topology\.kubernetes\.apiAccess\.host: the API server's certificate is not signed for 'k8s\.example\.net' \(it carries 10\.0\.11\.1, 192\.168\.122\.21\)/);
  });

  it("points the kubeconfig's server there and changes nothing else", () => {
    const via = kubeconfigVia(kubeconfig, { host: "127.0.0.1", port: 40443 });
    assert.equal(via, kubeconfig.replace("https://10.0.11.1:6443", "https://127.0.0.1:40443"));
    assert.throws(() => kubeconfigVia("apiVersion: v1\n", { host: "h", port: 1 }), /no cluster server/);
  });
});
