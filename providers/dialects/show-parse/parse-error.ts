// The one error every show-output parser throws: which command, why, and where in the output.

export interface ParseErrorDetails {
  command: string;
  reason: string;
  /** 1-based line number in the output, for text output. */
  lineNumber?: number;
  /** The offending line, as received (CR and trailing blanks removed). */
  line?: string;
  /** For json output: where in the document, e.g. `vrfs.default.peers["10.0.0.1"].asn`. */
  jsonPath?: string;
}

export class ParseError extends Error {
  readonly command: string;
  readonly reason: string;
  readonly lineNumber?: number;
  readonly line?: string;
  readonly jsonPath?: string;

  constructor(details: ParseErrorDetails) {
    super(describe(details));
    this.name = "ParseError";
    this.command = details.command;
    this.reason = details.reason;
    this.lineNumber = details.lineNumber;
    this.line = details.line;
    this.jsonPath = details.jsonPath;
  }
}

function describe(d: ParseErrorDetails): string {
  const where =
    d.lineNumber !== undefined
      ? ` (line ${d.lineNumber}: ${JSON.stringify(d.line ?? "")})`
      : d.jsonPath !== undefined
        ? ` (at ${d.jsonPath === "" ? "the top level" : d.jsonPath})`
        : "";
  return `cannot parse the output of \`${d.command}\`: ${d.reason}${where}`;
}
