// `show ip bgp` / `show bgp ipv4 unicast` as text, for EOS and FRR: both print a preamble (router id,
// AS, legends), one column header (Network, Next Hop, Metric, LocPrf|LocPref, Weight, Path) and one
// row per path. A path row's numeric cells are told apart by the header's columns (Metric, LocPrf and
// Weight may each be blank); the AS path and origin start at the Path column. FRR leaves the
// network blank on the second and later paths of a prefix and wraps a long network onto its own line.

import { Asn, BgpOrigin, BgpPath, BgpTable, BgpTableVrf } from "../show-types";
import { isIpAddress, isIpv4, isPrefix } from "./addresses";
import { asnFromText } from "./asn";
import { Cell, OutputLine, cells, collapsed, lineError, requireContent, unexpectedLine } from "./output-lines";

export interface BgpTableDialect {
  /** FRR marks iBGP paths with `i` in the status; EOS does not. */
  internalFlag: boolean;
  /** The flags that say "not in the RIB/FIB": EOS `#`, FRR `r`. */
  notInstalledFlag: string;
}

const PREAMBLE: RegExp[] = [
  /^Status codes:/,
  /^Route status codes:/,
  /^Nexthop codes:/,
  /^Origin codes:/,
  /^RPKI validation codes:/,
  /^AS Path Attributes:/,
  /^Default local pref \d+, local AS \S+$/,
];
const FRR_VERSION_LINE = /^BGP table version is \d+, local router ID is (\S+), vrf id \d+$/;
const EOS_VRF_LINE = /^BGP routing table information for VRF (\S+)$/;
const EOS_ROUTER_LINE = /^Router identifier (\S+), local AS number (\S+)$/;
const FRR_LOCAL_AS = /^Default local pref \d+, local AS (\S+)$/;
const FOOTER: RegExp[] = [/^Displayed\s+\d+ routes? and \d+ total paths?$/, /^Total number of prefixes \d+$/, /^No BGP prefixes displayed, \d+ exist$/];
const ORIGINS: Record<string, BgpOrigin> = { i: "IGP", e: "EGP", "?": "incomplete" };

interface Column {
  name: string;
  start: number;
  end: number;
}

/** The column header, by name; undefined for any other line. */
function header(text: string): Column[] | undefined {
  const words = collapsed(text);
  if (!/^Network Next Hop( \S+)* Path$/.test(words)) return undefined;
  const columns: Column[] = [];
  const re = /Next Hop|\S+/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) columns.push({ name: m[0], start: m.index, end: m.index + m[0].length });
  return columns;
}

export function parseBgpTableText(output: string, command: string, dialect: BgpTableDialect): BgpTable {
  const vrfs: BgpTableVrf[] = [];
  let columns: Column[] | undefined;
  let pendingPrefix: { prefix: string; status: string } | undefined;
  let lastPrefix: string | undefined;
  const current = (): BgpTableVrf => {
    if (vrfs.length === 0) vrfs.push({ vrf: "default", paths: [] });
    return vrfs[vrfs.length - 1];
  };

  for (const line of requireContent(output, command)) {
    const text = line.text.trim();
    if (text === "") continue;
    const vrf = EOS_VRF_LINE.exec(text);
    const frrVersion = FRR_VERSION_LINE.exec(text);
    const eosRouter = EOS_ROUTER_LINE.exec(text);
    const frrLocalAs = FRR_LOCAL_AS.exec(text);
    const columnHeader = header(line.text);
    if (vrf) {
      vrfs.push({ vrf: vrf[1], paths: [] });
      columns = undefined;
    } else if (frrVersion || eosRouter) {
      const routerId = (frrVersion ?? eosRouter)![1];
      if (!isIpv4(routerId)) throw lineError(command, line, "the router id is not an address");
      current().routerId = routerId;
      if (eosRouter) current().localAs = localAs(eosRouter[2], line, command);
    } else if (frrLocalAs) {
      current().localAs = localAs(frrLocalAs[1], line, command);
    } else if (PREAMBLE.some((p) => p.test(text)) || (!columns && /^\s/.test(line.text) && /, /.test(text))) {
      // a legend line, or its indented continuation ("  i internal, r RIB-failure, …")
    } else if (FOOTER.some((f) => f.test(text))) {
      if (vrfs.length === 0) current();
    } else if (columnHeader) {
      current();
      columns = columnHeader;
    } else if (columns) {
      const row = pathRow(line, columns, dialect, command, pendingPrefix?.prefix ?? lastPrefix);
      if (row === "network only") {
        const status = line.text.slice(0, columns[0].start);
        pendingPrefix = { prefix: cells(line.text.slice(columns[0].start))[0].text, status };
        continue;
      }
      if (pendingPrefix && row.statusText === "") row.statusText = pendingPrefix.status.trim();
      if (pendingPrefix) Object.assign(row, flags(row.statusText, dialect));
      pendingPrefix = undefined;
      lastPrefix = row.prefix;
      current().paths.push(row);
    } else {
      throw unexpectedLine(command, line, "a BGP table preamble line or the Network/Next Hop column header");
    }
  }
  if (pendingPrefix) throw new Error(`internal: ${command}: the network ${pendingPrefix.prefix} has no path line`);
  return { vrfs };
}

function localAs(text: string, line: OutputLine, command: string): Asn {
  return asnFromText(text) ?? (() => {
    throw lineError(command, line, `${JSON.stringify(text)} is not an AS number`);
  })();
}

function flags(status: string, dialect: BgpTableDialect): Pick<BgpPath, "valid" | "best" | "multipath" | "internal" | "installed"> {
  return {
    valid: status.includes("*"),
    best: status.includes(">"),
    multipath: /[=Ee]/.test(status),
    ...(dialect.internalFlag ? { internal: status.includes("i") } : {}),
    ...(status.includes(dialect.notInstalledFlag) ? { installed: false } : {}),
  };
}

/** One path row; "network only" when a long network was wrapped and its path follows on the next line. */
function pathRow(line: OutputLine, columns: Column[], dialect: BgpTableDialect, command: string, previousPrefix: string | undefined): BgpPath | "network only" {
  const network = columns[0];
  const nextHopColumn = columns[1];
  const pathColumn = columns[columns.length - 1];
  const statusText = line.text.slice(0, network.start).trim();
  const rest = cells(line.text).filter((c) => c.start >= network.start);
  if (!/^[*>=isdhrRSbEec#%LVIN ]*$/.test(line.text.slice(0, network.start))) {
    throw unexpectedLine(command, line, "a path row (status flags, network, next hop, …)");
  }
  let prefix: string;
  let at = 0;
  if (rest[0] && isPrefix(rest[0].text)) {
    prefix = rest[0].text;
    at = 1;
    if (rest.length === 1) return "network only";
  } else if (previousPrefix && rest[0] && rest[0].start >= nextHopColumn.start - 2) {
    prefix = previousPrefix; // FRR: a further path of the prefix above
  } else {
    throw lineError(command, line, "the path row has no network (a prefix such as 10.66.111.0/24)");
  }
  const nextHopCell = rest[at];
  if (!nextHopCell || !(isIpAddress(nextHopCell.text) || nextHopCell.text === "-")) {
    throw lineError(command, line, "the path row has no next hop address");
  }
  const path: BgpPath = { prefix, ...flags(statusText, dialect), asPath: "", statusText };
  if (nextHopCell.text !== "-" && nextHopCell.text !== "0.0.0.0") path.nextHop = nextHopCell.text;

  const numeric = rest.slice(at + 1).filter((c) => c.start < pathColumn.start);
  const pathCells = rest.slice(at + 1).filter((c) => c.start >= pathColumn.start);
  for (const cell of numeric) {
    const column = columnOf(cell, columns.slice(2, -1));
    if (cell.text === "-") continue; // EOS prints `-` for a weight it does not apply
    if (!column || !/^\d+$/.test(cell.text)) throw lineError(command, line, `${JSON.stringify(cell.text)} is not under a numeric column`);
    const value = Number(cell.text);
    if (column.name === "Metric") path.metric = value;
    else if (column.name === "LocPrf" || column.name === "LocPref") path.localPref = value;
    else if (column.name === "Weight") path.weight = value;
  }
  const origin = pathCells.length > 0 ? ORIGINS[pathCells[pathCells.length - 1].text] : undefined;
  if (origin) path.origin = origin;
  path.asPath = (origin ? pathCells.slice(0, -1) : pathCells).map((c) => c.text).join(" ");
  return path;
}

/** The header column a value sits under: the one its cell overlaps most (EOS left-aligns, FRR right-aligns). */
function columnOf(cell: Cell, columns: Column[]): Column | undefined {
  const end = cell.start + cell.text.length;
  let best: { column: Column; overlap: number } | undefined;
  for (const column of columns) {
    const overlap = Math.min(end, column.end) - Math.max(cell.start, column.start);
    if (overlap > 0 && (!best || overlap > best.overlap)) best = { column, overlap };
  }
  return best?.column;
}
