// The VM lab's depot: what an air-gapped site serves its machines from its own network, on one HTTP
// port: package repositories as static files (files/), and container images over the registry API
// (read-only: /v2/, manifests by tag or digest, blobs), which containerd pulls through its mirror
// configuration. Run inside the lab's management namespace:
//   node -r ts-node/register/transpile-only lab/vm/depot-server.ts <depot dir> <address> <port>

import { createReadStream, existsSync, statSync } from "fs";
import { createServer, IncomingMessage, Server, ServerResponse } from "http";
import { join, normalize, sep } from "path";
import { blobPath, OCI_MANIFEST, readRefs } from "./oci-image";

export interface DepotRequest {
  method: string;
  path: string;
  /** The registry a mirrored pull was meant for (containerd's `ns` query parameter). */
  namespace?: string;
}

export type DepotAnswer =
  | { status: 200; file: string; contentType: string; digest?: string }
  | { status: 200; body: string; contentType: string }
  | { status: 404 | 405; body: string; contentType: string };

const REGISTRY_ERROR = (code: string, message: string) => JSON.stringify({ errors: [{ code, message }] });

/** What the depot answers (pure but for reading refs and stat-ing files). */
export function answer(depot: string, request: DepotRequest): DepotAnswer {
  if (request.method !== "GET" && request.method !== "HEAD") return { status: 405, body: "read-only\n", contentType: "text/plain" };
  const store = join(depot, "images");
  if (request.path === "/v2/" || request.path === "/v2") return { status: 200, body: "{}", contentType: "application/json" };
  const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(request.path);
  if (manifest) {
    const [, repository, reference] = manifest;
    const refs = readRefs(store);
    const digest = reference.startsWith("sha256:")
      ? Object.values(refs).find((d) => d === reference)
      : request.namespace
        ? refs[`${request.namespace}/${repository}:${reference}`]
        : Object.entries(refs).find(([ref]) => ref.endsWith(`/${repository}:${reference}`))?.[1];
    if (!digest) return { status: 404, body: REGISTRY_ERROR("MANIFEST_UNKNOWN", `${repository}:${reference}`), contentType: "application/json" };
    return { status: 200, file: blobPath(store, digest), contentType: OCI_MANIFEST, digest };
  }
  const blob = /^\/v2\/.+\/blobs\/(sha256:[0-9a-f]{64})$/.exec(request.path);
  if (blob) {
    const file = blobPath(store, blob[1]);
    if (!existsSync(file)) return { status: 404, body: REGISTRY_ERROR("BLOB_UNKNOWN", blob[1]), contentType: "application/json" };
    return { status: 200, file, contentType: "application/octet-stream", digest: blob[1] };
  }
  if (request.path.startsWith("/v2/")) return { status: 404, body: REGISTRY_ERROR("NAME_UNKNOWN", request.path), contentType: "application/json" };
  const files = join(depot, "files");
  const path = normalize(join(files, decodeURIComponent(request.path)));
  if (!path.startsWith(files + sep) || !existsSync(path) || !statSync(path).isFile()) return { status: 404, body: "not found\n", contentType: "text/plain" };
  return { status: 200, file: path, contentType: "application/octet-stream" };
}

function respond(depot: string, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? "/", "http://depot");
  const result = answer(depot, { method: req.method ?? "GET", path: url.pathname, namespace: url.searchParams.get("ns") ?? undefined });
  const headers: Record<string, string | number> = { "Content-Type": result.contentType, "Docker-Distribution-API-Version": "registry/2.0" };
  if ("file" in result) {
    headers["Content-Length"] = statSync(result.file).size;
    if (result.digest) headers["Docker-Content-Digest"] = result.digest;
    res.writeHead(200, headers);
    if (req.method === "HEAD") res.end();
    else createReadStream(result.file).pipe(res);
    return;
  }
  headers["Content-Length"] = Buffer.byteLength(result.body);
  res.writeHead(result.status, headers);
  res.end(req.method === "HEAD" ? undefined : result.body);
}

export function startDepotServer(depot: string, address: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    try {
      respond(depot, req, res);
    } catch (error) {
      res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(`${error instanceof Error ? error.message : String(error)}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, address, () => resolve(server));
  });
}

if (require.main === module) {
  const [depot, address, port] = process.argv.slice(2);
  if (!depot || !address || !port || !existsSync(join(depot, "images", "refs.json"))) {
    process.stderr.write("usage: depot-server.ts <depot dir with files/ and images/refs.json> <address> <port>\n");
    process.exit(2);
  }
  startDepotServer(depot, address, Number(port)).then(
    () => process.stdout.write(`depot: serving ${depot} on http://${address}:${port}\n`),
    (error: unknown) => {
      process.stderr.write(`depot: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
