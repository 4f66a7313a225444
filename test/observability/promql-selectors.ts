// The metric names and matcher labels a PromQL expression refers to. Evaluating an alert rule
// usually returns nothing (no alert), so "it returned data" cannot prove its metrics exist; the
// names it selects can be checked against what Prometheus actually scraped instead.

export interface Selector {
  metric: string;
  labels: string[];
}

// Strings, ranges, numbers/durations and grouping clauses carry no metric names; a bare
// identifier that is not a function call, aggregation or keyword is a metric name.
const TOKEN =
  /("(?:[^"\\]|\\.)*")|(\[[^\]]*\])|(\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\))|(\d[\w.]*)|([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\(|\{[^}]*\})?|(\{[^}]*\})/g;
const NOT_METRICS = new Set([
  ...['and', 'or', 'unless', 'offset', 'bool', 'atan2', 'inf', 'nan', 'Inf', 'NaN'],
  ...['sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk', 'topk', 'quantile'],
]);

function matcherLabels(block: string): string[] {
  return [...block.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)].map((m) => m[1] ?? '').filter((l) => l !== '__name__');
}

function namesFromNameMatcher(block: string): string[] {
  const match = /__name__\s*=~?\s*"([^"]*)"/.exec(block);
  return match?.[1] ? match[1].split('|') : [];
}

export function selectorsOf(expr: string): Selector[] {
  const selectors: Selector[] = [];
  for (const m of expr.matchAll(TOKEN)) {
    const [, , , , , identifier, suffix, bareBlock] = m;
    if (bareBlock) {
      for (const metric of namesFromNameMatcher(bareBlock)) selectors.push({ metric, labels: matcherLabels(bareBlock) });
    } else if (identifier && suffix !== '(' && !NOT_METRICS.has(identifier)) {
      selectors.push({ metric: identifier, labels: suffix ? matcherLabels(suffix) : [] });
    }
  }
  return selectors;
}

/** Labels named in `by (...)`, `without (...)`, `on (...)`, `ignoring (...)` and `group_*(...)` clauses. */
export function groupingLabelsOf(expr: string): string[] {
  return [...expr.matchAll(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g)].flatMap((m) =>
    (m[1] ?? '')
      .split(',')
      .map((l) => l.trim())
      .filter((l) => l.length > 0),
  );
}
