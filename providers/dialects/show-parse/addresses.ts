// Address checks for cells that must hold an address or a prefix (anything else marks a garbage row).

import * as ipaddr from "ipaddr.js";

export function isIpv4(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

/** IPv4, or IPv6 optionally with a zone/scope (`fe80::1%Et3`, as EOS shows unnumbered peers). */
export function isIpAddress(text: string): boolean {
  if (isIpv4(text)) return true;
  const bare = text.replace(/%[\w./-]+$/, "");
  return bare.includes(":") && ipaddr.IPv6.isValid(bare);
}

/** "10.66.111.0/24", "0.0.0.0/0", "2001:db8::/32". */
export function isPrefix(text: string): boolean {
  const slash = text.lastIndexOf("/");
  if (slash < 0) return false;
  const address = text.slice(0, slash);
  return (isIpv4(address) || (address.includes(":") && ipaddr.IPv6.isValid(address))) && ipaddr.isValidCIDR(text);
}
