// Every problem a user can act on: where it is (the config path) and what to do about it.

export interface Problem {
  /** Config path, e.g. topology.leaves[1].asn */
  path: string;
  message: string;
  fix: string;
}

export function formatProblem(problem: Problem): string {
  return `${problem.path}: ${problem.message} — ${problem.fix}`;
}

export class PlanValidationError extends Error {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(`kube-fabric: the stack configuration has ${count}:\n` + problems.map((p) => `  - ${formatProblem(p)}`).join("\n"));
    this.name = "PlanValidationError";
    this.problems = problems;
  }
}

/** Collects problems while a check walks the config. */
export class ProblemList {
  private readonly items: Problem[] = [];

  /** The same problem found twice (e.g. a shared range, once per node) is listed once. */
  add(path: string, message: string, fix: string): void {
    if (this.items.some((p) => p.path === path && p.message === message && p.fix === fix)) return;
    this.items.push({ path, message, fix });
  }

  get all(): readonly Problem[] {
    return this.items;
  }

  get empty(): boolean {
    return this.items.length === 0;
  }

  throwIfAny(): void {
    if (this.items.length > 0) throw new PlanValidationError(this.items);
  }
}
