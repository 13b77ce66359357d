import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ADMIN_INDEX } from '../../../../lambdas/adapters/dynamodb/table-layout';

/**
 * An in-memory single table that answers the DynamoDB document-client commands the adapters send
 * (Get, Put, Update, Query, TransactWrite) with DynamoDB's semantics for the expression subset they
 * use: conditions (AND/OR/NOT, comparisons, BETWEEN, attribute_exists/attribute_not_exists, begins_with,
 * contains on a string set), updates (SET with `+`/`-` and if_not_exists, REMOVE, ADD to a number or a
 * set, DELETE from a set, which drops the attribute when the set empties), and queries of the admin index, newest
 * first and by page. Each request's TableName is its own table (the main table by default: the audit
 * table's records never answer a main-table query). Anything outside that subset throws, so
 * an adapter change cannot silently escape the fake. State is inspectable, which lets tests assert
 * what a failed run left behind and that a retry converges.
 */
export type Item = Record<string, unknown>;

interface TableInput {
  TableName?: string;
}

interface ExpressionInput {
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

export class FakeTable {
  private readonly items = new Map<string, Item>();

  /** The table that requests without a TableName, and the key-only helpers, mean. */
  constructor(private readonly mainTable: string = process.env.TABLE_NAME ?? 'main') {}

  /** A copy of the item at `key` in `table` (the main table by default), or undefined. */
  item(key: { pk: string; sk: string }, table = this.mainTable): Item | undefined {
    const found = this.items.get(id(table, key));
    return found && structuredClone(found);
  }

  /** Copies of every item of `table`, or of every table, for assertions over the whole state. */
  all(table?: string): Item[] {
    return [...this.items.entries()].filter(([key]) => table === undefined || key.startsWith(`${table}\u0000`)).map(([, item]) => structuredClone(item));
  }

  put(item: Item, table = this.mainTable): void {
    this.items.set(id(table, item as { pk: string; sk: string }), structuredClone(item));
  }

  /** Removes the item at `key` of `table` (as a console edit or a bug elsewhere might). */
  delete(key: { pk: string; sk: string }, table = this.mainTable): void {
    this.items.delete(id(table, key));
  }

  get(input: { Key: { pk: string; sk: string } } & TableInput): { Item?: Item } {
    return { Item: this.item(input.Key, this.tableOf(input)) };
  }

  /** A BatchGetItem of one table: every item found (projected), none left unprocessed. */
  batchGet(input: {
    RequestItems: Record<string, { Keys: { pk: string; sk: string }[]; ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> }>;
  }): {
    Responses: Record<string, Item[]>;
    UnprocessedKeys: Record<string, never>;
  } {
    const responses = Object.entries(input.RequestItems).map(([table, request]) => {
      const names = request.ProjectionExpression?.split(',').map((name) => request.ExpressionAttributeNames?.[name.trim()] ?? name.trim());
      const found = request.Keys.flatMap((key): Item[] => {
        const item = this.item(key, table);
        return item ? [item] : [];
      });
      return [table, found.map((item: Item) => (names ? Object.fromEntries(Object.entries(item).filter(([name]) => names.includes(name))) : item))];
    });
    return { Responses: Object.fromEntries(responses), UnprocessedKeys: {} };
  }

  putItem(input: { Item: Item; ConditionExpression?: string } & ExpressionInput & TableInput): Record<string, never> {
    this.check(input.Item as { pk: string; sk: string }, input);
    this.put(input.Item, this.tableOf(input));
    return {};
  }

  update(
    input: { Key: { pk: string; sk: string }; UpdateExpression: string; ConditionExpression?: string; ReturnValues?: string } & ExpressionInput & TableInput,
  ): {
    Attributes?: Item;
  } {
    this.check(input.Key, input);
    const before = this.item(input.Key, this.tableOf(input));
    const { item, touched } = applyUpdate(before ?? { ...input.Key }, input.UpdateExpression, input);
    this.put(item, this.tableOf(input));
    if (input.ReturnValues === 'ALL_OLD') return before ? { Attributes: before } : {};
    if (input.ReturnValues === 'UPDATED_NEW')
      return { Attributes: Object.fromEntries(touched.filter((name) => name in item).map((name) => [name, item[name]])) };
    if (input.ReturnValues === 'ALL_NEW') return { Attributes: structuredClone(item) };
    return {};
  }

  /** A Query of the table or of the admin index: sorted by the sort key (descending with ScanIndexForward false), one page of `Limit`. */
  query(
    input: {
      KeyConditionExpression: string;
      IndexName?: string;
      ScanIndexForward?: boolean;
      Limit?: number;
      ExclusiveStartKey?: Record<string, unknown>;
    } & ExpressionInput &
      TableInput,
  ): { Items: Item[]; LastEvaluatedKey?: Record<string, unknown> } {
    if (input.IndexName !== undefined && input.IndexName !== ADMIN_INDEX.name) throw new Error(`FakeTable: unknown index ${input.IndexName}`);
    const sortKey = input.IndexName ? ADMIN_INDEX.sortKey : 'sk';
    const keyNames = input.IndexName ? ['pk', 'sk', ADMIN_INDEX.partitionKey, ADMIN_INDEX.sortKey] : ['pk', 'sk'];
    const condition = parseCondition(input.KeyConditionExpression);
    const sorted = this.all(this.tableOf(input))
      .filter((item) => evaluate(condition, item, input))
      .sort((a, b) => String(a[sortKey]).localeCompare(String(b[sortKey])));
    if (input.ScanIndexForward === false) sorted.reverse();
    const start =
      input.ExclusiveStartKey === undefined
        ? 0
        : sorted.findIndex((item) => item.pk === input.ExclusiveStartKey?.pk && item.sk === input.ExclusiveStartKey?.sk) + 1;
    const end = input.Limit === undefined ? sorted.length : start + input.Limit;
    const page = sorted.slice(start, end);
    const last = page.at(-1);
    return { Items: page, ...(end < sorted.length && last && { LastEvaluatedKey: Object.fromEntries(keyNames.map((name) => [name, last[name]])) }) };
  }

  /** All conditions are checked first; then every write applies, or none does. */
  transactWrite(input: { TransactItems: Record<string, any>[] }): Record<string, never> {
    const reasons = input.TransactItems.map((entry) => {
      const [kind, op] = Object.entries(entry)[0] as [string, any];
      const key = kind === 'Put' ? op.Item : op.Key;
      const ok = !op.ConditionExpression || evaluate(parseCondition(op.ConditionExpression), this.item(key, this.tableOf(op)) ?? {}, op);
      return { Code: ok ? 'None' : 'ConditionalCheckFailed' };
    });
    if (reasons.some((reason) => reason.Code !== 'None')) {
      throw new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: reasons });
    }
    for (const entry of input.TransactItems) {
      const [kind, op] = Object.entries(entry)[0] as [string, any];
      if (kind === 'Put') this.put(op.Item, this.tableOf(op));
      else if (kind === 'Update') this.update({ ...op, ConditionExpression: undefined });
      else if (kind === 'Delete') this.items.delete(id(this.tableOf(op), op.Key));
      else if (kind !== 'ConditionCheck') throw new Error(`FakeTable: unsupported transact item ${kind}`);
    }
    return {};
  }

  private tableOf(input: TableInput): string {
    return input.TableName ?? this.mainTable;
  }

  private check(key: { pk: string; sk: string }, input: { ConditionExpression?: string } & ExpressionInput & TableInput): void {
    if (!input.ConditionExpression) return;
    if (!evaluate(parseCondition(input.ConditionExpression), this.item(key, this.tableOf(input)) ?? {}, input)) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    }
  }
}

const id = (table: string, key: { pk: string; sk: string }) => `${table}\u0000${key.pk}\u0000${key.sk}`;

// ---- expressions ---------------------------------------------------------------------------

type Token = { kind: 'word' | 'name' | 'value' | 'op'; text: string };

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(#[\w]+)|(:[\w]+)|(<>|<=|>=|[=<>(),+-])|([A-Za-z_][\w.]*))/y;
  let match: RegExpExecArray | null;
  let index = 0;
  while (index < expression.length) {
    pattern.lastIndex = index;
    match = pattern.exec(expression);
    if (!match || match[0].length === 0) {
      if (/^\s*$/.test(expression.slice(index))) break;
      throw new Error(`FakeTable: cannot parse "${expression}" at ${index}`);
    }
    index = pattern.lastIndex;
    if (match[1]) tokens.push({ kind: 'name', text: match[1] });
    else if (match[2]) tokens.push({ kind: 'value', text: match[2] });
    else if (match[3]) tokens.push({ kind: 'op', text: match[3] });
    else tokens.push({ kind: 'word', text: match[4] });
  }
  return tokens;
}

class Cursor {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}
  peek(): Token | undefined {
    return this.tokens[this.index];
  }
  next(): Token {
    const token = this.tokens[this.index++];
    if (!token) throw new Error('FakeTable: unexpected end of expression');
    return token;
  }
  accept(text: string): boolean {
    if (this.peek()?.text.toUpperCase() === text.toUpperCase()) {
      this.index++;
      return true;
    }
    return false;
  }
  expect(text: string): void {
    if (!this.accept(text)) throw new Error(`FakeTable: expected "${text}", got "${this.peek()?.text}"`);
  }
  done(): boolean {
    return this.index >= this.tokens.length;
  }
}

type Operand = { path: string } | { value: string };
type Condition =
  | { op: 'and' | 'or'; left: Condition; right: Condition }
  | { op: 'not'; inner: Condition }
  | { op: 'exists' | 'not_exists'; path: string }
  | { op: 'begins_with'; path: string; prefix: Operand }
  | { op: 'contains'; path: string; operand: Operand }
  | { op: 'between'; operand: Operand; low: Operand; high: Operand }
  | { op: 'compare'; comparator: string; left: Operand; right: Operand };

function parseCondition(expression: string): Condition {
  const cursor = new Cursor(tokenize(expression));
  const condition = parseOr(cursor);
  if (!cursor.done()) throw new Error(`FakeTable: trailing input in "${expression}"`);
  return condition;
}

function parseOr(cursor: Cursor): Condition {
  let left = parseAnd(cursor);
  while (cursor.accept('OR')) left = { op: 'or', left, right: parseAnd(cursor) };
  return left;
}

function parseAnd(cursor: Cursor): Condition {
  let left = parseNot(cursor);
  while (cursor.accept('AND')) left = { op: 'and', left, right: parseNot(cursor) };
  return left;
}

function parseNot(cursor: Cursor): Condition {
  if (cursor.accept('NOT')) return { op: 'not', inner: parseNot(cursor) };
  if (cursor.accept('(')) {
    const inner = parseOr(cursor);
    cursor.expect(')');
    return inner;
  }
  const head = cursor.peek();
  if (head?.kind === 'word' && ['attribute_exists', 'attribute_not_exists', 'begins_with', 'contains'].includes(head.text)) {
    cursor.next();
    cursor.expect('(');
    const path = parsePath(cursor);
    if (head.text === 'contains') {
      cursor.expect(',');
      const operand = parseOperand(cursor);
      cursor.expect(')');
      return { op: 'contains', path, operand };
    }
    if (head.text === 'begins_with') {
      cursor.expect(',');
      const prefix = parseOperand(cursor);
      cursor.expect(')');
      return { op: 'begins_with', path, prefix };
    }
    cursor.expect(')');
    return { op: head.text === 'attribute_exists' ? 'exists' : 'not_exists', path };
  }
  const left = parseOperand(cursor);
  if (cursor.accept('BETWEEN')) {
    const low = parseOperand(cursor);
    cursor.expect('AND');
    return { op: 'between', operand: left, low, high: parseOperand(cursor) };
  }
  const comparator = cursor.next();
  if (comparator.text === 'BETWEEN') {
    const low = parseOperand(cursor);
    cursor.expect('AND');
    const high = parseOperand(cursor);
    return { op: 'and', left: { op: 'compare', comparator: '>=', left, right: low }, right: { op: 'compare', comparator: '<=', left, right: high } };
  }
  if (!['=', '<>', '<', '<=', '>', '>='].includes(comparator.text)) throw new Error(`FakeTable: unsupported comparator ${comparator.text}`);
  return { op: 'compare', comparator: comparator.text, left, right: parseOperand(cursor) };
}

function parsePath(cursor: Cursor): string {
  const token = cursor.next();
  if (token.kind !== 'word' && token.kind !== 'name') throw new Error(`FakeTable: expected an attribute, got ${token.text}`);
  if (token.kind === 'word' && token.text.includes('.')) throw new Error('FakeTable: nested paths are not supported');
  return token.text;
}

function parseOperand(cursor: Cursor): Operand {
  const token = cursor.peek();
  if (token?.kind === 'value') return { value: cursor.next().text };
  return { path: parsePath(cursor) };
}

function resolveName(path: string, input: ExpressionInput): string {
  if (!path.startsWith('#')) return path;
  const name = input.ExpressionAttributeNames?.[path];
  if (!name) throw new Error(`FakeTable: undefined attribute name ${path}`);
  return name;
}

function resolve(operand: Operand, item: Item, input: ExpressionInput): unknown {
  if ('value' in operand) {
    if (!input.ExpressionAttributeValues || !(operand.value in input.ExpressionAttributeValues)) {
      throw new Error(`FakeTable: undefined attribute value ${operand.value}`);
    }
    return input.ExpressionAttributeValues[operand.value];
  }
  return item[resolveName(operand.path, input)];
}

function evaluate(condition: Condition, item: Item, input: ExpressionInput): boolean {
  switch (condition.op) {
    case 'and':
      return evaluate(condition.left, item, input) && evaluate(condition.right, item, input);
    case 'or':
      return evaluate(condition.left, item, input) || evaluate(condition.right, item, input);
    case 'not':
      return !evaluate(condition.inner, item, input);
    case 'exists':
      return item[resolveName(condition.path, input)] !== undefined;
    case 'not_exists':
      return item[resolveName(condition.path, input)] === undefined;
    case 'begins_with': {
      const value = item[resolveName(condition.path, input)];
      return typeof value === 'string' && value.startsWith(String(resolve(condition.prefix, item, input)));
    }
    case 'contains': {
      const value = item[resolveName(condition.path, input)];
      if (value !== undefined && !(value instanceof Set)) throw new Error('FakeTable: contains() is supported on sets only');
      return value?.has(resolve(condition.operand, item, input)) ?? false;
    }
    case 'between': {
      const [value, low, high] = [condition.operand, condition.low, condition.high].map((operand) => resolve(operand, item, input));
      if (value === undefined || typeof value !== typeof low || typeof value !== typeof high) return false;
      return (low as string | number) <= (value as string | number) && (value as string | number) <= (high as string | number);
    }
    case 'compare': {
      const left = resolve(condition.left, item, input);
      const right = resolve(condition.right, item, input);
      // DynamoDB: a comparison with a missing attribute (or across types) is false.
      if (left === undefined || right === undefined || typeof left !== typeof right) return condition.comparator === '<>' && left !== right;
      const [a, b] = [left as string | number, right as string | number];
      return { '=': a === b, '<>': a !== b, '<': a < b, '<=': a <= b, '>': a > b, '>=': a >= b }[condition.comparator] as boolean;
    }
  }
}

function applyUpdate(original: Item, expression: string, input: ExpressionInput): { item: Item; touched: string[] } {
  const item = structuredClone(original);
  const touched: string[] = [];
  const cursor = new Cursor(tokenize(expression));
  while (!cursor.done()) {
    const clause = cursor.next().text.toUpperCase();
    do {
      const name = resolveName(parsePath(cursor), input);
      touched.push(name);
      if (clause === 'SET') {
        cursor.expect('=');
        let value = setTerm(cursor, original, input);
        if (cursor.accept('+')) value = (value as number) + (setTerm(cursor, original, input) as number);
        else if (cursor.accept('-')) value = (value as number) - (setTerm(cursor, original, input) as number);
        item[name] = value;
      } else if (clause === 'REMOVE') {
        delete item[name];
      } else if (clause === 'ADD') {
        const amount = resolve(parseOperand(cursor), original, input);
        if (amount instanceof Set) item[name] = new Set([...((item[name] as Set<unknown> | undefined) ?? []), ...amount]);
        else item[name] = ((item[name] as number | undefined) ?? 0) + (amount as number);
      } else if (clause === 'DELETE') {
        const removed = resolve(parseOperand(cursor), original, input);
        if (!(removed instanceof Set)) throw new Error('FakeTable: DELETE takes a set');
        const left = new Set([...((item[name] as Set<unknown> | undefined) ?? [])].filter((element) => !removed.has(element)));
        // DynamoDB keeps no empty set: the attribute goes with its last element.
        if (left.size > 0) item[name] = left;
        else delete item[name];
      } else {
        throw new Error(`FakeTable: unsupported update clause ${clause}`);
      }
    } while (cursor.accept(','));
  }
  return { item, touched };
}

function setTerm(cursor: Cursor, item: Item, input: ExpressionInput): unknown {
  if (cursor.peek()?.text === 'if_not_exists') {
    cursor.next();
    cursor.expect('(');
    const path = parsePath(cursor);
    cursor.expect(',');
    const fallback = parseOperand(cursor);
    cursor.expect(')');
    const current = item[resolveName(path, input)];
    return current !== undefined ? current : resolve(fallback, item, input);
  }
  return resolve(parseOperand(cursor), item, input);
}
