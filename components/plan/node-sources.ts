// Where the nodes get the Kubernetes packages and the container images: pkgs.k8s.io and the
// registries themselves, or a site's own repository and mirrors (topology.kubernetes.
// packageRepository and registryMirrors). The URL and host rules are also the node generators'
// guards (components/nodes/script-values.ts): what passes them reads the same in an apt sources
// line, a TOML string, a file path and a single-quoted shell word.

import { KubernetesConfig } from "./config-types";
import { PackageRepositoryPlan, RegistryMirrorPlan } from "./plan-types";
import { ProblemList } from "../../model/problems";

const HOST = String.raw`[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*`;
/** http(s)://host[:port][/path]: no user or password, query, fragment, spaces or quotes. */
const PLAIN_HTTP_URL = new RegExp(String.raw`^https?://${HOST}(?::(\d{1,5}))?(/[A-Za-z0-9._~%+=,:/-]*)?$`);
/** A registry as image names start with: docker.io, registry.k8s.io, 10.9.0.1:5000. */
const REGISTRY_HOST = new RegExp(String.raw`^${HOST}(?::(\d{1,5}))?$`);

export const PLAIN_HTTP_URL_RULE =
  "write http:// or https://, a host name or IPv4 address, an optional port and a path of letters, digits and . _ ~ % + = , : - / (no user, password, query, spaces or quotes)";
export const REGISTRY_HOST_RULE =
  "write the registry as image names start with: a host name or IPv4 address and an optional port, e.g. docker.io, registry.k8s.io, quay.io or 10.9.0.1:5000";

const REPOSITORY_EXAMPLE = "http://10.9.0.1:8080/kubernetes/v1.28/deb/";
const MIRROR_EXAMPLE = "http://10.9.0.1:5000";

const validPort = (port: string | undefined) => port === undefined || (Number(port) >= 1 && Number(port) <= 65535);

export function isPlainHttpUrl(value: string): boolean {
  const match = PLAIN_HTTP_URL.exec(value);
  return match !== null && validPort(match[1]);
}

export function isRegistryHost(value: string): boolean {
  const match = REGISTRY_HOST.exec(value);
  return match !== null && validPort(match[1]);
}

/** A mirror endpoint: scheme, host and port only (containerd adds /v2/… itself). */
export function hasPath(url: string): boolean {
  return /^https?:\/\/[^/]*\//.test(url);
}

const printable = (value: string) => value.replace(/[^\x20-\x7e]/g, "?");

/** pkgs.k8s.io's repository of one minor (e.g. 1.28), and its key where pkgs.k8s.io serves it. */
export function defaultPackageRepository(minor: string): PackageRepositoryPlan {
  const url = `https://pkgs.k8s.io/core:/stable:/v${minor}/deb/`;
  return { url, keyUrl: `${url}Release.key` };
}

export function checkPackageRepository(kubernetes: KubernetesConfig, problems: ProblemList): void {
  const written = kubernetes.packageRepository;
  if (!written) return;
  const path = "topology.kubernetes.packageRepository";
  if (!isPlainHttpUrl(written.url)) {
    problems.add(`${path}.url`, `'${printable(written.url)}' is not a plain http(s) URL`, `${PLAIN_HTTP_URL_RULE}, e.g. ${REPOSITORY_EXAMPLE}`);
  } else if (!written.url.endsWith("/")) {
    problems.add(
      `${path}.url`,
      `'${printable(written.url)}' does not end with '/'`,
      `write the directory of a flat repository, ending in '/' (apt reads it as \`deb [signed-by=…] URL /\`, like pkgs.k8s.io), e.g. ${REPOSITORY_EXAMPLE}`,
    );
  }
  if (written.keyUrl !== undefined && !isPlainHttpUrl(written.keyUrl)) {
    problems.add(
      `${path}.keyUrl`,
      `'${printable(written.keyUrl)}' is not a plain http(s) URL`,
      `${PLAIN_HTTP_URL_RULE}, e.g. ${REPOSITORY_EXAMPLE}Release.key (or leave it out for the url's Release.key)`,
    );
  }
}

/** The repository the plan carries: the site's own, else pkgs.k8s.io of the release's minor. */
export function planPackageRepository(kubernetes: KubernetesConfig, minor: string): PackageRepositoryPlan {
  const written = kubernetes.packageRepository;
  if (!written) return defaultPackageRepository(minor);
  return { url: written.url, keyUrl: written.keyUrl ?? `${written.url}Release.key` };
}

export function checkRegistryMirrors(kubernetes: KubernetesConfig, problems: ProblemList): void {
  for (const [registry, endpoints] of Object.entries(kubernetes.registryMirrors ?? {})) {
    const path = `topology.kubernetes.registryMirrors.${printable(registry)}`;
    if (!isRegistryHost(registry)) problems.add(path, `'${printable(registry)}' is not a registry host`, REGISTRY_HOST_RULE);
    const firstIndex = new Map<string, number>();
    endpoints.forEach((endpoint, index) => {
      const at = `${path}[${index}]`;
      const earlier = firstIndex.get(endpoint.toLowerCase());
      if (!isPlainHttpUrl(endpoint)) {
        problems.add(at, `'${printable(endpoint)}' is not a plain http(s) URL`, `${PLAIN_HTTP_URL_RULE}, e.g. ${MIRROR_EXAMPLE}`);
      } else if (hasPath(endpoint)) {
        problems.add(at, `'${endpoint}' has a path`, `write scheme, host and port only, e.g. ${MIRROR_EXAMPLE} (containerd adds /v2/… itself)`);
      } else if (earlier !== undefined) {
        problems.add(at, `'${endpoint}' is already listed at ${path}[${earlier}]`, "list each mirror of a registry once (containerd refuses a hosts.toml that names a host twice)");
      } else {
        firstIndex.set(endpoint.toLowerCase(), index);
      }
    });
  }
}

/** The mirrors the plan carries: registries in name order (a reordered map changes no script), endpoints as written. */
export function planRegistryMirrors(kubernetes: KubernetesConfig): RegistryMirrorPlan[] {
  return Object.entries(kubernetes.registryMirrors ?? {})
    .map(([registry, endpoints]) => ({ registry, endpoints: [...endpoints] }))
    .sort((a, b) => (a.registry < b.registry ? -1 : a.registry > b.registry ? 1 : 0));
}
