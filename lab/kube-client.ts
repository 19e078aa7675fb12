// A minimal Kubernetes REST client for the lab and its tests, on the program's own transport
// (components/calico/kube-api.ts: @kubernetes/client-node reads the kubeconfig), here with a bearer
// token and the cluster CA. Only what the lab needs: get, list, create, merge-patch, delete, and polling.
import { KubeApi, KubeApiError } from "../components/calico/kube-api";
import { renderKubeconfig } from "./kube-credentials";

export { KubeApiError };

export interface KubeAccess {
  /** https://127.0.0.1:<port> */
  server: string;
  /** PEM of the CA that signed the apiserver's serving certificate. */
  caCertificate: string;
  /** Bearer token of a cluster admin (system:masters). */
  token: string;
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
  private readonly api: KubeApi;

  /** An admin's access (server, CA, bearer token), or a whole kubeconfig as text. */
  constructor(access: KubeAccess | string, timeoutMs = 15_000) {
    const kubeconfig = typeof access === "string" ? access : renderKubeconfig(access.server, access.caCertificate, access.token);
    this.api = KubeApi.fromKubeconfig(kubeconfig, timeoutMs);
  }

  call<T = unknown>(method: string, path: string, body?: unknown, contentType = "application/json"): Promise<T> {
    return this.api.call<T>(method, path, body, contentType);
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
