// The pure readers the cluster tier's measurements stand on: ping output, kernel and BIRD route
// tables, BIRD's protocol list, and the confd rewrite that makes Calico's IPIP marker readable.
import assert from "assert";
import { parseBgpSessions, renderReloadScript, rewriteConfdToml } from "../../../lab/calico-node";
import { classifyPath, parseBirdRoutes, parseKernelRoutes } from "../../../lab/calico-routes";
import { lostIn, lostWhileReachable, parsePingOutput, PingPacket } from "../../../lab/pinger";

describe("cluster tier readers", () => {
  describe("ping -D -O output", () => {
    const output = [
      "PING 192.168.95.1 (192.168.95.1) 56(84) bytes of data.",
      "[1796170704.010000] 64 bytes from 192.168.95.1: icmp_seq=1 ttl=62 time=0.101 ms",
      "[1796170704.030000] no answer yet for icmp_seq=2",
      "[1796170704.040000] From 10.10.1.0 icmp_seq=3 Destination Net Unreachable",
      "[1796170704.050000] 64 bytes from 192.168.95.1: icmp_seq=2 ttl=62 time=25 ms",
      "[1796170704.060000] 64 bytes from 192.168.95.1: icmp_seq=5 ttl=62 time=0.1 ms",
      "",
      "--- 192.168.95.1 ping statistics ---",
    ].join("\n");

    it("gives every packet its first-seen time and whether any reply came (late replies count)", () => {
      assert.deepStrictEqual(parsePingOutput(output), [
        { seq: 1, at: 1796170704.01, replied: true },
        { seq: 2, at: 1796170704.03, replied: true },
        { seq: 3, at: 1796170704.04, replied: false },
        { seq: 4, at: 1796170704.04, replied: false }, // never named: the previous packet's time
        { seq: 5, at: 1796170704.06, replied: true },
      ]);
    });

    it("counts sent and lost in a time window", () => {
      const packets = parsePingOutput(output);
      assert.deepStrictEqual(lostIn(packets, 1796170704.035, 1796170704.07), { sent: 3, lost: 2, lostSeqs: [3, 4] });
    });
  });

  describe("loss while a path is there (client → pods)", () => {
    const at = (seq: number, replied: boolean): PingPacket => ({ seq, at: 100 + seq / 100, replied });
    it("counts the unanswered packets between the window's first and last answered one", () => {
      const packets = [at(1, false), at(2, false), at(3, true), at(4, false), at(5, true), at(6, false), at(7, false)];
      assert.deepStrictEqual(lostWhileReachable(packets, 100, 101), { sent: 3, lost: 1, lostSeqs: [4] });
    });
    it("a path that never worked in the window loses nothing of it, and sends nothing", () => {
      assert.deepStrictEqual(lostWhileReachable([at(1, false), at(2, false)], 100, 101), { sent: 0, lost: 0, lostSeqs: [] });
    });
  });

  describe("routes", () => {
    const kernel = parseKernelRoutes([
      "default via 10.10.1.0 dev fabric0",
      "10.10.1.0/31 dev fabric0 proto kernel scope link src 10.10.1.1",
      "192.168.95.0/26 via 10.10.2.1 dev tunl0 proto bird onlink",
      "blackhole 192.168.111.0/26 proto bird",
      "192.168.217.0/26 via 10.10.1.0 dev fabric0 proto bird",
      "192.168.52.0/26 via 10.10.1.0 dev tunl0 proto bird onlink",
    ].join("\n"));
    const bird = parseBirdRoutes([
      "192.168.95.0/26   via 10.10.1.0 on fabric0 [Mesh_10_10_2_1 03:55:01 from 10.10.2.1] * (100/?) [i]",
      "\tType: BGP unicast univ",
      "\tBGP.next_hop: 10.10.2.1",
      "                   via 10.10.1.0 on fabric0 [Node_10_10_1_0 03:55:02] (100/0) [AS65102i]",
      "\tBGP.next_hop: 10.10.1.0",
      "192.168.52.0/26   via 10.10.1.0 on fabric0 [Node_10_10_1_0 03:55:02] * (100/0) [AS65103i]",
      "\tBGP.next_hop: 10.10.1.0",
      "192.168.111.0/26  blackhole [static1 03:55:00] * (200)",
    ].join("\n"));
    const nodes = new Set(["10.10.1.1", "10.10.2.1", "10.10.3.1"]);

    it("reads the kernel's next hop, link and blackholes", () => {
      assert.deepStrictEqual(kernel.get("192.168.95.0/26"), { prefix: "192.168.95.0/26", via: "10.10.2.1", dev: "tunl0", blackhole: false });
      assert.deepStrictEqual(kernel.get("192.168.217.0/26"), { prefix: "192.168.217.0/26", via: "10.10.1.0", dev: "fabric0", blackhole: false });
      assert.strictEqual(kernel.get("192.168.111.0/26")?.blackhole, true);
    });

    it("reads BIRD's primary route: its protocol and BGP next hop, not the alternative's", () => {
      assert.deepStrictEqual(bird.get("192.168.95.0/26"), { protocol: "Mesh_10_10_2_1", bgpNextHop: "10.10.2.1" });
      assert.deepStrictEqual(bird.get("192.168.52.0/26"), { protocol: "Node_10_10_1_0", bgpNextHop: "10.10.1.0" });
      assert.deepStrictEqual(bird.get("192.168.111.0/26"), { protocol: "static1" });
    });

    it("tells a tunnel to a node from a tunnel to the leaf (black hole), a native route and none", () => {
      assert.strictEqual(classifyPath(kernel, bird, "192.168.95.0/26", nodes), "tunnel-to-node");
      assert.strictEqual(classifyPath(kernel, bird, "192.168.52.0/26", nodes), "tunnel-to-non-node");
      assert.strictEqual(classifyPath(kernel, bird, "192.168.217.0/26", nodes), "native");
      assert.strictEqual(classifyPath(kernel, bird, "192.168.111.0/26", nodes), "default");
      assert.strictEqual(classifyPath(kernel, bird, "192.168.7.0/26", nodes), "default");
    });
  });

  it("reads BIRD 1.6's protocol list", () => {
    const sessions = parseBgpSessions([
      "name     proto    table    state  since       info",
      "static1  Static   master   up     03:55:00",
      "kernel1  Kernel   master   up     03:55:00",
      "Mesh_10_10_2_1 BGP      master   up     03:55:01    Established",
      "Node_10_10_1_0 BGP      master   start  03:55:02    Idle",
      "Node_10_10_9_0 BGP      master   start  03:55:02    Connect       Socket: Connection refused",
    ].join("\n"));
    assert.deepStrictEqual([...sessions], [["Mesh_10_10_2_1", "Established"], ["Node_10_10_1_0", "Idle"], ["Node_10_10_9_0", "Connect"]]);
  });

  describe("confd for the stand-in", () => {
    it("keeps Calico's toml but writes to the node's folder, checks nothing and reloads through our script", () => {
      const toml = [
        "[template]",
        'src = "bird.cfg.template"',
        'dest = "/etc/calico/confd/config/bird.cfg"',
        'prefix = "/calico/"',
        'check_cmd = "bird -p -c {{.src}}"',
        'reload_cmd = "sv hup bird || true"',
      ].join("\n");
      assert.strictEqual(rewriteConfdToml(toml, "/tmp/n1/config", "/tmp/n1/reload.sh"), [
        "[template]",
        'src = "bird.cfg.template"',
        'dest = "/tmp/n1/config/bird.cfg"',
        'prefix = "/calico/"',
        'reload_cmd = "/tmp/n1/reload.sh"',
      ].join("\n"));
    });

    it("the reload script leaves confd's output as Calico's BIRD reads it (krt_tunnel too), makes includes absolute and reloads", () => {
      const script = renderReloadScript("/tmp/n1/config", "/tmp/n1/run", "/tmp/n1/run/bird.ctl", "/cache/bird/rev/birdcl");
      assert.doesNotMatch(script, /krt_/);
      assert.match(script, /include "\/tmp\/n1\/run\/\\1";/);
      assert.match(script, /'\/cache\/bird\/rev\/birdcl' -s '\/tmp\/n1\/run\/bird.ctl' configure/);
    });
  });
});
