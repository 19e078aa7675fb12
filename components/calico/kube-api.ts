// The Kubernetes API calls kube-fabric makes itself (the Calico stage reads pools and blocks at program
// time and removes BGPPeers inside the migration chain; the lab's client rides on the same transport):
// JSON over HTTPS with an admin kubeconfig's credentials (bearer token or client certificate), the server
// checked against its CA.
import { request as httpRequest } from "http";
import { request as httpsRequest } from "https";
import { parse } from "yaml";

export interface KubeCredentials {
  server: string;
  /** PEM; undefined when the kubeconfig gives none (then the system's CAs). */
  ca?: string;
  token?: string;
  cert?: string;
  key?: string;
}

interface KubeconfigFile {
  "current-context"?: string;
  contexts?: Array<{ name: string; context: { cluster: string; user: string } }>;
  clusters?: Array<{ name: string; cluster: { server: string; "certificate-authority-data"?: string } }>;
  users?: Array<{ name: string; user: { token?: string; "client-certificate-data"?: string; "client-key-data"?: string } }>;
}

const decode = (base64: string | undefined) => (base64 === undefined ? undefined : Buffer.from(base64, "base64").toString("utf8"));

/** The current context's server and credentials; an error names what the kubeconfig lacks (never its content). */
export function kubeCredentials(kubeconfig: string): KubeCredentials {
  const file = parse(kubeconfig) as KubeconfigFile | null;
  const contextName = file?.["current-context"] ?? file?.contexts?.[0]?.name;
  const context = file?.contexts?.find((c) => c.name === contextName)?.context;
  const cluster = file?.clusters?.find((c) => c.name === context?.cluster)?.cluster;
  const user = file?.users?.find((u) => u.name === context?.user)?.user;
  if (!context || !cluster?.server) {
    throw new Error("kube-fabric:kubeconfig: no current context with a cluster server (an admin kubeconfig such as kubeadm's admin.conf is needed)");
  }
  const credentials: KubeCredentials = {
    server: cluster.server,
    ca: decode(cluster["certificate-authority-data"]),
    token: user?.token,
    cert: decode(user?.["client-certificate-data"]),
    key: decode(user?.["client-key-data"]),
  };
  const viaProxy = credentials.server.startsWith("http://");
  if (!viaProxy && !credentials.token && !(credentials.cert && credentials.key)) {
    throw new Error("kube-fabric:kubeconfig: the user has neither a token nor client-certificate-data/client-key-data (exec plugins and files are not read)");
  }
  return credentials;
}

/** The apiserver answered with an error status; `reason` is the Status reason (NotFound, AlreadyExists, …). */
export class KubeApiError extends Error {
  constructor(readonly method: string, readonly path: string, readonly statusCode: number, readonly reason: string, detail: string) {
    super(`${method} ${path}: HTTP ${statusCode} ${reason}: ${detail}`);
    this.name = "KubeApiError";
  }
}

/** A successful answer: JSON when it parses (every API object), else the text (`/readyz` says `ok`). */
function answerOf<T>(text: string): T {
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    return text as unknown as T;
  }
}

function errorOf(method: string, path: string, status: number, text: string): KubeApiError {
  let reason = "Error";
  let detail = text.trim().slice(0, 500);
  try {
    const parsed = JSON.parse(text) as { reason?: string; message?: string };
    reason = parsed.reason ?? reason;
    detail = parsed.message ?? detail;
  } catch {
    // not JSON: keep the text as the detail
  }
  return new KubeApiError(method, path, status, reason, detail);
}

export class KubeApi {
  constructor(private readonly credentials: KubeCredentials, private readonly timeoutMs = 20_000) {}

  static fromKubeconfig(kubeconfig: string): KubeApi {
    return new KubeApi(kubeCredentials(kubeconfig));
  }

  /** One request; a body is sent as JSON with `contentType` (e.g. application/merge-patch+json). */
  call<T>(method: string, path: string, body?: unknown, contentType = "application/json"): Promise<T> {
    const { server, ca, token, cert, key } = this.credentials;
    const url = new URL(path, server);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers = {
      Accept: "application/json",
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(payload ? { "Content-Type": contentType, "Content-Length": payload.length } : {}),
    };
    // http: a local `kubectl proxy` (it holds the credentials itself).
    const request = url.protocol === "http:" ? httpRequest : httpsRequest;
    return new Promise<T>((resolve, reject) => {
      const req = request(url, { method, ca, cert, key, headers, timeout: this.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve(answerOf<T>(text));
          else reject(errorOf(method, path, status, text));
        });
      });
      req.on("timeout", () => req.destroy(new Error(`${method} ${path}: no answer from the Kubernetes API within ${this.timeoutMs} ms`)));
      req.on("error", reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** The list's items, or [] when the resource type is not served (e.g. Calico's CRDs not installed yet). */
  async listOrEmpty<T>(path: string): Promise<T[]> {
    try {
      return (await this.call<{ items: T[] }>("GET", path)).items;
    } catch (error) {
      if (error instanceof KubeApiError && error.statusCode === 404) return [];
      throw error;
    }
  }

  /** Deletes an object; true when it was there, false when it was already gone. */
  async remove(path: string): Promise<boolean> {
    try {
      await this.call("DELETE", path);
      return true;
    } catch (error) {
      if (error instanceof KubeApiError && error.statusCode === 404) return false;
      throw error;
    }
  }
}
