import { createRequire } from "node:module";
import { Language, Parser, type Node } from "web-tree-sitter";

/**
 * tree-sitter-powershell (WASM through web-tree-sitter) — reference/windows.md §6. Reports every
 * ERROR and MISSING node with its position, so a test failure names the broken line.
 */
let parser: Parser | undefined;

export async function psParser(): Promise<Parser> {
  if (parser) return parser;
  await Parser.init();
  const wasm = createRequire(__filename).resolve("tree-sitter-powershell/tree-sitter-powershell.wasm");
  const lang = await Language.load(wasm);
  parser = new Parser();
  parser.setLanguage(lang);
  return parser;
}

export function syntaxErrors(node: Node, out: string[] = []): string[] {
  if (node.type === "ERROR" || node.isMissing) out.push(`${node.isMissing ? "MISSING " : ""}${node.type} @${node.startPosition.row + 1}:${node.startPosition.column + 1}`);
  for (const c of node.children) if (c) syntaxErrors(c, out);
  return out;
}

export async function parsePs(text: string) {
  const p = await psParser();
  const tree = p.parse(text)!;
  return { tree, errors: syntaxErrors(tree.rootNode) };
}

/** Every node of a type, depth first. */
export function nodesOfType(node: Node, type: string, out: Node[] = []): Node[] {
  if (node.type === type) out.push(node);
  for (const c of node.children) if (c) nodesOfType(c, type, out);
  return out;
}

/** Decoded text of a PowerShell script file: strips the BOM, CRLF → LF for the parser. */
export function scriptText(content: string | Uint8Array): string {
  const s = typeof content === "string" ? content : Buffer.from(content).toString("utf8");
  return s.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
}
