// The two failures a lab user can act on: a bad spec (fix the input) and a failed start (fix the host).

/** The lab description is invalid; raised before anything is created. */
export class LabSpecError extends Error {
  constructor(readonly field: string, problem: string, readonly fix: string) {
    super(`lab spec ${field}: ${problem}. Fix: ${fix}`);
    this.name = "LabSpecError";
  }
}

/** Something on the host failed while starting; everything already started has been cleaned up. */
export class LabStartError extends Error {
  constructor(readonly step: string, detail: string, readonly fix: string) {
    super(`${step} failed: ${detail}. Fix: ${fix}`);
    this.name = "LabStartError";
  }
}
