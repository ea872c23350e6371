/**
 * Maintainer tool: trims a full `terraform providers schema -json` document (on stdin) to the types this library
 * vendors and writes `schemas/<provider>.json`, with our own descriptions in place of the provider's prose.
 *
 *   terraform providers schema -json | npx ts-node --transpile-only scripts/refresh-schema.ts tencentcloud
 *
 * Run it in a Terraform working directory whose lock file pins the version listed in scripts/schema-manifest.ts
 * (and cdktf.json); then `npm run get` regenerates the bindings and `npm test` shows what changed.
 */
import type { ProviderSchemaDocument } from "../lib/validation/provider-schema";
import { schemaFile, VENDORED_PROVIDERS } from "./schema-manifest";
import { trimToVendored, writeSchemaFile } from "./schema-tools";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function main(): Promise<void> {
  const name = process.argv[2];
  const provider = VENDORED_PROVIDERS.find((candidate) => candidate.name === name);
  if (!provider) {
    throw new Error(`usage: refresh-schema.ts <${VENDORED_PROVIDERS.map((p) => p.name).join("|")}> < schema.json`);
  }
  if (process.stdin.isTTY) throw new Error("pipe `terraform providers schema -json` into this script.");
  const full = JSON.parse(await readStdin()) as ProviderSchemaDocument;
  writeSchemaFile(schemaFile(provider), trimToVendored(full, provider));
  console.log(`wrote ${schemaFile(provider)} for ${provider.source} ${provider.version}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
