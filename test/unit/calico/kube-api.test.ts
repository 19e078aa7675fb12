// The Kubernetes transport the Calico stage and the lab share, against a local HTTP server on 127.0.0.1
// (the `kubectl proxy` form of the server address): what it sends, how it reads every kind of answer,
// and the credentials of kubeconfigs kubectl accepts (read by @kubernetes/client-node).

import { strict as assert } from "assert";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { createServer as createHttpsServer, Server as HttpsServer } from "https";
import { tmpdir } from "os";
import { join } from "path";
import { IncomingMessage, Server, ServerResponse, createServer } from "http";
import { AddressInfo } from "net";
import { KubeApi, KubeApiError, loadKubeconfig } from "../../../components/calico/kube-api";
import { generateControlPlaneCredentials } from "../../../lab/kube-credentials";

/** A kubeconfig for `server` whose user is `user` (YAML flow mapping). */
const kubeconfigFor = (server: string, user = "{}") => `apiVersion: v1
kind: Config
clusters: [{ name: kf, cluster: { server: "${server}" } }]
users: [{ name: admin, user: ${user} }]
contexts: [{ name: admin@kf, context: { cluster: kf, user: admin } }]
current-context: admin@kf
`;

interface Seen {
  method: string;
  url: string;
  contentType: string | undefined;
  authorization?: string;
  body: string;
}

describe("KubeApi, the Kubernetes transport", () => {
  let server: Server;
  let api: KubeApi;
  const url = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const seen: Seen[] = [];
  const answers = new Map<string, { status: number; body: string }>();

  before(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        seen.push({ method: req.method ?? "", url: req.url ?? "", contentType: req.headers["content-type"], body: Buffer.concat(chunks).toString("utf8"), ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
        const answer = answers.get(`${req.method} ${req.url}`) ?? { status: 500, body: "no answer set" };
        res.writeHead(answer.status).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    api = KubeApi.fromKubeconfig(kubeconfigFor(url()), 5_000);
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => {
    seen.length = 0;
    answers.clear();
  });

  it("reads JSON objects, and a plain-text answer such as /readyz's as text", async () => {
    answers.set("GET /api/v1/nodes/n1", { status: 200, body: JSON.stringify({ metadata: { name: "n1" } }) });
    answers.set("GET /readyz", { status: 200, body: "ok" });
    assert.deepEqual(await api.call("GET", "/api/v1/nodes/n1"), { metadata: { name: "n1" } });
    assert.equal(await api.call<string>("GET", "/readyz"), "ok");
  });

  it("sends a body as JSON with the content type asked for", async () => {
    answers.set("PATCH /api/v1/nodes/n1", { status: 200, body: "{}" });
    await api.call("PATCH", "/api/v1/nodes/n1", { metadata: { labels: { rack: "r1" } } }, "application/merge-patch+json");
    assert.deepEqual(seen, [
      { method: "PATCH", url: "/api/v1/nodes/n1", contentType: "application/merge-patch+json", body: '{"metadata":{"labels":{"rack":"r1"}}}' },
    ]);
  });

  it("turns an error status into a KubeApiError with the Status reason and message, or the text", async () => {
    const status = { kind: "Status", reason: "AlreadyExists", message: 'bgppeers "k-w1" already exists' };
    answers.set("POST /apis/crd.projectcalico.org/v1/bgppeers", { status: 409, body: JSON.stringify(status) });
    answers.set("GET /broken", { status: 502, body: "bad gateway\n" });
    await assert.rejects(api.call("POST", "/apis/crd.projectcalico.org/v1/bgppeers", {}), (error: unknown) => {
      assert.ok(error instanceof KubeApiError);
      assert.equal(error.statusCode, 409);
      assert.equal(error.reason, "AlreadyExists");
      assert.match(error.message, /HTTP 409 AlreadyExists: bgppeers "k-w1" already exists/);
      return true;
    });
    await assert.rejects(api.call("GET", "/broken"), /GET \/broken: HTTP 502 Error: bad gateway$/);
  });

  it("lists a type that is not served as empty, and says whether a delete found its object", async () => {
    answers.set("GET /apis/crd.projectcalico.org/v1/ipamblocks", { status: 404, body: JSON.stringify({ reason: "NotFound", message: "not found" }) });
    answers.set("GET /apis/crd.projectcalico.org/v1/ippools", { status: 200, body: JSON.stringify({ items: [{ metadata: { name: "p" } }] }) });
    answers.set("DELETE /apis/crd.projectcalico.org/v1/bgppeers/gone", { status: 404, body: "{}" });
    answers.set("DELETE /apis/crd.projectcalico.org/v1/bgppeers/there", { status: 200, body: "{}" });
    assert.deepEqual(await api.listOrEmpty("/apis/crd.projectcalico.org/v1/ipamblocks"), []);
    assert.deepEqual(await api.listOrEmpty("/apis/crd.projectcalico.org/v1/ippools"), [{ metadata: { name: "p" } }]);
    assert.equal(await api.remove("/apis/crd.projectcalico.org/v1/bgppeers/gone"), false);
    assert.equal(await api.remove("/apis/crd.projectcalico.org/v1/bgppeers/there"), true);
    answers.set("GET /apis/crd.projectcalico.org/v1/bgppeers", { status: 403, body: JSON.stringify({ reason: "Forbidden", message: "no" }) });
    await assert.rejects(api.listOrEmpty("/apis/crd.projectcalico.org/v1/bgppeers"), /HTTP 403 Forbidden/);
  });
});

describe("KubeApi: the credentials of a kubeconfig kubectl accepts, over HTTPS behind the cluster's CA", function () {
  this.timeout(30_000);
  let dir: string;
  let server: HttpsServer;
  let ca: string;
  const authorizations: Array<string | undefined> = [];
  const urlOf = () => `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeconfig = (user: string, serverUrl = urlOf()) =>
    kubeconfigFor(serverUrl, user).replace(`server: "${serverUrl}"`, `server: "${serverUrl}", certificate-authority-data: ${Buffer.from(ca).toString("base64")}`);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "kf-kube-api-"));
    const credentials = await generateControlPlaneCredentials(dir);
    ca = credentials.caCertificate;
    server = createHttpsServer({ cert: readFileSync(credentials.servingCertFile), key: readFileSync(credentials.servingKeyFile) }, (req, res) => {
      authorizations.push(req.headers.authorization);
      res.writeHead(200).end(JSON.stringify({ items: [], path: req.url }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  const sentAuthorization = async (user: string) => {
    await KubeApi.fromKubeconfig(kubeconfig(user), 5_000).call("GET", "/api/v1/nodes");
    return authorizations.at(-1);
  };

  it("a bearer token, inline or in a token file (kubectl's tokenFile)", async () => {
    assert.equal(await sentAuthorization("{ token: tok-inline }"), "Bearer tok-inline");
    writeFileSync(join(dir, "token"), "tok-from-file");
    assert.equal(await sentAuthorization(`{ tokenFile: ${join(dir, "token")} }`), "Bearer tok-from-file");
  });

  it("an exec credential plugin (a cloud's IAM, an OIDC login), run for the token", async () => {
    const plugin = join(dir, "plugin");
    writeFileSync(plugin, `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"tok-exec"}}'\n`);
    chmodSync(plugin, 0o700);
    assert.equal(await sentAuthorization(`{ exec: { apiVersion: client.authentication.k8s.io/v1, command: ${plugin}, interactiveMode: Never } }`), "Bearer tok-exec");
  });

  it("a server behind a path (a proxy in front of the apiserver) keeps its path", async () => {
    const answer = await KubeApi.fromKubeconfig(kubeconfig("{ token: t }", `${urlOf()}/k8s/clusters/c-1`), 5_000).call<{ path: string }>("GET", "/api/v1/nodes");
    assert.equal(answer.path, "/k8s/clusters/c-1/api/v1/nodes");
  });

  it("a server whose certificate the kubeconfig's CA did not sign is refused", async () => {
    const other = kubeconfigFor(urlOf(), "{ token: t }");
    await assert.rejects(KubeApi.fromKubeconfig(other, 5_000).call("GET", "/api/v1/nodes"), /self-signed|unable to verify|certificate/);
  });

  it("refuses a kubeconfig without a current cluster, or not a kubeconfig at all, without printing it", () => {
    assert.throws(() => loadKubeconfig("apiVersion: v1\nkind: Config\nusers: [{ name: a, user: { token: s3cret-tok } }]\n"), (error: Error) => {
      assert.match(error.message, /no current context with a cluster server/);
      assert.ok(!error.message.includes("s3cret-tok"));
      return true;
    });
    assert.throws(() => loadKubeconfig("{ this is: [not, a kubeconfig"), (error: Error) => {
      assert.match(error.message, /kube-fabric:kubeconfig/);
      assert.ok(!error.message.includes("this is"));
      return true;
    });
  });
});
