// The migration's gates on the nodes, as a pure judgement of each node's kernel table (`ip -4 route
// show`, read over SSH): how the node would send traffic to every other node's pod blocks. The leaves
// announce nothing to nodes (route-map KF-TO-NODES), so a BIRD route (`proto bird`) to another
// node's block can only come from the mesh; without one the node's fabric route (via its leaf) decides.
// An empty list means the gate passes; otherwise each entry names the node, the block and what it has.

/** How a route through Calico's IPIP tunnel reads in `ip route`: Calico's BIRD sends it `dev tunl0` (krt_tunnel). */
const IPIP_TUNNEL = "dev tunl0";

/** What every node's routes to the other nodes' blocks must be. */
export type NodeRouteExpectation =
  /** from the mesh (proto bird), whether tunnelled or not: the mesh carries every block */
  | "mesh"
  /** not through the tunnel: native from the mesh, or no route and the fabric route decides */
  | "native"
  /** from the mesh and through the tunnel (IPIP back on) */
  | "tunnel";

export interface NodeGateExpectation {
  node: string;
  /** Every other node's pod blocks. */
  remoteBlocks: ReadonlyArray<{ node: string; prefix: string }>;
  expect: NodeRouteExpectation;
}

interface KernelRoute {
  line: string;
  blackhole: boolean;
  bird: boolean;
  tunnelled: boolean;
}

function kernelRoutes(text: string): Map<string, KernelRoute> {
  const routes = new Map<string, KernelRoute>();
  for (const raw of text.split("\n")) {
    const line = raw.trim().replace(/\s+/g, " ");
    if (line === "") continue;
    const fields = line.split(" ");
    const blackhole = ["blackhole", "unreachable", "prohibit"].includes(fields[0]);
    const prefix = blackhole ? fields[1] : fields[0];
    if (!prefix || routes.has(prefix)) continue;
    routes.set(prefix, {
      line,
      blackhole,
      bird: / proto bird\b/.test(` ${line}`),
      tunnelled: ` ${line} `.includes(` ${IPIP_TUNNEL} `),
    });
  }
  return routes;
}

export function nodeGateProblems(expect: NodeGateExpectation, ipRouteShow: string): string[] {
  const routes = kernelRoutes(ipRouteShow);
  const problems: string[] = [];
  for (const block of expect.remoteBlocks) {
    const route = routes.get(block.prefix);
    const has = route ? `has '${route.line}'` : "has no route (the fabric route decides)";
    const what = `${expect.node}: ${block.prefix} of ${block.node}`;
    if (route?.blackhole) {
      problems.push(`${what} is a black hole (${has})`);
      continue;
    }
    if (expect.expect === "native" && route?.tunnelled) problems.push(`${what} still goes through the IPIP tunnel (${has})`);
    if (expect.expect === "mesh" && !route?.bird) problems.push(`${what} is not from the mesh (${has})`);
    if (expect.expect === "tunnel" && !(route?.bird && route.tunnelled)) problems.push(`${what} does not go through the IPIP tunnel from the mesh (${has})`);
  }
  return problems;
}
