// The fabric half of index.ts, for test/team: the stack config read and planned as the real program does it, the
// underlay on every switch and each leaf's BGP to its nodes. No node steps: the tests' switches are EOS doubles
// and no node is reachable. Each checkout runs its own copy of the components it imports.
import { LeafPeering, Underlay } from "../../../components/fabric";
import { loadPlan } from "../../../components/load-plan";
import { readStackInput } from "../../../components/stack-input";

const input = readStackInput();
const plan = loadPlan(input);
const switches = { credentials: input.switchCredentials, options: plan.switchOptions };
const underlay = new Underlay("fabric", { devices: plan.devices, ...switches });
new LeafPeering("leaf-peering", { devices: plan.devices, ...switches, underlay, dependsOn: [] });

export const devices = plan.devices.map((device) => device.name);
