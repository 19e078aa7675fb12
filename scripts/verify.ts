// npm run verify -- [stack] [--wait SECONDS]: OSPF Full on every fabric link, BGP Established from each
// leaf to its nodes with their pod blocks, pings to every node and pod address; a pass/fail table,
// exit code 1 when anything fails. Default stack: lab (the local lab of `npm start`).
import { renderTable } from "../verify/checks";
import { verifyStack } from "../verify/stack";

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let stack = "lab";
  let waitSeconds = 120;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--wait") waitSeconds = Number(argv[++i]);
    else stack = argv[i];
  }
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0) throw new Error("--wait takes a number of seconds");
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
