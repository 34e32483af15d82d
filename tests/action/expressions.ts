/**
 * The subset of GitHub Actions expressions action.yml uses, evaluated as the runner does:
 * contexts (`inputs.x`, `steps.id.outputs.x`, `github.x`, `runner.x`, `env.X`; names may contain
 * `-`), string/number/boolean/null literals, `== != && || !` and parentheses, and the status
 * functions `success() failure() always() cancelled()`, and `fromJSON(x)` (a workflow's matrix). Semantics follow the docs: `==` on strings
 * ignores case, a missing property is null, `&&`/`||` return an operand, and falsy is
 * false, 0, -0, '', null.
 */
export type Value = string | number | boolean | null | Value[] | { [k: string]: Value };

export interface ExpressionContext {
  contexts: Record<string, Value>;
  status: { failed: boolean; cancelled: boolean };
}

type Token =
  | { t: 'id'; v: string }
  | { t: 'str'; v: string }
  | { t: 'num'; v: number }
  | { t: 'op'; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let v = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new Error(`unterminated string in ${src}`);
        if (src[i] === "'" && src[i + 1] === "'") {
          v += "'";
          i += 2;
        } else if (src[i] === "'") {
          i++;
          break;
        } else v += src[i++];
      }
      out.push({ t: 'str', v });
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(src.slice(i)) as RegExpExecArray;
      out.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.-]*/.exec(src.slice(i)) as RegExpExecArray;
      out.push({ t: 'id', v: m[0] });
      i += m[0].length;
    } else {
      const two = src.slice(i, i + 2);
      if (['==', '!=', '&&', '||', '<=', '>='].includes(two)) {
        out.push({ t: 'op', v: two });
        i += 2;
      } else if ('!()<>,'.includes(c)) {
        out.push({ t: 'op', v: c });
        i++;
      } else throw new Error(`unexpected "${c}" in expression: ${src}`);
    }
  }
  return out;
}

export function truthy(v: Value): boolean {
  return !(v === false || v === 0 || v === '' || v === null || (typeof v === 'number' && Number.isNaN(v)));
}

function equals(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b) return a === b;
  const num = (v: Value) =>
    v === null
      ? 0
      : typeof v === 'boolean'
        ? Number(v)
        : typeof v === 'string'
          ? v.trim() === ''
            ? 0
            : Number(v)
          : Number.NaN;
  return num(a) === num(b);
}

export function evaluate(src: string, ctx: ExpressionContext): Value {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (op?: string) => {
    const t = tokens[pos++];
    if (!t || (op && !(t.t === 'op' && t.v === op))) throw new Error(`expected ${op ?? 'a token'} in ${src}`);
    return t;
  };
  const isOp = (v: string) => peek()?.t === 'op' && peek()?.v === v;

  const primary = (): Value => {
    const t = take();
    if (t.t === 'str' || t.t === 'num') return t.v;
    if (t.t === 'op' && t.v === '(') {
      const v = or();
      take(')');
      return v;
    }
    if (t.t === 'op' && t.v === '!') return !truthy(primary());
    if (t.t !== 'id') throw new Error(`unexpected ${t.v} in ${src}`);
    if (t.v === 'true') return true;
    if (t.v === 'false') return false;
    if (t.v === 'null') return null;
    if (isOp('(')) {
      take('(');
      const args: Value[] = [];
      while (!isOp(')')) {
        args.push(or());
        if (isOp(',')) take(',');
      }
      take(')');
      switch (t.v) {
        case 'fromJSON':
          return JSON.parse(String(args[0])) as Value;
        case 'success':
          return !ctx.status.failed && !ctx.status.cancelled;
        case 'failure':
          return ctx.status.failed;
        case 'always':
          return true;
        case 'cancelled':
          return ctx.status.cancelled;
        default:
          throw new Error(`function ${t.v}() is not supported by this harness`);
      }
    }
    let value: Value = ctx.contexts as Value;
    for (const part of t.v.split('.')) {
      if (value && typeof value === 'object' && !Array.isArray(value))
        value = (value as Record<string, Value>)[part] ?? null;
      else value = null;
    }
    return value;
  };
  const comparison = (): Value => {
    let left = primary();
    while (isOp('==') || isOp('!=')) {
      const op = take().v;
      const right = primary();
      left = op === '==' ? equals(left, right) : !equals(left, right);
    }
    return left;
  };
  const and = (): Value => {
    let left = comparison();
    while (isOp('&&')) {
      take();
      const right = comparison();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const or = (): Value => {
    let left = and();
    while (isOp('||')) {
      take();
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const result = or();
  if (pos !== tokens.length) throw new Error(`trailing tokens in expression: ${src}`);
  return result;
}

/** `${{ … }}` inside a string, each replaced by its value as a string (null → ''). */
export function interpolate(text: string, ctx: ExpressionContext): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => {
    const v = evaluate(expr.trim(), ctx);
    return v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
}

/**
 * An `if:`: bare or wrapped in `${{ }}`. Like the runner, a condition without a status function
 * is combined with `success()`.
 */
export function condition(src: string | undefined, ctx: ExpressionContext): boolean {
  const expr = (src ?? 'success()')
    .trim()
    .replace(/^\$\{\{([\s\S]*)\}\}$/, '$1')
    .trim();
  const hasStatus = /\b(success|failure|always|cancelled)\(\)/.test(expr);
  const full = hasStatus ? expr : `success() && (${expr})`;
  return truthy(evaluate(full, ctx));
}
