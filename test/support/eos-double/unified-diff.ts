// Unified diff in the format of EOS `show session-config diffs`: EOS's CLI is Python and its
// diffs match difflib.unified_diff (`--- a` / `+++ b`, 3 lines of context, `@@ -l,n +l,n @@`
// with `,1` omitted). This ports difflib's SequenceMatcher so that which of several equal
// `!` lines is shown as removed is the one EOS shows.

type Block = [number, number, number];
type Opcode = ['equal' | 'replace' | 'delete' | 'insert', number, number, number, number];

class SequenceMatcher {
  private readonly b2j = new Map<string, number[]>();

  constructor(private readonly a: string[], private readonly b: string[]) {
    b.forEach((line, j) => {
      const list = this.b2j.get(line);
      if (list) list.push(j);
      else this.b2j.set(line, [j]);
    });
    // difflib's autojunk: in long sequences, very frequent lines do not start a match.
    if (b.length >= 200) {
      const limit = Math.floor(b.length / 100) + 1;
      for (const [line, list] of this.b2j) if (list.length > limit) this.b2j.delete(line);
    }
  }

  private longestMatch(alo: number, ahi: number, blo: number, bhi: number): Block {
    let [besti, bestj, bestsize] = [alo, blo, 0];
    let j2len = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const next = new Map<number, number>();
      for (const j of this.b2j.get(this.a[i]) ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        next.set(j, k);
        if (k > bestsize) [besti, bestj, bestsize] = [i - k + 1, j - k + 1, k];
      }
      j2len = next;
    }
    while (besti > alo && bestj > blo && this.a[besti - 1] === this.b[bestj - 1]) [besti, bestj, bestsize] = [besti - 1, bestj - 1, bestsize + 1];
    while (besti + bestsize < ahi && bestj + bestsize < bhi && this.a[besti + bestsize] === this.b[bestj + bestsize]) bestsize++;
    return [besti, bestj, bestsize];
  }

  private matchingBlocks(): Block[] {
    const queue: Array<[number, number, number, number]> = [[0, this.a.length, 0, this.b.length]];
    const blocks: Block[] = [];
    while (queue.length > 0) {
      const [alo, ahi, blo, bhi] = queue.pop() as [number, number, number, number];
      const [i, j, k] = this.longestMatch(alo, ahi, blo, bhi);
      if (k === 0) continue;
      blocks.push([i, j, k]);
      if (alo < i && blo < j) queue.push([alo, i, blo, j]);
      if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
    }
    blocks.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    const merged: Block[] = [];
    for (const block of blocks) {
      const last = merged[merged.length - 1];
      if (last && last[0] + last[2] === block[0] && last[1] + last[2] === block[1]) last[2] += block[2];
      else merged.push([...block]);
    }
    merged.push([this.a.length, this.b.length, 0]);
    return merged;
  }

  opcodes(): Opcode[] {
    let [i, j] = [0, 0];
    const out: Opcode[] = [];
    for (const [ai, bj, size] of this.matchingBlocks()) {
      if (i < ai && j < bj) out.push(['replace', i, ai, j, bj]);
      else if (i < ai) out.push(['delete', i, ai, j, bj]);
      else if (j < bj) out.push(['insert', i, ai, j, bj]);
      [i, j] = [ai + size, bj + size];
      if (size > 0) out.push(['equal', ai, i, bj, j]);
    }
    return out;
  }

  groupedOpcodes(n: number): Opcode[][] {
    const codes = this.opcodes();
    if (codes.length === 0) return [];
    const first = codes[0];
    if (first[0] === 'equal') codes[0] = ['equal', Math.max(first[1], first[2] - n), first[2], Math.max(first[3], first[4] - n), first[4]];
    const last = codes[codes.length - 1];
    if (last[0] === 'equal') codes[codes.length - 1] = ['equal', last[1], Math.min(last[2], last[1] + n), last[3], Math.min(last[4], last[3] + n)];
    const groups: Opcode[][] = [];
    let group: Opcode[] = [];
    for (const code of codes) {
      let [tag, i1, i2, j1, j2] = code;
      if (tag === 'equal' && i2 - i1 > 2 * n) {
        group.push([tag, i1, Math.min(i2, i1 + n), j1, Math.min(j2, j1 + n)]);
        groups.push(group);
        group = [];
        [i1, j1] = [Math.max(i1, i2 - n), Math.max(j1, j2 - n)];
      }
      group.push([tag, i1, i2, j1, j2]);
    }
    if (group.length > 0 && !(group.length === 1 && group[0][0] === 'equal')) groups.push(group);
    return groups.filter((g) => g.some((c) => c[0] !== 'equal'));
  }
}

function formatRange(start: number, stop: number): string {
  const length = stop - start;
  if (length === 1) return `${start + 1}`;
  return `${length === 0 ? start : start + 1},${length}`;
}

/** The diff lines (no trailing newline), or [] when the texts are equal. */
export function unifiedDiff(a: string[], b: string[], fromName: string, toName: string, context = 3): string[] {
  const groups = new SequenceMatcher(a, b).groupedOpcodes(context);
  if (groups.length === 0) return [];
  const out = [`--- ${fromName}`, `+++ ${toName}`];
  for (const group of groups) {
    const first = group[0];
    const last = group[group.length - 1];
    out.push(`@@ -${formatRange(first[1], last[2])} +${formatRange(first[3], last[4])} @@`);
    for (const [tag, i1, i2, j1, j2] of group) {
      if (tag === 'equal') {
        out.push(...a.slice(i1, i2).map((l) => ` ${l}`));
        continue;
      }
      if (tag !== 'insert') out.push(...a.slice(i1, i2).map((l) => `-${l}`));
      if (tag !== 'delete') out.push(...b.slice(j1, j2).map((l) => `+${l}`));
    }
  }
  return out;
}
