// What a node's routing does with traffic to another node's pod block, read from its kernel table and
// BIRD: a route through tunl0 (lab/calico-tunnel.ts) to a node, through tunl0 to something that is
// not a node (the leaf: a black hole, as in a real cluster), native, or none (the default route).
import { TUNNEL_DEVICE } from "./calico-tunnel";
import { run } from "./exec";

export interface KernelRoute {
  prefix: string;
  via?: string;
  /** The outgoing link (`dev`). */
  dev?: string;
  blackhole: boolean;
}

/** `ip -4 route show` lines → prefix → route (first one wins). */
export function parseKernelRoutes(text: string): Map<string, KernelRoute> {
  const routes = new Map<string, KernelRoute>();
  for (const line of text.split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (fields.length === 0 || fields[0] === "") continue;
    const blackhole = fields[0] === "blackhole";
    const prefix = blackhole ? fields[1] : fields[0];
    if (!prefix || routes.has(prefix)) continue;
    const viaAt = fields.indexOf("via");
    const devAt = fields.indexOf("dev");
    routes.set(prefix, {
      prefix,
      via: viaAt >= 0 ? fields[viaAt + 1] : undefined,
      dev: devAt >= 0 ? fields[devAt + 1] : undefined,
      blackhole,
    });
  }
  return routes;
}

/** BIRD 1.6 `show route all`: prefix → the primary route's protocol and BGP.next_hop. */
export function parseBirdRoutes(text: string): Map<string, { protocol: string; bgpNextHop?: string }> {
  const routes = new Map<string, { protocol: string; bgpNextHop?: string }>();
  let prefix = "";
  let inPrimary = false;
  for (const line of text.split("\n")) {
    const route = /^(\S+)?\s+(?:via \S+ on \S+|blackhole|unreachable|dev \S+)\s+\[(\S+)[^\]]*\]\s+(\*)?/.exec(line);
    if (route) {
      if (route[1]) prefix = route[1];
      inPrimary = route[3] === "*";
      if (inPrimary) routes.set(prefix, { protocol: route[2] });
      continue;
    }
    const nextHop = /^\s+BGP\.next_hop:\s+(\S+)/.exec(line);
    if (nextHop && inPrimary && routes.has(prefix)) routes.set(prefix, { ...routes.get(prefix)!, bgpNextHop: nextHop[1] });
  }
  return routes;
}

/** How a node's routing treats a remote block. */
export type PathKind =
  /** a native route (BGP or other) to the block */
  | "native"
  /** through the IPIP tunnel to a node */
  | "tunnel-to-node"
  /** through the IPIP tunnel to something that is not a node (the leaf): black hole */
  | "tunnel-to-non-node"
  /** no specific route: the default route (the leaf) decides */
  | "default";

export function classifyPath(kernel: Map<string, KernelRoute>, bird: Map<string, { bgpNextHop?: string }>, block: string, nodeAddresses: ReadonlySet<string>): PathKind {
  const route = kernel.get(block);
  if (!route || route.blackhole) return "default";
  if (route.dev !== TUNNEL_DEVICE) return "native";
  const nextHop = bird.get(block)?.bgpNextHop ?? route.via;
  return nextHop !== undefined && nodeAddresses.has(nextHop) ? "tunnel-to-node" : "tunnel-to-non-node";
}

export async function readNodeRouting(namespace: string, birdc: (command: string) => Promise<string>): Promise<{ kernel: Map<string, KernelRoute>; bird: Map<string, { protocol: string; bgpNextHop?: string }> }> {
  const [kernelText, birdText] = await Promise.all([
    run("ip", ["-n", namespace, "-4", "route", "show"]).then((r) => r.stdout),
    birdc("show route all"),
  ]);
  return { kernel: parseKernelRoutes(kernelText), bird: parseBirdRoutes(birdText) };
}
