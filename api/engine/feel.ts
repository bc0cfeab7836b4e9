import { evaluate } from 'feelin';

/** Names bpmn-engine writes into the process scope itself; never user variables. */
export const RESERVED_VARIABLES = new Set(['content', 'fields', 'properties']);

export class FeelError extends Error {
  constructor(
    message: string,
    readonly expression: string,
  ) {
    super(message);
    this.name = 'FeelError';
  }
}

export function isFeel(value: unknown): value is string {
  return typeof value === 'string' && value.trimStart().startsWith('=');
}

/**
 * Evaluates a Zeebe-style FEEL expression (leading `=`) against the process variables.
 * A reference to a variable that does not exist is an error, as Zeebe raises an incident
 * for it rather than quietly reading null.
 */
export function evaluateFeel(expression: string, variables: Record<string, unknown>): unknown {
  const body = expression.trimStart().slice(1);
  let result;
  try {
    result = evaluate(body, variables);
  } catch (err) {
    throw new FeelError(`FEEL 表达式无法解析: ${expression} (${(err as Error).message})`, expression);
  }
  const missing = result.warnings.find((w) => w.type === 'NO_VARIABLE_FOUND' || w.type === 'NO_CONTEXT_ENTRY_FOUND');
  if (missing) throw new FeelError(`FEEL 表达式 ${expression} 引用了不存在的变量: ${missing.message}`, expression);
  return result.value;
}

/** A sequence-flow condition: must be a boolean, anything else is an incident (Zeebe semantics). */
export function evaluateCondition(expression: string, variables: Record<string, unknown>): boolean {
  const value = evaluateFeel(expression, variables);
  if (typeof value !== 'boolean') {
    throw new FeelError(`条件表达式 ${expression} 的结果不是布尔值 (得到 ${JSON.stringify(value)})`, expression);
  }
  return value;
}
