// Last-resort cleanup of running labs when the process exits or is told to stop (SIGINT, SIGTERM, SIGHUP).
// Handlers are installed only while at least one lab runs, so default signal behaviour is untouched otherwise.

export interface SyncCleanup {
  readonly label: string;
  stopSync(): void;
}

const STOP_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
const active = new Set<SyncCleanup>();

function cleanAll(): void {
  for (const entry of [...active]) {
    active.delete(entry);
    try {
      entry.stopSync();
    } catch (error) {
      process.stderr.write(`lab cleanup of ${entry.label} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}

function onExit(): void {
  cleanAll();
}

function onSignal(signal: NodeJS.Signals): void {
  cleanAll();
  uninstall();
  // Nobody else handles this signal: die of it as if we had never listened.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  process.on("exit", onExit);
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  process.removeListener("exit", onExit);
  for (const signal of STOP_SIGNALS) process.removeListener(signal, onSignal);
}

/** Keeps `entry` to be stopped synchronously on exit or signal; call the returned function once it is stopped. */
export function registerExitCleanup(entry: SyncCleanup): () => void {
  if (active.size === 0) install();
  active.add(entry);
  return () => {
    active.delete(entry);
    if (active.size === 0) uninstall();
  };
}
