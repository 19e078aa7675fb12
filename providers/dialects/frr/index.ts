// Everything kube-fabric knows about FRRouting (vtysh), as one entry for the dialect registry.

import type { Dialect } from "../dialect";
import { frrShowParsers } from "./parse";
import { renderFrrBridges, renderFrrNodePeering, renderFrrUnderlay } from "./render";
import { frrDriver } from "./session";
import { frrSyntax } from "./syntax";

export const frrDialect: Dialect = {
  name: "frr",
  syntax: frrSyntax,
  renderUnderlay: renderFrrUnderlay,
  renderNodePeering: renderFrrNodePeering,
  renderBridges: renderFrrBridges,
  driver: frrDriver,
  showParsers: frrShowParsers,
};
