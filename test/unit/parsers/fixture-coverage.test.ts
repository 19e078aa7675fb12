// Every fixture file is run through the parser for its command: all relevant shared fixtures,
// every snippet of the reference lab and every FRR capture (by its README's command table). A new fixture
// that no parser claims fails here instead of being silently untested.

import * as assert from "assert";
import { readdirSync } from "fs";
import * as path from "path";
import { eosShowParsers } from "../../../providers/dialects/eos/parse";
import { frrShowParsers } from "../../../providers/dialects/frr/parse";
import { ParseError } from "../../../providers/dialects/show-parse/parse-error";
import { ShowOutputParsers } from "../../../providers/dialects/show-types";
import { local, localFixturesDir, shared, sharedFixturesDir } from "./fixture-files";

type Kind = keyof ShowOutputParsers;

function kindOf(command: string): Kind | undefined {
  if (/^show (ip )?bgp (.* )?su/.test(command)) return "bgpSummary";
  if (/^show (ip bgp|bgp ipv4( unicast)?)( vrf \S+)?$/.test(command)) return "bgpTable";
  if (/^show ip ospf (.* )?neighbor/.test(command)) return "ospfNeighbors";
  if (/^show ip ro(ute)?\b/.test(command)) return "ipRoute";
  return undefined;
}

/** Parses and returns how many items came out (neighbors or routes). */
function parse(parsers: ShowOutputParsers, kind: Kind, format: "text" | "json", output: string, command: string): number {
  if (kind === "bgpSummary") return parsers.bgpSummary[format](output, command).vrfs.reduce((n, v) => n + v.neighbors.length, 0);
  if (kind === "ospfNeighbors") return parsers.ospfNeighbors[format](output, command).neighbors.length;
  if (kind === "bgpTable") return parsers.bgpTable[format](output, command).vrfs.reduce((n, v) => n + v.paths.length, 0);
  return parsers.ipRoute[format](output, command).vrfs.reduce((n, v) => n + v.routes.length, 0);
}

const SHARED_RULES: Array<[RegExp, ShowOutputParsers, Kind, "text" | "json"]> = [
  [/^eos_show_ip_bgp_summary.*\.txt$/, eosShowParsers, "bgpSummary", "text"],
  [/^(eos|napalm_eos)_.*bgp.*summary.*\.json$/, eosShowParsers, "bgpSummary", "json"],
  [/^eos_show_ip_ospf_neighbor.*\.txt$/, eosShowParsers, "ospfNeighbors", "text"],
  [/^eos_.*ospf_neighbor.*\.json$/, eosShowParsers, "ospfNeighbors", "json"],
  [/^eos_show_ip_route.*\.txt$/, eosShowParsers, "ipRoute", "text"],
  [/^frr_.*bgp_summary.*\.txt$/, frrShowParsers, "bgpSummary", "text"],
  [/^frr_.*bgp_summary.*\.json$/, frrShowParsers, "bgpSummary", "json"],
  [/^frr_.*ospf_neighbor.*\.json$/, frrShowParsers, "ospfNeighbors", "json"],
];

describe("every parser fixture is parsed", () => {
  it("shared fixtures: each one about BGP summary, OSPF neighbors or routes has a parser and yields data", () => {
    const relevant = readdirSync(sharedFixturesDir).filter((f) => /bgp.*summary|ospf_neighbor|show_ip_route/.test(f));
    assert.ok(relevant.length >= 28, `expected the shared parser fixtures in ${sharedFixturesDir}, found ${relevant.length}`);
    for (const file of relevant) {
      const rule = SHARED_RULES.find(([re]) => re.test(file));
      assert.ok(rule, `no parser claims shared fixture ${file}`);
      const [, parsers, kind, format] = rule;
      assert.ok(parse(parsers, kind, format, shared(file), file) > 0, `${file} parsed to nothing`);
    }
  });

  it("the reference lab snippets: each file in the README table, by the command typed", () => {
    const rows = tableRows(local("seed000/README.md"));
    assert.deepStrictEqual(rows.map((r) => r[0]).sort(), readdirSync(path.join(localFixturesDir, "seed000")).filter((f) => f.endsWith(".txt")).sort());
    for (const [file, , typed, lines] of rows) {
      const command = typed.replace(/^`|` \(\d+\)$/g, "").replace(/\\\|/g, "|");
      const kind = kindOf(command);
      assert.ok(kind, `no parser for ${command}`);
      const output = local(`seed000/${file}`);
      if (lines.startsWith("none")) {
        assert.throws(() => parse(eosShowParsers, kind, "text", output, command), ParseError, file);
      } else {
        const count = parse(eosShowParsers, kind, "text", output, command);
        // Only the prefix lookups that found nothing print no route.
        assert.ok(count > 0 || /^show ip ro \d/.test(command), `${file} parsed to nothing`);
      }
    }
  });

  it("FRR captures: each file in the README table; vtysh's failures must throw, its answers must parse", () => {
    const rows = tableRows(local("frr-captured/README.md"));
    const files = readdirSync(path.join(localFixturesDir, "frr-captured")).filter((f) => /\.(txt|json)$/.test(f));
    assert.deepStrictEqual(rows.map((r) => r[0]).sort(), files.sort());
    for (const [file, , quoted, exitStatus] of rows) {
      const command = quoted.replace(/`/g, "");
      const kind = kindOf(command.replace(/ json$/, ""));
      assert.ok(kind, `no parser for ${command}`);
      const format = command.endsWith(" json") ? "json" : "text";
      const output = local(`frr-captured/${file}`);
      if (exitStatus === "0") parse(frrShowParsers, kind, format, output, command);
      else assert.throws(() => parse(frrShowParsers, kind, format, output, command), ParseError, file);
    }
  });

  for (const [folder, parsers] of [
    ["ntc-templates", eosShowParsers],
    ["frr-topotests", frrShowParsers],
    ["frr-public-docs", frrShowParsers],
  ] as const) {
    it(`${folder}: each file in the README table parses to data, by its command`, () => {
      const rows = tableRows(local(`${folder}/README.md`));
      const files = readdirSync(path.join(localFixturesDir, folder)).filter((f) => f !== "README.md");
      assert.deepStrictEqual(rows.map((r) => r[0]).sort(), files.sort());
      for (const [file, , , quoted] of rows) {
        const command = quoted.replace(/`/g, "").replace(/ \(.*$/, "");
        const kind = kindOf(command);
        assert.ok(kind, `no parser for ${command}`);
        assert.ok(parse(parsers, kind, "text", local(`${folder}/${file}`), command) > 0, `${file} parsed to nothing`);
      }
    });
  }

  it("EOS route json transcriptions all parse to routes or a valid miss", () => {
    for (const file of readdirSync(path.join(localFixturesDir, "eos-json-from-text")).filter((f) => f.endsWith(".json"))) {
      const count = parse(eosShowParsers, "ipRoute", "json", local(`eos-json-from-text/${file}`), file);
      assert.ok(count > 0 || file.includes("10.66.207.66"), file);
    }
  });
});

/** Cells of a markdown table's body rows (header and separator skipped). */
function tableRows(markdown: string): string[][] {
  return markdown
    .split("\n")
    .filter((l) => l.startsWith("| ") && !l.startsWith("| file"))
    .map((l) =>
      l
        .slice(2, -2)
        .split(" | ") // a pipe escaped inside a cell (\|) has no space before it
        .map((c) => c.trim()),
    );
}
