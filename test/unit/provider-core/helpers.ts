// Shared by the provider-core tests: the dev stack's devices, fixtures, and owned configs as text.

import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { buildPlan } from "../../../components/plan/build-plan";
import { DevicePlan } from "../../../model/device-plan";
import { OwnedConfig } from "../../../providers/dialects/types";
import { DialectName } from "../../../model/device-plan";
import { ALL_SECRETS, devTopology } from "../../support/dev-stack";

export const seedPlan = buildPlan({ topology: devTopology(), secrets: ALL_SECRETS });

/** A switch of the reference lab, optionally as another dialect would run it. */
export function seedDevice(name: string, dialect: DialectName = "eos"): DevicePlan {
  const device = seedPlan.devices.find((d) => d.name === name);
  assert.ok(device, `${name} is in the dev stack`);
  return { ...device, dialect };
}

/**
 * The dev stack's device as it was planned when the FRR captures (fixtures/README.md) were made: the
 * same but for each node session's maximum-routes, then a fixed 100 (now the plan's nodeRouteLimit).
 * The captures stay as real FRR printed them; the tests that read them plan against this.
 */
export function asCaptured(device: DevicePlan): DevicePlan {
  const peering = device.nodePeering;
  if (!peering) return device;
  return { ...device, nodePeering: { ...peering, bgp: { ...peering.bgp, neighbors: peering.bgp.neighbors.map((n) => ({ ...n, maximumRoutes: 100 })) } } };
}

/** The owned config as indented text, one level per context (3 spaces, as EOS prints it). */
export function asText(owned: OwnedConfig, depth = 0): string[] {
  return owned.flatMap((line) => [`${"   ".repeat(depth)}${line.text}`, ...asText(line.children, depth + 1)]);
}

const OWN_FIXTURES = path.join(__dirname, "fixtures");

export { sharedFixture } from "../../support/shared-fixtures";
export const frrCapture = (name: string) => fs.readFileSync(path.join(OWN_FIXTURES, name), "utf8");

/** Every `show running-config` output in a capture that holds several (with script noise around them). */
export function eosConfigsIn(text: string): string[] {
  const configs: string[] = [];
  const pattern = /! Command: show running-config[\s\S]*?\nend/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) configs.push(match[0]);
  return configs;
}
