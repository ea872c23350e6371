/**
 * Generates the typed provider bindings under `.gen/providers/<name>` from the vendored schemas, offline.
 *
 * It drives the same generator `cdktf get` uses, with the provider constraint from cdktf.json, so the bindings carry
 * `source` and `version` into every stack's `terraform.required_providers` and the import paths are the ones an online
 * `cdktf get` produces. Runs from `npm ci` (prepare) and `npm run get`.
 */
import * as fs from "fs";
import * as path from "path";
import { ConstructsMakerProviderTarget, Language, TerraformProviderConstraint } from "@cdktf/commons";
import { CodeMaker, TerraformProviderGenerator } from "@cdktf/provider-generator";
import type { ProviderSchemaDocument } from "../lib/validation/provider-schema";
import { fullyQualifiedName, REPO_ROOT, schemaFile, VENDORED_PROVIDERS, VendoredProvider } from "./schema-manifest";

interface CdktfJson {
  readonly terraformProviders?: readonly string[];
  readonly codeMakerOutput?: string;
}

function readCdktfJson(projectDir: string): CdktfJson {
  return JSON.parse(fs.readFileSync(path.join(projectDir, "cdktf.json"), "utf8")) as CdktfJson;
}

/** The constraint cdktf.json declares for a vendored provider; it must pin the vendored release. */
function constraintFor(provider: VendoredProvider, cdktfJson: CdktfJson): TerraformProviderConstraint {
  const declared = (cdktfJson.terraformProviders ?? [])
    .map((item) => new TerraformProviderConstraint(item))
    .find((constraint) => constraint.source === provider.source);
  if (!declared) {
    throw new Error(`cdktf.json terraformProviders has no entry for '${provider.source}'; add "${provider.source}@${provider.version}".`);
  }
  if (declared.version !== provider.version) {
    throw new Error(
      `cdktf.json pins ${provider.source} to '${declared.version}' but schemas/${provider.name}.json describes ${provider.version}; ` +
        `refresh the schema (scripts/refresh-schema.ts) or pin "${provider.source}@${provider.version}".`,
    );
  }
  return declared;
}

/**
 * Generates the bindings of every vendored provider into `<projectDir>/<codeMakerOutput>` (`.gen`), with the provider
 * constraints of `<projectDir>/cdktf.json`: this repository by default; the consumer test points it at a throwaway
 * app, as `cdktf get` would run there.
 *
 * @returns the provider folders written, relative to `projectDir`
 */
export async function generateBindings(projectDir: string = REPO_ROOT): Promise<string[]> {
  const cdktfJson = readCdktfJson(projectDir);
  const outdir = path.join(projectDir, cdktfJson.codeMakerOutput ?? ".gen");
  const written: string[] = [];
  for (const provider of VENDORED_PROVIDERS) {
    const constraint = constraintFor(provider, cdktfJson);
    const schema = JSON.parse(fs.readFileSync(schemaFile(provider), "utf8")) as ProviderSchemaDocument;
    const describedVersion = schema.provider_versions?.[fullyQualifiedName(provider)];
    if (describedVersion !== provider.version) {
      throw new Error(`schemas/${provider.name}.json records version '${describedVersion}', expected ${provider.version}.`);
    }
    const target = new ConstructsMakerProviderTarget(constraint, Language.TYPESCRIPT);
    const code = new CodeMaker();
    // The generator's schema type is structurally the `providers schema -json` document we vendor.
    const generator = new TerraformProviderGenerator(code, schema as unknown as ConstructorParameters<typeof TerraformProviderGenerator>[1]);
    generator.generate(target);
    const providerDir = path.join(outdir, "providers", provider.name);
    fs.rmSync(providerDir, { recursive: true, force: true });
    await code.save(outdir);
    written.push(path.relative(projectDir, providerDir));
  }
  return written;
}

if (require.main === module) {
  generateBindings()
    .then((dirs) => console.log(`generated ${dirs.join(", ")}`))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
