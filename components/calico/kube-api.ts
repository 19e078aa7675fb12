// The Kubernetes API calls kube-fabric makes itself (the Calico stage reads pools and blocks at program
// time and removes BGPPeers inside the migration chain; the lab's client rides on the same transport):
// JSON over HTTPS. The kubeconfig is read by the ecosystem's client, @kubernetes/client-node, which
// also sets up each request's TLS, proxy and credentials: whatever kubeconfig works with kubectl
// (a token or client certificate, inline or in files, an exec plugin such as a cloud's IAM or OIDC
// login, an auth provider) works here.
import { KubeConfig } from "@kubernetes/client-node";
import { request as httpRequest, RequestOptions } from "http";
import { request as httpsRequest } from "https";
import { parse } from "yaml";

interface KubeconfigUsers {
  users?: Array<{ user?: Record<string, unknown> }>;
}

/**
 * client-node reads a user's token file under `token-file` only; kubectl's field is `tokenFile`. The
 * text as client-node should read it: each `tokenFile` also given as `token-file`. Nothing else changes.
 */
function withTokenFiles(kubeconfig: string): string {
  const file = parse(kubeconfig) as KubeconfigUsers | null;
  const users = (file?.users ?? []).filter((entry) => typeof entry?.user?.tokenFile === "string" && entry.user["token-file"] === undefined);
  if (users.length === 0) return kubeconfig;
  for (const entry of users) (entry.user as Record<string, unknown>)["token-file"] = entry.user?.tokenFile;
  return JSON.stringify(file);
}

/** The kubeconfig's current context, read as kubectl reads it; an error names what is missing (never the content). */
export function loadKubeconfig(kubeconfig: string): KubeConfig {
  const config = new KubeConfig();
  try {
    config.loadFromString(withTokenFiles(kubeconfig));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0].slice(0, 200) : "unreadable";
    throw new Error(`kube-fabric:kubeconfig is not a kubeconfig kubectl could read (${reason}): set it to the cluster's admin kubeconfig, e.g. kubeadm's admin.conf`);
  }
  if (!config.getCurrentContext() || !config.getCurrentCluster()?.server) {
    throw new Error("kube-fabric:kubeconfig: no current context with a cluster server (an admin kubeconfig such as kubeadm's admin.conf is needed)");
  }
  return config;
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
  private readonly server: string;

  constructor(private readonly config: KubeConfig, private readonly timeoutMs = 20_000) {
    this.server = (config.getCurrentCluster()?.server ?? "").replace(/\/+$/, "");
  }

  static fromKubeconfig(kubeconfig: string, timeoutMs?: number): KubeApi {
    return new KubeApi(loadKubeconfig(kubeconfig), timeoutMs);
  }

  /** One request; a body is sent as JSON with `contentType` (e.g. application/merge-patch+json). */
  async call<T>(method: string, path: string, body?: unknown, contentType = "application/json"): Promise<T> {
    // The server may carry a path (a proxy in front of the apiserver): the API path goes after it.
    const url = new URL(`${this.server}${path}`);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const options: RequestOptions = {
      method,
      timeout: this.timeoutMs,
      headers: { Accept: "application/json", ...(payload ? { "Content-Type": contentType, "Content-Length": payload.length } : {}) },
    };
    // http: a local `kubectl proxy`, which holds the credentials itself: nothing is added (and no
    // credential goes out unencrypted). https: TLS (CA, client certificate, server name), the proxy and
    // the credentials, as kubectl would use them.
    const plain = url.protocol === "http:";
    if (!plain) await this.config.applyToHTTPSOptions(options);
    const request = plain ? httpRequest : httpsRequest;
    return new Promise<T>((resolve, reject) => {
      const req = request(url, options, (res) => {
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
