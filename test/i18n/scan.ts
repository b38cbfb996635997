import ts from 'typescript';

/**
 * Source scans for the catalog tests, on the TypeScript syntax tree (not text patterns): user-visible
 * text written straight into JSX, and the catalog keys a source file names.
 */

const visibleAttributes = new Set(['title', 'aria-label', 'placeholder', 'alt', 'aria-description', 'label']);
const hasLetter = (text: string) => /\p{L}/u.test(text);

export interface Finding {
  line: number;
  text: string;
}

function parse(fileName: string, text: string): ts.SourceFile {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
}

/** The static text of a literal (a template's fixed parts), or null for anything computed. */
function literalText(node: ts.Expression): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('');
  return null;
}

/** The literals an expression can evaluate to as it is (branches of ?:, the sides of && || ??). */
function shownLiterals(node: ts.Expression): ts.Expression[] {
  if (ts.isParenthesizedExpression(node)) return shownLiterals(node.expression);
  if (ts.isConditionalExpression(node)) return [...shownLiterals(node.whenTrue), ...shownLiterals(node.whenFalse)];
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return shownLiterals(node.right);
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken)
      return [...shownLiterals(node.left), ...shownLiterals(node.right)];
    if (op === ts.SyntaxKind.PlusToken) return [...shownLiterals(node.left), ...shownLiterals(node.right)];
  }
  return literalText(node) === null ? [] : [node];
}

/** Text with letters written into JSX children or into a visible attribute, not taken from a catalog. */
export function untranslatedJsx(fileName: string, text: string): Finding[] {
  const source = parse(fileName, text);
  const found: Finding[] = [];
  const report = (node: ts.Node, value: string) => {
    if (!hasLetter(value)) return;
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push({ line: line + 1, text: value.trim() });
  };
  const checkExpression = (expr: ts.Expression | undefined) => {
    if (!expr) return;
    for (const lit of shownLiterals(expr)) report(lit, literalText(lit) ?? '');
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) report(node, node.text);
    else if (ts.isJsxExpression(node) && node.parent && !ts.isJsxAttribute(node.parent))
      checkExpression(node.expression);
    else if (ts.isJsxAttribute(node)) {
      const name = node.name.getText(source);
      if (visibleAttributes.has(name) && node.initializer) {
        if (ts.isStringLiteral(node.initializer)) report(node.initializer, node.initializer.text);
        else if (ts.isJsxExpression(node.initializer)) checkExpression(node.initializer.expression);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * What a source file may use as a catalog key: every string literal, and every template literal as a
 * pattern (`export.state.${s}` matches each `export.state.*` key).
 */
export function keyMentions(fileName: string, text: string): { literals: Set<string>; patterns: RegExp[] } {
  const source = parse(fileName, text);
  const literals = new Set<string>();
  const patterns: RegExp[] = [];
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literals.add(node.text);
    else if (ts.isTemplateExpression(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
      if (/^[a-z]+\.[\w.]*$/i.test(node.head.text)) patterns.push(new RegExp(`^${parts.map(escape).join('[\\w-]+')}$`));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { literals, patterns };
}

/** Every `t('…')` / `i18n.t('…')` / `translate('…')` call's literal first argument, with its line. */
export function translatedKeys(fileName: string, text: string): Finding[] {
  const source = parse(fileName, text);
  const found: Finding[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee)
        ? callee.text
        : ts.isPropertyAccessExpression(callee)
          ? callee.name.text
          : '';
      const first = node.arguments[0];
      if (name === 't' && first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
        const { line } = source.getLineAndCharacterOfPosition(first.getStart(source));
        found.push({ line: line + 1, text: first.text });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Calls whose literal arguments are keys or names, not text: catalog lookups and argument accessors. */
const keyTakers = new Set([
  't',
  'lookup',
  'columnHeads',
  'arg',
  'string',
  'strings',
  'flag',
  'requireString',
  'integer',
]);
const comparisons = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

function calleeName(call: ts.CallExpression | ts.NewExpression): string {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return '';
}

/**
 * Text with letters that the CLI shows a person without the catalog: in a command's `human` output
 * (and the functions of the same file it calls), a `UsageError` or `CrmError` message, a stderr note
 * (`.note(…)`) or a progress line. Literals handed to `t()` (keys, and the names and values it puts into
 * a message), to argument accessors, or compared with a value are not text.
 */
export function untranslatedCliText(fileName: string, text: string): Finding[] {
  const source = parse(fileName, text);
  const functions = new Map<string, ts.Node>();
  const roots: ts.Node[] = [];
  const findRoots = (node: ts.Node) => {
    if (ts.isFunctionDeclaration(node) && node.name && node.body) functions.set(node.name.text, node.body);
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const init = node.initializer;
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) functions.set(node.name.text, init.body);
      if (node.name.text === 'human') roots.push(init);
    }
    if ((ts.isPropertyAssignment(node) || ts.isMethodDeclaration(node)) && node.name.getText(source) === 'human')
      roots.push(ts.isPropertyAssignment(node) ? node.initializer : node);
    if (ts.isNewExpression(node)) {
      const name = calleeName(node);
      const args = node.arguments ?? [];
      if (name === 'UsageError' && args[0]) roots.push(args[0]);
      if (name === 'CrmError' && args[1]) roots.push(args[1]);
    }
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      if (name === 'note' || name === 'progress') roots.push(...node.arguments);
      if (name === 'progressLine' && node.arguments[1]) roots.push(node.arguments[1]);
    }
    ts.forEachChild(node, findRoots);
  };
  findRoots(source);

  const found: Finding[] = [];
  const seen = new Set<ts.Node>();
  const exempt = (node: ts.Node): boolean => {
    let child = node;
    for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
      if (ts.isCallExpression(parent) && parent.arguments.includes(child as ts.Expression))
        return keyTakers.has(calleeName(parent));
      if (ts.isBinaryExpression(parent) && comparisons.has(parent.operatorToken.kind)) return true;
      if (ts.isElementAccessExpression(parent) && parent.argumentExpression === child) return true;
      const passes =
        ts.isArrayLiteralExpression(parent) ||
        ts.isParenthesizedExpression(parent) ||
        ts.isObjectLiteralExpression(parent) ||
        (ts.isPropertyAssignment(parent) && parent.initializer === child);
      if (!passes) return false;
    }
    return false;
  };
  const visit = (node: ts.Node) => {
    if (seen.has(node) || ts.isTypeNode(node)) return;
    seen.add(node);
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const value = literalText(node) ?? '';
      if (hasLetter(value) && !exempt(node)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push({ line: line + 1, text: value.trim() });
      }
      if (!ts.isTemplateExpression(node)) return;
      for (const span of node.templateSpans) visit(span.expression);
      return;
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const called = functions.get(node.expression.text);
      if (called) visit(called);
    }
    ts.forEachChild(node, visit);
  };
  roots.forEach(visit);
  return found;
}
