// verify's judgement of parsed show output against the dev stack's plan: what passes, and that a
// session that is not Established, a neighbour not Full or a block via the wrong node fails.

import { strict as assert } from "assert";
import { buildPlan } from "../../../components/plan/build-plan";
import { frrShowParsers } from "../../../providers/dialects/frr/parse";
import { checkBgp, checkOspf, checkPodBlockRoute, pingReplies, pingTargets, remoteBlocks, renderTable } from "../../../verify/checks";
import { ALL_SECRETS, devTopology } from "../../support/dev-stack";

const plan = buildPlan({ topology: devTopology(), secrets: ALL_SECRETS });

const ospfText = (state: string) => `
Neighbor ID     Pri State           Up Time         Dead Time Address         Interface                        RXmtL RqstL DBsmL
10.11.99.1        1 ${state.padEnd(15)} 1m02s             38.779s 10.11.99.1      Ethernet1:10.11.99.0                 0     0     0
10.22.99.1        1 Full/-          1m02s             38.779s 10.22.99.1      Ethernet2:10.22.99.0                 0     0     0
10.33.99.1        1 Full/-          1m02s             38.779s 10.33.99.1      Ethernet3:10.33.99.0                 0     0     0
`;

const bgpText = (secondState: string) => `
IPv4 Unicast Summary (VRF default):
BGP router identifier 10.11.99.1, local AS number 65011 vrf-id 0
BGP table version 2
RIB entries 3, using 552 bytes of memory
Peers 2, using 1449 KiB of memory

Neighbor        V         AS   MsgRcvd   MsgSent   TblVer  InQ OutQ  Up/Down State/PfxRcd   PfxSnt Desc
10.0.11.1       4      65000        10        10        0    0    0 00:01:10            1        0 k-master
10.1.11.1       4      65001        10        10        0    0    0 00:01:10 ${secondState.padEnd(12)}        0 k-w1

Total number of neighbors 2
`;

describe("verify checks", () => {
  it("passes Spine-1 with every fabric neighbour Full and fails the one that is not", () => {
    assert.ok(checkOspf(plan, "Spine-1", frrShowParsers.ospfNeighbors.text(ospfText("Full/-"))).every((r) => r.ok));
    const results = checkOspf(plan, "Spine-1", frrShowParsers.ospfNeighbors.text(ospfText("ExStart/-")));
    assert.deepEqual(results.map((r) => r.ok), [false, true, true]);
    assert.match(results[0].subject, /Ethernet1 -> Leaf-1 10\.11\.99\.1/);
  });

  it("passes Leaf-1 with both node sessions Established and routes received, fails an Active one", () => {
    assert.deepEqual(checkBgp(plan, "Leaf-1", frrShowParsers.bgpSummary.text(bgpText("1"))).map((r) => r.ok), [true, true]);
    const failing = checkBgp(plan, "Leaf-1", frrShowParsers.bgpSummary.text(bgpText("Active")));
    assert.deepEqual(failing.map((r) => r.ok), [true, false]);
    assert.match(renderTable(failing), /^FAIL\s+bgp\s+Leaf-1\s+k-w1 10\.1\.11\.1 AS 65001\s+Active/m);
  });

  it("accepts a node's block only when BGP learnt it from that node", () => {
    const route = (via: string) => `B>* 10.66.0.0/24 [20/0] via ${via}, Ethernet2, weight 1, 00:00:41\n`;
    assert.equal(checkPodBlockRoute(plan, "Leaf-1", "k-master", frrShowParsers.ipRoute.text(route("10.0.11.1"))).ok, true);
    assert.equal(checkPodBlockRoute(plan, "Leaf-1", "k-master", frrShowParsers.ipRoute.text(route("10.1.11.1"))).ok, false);
    assert.equal(checkPodBlockRoute(plan, "Leaf-1", "k-master", frrShowParsers.ipRoute.text("% Network not in table\n", "show ip route 10.66.0.0/24")).ok, false);
  });

  it("on a cluster taken over from Calico's defaults, checks each allocated block, here and on the other leaves", () => {
    const t = devTopology() as { kubernetes: Record<string, unknown>; calico: Record<string, unknown> };
    Object.assign(t.kubernetes, { provision: "existing", podCidr: "10.244.0.0/16", blockSize: 26 });
    Object.assign(t.calico, { routing: "tor", start: "defaults" });
    const moved = buildPlan({
      topology: t,
      secrets: { ...ALL_SECRETS, kubeconfig: true },
      calicoCluster: { pools: [{ name: "default-ipv4-ippool", cidr: "10.244.0.0/16", blockSize: 26 }], blocks: [{ node: "k-w3", cidr: "10.244.52.0/26" }, { node: "k-w3", cidr: "10.244.52.64/26" }] },
    });
    const route = `B>* 10.244.52.64/26 [20/0] via 10.3.33.1, Ethernet2, weight 1, 00:00:41\n`;
    assert.equal(checkPodBlockRoute(moved, "Leaf-3", "k-w3", frrShowParsers.ipRoute.text(route), "10.244.52.64/26").ok, true);
    assert.equal(checkPodBlockRoute(moved, "Leaf-3", "k-w3", frrShowParsers.ipRoute.text(route), "10.244.52.0/26").ok, false);
    assert.deepEqual(remoteBlocks(moved, "Leaf-1"), [{ node: "k-w3", block: "10.244.52.0/26" }, { node: "k-w3", block: "10.244.52.64/26" }]);
  });

  it("pings every node address and the given pod addresses, and reads ping's summary", () => {
    const targets = pingTargets(plan, new Map([["k-w2", ["10.66.2.1"]]]));
    assert.deepEqual(targets.map((t) => t.address), ["10.0.11.1", "10.1.11.1", "10.2.22.1", "10.66.2.1", "10.3.33.1"]);
    assert.deepEqual(pingReplies("3 packets transmitted, 3 received, 0% packet loss, time 402ms"), { sent: 3, received: 3 });
    assert.deepEqual(pingReplies("3 packets transmitted, 0 received, +3 errors, 100% packet loss"), { sent: 3, received: 0 });
  });
});
