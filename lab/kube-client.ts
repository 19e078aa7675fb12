// A minimal Kubernetes REST client for the lab and its tests: JSON over HTTPS with a bearer token,
// the server's certificate checked against the cluster CA. Only what the lab needs: get, list,
// create, merge-patch, delete, and polling.
import { request } from "https";

export interface KubeAccess {
  /** https://127.0.0.1:<port> */
  server: string;
  /** PEM of the CA that signed the apiserver's serving certificate. */
  caCertificate: string;
  /** Bearer token of a cluster admin (system:masters). */
  token: string;
}

/** The apiserver answered with an error status; `reason` is the Status reason (NotFound, AlreadyExists, ...). */
export class KubeApiError extends Error {
  constructor(readonly method: string, readonly path: string, readonly statusCode: number, readonly reason: string, detail: string) {
    super(`${method} ${path}: HTTP ${statusCode} ${reason}: ${detail}`);
    this.name = "KubeApiError";
  }
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface KubeList<T = KubeObject> {
  items: T[];
}

export class KubeClient {
  constructor(readonly access: KubeAccess, private readonly timeoutMs = 15_000) {}

  async call<T = unknown>(method: string, path: string, body?: unknown, contentType = "application/json"): Promise<T> {
    const url = new URL(path, this.access.server);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise<T>((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          ca: this.access.caCertificate,
          headers: {
            Authorization: `Bearer ${this.access.token}`,
            Accept: "application/json",
            ...(payload ? { "Content-Type": contentType, "Content-Length": payload.length } : {}),
          },
          timeout: this.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              try {
                resolve((text ? JSON.parse(text) : undefined) as T);
              } catch {
                resolve(text as unknown as T);
              }
              return;
            }
            let reason = "Error";
            let detail = text.trim().slice(0, 500);
            try {
              const parsed = JSON.parse(text) as { reason?: string; message?: string };
              reason = parsed.reason ?? reason;
              detail = parsed.message ?? detail;
            } catch {
              // plain text body: keep it as the detail
            }
            reject(new KubeApiError(method, path, status, reason, detail));
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${path}: no answer within ${this.timeoutMs} ms`)));
      req.on("error", reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  get<T = KubeObject>(path: string): Promise<T> {
    return this.call<T>("GET", path);
  }

  /** The object at path, or undefined when it does not exist. */
  async find<T = KubeObject>(path: string): Promise<T | undefined> {
    try {
      return await this.get<T>(path);
    } catch (error) {
      if (error instanceof KubeApiError && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  list<T = KubeObject>(collectionPath: string): Promise<KubeList<T>> {
    return this.call<KubeList<T>>("GET", collectionPath);
  }

  create<T = KubeObject>(collectionPath: string, object: KubeObject): Promise<T> {
    return this.call<T>("POST", collectionPath, object);
  }

  mergePatch<T = KubeObject>(path: string, patch: unknown): Promise<T> {
    return this.call<T>("PATCH", path, patch, "application/merge-patch+json");
  }

  /** Deletes the object; a missing one is not an error. */
  async remove(path: string): Promise<void> {
    try {
      await this.call("DELETE", path);
    } catch (error) {
      if (error instanceof KubeApiError && error.statusCode === 404) return;
      throw error;
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` every intervalMs until it returns a value (not undefined); throws `what` after timeoutMs. */
export async function pollUntil<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await delay(intervalMs);
  }
}
