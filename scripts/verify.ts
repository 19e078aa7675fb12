// npm run verify -- [stack] [--wait SECONDS]: OSPF Full on every fabric link, BGP Established from each
// leaf to its nodes with their pod blocks, pings to every node and pod address; a pass/fail table,
// exit code 1 when anything fails. Default stack: lab (the local lab of `npm start`).
import { renderTable } from "../verify/checks";
import { verifyStack } from "../verify/stack";
import { parseCommandLine } from "./lib/command-line";

async function main(): Promise<void> {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), { wait: { type: "string", valueName: "SECONDS" } }, ["stack"]);
  const stack = positionals[0] ?? "lab";
  const waitSeconds = Number(values.wait ?? 120);
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0) throw new Error(`--wait ${values.wait}: a number of seconds`);
  const report = await verifyStack(stack, (line) => console.log(line), { waitMs: waitSeconds * 1000 });
  console.log(renderTable(report.results));
  const failed = report.results.filter((r) => !r.ok).length;
  console.log(`verify ${stack}: ${report.results.length - failed}/${report.results.length} checks pass in ${(report.elapsedMs / 1000).toFixed(1)} s`);
  if (!report.ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
