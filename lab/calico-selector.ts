// Calico's label selector language (the subset IP pools' nodeSelector use: all(), has(k), !has(k),
// k == "v", k != "v", k in {...}, k not in {...}, !, &&, ||, parentheses), evaluated against a
// node's labels the way Calico's IPAM picks the pools a node may take blocks from. Pure.

export type Labels = Readonly<Record<string, string>>;
type Predicate = (labels: Labels) => boolean;

interface Token {
  kind: "word" | "string" | "op";
  text: string;
}

const OPERATORS = ["&&", "||", "==", "!=", "(", ")", "{", "}", ",", "!"];

function tokenize(selector: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < selector.length) {
    const c = selector[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      const end = selector.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unterminated string at ${i}`);
      tokens.push({ kind: "string", text: selector.slice(i + 1, end) });
      i = end + 1;
    } else {
      const op = OPERATORS.find((o) => selector.startsWith(o, i));
      if (op) {
        tokens.push({ kind: "op", text: op });
        i += op.length;
        continue;
      }
      const word = /^[A-Za-z0-9_./-]+/.exec(selector.slice(i));
      if (!word) throw new Error(`unexpected '${c}' at ${i}`);
      tokens.push({ kind: "word", text: word[0] });
      i += word[0].length;
    }
  }
  return tokens;
}

/** Parses a selector into a predicate on labels; throws naming the selector on syntax it does not know. */
export function parseSelector(selector: string): Predicate {
  let tokens: Token[];
  try {
    tokens = tokenize(selector);
  } catch (error) {
    throw new Error(`selector ${JSON.stringify(selector)}: ${(error as Error).message}`);
  }
  let at = 0;
  const peek = () => tokens[at];
  const fail = (what: string): never => {
    throw new Error(`selector ${JSON.stringify(selector)}: expected ${what} at token ${at + 1} (${peek()?.text ?? "end"})`);
  };
  const take = (text: string) => {
    if (peek()?.text !== text) fail(`'${text}'`);
    at++;
  };
  const value = (): string => {
    const token = peek();
    if (token?.kind !== "string") return fail("a quoted value");
    at++;
    return token.text;
  };
  const orExpr = (): Predicate => {
    let left = andExpr();
    while (peek()?.text === "||") {
      at++;
      const [a, b] = [left, andExpr()];
      left = (labels) => a(labels) || b(labels);
    }
    return left;
  };
  const andExpr = (): Predicate => {
    let left = unary();
    while (peek()?.text === "&&") {
      at++;
      const [a, b] = [left, unary()];
      left = (labels) => a(labels) && b(labels);
    }
    return left;
  };
  const unary = (): Predicate => {
    if (peek()?.text === "!") {
      at++;
      const inner = unary();
      return (labels) => !inner(labels);
    }
    if (peek()?.text === "(") {
      at++;
      const inner = orExpr();
      take(")");
      return inner;
    }
    return term();
  };
  const term = (): Predicate => {
    const token = peek();
    if (token?.kind !== "word") return fail("all(), has(key) or a label key");
    at++;
    if ((token.text === "all" || token.text === "has") && peek()?.text === "(") {
      at++;
      if (token.text === "all") {
        take(")");
        return () => true;
      }
      const key = peek();
      if (key?.kind !== "word") return fail("a label key");
      at++;
      take(")");
      return (labels) => Object.prototype.hasOwnProperty.call(labels, key.text);
    }
    const key = token.text;
    const op = peek();
    if (op?.text === "==" || op?.text === "!=") {
      at++;
      const wanted = value();
      return op.text === "==" ? (labels) => labels[key] === wanted : (labels) => labels[key] !== wanted;
    }
    let negated = false;
    if (op?.kind === "word" && op.text === "not") {
      negated = true;
      at++;
    }
    if (peek()?.kind === "word" && peek()?.text === "in") {
      at++;
      take("{");
      const set = new Set<string>();
      while (peek()?.text !== "}") {
        set.add(value());
        if (peek()?.text === ",") at++;
        else if (peek()?.text !== "}") fail("',' or '}'");
      }
      take("}");
      return negated ? (labels) => !set.has(labels[key]) : (labels) => labels[key] !== undefined && set.has(labels[key]);
    }
    return fail("==, !=, in or not in");
  };
  if (tokens.length === 0) return () => true; // Calico: an empty selector selects everything
  const predicate = orExpr();
  if (at !== tokens.length) fail("the end");
  return predicate;
}

export function selects(selector: string, labels: Labels): boolean {
  return parseSelector(selector)(labels);
}
