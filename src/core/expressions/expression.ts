import jsep from 'jsep';

/** The comparison operators of rule conditions (DESIGN §10), also usable inside expressions. */
export const CONDITION_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'contains'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

export interface Condition {
  field: string;
  op: ConditionOp;
  value: unknown;
}

export class ExpressionError extends Error {}

type Json = unknown;
/** A checked expression, ready to run against any JSON context. */
export type Predicate = (context: Json) => boolean;

const MAX_LENGTH = 2_000;
const MAX_DEPTH = 32;
const FIELD_PATH = /^[A-Za-z_$][\w$]*(\.[\w$]+|\[\d+\])*$/;
const BINARY: Record<string, ConditionOp | '&&' | '||'> = {
  '==': 'eq',
  '===': 'eq',
  '!=': 'ne',
  '!==': 'ne',
  '>': 'gt',
  '>=': 'gte',
  '<': 'lt',
  '<=': 'lte',
  in: 'in',
  contains: 'contains',
  '&&': '&&',
  '||': '||',
};

const parser = jsep;
parser.addBinaryOp('in', 7);
parser.addBinaryOp('contains', 7);
parser.addBinaryOp('and', 2);
parser.addBinaryOp('or', 1);
parser.addUnaryOp('not');

/** Reads a dotted path (`task.status`, `stages.review.output.items[0]`) from a JSON value; undefined when absent. */
export function readPath(context: Json, path: string): Json {
  let current: Json = context;
  for (const part of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, part)) return undefined;
    current = (current as Record<string, Json>)[part];
  }
  return current;
}

function sameValue(left: Json, right: Json): boolean {
  if (left === right) return true;
  if (typeof left === 'object' && typeof right === 'object' && left !== null && right !== null) return JSON.stringify(left) === JSON.stringify(right);
  return false;
}

function ordered(left: Json, right: Json, accept: (order: number) => boolean): boolean {
  if (typeof left === 'number' && typeof right === 'number') return accept(left - right);
  if (typeof left === 'string' && typeof right === 'string') return accept(left < right ? -1 : left > right ? 1 : 0);
  return false;
}

/** One comparison; a type mismatch is false, never an error. */
export function compare(op: ConditionOp, left: Json, right: Json): boolean {
  switch (op) {
    case 'eq':
      return sameValue(left, right);
    case 'ne':
      return !sameValue(left, right);
    case 'gt':
      return ordered(left, right, (order) => order > 0);
    case 'gte':
      return ordered(left, right, (order) => order >= 0);
    case 'lt':
      return ordered(left, right, (order) => order < 0);
    case 'lte':
      return ordered(left, right, (order) => order <= 0);
    case 'in':
      return Array.isArray(right) ? right.some((item) => sameValue(left, item)) : typeof right === 'string' && typeof left === 'string' && right.includes(left);
    case 'contains':
      return Array.isArray(left) ? left.some((item) => sameValue(item, right)) : typeof left === 'string' && typeof right === 'string' && left.includes(right);
  }
}

/** All conditions must hold (an empty list always holds). */
export function conditionsPredicate(conditions: readonly Condition[]): Predicate {
  for (const [index, condition] of conditions.entries()) {
    if (!FIELD_PATH.test(condition.field)) throw new ExpressionError(`conditions[${index}].field must be a dotted path such as task.status`);
    if (!CONDITION_OPS.includes(condition.op)) throw new ExpressionError(`conditions[${index}].op must be one of ${CONDITION_OPS.join(', ')}`);
  }
  return (context) => conditions.every((condition) => compare(condition.op, readPath(context, condition.field), condition.value));
}

type Evaluate = (context: Json) => Json;

function build(node: jsep.Expression, depth: number): Evaluate {
  if (depth > MAX_DEPTH) throw new ExpressionError('the expression is nested too deeply');
  switch (node.type) {
    case 'Literal': {
      const { value } = node as jsep.Literal;
      if (value instanceof RegExp) throw new ExpressionError('regular expressions are not supported');
      return () => value;
    }
    case 'Identifier':
    case 'MemberExpression': {
      const path = pathOf(node);
      return (context) => readPath(context, path);
    }
    case 'ArrayExpression': {
      const items = (node as jsep.ArrayExpression).elements.map((element) => {
        if (!element) throw new ExpressionError('arrays may not have holes');
        return build(element, depth + 1);
      });
      return (context) => items.map((item) => item(context));
    }
    case 'UnaryExpression': {
      const { operator, argument } = node as jsep.UnaryExpression;
      const operand = build(argument, depth + 1);
      if (operator === '!' || operator === 'not') return (context) => !truthy(operand(context));
      if (operator === '-') return (context) => {
        const value = operand(context);
        return typeof value === 'number' ? -value : undefined;
      };
      throw new ExpressionError(`the operator ${operator} is not supported`);
    }
    case 'BinaryExpression': {
      const { operator, left, right } = node as jsep.BinaryExpression;
      const lhs = build(left, depth + 1);
      const rhs = build(right, depth + 1);
      const op = BINARY[operator] ?? (operator === 'and' ? '&&' : operator === 'or' ? '||' : undefined);
      if (op === '&&') return (context) => truthy(lhs(context)) && truthy(rhs(context));
      if (op === '||') return (context) => truthy(lhs(context)) || truthy(rhs(context));
      if (!op) throw new ExpressionError(`the operator ${operator} is not supported (use == != > >= < <= in contains && || !)`);
      return (context) => compare(op, lhs(context), rhs(context));
    }
    default:
      throw new ExpressionError(`${node.type.replace(/Expression$/, '').toLowerCase() || 'this'} is not allowed in an expression: only field paths, literals, comparisons and and/or/not`);
  }
}

function pathOf(node: jsep.Expression): string {
  if (node.type === 'Identifier') return (node as jsep.Identifier).name;
  if (node.type !== 'MemberExpression') throw new ExpressionError('only field paths may be read');
  const member = node as jsep.MemberExpression;
  const base = pathOf(member.object);
  if (!member.computed) return `${base}.${(member.property as jsep.Identifier).name}`;
  const key = member.property as jsep.Literal;
  if (key.type !== 'Literal' || (typeof key.value !== 'number' && typeof key.value !== 'string')) {
    throw new ExpressionError('a [ ] index must be a number or a quoted name');
  }
  return typeof key.value === 'number' ? `${base}[${key.value}]` : `${base}.${key.value}`;
}

function truthy(value: Json): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

/**
 * Parses an expression such as `input.priority in ["high", "urgent"] && stages.review.output.approved == true`
 * into a predicate over a JSON context. Only field paths, literals, comparisons and and/or/not exist: there is
 * nothing to call, so an expression cannot run code (no eval, Function or vm).
 */
export function compileExpression(text: string): Predicate {
  if (typeof text !== 'string' || text.trim() === '') throw new ExpressionError('the expression is empty');
  if (text.length > MAX_LENGTH) throw new ExpressionError(`the expression is longer than ${MAX_LENGTH} characters`);
  let tree: jsep.Expression;
  try {
    tree = parser(text);
  } catch (error) {
    throw new ExpressionError(`the expression does not parse: ${(error as Error).message}`);
  }
  const evaluate = build(tree, 0);
  return (context) => truthy(evaluate(context));
}
