// The Kubernetes transport the Calico stage and the lab share, against a local HTTP server on 127.0.0.1
// (the `kubectl proxy` form of the server address): what it sends, and how it reads every kind of answer.

import { strict as assert } from "assert";
import { IncomingMessage, Server, ServerResponse, createServer } from "http";
import { AddressInfo } from "net";
import { KubeApi, KubeApiError } from "../../../components/calico/kube-api";

interface Seen {
  method: string;
  url: string;
  contentType: string | undefined;
  body: string;
}

describe("KubeApi, the Kubernetes transport", () => {
  let server: Server;
  let api: KubeApi;
  const seen: Seen[] = [];
  const answers = new Map<string, { status: number; body: string }>();

  before(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        seen.push({ method: req.method ?? "", url: req.url ?? "", contentType: req.headers["content-type"], body: Buffer.concat(chunks).toString("utf8") });
        const answer = answers.get(`${req.method} ${req.url}`) ?? { status: 500, body: "no answer set" };
        res.writeHead(answer.status).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    api = new KubeApi({ server: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }, 5_000);
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
