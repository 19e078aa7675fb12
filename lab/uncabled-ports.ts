// A switch's planned ports that no planned link cables (an internet uplink): what a lab file or
// drawing of the plan has to mention separately. Loopbacks are not ports. Pure.

import { FabricPlan } from "../components/plan/plan-types";
import { DevicePlan, InterfaceIntent } from "../model/device-plan";

export interface UncabledPort {
  device: DevicePlan;
  port: InterfaceIntent;
}

export function uncabledPorts(plan: FabricPlan): UncabledPort[] {
  const cabled = new Set(plan.links.flatMap((l) => [`${l.upper.device}|${l.upper.interface}`, `${l.lower.device}|${l.lower.interface}`]));
  return plan.devices.flatMap((device) =>
    device.underlay.interfaces.filter((port) => !/^Loopback/.test(port.name) && !cabled.has(`${device.name}|${port.name}`)).map((port) => ({ device, port })),
  );
}
