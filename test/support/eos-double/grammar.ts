// A small table-driven CLI grammar: command patterns compiled into a keyword trie with EOS's
// matching rules (unique-prefix abbreviations, `no` forms, incomplete/ambiguous/invalid).

import { ArgType, CommandTokens } from './args';

/** A command pattern: keywords in lower case, arguments as ArgType objects. */
export type PatternSlot = string | ArgType;

export interface CommandSpec<C> {
  pattern: PatternSlot[];
  /** `no` form: 'full' = the whole pattern, N = may stop after the first N slots; absent = no `no` form. */
  no?: 'full' | number;
  /** Only the `no` form exists (e.g. `no neighbor X`). */
  noOnly?: boolean;
  run(ctx: C, args: string[], negate: boolean): void;
}

interface TrieNode<C> {
  keyword?: string;
  arg?: ArgType;
  children: Array<TrieNode<C>>;
  terminal?: CommandSpec<C>;
  noTerminal?: CommandSpec<C>;
  /** Real EOS keywords at this position that the double does not model; they make abbreviations ambiguous. */
  shadows: string[];
}

export type MatchResult<C> =
  | { kind: 'ok'; spec: CommandSpec<C>; args: string[]; negate: boolean }
  | { kind: 'invalid'; at: number }
  | { kind: 'incomplete'; at: number }
  | { kind: 'ambiguous'; at: number };

export class Grammar<C> {
  private readonly root: TrieNode<C> = { children: [], shadows: [] };

  constructor(specs: Array<CommandSpec<C>>, shadows: Record<string, string[]> = {}) {
    for (const spec of specs) this.add(spec);
    for (const [path, words] of Object.entries(shadows)) {
      const node = this.walkKeywords(path === '' ? [] : path.split(' '));
      node.shadows.push(...words.filter((w) => !node.children.some((c) => c.keyword === w)));
    }
  }

  private walkKeywords(path: string[]): TrieNode<C> {
    let node = this.root;
    for (const word of path) {
      let next = node.children.find((c) => c.keyword === word);
      if (!next) {
        next = { keyword: word, children: [], shadows: [] };
        node.children.push(next);
      }
      node = next;
    }
    return node;
  }

  private add(spec: CommandSpec<C>): void {
    let node = this.root;
    spec.pattern.forEach((slot, i) => {
      let next = node.children.find((c) => (typeof slot === 'string' ? c.keyword === slot : c.arg === slot));
      if (!next) {
        next = typeof slot === 'string' ? { keyword: slot, children: [], shadows: [] } : { arg: slot, children: [], shadows: [] };
        node.children.push(next);
      }
      node = next;
      const noStop = spec.no === 'full' ? spec.pattern.length : spec.no;
      if (noStop !== undefined && i + 1 >= noStop && !node.noTerminal) node.noTerminal = spec;
    });
    if (!spec.noOnly) node.terminal = spec;
  }

  /** Matches a whole command line (tokens may begin with `no`). */
  match(tokens: CommandTokens): MatchResult<C> {
    const first = tokens.words[0]?.toLowerCase();
    if (first === 'no') {
      if (tokens.words.length === 1) return { kind: 'incomplete', at: 1 };
      return this.walk(this.root, tokens, 1, true, []);
    }
    return this.walk(this.root, tokens, 0, false, []);
  }

  private walk(node: TrieNode<C>, tokens: CommandTokens, at: number, negate: boolean, args: string[]): MatchResult<C> {
    if (at === tokens.words.length) {
      const spec = negate ? node.noTerminal : node.terminal;
      return spec ? { kind: 'ok', spec, args, negate } : { kind: 'incomplete', at };
    }
    const word = tokens.words[at].toLowerCase();
    const keywordChildren = node.children.filter((c) => c.keyword !== undefined);
    const exact = keywordChildren.find((c) => c.keyword === word);
    const prefixHits = exact ? [exact] : keywordChildren.filter((c) => (c.keyword as string).startsWith(word));
    const shadowHits = exact ? [] : node.shadows.filter((s) => s.startsWith(word));
    if (node.shadows.includes(word)) return { kind: 'invalid', at };
    if (prefixHits.length + shadowHits.length > 1) return { kind: 'ambiguous', at };
    const failures: Array<MatchResult<C>> = [];
    if (prefixHits.length === 1) {
      const result = this.walk(prefixHits[0], tokens, at + 1, negate, args);
      if (result.kind === 'ok') return result;
      failures.push(result);
    }
    for (const child of node.children.filter((c) => c.arg !== undefined)) {
      const m = (child.arg as ArgType).match(tokens, at);
      if (m.kind === 'partial') failures.push({ kind: 'incomplete', at: at + 1 });
      if (m.kind !== 'ok') continue;
      const result = this.walk(child, tokens, at + m.consumed, negate, [...args, m.value]);
      if (result.kind === 'ok') return result;
      failures.push(result);
    }
    return failures.reduce<MatchResult<C>>((best, f) => (deeper(f, best) ? f : best), { kind: 'invalid', at });
  }
}

function depthOf<C>(r: MatchResult<C>): number {
  return r.kind === 'ok' ? Infinity : r.at;
}

/** Is `a` a better failure to report than `b`: further into the line, or equally far but not `invalid`. */
export function deeper<C>(a: MatchResult<C>, b: MatchResult<C>): boolean {
  return depthOf(a) > depthOf(b) || (depthOf(a) === depthOf(b) && b.kind === 'invalid' && a.kind !== 'invalid');
}
