// Everything kube-fabric knows about EOS, as one entry for the dialect registry.

import type { Dialect } from "../dialect";
import { eosShowParsers } from "./parse";
import { renderEosBridges, renderEosNodePeering, renderEosUnderlay } from "./render";
import { eosDriver } from "./session";
import { eosSyntax } from "./syntax";

export const eosDialect: Dialect = {
  name: "eos",
  syntax: eosSyntax,
  renderUnderlay: renderEosUnderlay,
  renderNodePeering: renderEosNodePeering,
  renderBridges: renderEosBridges,
  driver: eosDriver,
  showParsers: eosShowParsers,
};
