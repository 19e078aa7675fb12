// One entry per dialect: its configuration language and its renderers. Adding a dialect adds a folder
// and one line here.

import { DevicePlan } from "../../components/plan/plan-types";
import { eosSyntax } from "./eos/syntax";
import { renderEosNodePeering, renderEosUnderlay } from "./eos/render";
import { frrSyntax } from "./frr/syntax";
import { renderFrrNodePeering, renderFrrUnderlay } from "./frr/render";
import { DialectName, DialectSyntax, OwnedConfig } from "./types";

export interface DialectCore {
  syntax: DialectSyntax;
  /** Phase 1: addresses, OSPF, static routes. */
  renderUnderlay(device: DevicePlan): OwnedConfig;
  /** Phase 2: eBGP to the nodes and `redistribute bgp`; empty for a device without node peering. */
  renderNodePeering(device: DevicePlan): OwnedConfig;
}

const DIALECTS: Record<DialectName, DialectCore> = {
  eos: { syntax: eosSyntax, renderUnderlay: renderEosUnderlay, renderNodePeering: renderEosNodePeering },
  frr: { syntax: frrSyntax, renderUnderlay: renderFrrUnderlay, renderNodePeering: renderFrrNodePeering },
};

export function dialectCore(name: DialectName): DialectCore {
  const core = DIALECTS[name];
  if (!core) throw new Error(`kube-fabric: unknown switch dialect '${String(name)}' — use one of: ${Object.keys(DIALECTS).join(", ")}`);
  return core;
}

export function syntaxOf(name: DialectName): DialectSyntax {
  return dialectCore(name).syntax;
}
