// The lab node's tunl0 (lab/calico-tunnel.ts): a static neighbour and forwarding entry for every
// other node and none for anything else, so only a route whose next hop is a node carries packets;
// and the BIRD the lab runs is the revision tools/bird/build.sh builds.

import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { tunnelCommands, tunnelMac } from "../../../lab/calico-tunnel";
import { CALICO_BIRD_REVISION } from "../../../lab/kube-binaries";

const REPO = join(__dirname, "..", "..", "..");

describe("lab: a node's tunl0", () => {
  it("a node's tunnel MAC is locally administered and holds its fabric address", () => {
    assert.equal(tunnelMac("10.0.11.1"), "02:00:0a:00:0b:01");
    assert.equal(tunnelMac("192.168.255.254"), "02:00:c0:a8:ff:fe");
    assert.throws(() => tunnelMac("10.0.11"), /not an IPv4 address/);
  });

  it("knows every other node, learns nothing, and checks no source on tunl0", () => {
    const commands = tunnelCommands({ local: "10.0.11.1", peers: ["10.1.11.1", "10.2.22.1"] }).map((argv) => argv.join(" "));
    assert.deepEqual(commands, [
      "ip link add tunl0 address 02:00:0a:00:0b:01 type vxlan id 4 dstport 4789 local 10.0.11.1 nolearning",
      "sysctl -q -w net.ipv4.conf.tunl0.rp_filter=0",
      "ip link set tunl0 up",
      "ip neigh replace 10.1.11.1 lladdr 02:00:0a:01:0b:01 dev tunl0 nud permanent",
      "bridge fdb replace 02:00:0a:01:0b:01 dev tunl0 dst 10.1.11.1 self permanent",
      "ip neigh replace 10.2.22.1 lladdr 02:00:0a:02:16:01 dev tunl0 nud permanent",
      "bridge fdb replace 02:00:0a:02:16:01 dev tunl0 dst 10.2.22.1 self permanent",
    ]);
  });

  it("runs the BIRD revision tools/bird/build.sh builds", () => {
    const script = readFileSync(join(REPO, "tools", "bird", "build.sh"), "utf8");
    assert.match(script, new RegExp(`^revision=${CALICO_BIRD_REVISION}$`, "m"));
  });
});
