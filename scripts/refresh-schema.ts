/**
 * Maintainer tool: trims a full `terraform providers schema -json` document (on stdin) to the types this library
 * vendors and writes `schemas/<provider>.json`, with our own descriptions in place of the provider's prose.
 *
 *   terraform providers schema -json | npx ts-node --transpile-only scripts/refresh-schema.ts tencentcloud
 *
 * Run it in a Terraform working directory whose lock file pins the version listed in scripts/schema-manifest.ts
 * (and cdktf.json); then `npm run get` regenerates the bindings and `npm test` shows what changed.
 *
 * With `--merge`, stdin is a fragment of the same release (only some types, no provider block, e.g.
 * `tencentcloud-1.83.25.monitor-alarm.providers-schema.json`): its types are added to the vendored file, which keeps
 * everything else. Add the new types to scripts/schema-manifest.ts first; types the manifest does not list are dropped.
 *
 *   npx ts-node --transpile-only scripts/refresh-schema.ts tencentcloud --merge < fragment.json
 */
import * as fs from "fs";
import type { ProviderSchemaDocument } from "../lib/validation/provider-schema";
import { schemaFile, VENDORED_PROVIDERS } from "./schema-manifest";
import { mergeSchemaFragments, trimToVendored, writeSchemaFile } from "./schema-tools";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function main(): Promise<void> {
  const [name, flag] = process.argv.slice(2);
  const provider = VENDORED_PROVIDERS.find((candidate) => candidate.name === name);
  if (!provider) {
    throw new Error(
      `usage: refresh-schema.ts <${VENDORED_PROVIDERS.map((p) => p.name).join("|")}> [--merge] < schema.json`,
    );
  }
  if (process.stdin.isTTY) throw new Error("pipe `terraform providers schema -json` into this script.");
  if (flag !== undefined && flag !== "--merge") throw new Error(`unknown option ${flag}; the only one is --merge`);
  const input = JSON.parse(await readStdin()) as ProviderSchemaDocument;
  const full =
    flag === "--merge"
      ? mergeSchemaFragments(
          JSON.parse(fs.readFileSync(schemaFile(provider), "utf8")) as ProviderSchemaDocument,
          [input],
          provider,
        )
      : input;
  writeSchemaFile(schemaFile(provider), trimToVendored(full, provider));
  console.log(`wrote ${schemaFile(provider)} for ${provider.source} ${provider.version}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
