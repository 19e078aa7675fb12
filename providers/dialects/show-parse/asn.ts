// AS numbers in asplain ("4227858664") or asdot ("64497.232", RFC 5396) notation.

import { Asn } from "../show-types";

const MAX_ASPLAIN = 4294967295;

/** The Asn for a token, or undefined when the token is not an AS number. */
export function asnFromText(text: string): Asn | undefined {
  const plain = /^\d{1,10}$/.exec(text);
  if (plain) {
    const value = Number(text);
    return value <= MAX_ASPLAIN ? { asplain: value, text } : undefined;
  }
  const dot = /^(\d{1,5})\.(\d{1,5})$/.exec(text);
  if (dot) {
    const high = Number(dot[1]);
    const low = Number(dot[2]);
    return high <= 65535 && low <= 65535 ? { asplain: high * 65536 + low, text } : undefined;
  }
  return undefined;
}
