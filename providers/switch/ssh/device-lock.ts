// Operations on one device run one after another (a CLI session, then the next); different devices
// run in parallel. Keyed by host:port, inside the provider process.

export class DeviceLocks {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `operation` once every earlier operation on `key` has finished (in call order). */
  async run<T>(key: string, operation: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await operation();
    } finally {
      release();
      // Forget the key when nobody queued behind us, so the map does not grow with every device ever seen.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys with an operation running or queued. */
  get busyKeys(): string[] {
    return [...this.tails.keys()];
  }
}

export function deviceLockKey(host: string, port: number): string {
  return `${host.toLowerCase()}:${port}`;
}

/** The one lock table of this provider process. */
export const deviceLocks = new DeviceLocks();
