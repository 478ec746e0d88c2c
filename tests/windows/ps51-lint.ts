import type { Node } from "web-tree-sitter";
import { parsePs } from "./ps-parser";

/**
 * Windows PowerShell 5.1 class lint over a tree-sitter-powershell parse tree (issue 11 items 1–2).
 *
 * What it refuses, and why (sources next to each rule):
 *
 * NATIVE-QUOTE — an argument to a native program (`& $exe …`, `python.exe …`, a wrapper that forwards
 *   to one) whose value contains a double quote. Windows PowerShell 5.1 builds the command line by
 *   wrapping arguments that contain spaces in "…" and does NOT escape embedded quotes, so the
 *   program receives something else (PowerShell/PowerShell#1995, #3049; fixed only in PowerShell 7.3
 *   by $PSNativeCommandArgumentPassing, PR #14692). `& python -c 'print("x")'` reaches Python as
 *   `print(x)`.
 * NATIVE-EMPTY — an empty-string argument: 5.1 drops it, so later arguments shift (same sources;
 *   PowerShell/PowerShell#15143, PR #16639 "empty args … get dropped" in Legacy mode).
 * NATIVE-BACKSLASH — a constant argument with whitespace that ends in a backslash: 5.1 wraps it as
 *   "C:\a b\" and the C runtime reads \" as an escaped quote (Microsoft "Parsing C++ command-line
 *   arguments", quoted in #1995).
 * NATIVE-BAREWORD-QUOTE — a bare word with quotes (ADDLOCAL="a,b"): PowerShell re-quotes the whole
 *   token ("ADDLOCAL=a,b"), which msiexec-style parsers read differently (#15143).
 * NATIVE-SCRIPTBLOCK / NATIVE-HASHTABLE — a script block or hashtable becomes its text / type name.
 * CMD-QUOTE — `cmd /c` with a double quote or a cmd metacharacter: cmd.exe applies its own quote
 *   stripping rules (`cmd /?`, #15239).
 * START-EMPTY / START-SPLIT — Start-Process -ArgumentList: 5.1 joins the elements with spaces
 *   verbatim (no quoting at all), so an empty element disappears and an element with an unquoted
 *   space becomes two arguments (about_Start-Process -ArgumentList; #14747 comment).
 * PS7-* — syntax and cmdlets that Windows PowerShell 5.1 does not have: the && / || pipeline-chain
 *   operators (PowerShell 7.0, about_Pipeline_Chain_Operators), ternary ?:, ??, ??=, ?. and ?[]
 *   (7.0/7.1, about_Operators; tree-sitter reports them as ERROR nodes), ForEach-Object -Parallel
 *   (7.0), `clean` blocks (7.3), ConvertFrom-Json -AsHashtable/-Depth/-NoEnumerate (6.0+/7.0),
 *   Invoke-WebRequest -SkipCertificateCheck/-SkipHttpErrorCheck (6.0/7.0), -Encoding utf8NoBOM/
 *   utf8BOM (6.0), Get-Content -AsByteStream (6.0), Join-String, Get-Error, Test-Json,
 *   ConvertFrom-Markdown, Remove-Service, Get-Uptime (6.0+), $IsWindows/$IsLinux/$IsMacOS/$PSStyle.
 */

export interface Finding {
  rule: string;
  line: number;
  column: number;
  text: string;
  message: string;
}

/** Executables the scripts may call by bare name (no .exe); anything not Verb-Noun counts as native too. */
const BARE_NATIVE = /^(cmd|netsh|reg|sc|msiexec|powershell|pwsh|python|py|pip|mysql|mysqld|mysqladmin|redis-cli|mongo|control|sysprep|winrm|dism|icacls|bcdedit|certutil|dfc|uwfmgr|where|findstr|schtasks|net|wmic|rundll32)$/i;
const NATIVE_EXT = /\.(exe|com|cmd|bat)$/i;

const PS7_COMMANDS = new Set(["join-string", "get-error", "test-json", "convertfrom-markdown", "show-markdown", "get-markdownoption", "set-markdownoption", "remove-service", "get-uptime", "remove-alias", "get-pssubsystem"]);
const PS7_PARAMS: Record<string, string[]> = {
  "foreach-object": ["-parallel", "-throttlelimit", "-asjob", "-timeoutseconds"],
  "convertfrom-json": ["-ashashtable", "-depth", "-noenumerate"],
  "convertto-json": ["-enumsasstrings", "-asarray", "-escapehandling"],
  "invoke-webrequest": ["-skipcertificatecheck", "-skiphttperrorcheck", "-authentication", "-token", "-resume", "-sslprotocol", "-statuscodevariable", "-responseheadersvariable", "-skipheadervalidation"],
  "invoke-restmethod": ["-skipcertificatecheck", "-skiphttperrorcheck", "-authentication", "-token", "-resume", "-sslprotocol", "-statuscodevariable", "-responseheadersvariable", "-skipheadervalidation"],
  "get-content": ["-asbytestream"],
  "set-content": ["-asbytestream"],
  "add-content": ["-asbytestream"],
  "test-connection": ["-tcpport", "-ping", "-traceroute", "-mtusize", "-ipv4", "-ipv6"],
  "select-string": ["-raw", "-noemphasis", "-culture"],
  "split-path": ["-extension", "-leafbase"],
  "get-childitem": ["-followsymlink"],
};
const PS7_VARIABLES = /^\$(IsWindows|IsLinux|IsMacOS|IsCoreCLR|PSStyle|PSNativeCommandArgumentPassing|PSNativeCommandUseErrorActionPreference)$/i;
const PS7_ENCODINGS = /^(utf8NoBOM|utf8BOM)$/i;

/** Nodes that only wrap one child (expression precedence levels). */
const TRANSPARENT = new Set([
  "array_literal_expression", "unary_expression", "logical_expression", "bitwise_expression", "comparison_expression",
  "additive_expression", "multiplicative_expression", "format_expression", "range_expression", "pipeline", "pipeline_chain",
  "statement_list", "string_literal", "expression_with_unary_operator", "cast_expression",
]);

type Arg =
  | { kind: "string"; node: Node; value: string; expandable: boolean }
  | { kind: "number"; node: Node }
  | { kind: "variable"; node: Node; name: string; splat: boolean }
  | { kind: "parameter"; node: Node; value: string }
  | { kind: "bareword"; node: Node; value: string }
  | { kind: "array"; node: Node; items: Arg[] }
  | { kind: "scriptblock"; node: Node }
  | { kind: "hashtable"; node: Node }
  /** Anything computed: its constant string pieces are still known. */
  | { kind: "expression"; node: Node; pieces: string[] };

function named(n: Node): Node[] {
  return n.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
}

function all(n: Node, pred: (x: Node) => boolean, out: Node[] = []): Node[] {
  if (pred(n)) out.push(n);
  for (const c of n.children) if (c) all(c, pred, out);
  return out;
}

function verbatim(text: string): string {
  return text.slice(1, -1).replace(/''/g, "'");
}

/** Value of an expandable "…" string without variables; backtick escapes and "" resolved. */
function expandable(text: string): string {
  return text
    .slice(1, -1)
    .replace(/""/g, '"')
    .replace(/`(.)/g, (_m, c: string) => ({ n: "\n", r: "\r", t: "\t", "0": "\0" } as Record<string, string>)[c] ?? c);
}

function stringPieces(n: Node): string[] {
  return all(n, (x) => x.type === "verbatim_string_characters" || x.type === "expandable_string_literal" || x.type === "verbatim_here_string_characters" || x.type === "expandable_here_string_literal").map((x) =>
    x.type.startsWith("verbatim") ? verbatim(x.text) : expandable(x.text),
  );
}

function describe(node: Node): Arg {
  let n = node;
  for (;;) {
    const kids = named(n);
    if (TRANSPARENT.has(n.type) && kids.length === 1) n = kids[0];
    else break;
  }
  const kids = named(n);
  switch (n.type) {
    case "verbatim_string_characters":
    case "verbatim_here_string_characters":
      return { kind: "string", node: n, value: verbatim(n.text), expandable: false };
    case "expandable_string_literal":
    case "expandable_here_string_literal":
      if (all(n, (x) => x.type === "variable" || x.type === "sub_expression").length > 0) return { kind: "expression", node: n, pieces: [expandable(n.text)] };
      return { kind: "string", node: n, value: expandable(n.text), expandable: true };
    case "integer_literal":
    case "decimal_integer_literal":
    case "real_literal":
      return { kind: "number", node: n };
    case "variable":
      return { kind: "variable", node: n, name: n.text.replace(/^[$@]/, "").replace(/^\{|\}$/g, "").toLowerCase(), splat: n.text.startsWith("@") };
    case "command_parameter":
      return { kind: "parameter", node: n, value: n.text };
    case "generic_token":
      return { kind: "bareword", node: n, value: n.text };
    case "script_block_expression":
      return { kind: "scriptblock", node: n };
    case "hash_literal_expression":
      return { kind: "hashtable", node: n };
    case "array_literal_expression":
      return { kind: "array", node: n, items: kids.map(describe) };
    case "array_expression": {
      // @( a, b ) or @( x ) — the elements of its single pipeline
      const list = kids.find((k) => k.type === "statement_list");
      const statements = list ? named(list) : [];
      if (statements.length === 1) {
        const inner = describe(statements[0]);
        return inner.kind === "array" ? { kind: "array", node: n, items: inner.items } : { kind: "array", node: n, items: [inner] };
      }
      return { kind: "expression", node: n, pieces: stringPieces(n) };
    }
    case "parenthesized_expression": {
      const inner = kids.length === 1 ? describe(kids[0]) : undefined;
      if (inner && inner.kind !== "expression") return inner;
      return { kind: "expression", node: n, pieces: stringPieces(n) };
    }
    default:
      return { kind: "expression", node: n, pieces: stringPieces(n) };
  }
}

function flatten(a: Arg): Arg[] {
  return a.kind === "array" ? a.items.flatMap(flatten) : [a];
}

interface CommandInfo {
  node: Node;
  name: string; // lower-case name, or "" for computed
  invoked: boolean; // called with &
  nameNode: Node | undefined;
  elements: Arg[]; // arguments and parameters in order, separators and redirections dropped
}

function commandInfo(cmd: Node): CommandInfo {
  const nameNode = named(cmd).find((c) => c.type === "command_name" || c.type === "command_name_expr");
  const invoked = cmd.children.some((c) => c?.type === "command_invokation_operator" && c.text === "&");
  const elementsNode = named(cmd).find((c) => c.type === "command_elements");
  const elements = elementsNode ? named(elementsNode).filter((c) => c.type !== "command_argument_sep" && c.type !== "redirection" && c.type !== "stop_parsing").map(describe) : [];
  let name = "";
  if (nameNode?.type === "command_name") name = nameNode.text.toLowerCase();
  else if (nameNode) {
    const inner = named(nameNode)[0];
    if (inner?.type === "command_name" || (inner?.type === "path_command_name" && !named(inner).some((k) => k.type === "variable"))) name = inner.text.toLowerCase();
    else {
      const s = describe(nameNode);
      if (s.kind === "string") name = s.value.toLowerCase();
    }
  }
  return { node: cmd, name, invoked, nameNode, elements };
}

/** Parameter binding by name (-Name value) or position, for calls of script-defined functions. */
function argumentFor(call: CommandInfo, params: string[], param: string): Arg | undefined {
  const positional: Arg[] = [];
  for (let i = 0; i < call.elements.length; i++) {
    const e = call.elements[i];
    if (e.kind === "parameter") {
      const [flag, inline] = e.value.slice(1).split(":");
      if (flag.toLowerCase() === param) return inline !== undefined ? { kind: "bareword", node: e.node, value: inline } : call.elements[i + 1];
      if (params.includes(flag.toLowerCase())) i++; // skip its value
      continue;
    }
    positional.push(e);
  }
  const idx = params.indexOf(param);
  return idx >= 0 ? positional[idx] : undefined;
}

interface FunctionInfo {
  name: string;
  params: string[];
  scriptblockParams: string[];
  body: Node;
}

function functions(root: Node): Map<string, FunctionInfo> {
  const out = new Map<string, FunctionInfo>();
  for (const f of all(root, (x) => x.type === "function_statement")) {
    const name = named(f).find((c) => c.type === "function_name")?.text.toLowerCase();
    if (!name) continue;
    // first parameter list: function_parameter_declaration, or the script block's param_block
    const lists = all(f, (x) => x.type === "parameter_list");
    const list = lists[0];
    const params: string[] = [];
    const sb: string[] = [];
    if (list)
      for (const p of named(list).filter((c) => c.type === "script_parameter")) {
        const v = named(p).find((c) => c.type === "variable");
        if (!v) continue;
        const pn = v.text.slice(1).toLowerCase();
        params.push(pn);
        if (/\[scriptblock\]/i.test(p.text)) sb.push(pn);
      }
    out.set(name, { name, params, scriptblockParams: sb, body: f });
  }
  return out;
}

export function lintTree(root: Node): Finding[] {
  const findings: Finding[] = [];
  const add = (rule: string, n: Node, message: string) =>
    findings.push({ rule, line: n.startPosition.row + 1, column: n.startPosition.column + 1, text: n.text.length > 120 ? n.text.slice(0, 117) + "..." : n.text, message });

  for (const e of all(root, (x) => x.type === "ERROR" || x.isMissing))
    add("PS-PARSE", e, "not parseable (PowerShell 7-only ?: ?? ??= ?. or a syntax error)");

  const fns = functions(root);
  // Variables holding script blocks: [scriptblock] parameters, and $x = { … }
  const scriptblockVars = new Set<string>();
  for (const f of fns.values()) for (const p of f.scriptblockParams) scriptblockVars.add(p);
  for (const a of all(root, (x) => x.type === "assignment_expression")) {
    const left = named(a)[0];
    const right = named(a).at(-1);
    if (left && right && describe(right).kind === "scriptblock") scriptblockVars.add(left.text.replace(/^\$/, "").toLowerCase());
  }

  const commands = all(root, (x) => x.type === "command").map(commandInfo);

  const isNative = (c: CommandInfo): boolean => {
    if (c.invoked) {
      const inner = c.nameNode ? named(c.nameNode)[0] : undefined;
      const target = inner?.type === "path_command_name" ? named(inner)[0] : inner;
      if (target?.type === "variable" && scriptblockVars.has(target.text.slice(1).toLowerCase())) return false;
      if (target?.type === "script_block_expression") return false;
      if (c.name.endsWith(".ps1")) return false;
      if (c.name && fns.has(c.name)) return false;
      return true;
    }
    if (!c.name || fns.has(c.name)) return false;
    if (NATIVE_EXT.test(c.name) || BARE_NATIVE.test(c.name)) return true;
    return !/^[a-z]+-[a-z0-9]+$/i.test(c.name); // not a cmdlet-style name: an external program
  };

  const checkNativeArg = (arg: Arg, cmdName: string) => {
    const isCmd = /^cmd(\.exe)?$/.test(cmdName);
    for (const a of flatten(arg)) {
      switch (a.kind) {
        case "string":
          if (a.value === "") add("NATIVE-EMPTY", a.node, "empty-string argument: Windows PowerShell 5.1 drops it (PowerShell/PowerShell#1995)");
          if (a.value.includes('"')) add("NATIVE-QUOTE", a.node, "embedded double quote: Windows PowerShell 5.1 passes it unescaped (PowerShell/PowerShell#1995)");
          if (/\s/.test(a.value) && a.value.endsWith("\\")) add("NATIVE-BACKSLASH", a.node, 'argument with spaces ending in \\: 5.1 wraps it as "…\\" and the program reads an escaped quote');
          if (isCmd && /[&|<>^%]/.test(a.value)) add("CMD-QUOTE", a.node, "cmd.exe metacharacter in a cmd /c argument");
          break;
        case "expression":
          if (a.pieces.some((p) => p.includes('"'))) add("NATIVE-QUOTE", a.node, "argument built with a double quote: Windows PowerShell 5.1 passes it unescaped (PowerShell/PowerShell#1995)");
          if (isCmd && a.pieces.some((p) => /[&|<>^%]/.test(p))) add("CMD-QUOTE", a.node, "cmd.exe metacharacter in a cmd /c argument");
          break;
        case "bareword":
          if (/["']/.test(a.value)) add("NATIVE-BAREWORD-QUOTE", a.node, "quotes inside a bare word: PowerShell re-quotes the whole token");
          if (isCmd && /[&|<>^%]/.test(a.value)) add("CMD-QUOTE", a.node, "cmd.exe metacharacter in a cmd /c argument");
          break;
        case "scriptblock":
          add("NATIVE-SCRIPTBLOCK", a.node, "a script block passed to a native program becomes its source text");
          break;
        case "hashtable":
          add("NATIVE-HASHTABLE", a.node, "a hashtable passed to a native program becomes 'System.Collections.Hashtable'");
          break;
        default:
          break;
      }
    }
  };

  const checkStartProcessArg = (arg: Arg) => {
    for (const a of flatten(arg)) {
      if (a.kind === "string") {
        if (a.value === "") add("START-EMPTY", a.node, "empty -ArgumentList element: Start-Process in 5.1 joins elements with spaces, so it disappears");
        // whitespace outside "…" splits the element into several arguments
        const outside = a.value.replace(/"[^"]*"/g, "");
        if (/\s/.test(outside)) add("START-SPLIT", a.node, "unquoted space in a -ArgumentList element: Start-Process in 5.1 passes elements verbatim, so it becomes two arguments");
      } else if (a.kind === "scriptblock" || a.kind === "hashtable") add("START-SPLIT", a.node, "script block / hashtable in -ArgumentList");
    }
  };

  // Wrappers: functions that forward one of their parameters to a native program or to Start-Process.
  type Sink = "native" | "start-process";
  const wrappers = new Map<string, { param: string; sink: Sink; exe: string }[]>();
  for (const f of fns.values()) {
    for (const c of all(f.body, (x) => x.type === "command").map(commandInfo)) {
      const forwarded = (arg: Arg | undefined): string[] =>
        arg ? flatten(arg).filter((a): a is Extract<Arg, { kind: "variable" }> => a.kind === "variable" && f.params.includes(a.name)).map((a) => a.name) : [];
      if (c.name === "start-process") {
        const al = c.elements.findIndex((e) => e.kind === "parameter" && /^-a(r(g(u(m(e(n(t(l(i(s(t)?)?)?)?)?)?)?)?)?)?)?$/i.test(e.value));
        for (const p of forwarded(al >= 0 ? c.elements[al + 1] : undefined)) {
          const list = wrappers.get(f.name) ?? [];
          list.push({ param: p, sink: "start-process", exe: "" });
          wrappers.set(f.name, list);
        }
      } else if (isNative(c)) {
        for (const e of c.elements)
          for (const p of forwarded(e)) {
            const list = wrappers.get(f.name) ?? [];
            list.push({ param: p, sink: "native", exe: c.name });
            wrappers.set(f.name, list);
          }
      }
    }
  }

  for (const c of commands) {
    // PowerShell 7-only cmdlets and parameters
    if (PS7_COMMANDS.has(c.name)) add("PS7-COMMAND", c.node, `${c.name} does not exist in Windows PowerShell 5.1`);
    const ps7 = PS7_PARAMS[c.name];
    for (let i = 0; i < c.elements.length; i++) {
      const e = c.elements[i];
      if (e.kind !== "parameter") continue;
      if (ps7?.includes(e.value.toLowerCase().split(":")[0])) add("PS7-PARAMETER", e.node, `${c.name} ${e.value} is PowerShell 6/7 only`);
      if (/^-encoding$/i.test(e.value)) {
        const v = c.elements[i + 1];
        const text = v?.kind === "string" ? v.value : v?.kind === "bareword" ? v.value : "";
        if (PS7_ENCODINGS.test(text)) add("PS7-PARAMETER", v!.node, `-Encoding ${text} is PowerShell 6/7 only (5.1: UTF8 writes a BOM)`);
      }
    }

    if (c.name === "start-process") {
      const al = c.elements.findIndex((e) => e.kind === "parameter" && /^-a(r(g(u(m(e(n(t(l(i(s(t)?)?)?)?)?)?)?)?)?)?)?$/i.test(e.value));
      // positional: Start-Process <FilePath> <ArgumentList>
      const positional = c.elements.filter((e, i) => e.kind !== "parameter" && !(i > 0 && c.elements[i - 1].kind === "parameter" && !/^-(wait|passthru|nonewwindow|usenewenvironment)$/i.test((c.elements[i - 1] as { value: string }).value)));
      const arg = al >= 0 ? c.elements[al + 1] : positional[1];
      if (arg) checkStartProcessArg(arg);
      continue;
    }
    if (isNative(c)) {
      for (const e of c.elements) if (e.kind !== "parameter") checkNativeArg(e, c.name);
      continue;
    }
    for (const w of wrappers.get(c.name) ?? []) {
      const arg = argumentFor(c, fns.get(c.name)!.params, w.param);
      if (!arg) continue;
      if (w.sink === "start-process") checkStartProcessArg(arg);
      else checkNativeArg(arg, w.exe);
    }
  }

  for (const n of all(root, (x) => x.type === "pipeline_chain_tail")) add("PS7-SYNTAX", n, "&& / || pipeline-chain operators are PowerShell 7+");
  for (const v of all(root, (x) => x.type === "variable")) if (PS7_VARIABLES.test(v.text)) add("PS7-VARIABLE", v, `${v.text} does not exist in Windows PowerShell 5.1`);
  for (const b of all(root, (x) => x.type === "block_name")) if (/^clean$/i.test(b.text)) add("PS7-SYNTAX", b, "clean blocks are PowerShell 7.3+");
  for (const c of all(root, (x) => x.type === "comment"))
    if (/^#requires\s.*(-version\s+[6-9]|-psedition\s+core)/i.test(c.text)) add("PS7-SYNTAX", c, "#Requires a PowerShell newer than 5.1");

  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}

export async function lintPs51(text: string): Promise<Finding[]> {
  const { tree } = await parsePs(text);
  return lintTree(tree.rootNode);
}

export function formatFindings(file: string, f: Finding[]): string[] {
  return f.map((x) => `${file}:${x.line}:${x.column} ${x.rule} ${x.message}: ${x.text}`);
}
