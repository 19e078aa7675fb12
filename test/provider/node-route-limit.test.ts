// The leaf's bound on a node's BGP session, at its edge, on real FRR (network namespaces): the dev
// stack's Leaf-1 node peering as the plan renders it for FRR (maximum-prefix from the plan's
// nodeRouteLimit), and a real FRR node (k-master, AS 65000) announcing routes inside what the leaf
// accepts. Exactly the limit: the session stays Established with every route. One more: the leaf
// closes the session (FRR: Idle, PfxCt) rather than fill its table.
import { strict as assert } from "assert";
import { buildPlan } from "../../components/plan/build-plan";
import { MAX_PODS_PER_NODE, SERVICE_ROUTES } from "../../components/plan/calico-plan";
import { dialectOf } from "../../providers/dialects/registry";
import { changeScript } from "../../providers/switch/config-tree/change-script";
import { parseRunningConfig } from "../../providers/switch/config-tree/tree";
import { FrrLab, startFrrLab } from "../../lab/frr-lab";
import { ALL_SECRETS, devTopology } from "../support/dev-stack";

interface NeighborJson {
  bgpState?: string;
  lastNotificationReason?: string;
  addressFamilyInfo?: { ipv4Unicast?: { acceptedPrefixCounter?: number } };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a node's BGP session at the leaf's route limit (real FRR)", function () {
  this.timeout(300_000);
  let lab: FrrLab;
  const plan = buildPlan({ topology: devTopology(), secrets: ALL_SECRETS });
  const leaf1 = { ...plan.devices.find((d) => d.name === "Leaf-1")!, dialect: "frr" as const };
  const kMaster = leaf1.nodePeering!.bgp.neighbors.find((n) => n.description === "k-master")!;
  const limit = kMaster.maximumRoutes;

  /** `count` routes inside what the leaf accepts from k-master: the /24's addresses, then the service CIDR's. */
  const routes = (count: number) =>
    Array.from({ length: count }, (_, k) => (k < 256 ? `10.66.0.${k}/32` : `10.96.${Math.floor((k - 256) / 256)}.${(k - 256) % 256}/32`));

  before(async () => {
    lab = await startFrrLab({
      routers: [{ name: "leaf" }, { name: "node" }],
      links: [{ a: { router: "leaf", interface: "Ethernet2", address: "10.0.11.0/31" }, b: { router: "node", interface: "ens3", address: "10.0.11.1/31" } }],
    });
    const leaf = lab.router("leaf");
    const owned = dialectOf("frr").renderNodePeering(leaf1);
    const lines = changeScript("frr", parseRunningConfig("frr", await leaf.vtysh("show running-config")), [], owned).lines;
    await leaf.vtysh(["configure terminal", ...lines, "end"]);
  });

  after(async () => {
    await lab?.stop();
  });

  const neighbor = async (): Promise<NeighborJson> =>
    (JSON.parse(await lab.router("leaf").vtysh("show ip bgp neighbors 10.0.11.1 json")) as Record<string, NeighborJson>)["10.0.11.1"] ?? {};

  async function announce(count: number): Promise<void> {
    await lab.router("node").vtysh([
      "configure terminal",
      ...routes(count).map((prefix) => `ip route ${prefix} blackhole`),
      "router bgp 65000",
      "no bgp ebgp-requires-policy",
      "neighbor 10.0.11.0 remote-as 65011",
      "address-family ipv4 unicast",
      "redistribute static",
      "end",
    ]);
  }

  it("comes from the plan: the node's /24 (one block), a /32 per pod, the service routes", () => {
    assert.equal(limit, 1 + MAX_PODS_PER_NODE + SERVICE_ROUTES);
    assert.ok(limit > 256, "the edge needs routes beyond the /24");
  });

  it("exactly the limit: Established, every route accepted", async () => {
    await announce(limit);
    let state: NeighborJson = {};
    for (let i = 0; i < 150; i++) {
      state = await neighbor();
      if (state.bgpState === "Established" && state.addressFamilyInfo?.ipv4Unicast?.acceptedPrefixCounter === limit) break;
      await delay(200);
    }
    assert.equal(state.bgpState, "Established", JSON.stringify(state).slice(0, 400));
    assert.equal(state.addressFamilyInfo?.ipv4Unicast?.acceptedPrefixCounter, limit);
  });

  it("one more: the leaf closes the session and keeps it down", async () => {
    await lab.router("node").vtysh(["configure terminal", `ip route ${routes(limit + 1)[limit]} blackhole`, "end"]);
    let state: NeighborJson = {};
    for (let i = 0; i < 150; i++) {
      state = await neighbor();
      if (state.bgpState !== "Established") break;
      await delay(200);
    }
    assert.notEqual(state.bgpState, "Established", JSON.stringify(state).slice(0, 400));
    assert.equal(state.lastNotificationReason, "Cease/Maximum Number of Prefixes Reached");
    await delay(5000);
    assert.notEqual((await neighbor()).bgpState, "Established", "stays down");
  });
});
