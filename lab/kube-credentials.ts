// Throwaway credentials of a lab control plane, generated per run in its work dir (mode 0600 keys):
// a CA, the apiserver's serving certificate for 127.0.0.1 signed by it, the service-account
// signing key pair and a static admin token. openssl does the X.509 work.
import { randomBytes } from "crypto";
import { chmodSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { run } from "./exec";

export interface ControlPlaneCredentials {
  caCertFile: string;
  caKeyFile: string;
  servingCertFile: string;
  servingKeyFile: string;
  serviceAccountKeyFile: string;
  serviceAccountPublicKeyFile: string;
  /** CSV for --token-auth-file: the admin token, user `kube-fabric-admin`, group system:masters. */
  tokenFile: string;
  adminToken: string;
  caCertificate: string;
}

const OPENSSL = "openssl";
/** Names the serving certificate answers to: loopback, and the in-cluster service name and IP. */
const SERVING_NAMES = "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,IP:10.96.0.1";

export async function generateControlPlaneCredentials(dir: string): Promise<ControlPlaneCredentials> {
  const file = (name: string) => join(dir, name);
  const days = "7";
  await run(OPENSSL, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", file("ca.key"), "-out", file("ca.crt"), "-days", days, "-subj", "/CN=kube-fabric-lab-ca"]);
  await run(OPENSSL, ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", file("apiserver.key"), "-out", file("apiserver.csr"), "-subj", "/CN=kube-apiserver"]);
  writeFileSync(file("apiserver.ext"), `${SERVING_NAMES}\nextendedKeyUsage=serverAuth\n`);
  await run(OPENSSL, [
    "x509", "-req", "-in", file("apiserver.csr"), "-CA", file("ca.crt"), "-CAkey", file("ca.key"), "-CAcreateserial",
    "-out", file("apiserver.crt"), "-days", days, "-extfile", file("apiserver.ext"),
  ]);
  await run(OPENSSL, ["genrsa", "-out", file("sa.key"), "2048"]);
  await run(OPENSSL, ["rsa", "-in", file("sa.key"), "-pubout", "-out", file("sa.pub")]);
  const adminToken = randomBytes(24).toString("hex");
  writeFileSync(file("tokens.csv"), `${adminToken},kube-fabric-admin,kube-fabric-admin,"system:masters"\n`, { mode: 0o600 });
  for (const key of ["ca.key", "apiserver.key", "sa.key"]) chmodSync(file(key), 0o600);
  return {
    caCertFile: file("ca.crt"),
    caKeyFile: file("ca.key"),
    servingCertFile: file("apiserver.crt"),
    servingKeyFile: file("apiserver.key"),
    serviceAccountKeyFile: file("sa.key"),
    serviceAccountPublicKeyFile: file("sa.pub"),
    tokenFile: file("tokens.csv"),
    adminToken,
    caCertificate: readFileSync(file("ca.crt"), "utf8"),
  };
}

/** A kubeconfig for `server` with the CA inline and the bearer token (file mode 0600). */
export function renderKubeconfig(server: string, caCertificate: string, token: string, name = "kube-fabric-lab"): string {
  const ca = Buffer.from(caCertificate).toString("base64");
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    `- name: ${name}`,
    "  cluster:",
    `    server: ${server}`,
    `    certificate-authority-data: ${ca}`,
    "users:",
    `- name: ${name}-admin`,
    "  user:",
    `    token: ${token}`,
    "contexts:",
    `- name: ${name}`,
    "  context:",
    `    cluster: ${name}`,
    `    user: ${name}-admin`,
    `current-context: ${name}`,
    "",
  ].join("\n");
}
