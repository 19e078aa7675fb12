// Unified diff in the format of EOS `show session-config diffs` (Python difflib style:
// `--- a` / `+++ b` headers, 3 lines of context, `@@ -l,n +l,n @@` with `,1` omitted).

type Op = { kind: 'equal' | 'delete' | 'insert'; a: number; b: number };

function editScript(a: string[], b: string[]): Op[] {
  // Longest common subsequence table, filled from the end.
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ kind: 'equal', a: i++, b: j++ });
    // On a tie, deletions go first, as difflib prints a replaced block.
    else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push({ kind: 'delete', a: i++, b: j });
    else ops.push({ kind: 'insert', a: i, b: j++ });
  }
  return ops;
}

function formatRange(start: number, length: number): string {
  if (length === 1) return `${start + 1}`;
  return `${length === 0 ? start : start + 1},${length}`;
}

/** Returns the diff lines (without trailing newline), or [] when the texts are equal. */
export function unifiedDiff(a: string[], b: string[], fromName: string, toName: string, context = 3): string[] {
  const ops = editScript(a, b);
  const changed = ops.map((op, idx) => (op.kind === 'equal' ? -1 : idx)).filter((idx) => idx >= 0);
  if (changed.length === 0) return [];
  // Group changes whose gap of equal lines is at most 2*context into one hunk.
  const hunks: Array<[number, number]> = [];
  for (const idx of changed) {
    const last = hunks[hunks.length - 1];
    if (last && idx - last[1] - 1 <= 2 * context) last[1] = idx;
    else hunks.push([idx, idx]);
  }
  const out = [`--- ${fromName}`, `+++ ${toName}`];
  for (const [first, lastChange] of hunks) {
    const start = Math.max(0, first - context);
    const end = Math.min(ops.length - 1, lastChange + context);
    const slice = ops.slice(start, end + 1);
    const aStart = slice[0].a;
    const bStart = slice[0].b;
    const aLen = slice.filter((op) => op.kind !== 'insert').length;
    const bLen = slice.filter((op) => op.kind !== 'delete').length;
    out.push(`@@ -${formatRange(aStart, aLen)} +${formatRange(bStart, bLen)} @@`);
    for (const op of slice) {
      if (op.kind === 'equal') out.push(` ${a[op.a]}`);
      else if (op.kind === 'delete') out.push(`-${a[op.a]}`);
      else out.push(`+${b[op.b]}`);
    }
  }
  return out;
}
