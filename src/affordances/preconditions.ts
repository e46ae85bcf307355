/**
 * Affordance preconditions: a small, safe, Python-like expression language (reference §2.4).
 *
 * Sources are parsed once, at manifest load, by a hand-written tokenizer and recursive-descent parser into
 * an AST, then compiled once per shard into a tree of closures. Names are bound to getters at compile time
 * through a caller-supplied scope, so evaluation is a few closure calls with no lookups by name. Nothing is
 * ever evaluated as JavaScript and no user-supplied name is used as a JS property key.
 */

export {
  type CompareOp,
  type CompiledPrecondition,
  isForbiddenName,
  MAX_PRECONDITION_DEPTH,
  MAX_PRECONDITION_LENGTH,
  type NumericColumn,
  type PreconditionAst,
  PreconditionCompileError,
  type PreconditionGetter,
  type PreconditionScope,
  PreconditionSyntaxError,
  type PreconditionValue,
} from './precondition-ast.js';
export { compilePrecondition, mapScope } from './precondition-compiler.js';
export { parsePrecondition } from './precondition-parser.js';
