import { createHash } from "node:crypto";
import JSZip from "jszip";

/**
 * The two hash schemes of Terraform's dependency lock file
 * (https://developer.hashicorp.com/terraform/language/files/dependency-lock#checksum-verification;
 * source: hashicorp/terraform internal/getproviders/hash.go, golang.org/x/mod/sumdb/dirhash Hash1):
 *   zh: = hex SHA-256 of the zip file itself ("legacy zip hash");
 *   h1: = base64 SHA-256 over the sorted lines "<hex sha256 of file>  <path>\n", one per file
 *         inside the zip (directories skipped), i.e. dirhash.Hash1 as used by HashZip.
 */
export function zipHash(zip: Uint8Array): string {
  return `zh:${createHash("sha256").update(zip).digest("hex")}`;
}

export async function h1Hash(zip: Uint8Array): Promise<string> {
  const archive = await JSZip.loadAsync(zip);
  const files = Object.values(archive.files).filter((f) => !f.dir);
  const names = files.map((f) => f.name);
  for (const n of names) if (n.includes("\n")) throw new Error(`zip entry name contains a newline: ${JSON.stringify(n)}`);
  // Go's sort.Strings compares bytes; JavaScript's default sort compares UTF-16 units. They agree
  // on every name outside the astral planes; compare Buffers to be exact anyway.
  names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const summary = createHash("sha256");
  for (const name of names) {
    const content = await archive.files[name].async("uint8array");
    summary.update(`${createHash("sha256").update(content).digest("hex")}  ${name}\n`);
  }
  return `h1:${summary.digest("base64")}`;
}
