// Types for the userland punycode package (the `punycode/` path avoids Node's deprecated built-in).
declare module "punycode/" {
  export function decode(input: string): string;
  export function toUnicode(input: string): string;
  export function toASCII(input: string): string;
}
