// Relaxations used ONLY by the real-execution tests (test/nodes), whose disposable nodes are
// Debian chroots in network namespaces: no systemd as PID 1, no `netplan apply`. NodeBootstrap
// never sets them. Every line a relaxation skips is announced on stderr as
// `note: test-only: not run: ...`, so a test run lists exactly what did not run for real.

export interface TestOnlyRelaxations {
  /** Skip systemctl (enable/start/restart) lines: systemd is not PID 1 in a chroot. */
  skipServiceManager?: boolean;
  /** Skip `netplan apply` and the live address/route checks after it. */
  skipNetplanApply?: boolean;
}

/** A bash line announcing a skipped command (the command text is fixed by the generator, never user data). */
export function notRunLine(what: string): string {
  if (/['\r\n]/.test(what)) throw new Error("internal: a test-only note must be one line without quotes");
  return `kf_note 'test-only: not run: ${what}'`;
}
