/**
 * Generates the typed provider bindings from the vendored schemas, offline, once per CDK flavour:
 * - `.gen/providers/<name>` with `@cdktf/provider-generator` (imports `cdktf`): what the tests, the examples and the
 *   package's main entry use;
 * - `.gen-cdktn/providers/<name>` with `@cdktn/provider-generator` (imports `cdktn`): the bindings of the package's
 *   `cdktf-access-logs/cdktn` flavour (scripts/build-cdktn.ts compiles them into `dist/cdktn/.gen`).
 *
 * It drives the same generator `cdktf get` (or `cdktn get`) uses, with the provider constraint from cdktf.json, so the
 * bindings carry `source` and `version` into every stack's `terraform.required_providers` and the import paths are the
 * ones an online `cdktf get` produces. Runs from `npm ci` (prepare) and `npm run get`.
 */
import * as fs from "fs";
import * as path from "path";
import type * as CdktfCommons from "@cdktf/commons";
import type * as CdktfProviderGenerator from "@cdktf/provider-generator";
import type { ProviderSchemaDocument } from "../lib/validation/provider-schema";
import { fullyQualifiedName, REPO_ROOT, schemaFile, VENDORED_PROVIDERS, VendoredProvider } from "./schema-manifest";

/** A CDK the bindings are generated for: its generator packages and the folder the bindings go to. */
export interface BindingsFlavour {
  readonly name: "cdktf" | "cdktn";
  /** Output folder relative to the repository root; `undefined` means cdktf.json's `codeMakerOutput`. */
  readonly outdir?: string;
  /** Loads the generator and commons packages. The cdktn ones are the cdktf ones forked, with the same API. */
  readonly load: () => Promise<GeneratorPackages>;
}

/** What this script uses of the two packages, typed after cdktf's. */
interface GeneratorPackages {
  readonly commons: Pick<
    typeof CdktfCommons,
    "TerraformProviderConstraint" | "ConstructsMakerProviderTarget" | "Language"
  >;
  readonly generator: Pick<typeof CdktfProviderGenerator, "CodeMaker" | "TerraformProviderGenerator">;
}

export const CDKTF_BINDINGS: BindingsFlavour = {
  name: "cdktf",
  load: async () => ({ commons: await import("@cdktf/commons"), generator: await import("@cdktf/provider-generator") }),
};

export const CDKTN_BINDINGS: BindingsFlavour = {
  name: "cdktn",
  outdir: ".gen-cdktn",
  // Same API as cdktf's, but TypeScript sees the forked classes (private members) as unrelated types.
  load: async () =>
    ({
      commons: await import("@cdktn/commons"),
      generator: await import("@cdktn/provider-generator"),
    }) as unknown as GeneratorPackages,
};

interface CdktfJson {
  readonly terraformProviders?: readonly string[];
  readonly codeMakerOutput?: string;
}

function readCdktfJson(projectDir: string): CdktfJson {
  return JSON.parse(fs.readFileSync(path.join(projectDir, "cdktf.json"), "utf8")) as CdktfJson;
}

/** The constraint cdktf.json declares for a vendored provider; it must pin the vendored release. */
function constraintFor(
  provider: VendoredProvider,
  cdktfJson: CdktfJson,
  commons: GeneratorPackages["commons"],
): CdktfCommons.TerraformProviderConstraint {
  const declared = (cdktfJson.terraformProviders ?? [])
    .map((item) => new commons.TerraformProviderConstraint(item))
    .find((constraint) => constraint.source === provider.source);
  if (!declared) {
    throw new Error(
      `cdktf.json terraformProviders has no entry for '${provider.source}'; add "${provider.source}@${provider.version}".`,
    );
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
 * Generates the bindings of every vendored provider for one CDK flavour into `<projectDir>/<outdir>` (`.gen` for
 * cdktf), with the provider constraints of `<projectDir>/cdktf.json`: this repository by default; the consumer test
 * points it at a throwaway app, as `cdktf get` would run there.
 *
 * @returns the provider folders written, relative to `projectDir`
 */
export async function generateBindings(
  flavour: BindingsFlavour = CDKTF_BINDINGS,
  projectDir: string = REPO_ROOT,
): Promise<string[]> {
  const cdktfJson = readCdktfJson(projectDir);
  const { commons, generator: providerGenerator } = await flavour.load();
  const outdir = path.join(projectDir, flavour.outdir ?? cdktfJson.codeMakerOutput ?? ".gen");
  const written: string[] = [];
  for (const provider of VENDORED_PROVIDERS) {
    const constraint = constraintFor(provider, cdktfJson, commons);
    const schema = JSON.parse(fs.readFileSync(schemaFile(provider), "utf8")) as ProviderSchemaDocument;
    const describedVersion = schema.provider_versions?.[fullyQualifiedName(provider)];
    if (describedVersion !== provider.version) {
      throw new Error(
        `schemas/${provider.name}.json records version '${describedVersion}', expected ${provider.version}.`,
      );
    }
    const target = new commons.ConstructsMakerProviderTarget(constraint, commons.Language.TYPESCRIPT);
    const code = new providerGenerator.CodeMaker();
    // The generator's schema type is structurally the `providers schema -json` document we vendor.
    const generator = new providerGenerator.TerraformProviderGenerator(
      code,
      schema as unknown as ConstructorParameters<typeof CdktfProviderGenerator.TerraformProviderGenerator>[1],
    );
    generator.generate(target);
    const providerDir = path.join(outdir, "providers", provider.name);
    fs.rmSync(providerDir, { recursive: true, force: true });
    await code.save(outdir);
    written.push(path.relative(projectDir, providerDir));
  }
  return written;
}

if (require.main === module) {
  (async () => [...(await generateBindings(CDKTF_BINDINGS)), ...(await generateBindings(CDKTN_BINDINGS))])()
    .then((dirs) => console.log(`generated ${dirs.join(", ")}`))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
