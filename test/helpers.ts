import { App, TerraformStack, Testing } from "cdktf";
import { TencentcloudProvider } from "../.gen/providers/tencentcloud/provider";
import { ScfFunction, ScfFunctionConfig } from "../.gen/providers/tencentcloud/scf-function";
import { ScfTrigger } from "../.gen/providers/tencentcloud/scf-trigger";
import { checkSchemaConformance, formatSchemaProblems } from "../lib";
import { MAX_CAM_DOCUMENT_DEPTH } from "../lib/checks/cam-rules";
import { isJsonencodeExpression, readJsonencodeExpression } from "../lib/checks/jsonencode-expression";

/** A parsed cdk.tf.json. */
export type Synthesized = {
  resource?: { [type: string]: { [name: string]: { [key: string]: unknown } } };
  data?: { [type: string]: { [name: string]: { [key: string]: unknown } } };
  output?: { [name: string]: { [key: string]: unknown } };
  terraform?: { [key: string]: unknown };
  provider?: { [name: string]: unknown[] };
  [key: string]: unknown;
};

/** A fresh app and stack, with synth-time validation on as `cdktf synth` would run it. */
export function newStack(name = "test"): { app: App; stack: TerraformStack } {
  const app = Testing.app();
  const stack = new TerraformStack(app, name);
  return { app, stack };
}

/**
 * Synthesizes a stack, fails the test when it breaks the vendored provider schemas, and returns the parsed JSON.
 * Every test that synthesizes goes through here so conformance is checked on every stack we produce.
 */
export function synthChecked(stack: TerraformStack): Synthesized {
  const text = Testing.synth(stack, true);
  const problems = checkSchemaConformance(text);
  if (problems.length > 0) {
    throw new Error(`synthesized stack breaks the provider schema:\n${formatSchemaProblems(problems)}`);
  }
  return JSON.parse(text) as Synthesized;
}

/** All instances of a resource type in a synthesized stack. */
export function resourcesOf(synth: Synthesized, type: string): { [name: string]: { [key: string]: unknown } } {
  return synth.resource?.[type] ?? {};
}

/** A fresh stack with the default tencentcloud provider in `region`. */
export function stackWithProvider(region = "ap-guangzhou"): TerraformStack {
  const { stack } = newStack();
  new TencentcloudProvider(stack, "tencentcloud", { region });
  return stack;
}

/** Every warning annotation in the stack's construct tree. */
export function warningsOf(stack: TerraformStack): string[] {
  return stack.node
    .findAll()
    .flatMap((construct) =>
      construct.node.metadata.filter((entry) => entry.type === "@cdktf/warn").map((entry) => String(entry.data)),
    );
}

/**
 * The value of a CAM `document` attribute as the constructs write it, `${jsonencode({...})}`: the JSON value Terraform
 * will encode. Fails on any other form, so a test reading a document also proves it is written that way.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests index into documents freely
export function camDocument(attribute: unknown): any {
  if (typeof attribute !== "string" || !isJsonencodeExpression(attribute))
    throw new Error(`not a \${jsonencode(...)} document: ${JSON.stringify(attribute)}`);
  const reading = readJsonencodeExpression(attribute, MAX_CAM_DOCUMENT_DEPTH);
  if (reading.problem !== undefined) throw new Error(`unreadable document: ${reading.problem}`);
  return reading.value;
}

/** A stack (provider in ap-guangzhou) with one SCF function `fn` and its daily timer trigger firing on `cron`. */
export function scfTimerStack(config: Partial<ScfFunctionConfig> = {}, cron = "0 30 2 * * * *"): TerraformStack {
  const stack = stackWithProvider();
  const fn = new ScfFunction(stack, "fn", {
    name: "backup",
    handler: "index.main_handler",
    runtime: "Nodejs18.15",
    timeout: 900,
    memSize: 256,
    ...config,
  });
  new ScfTrigger(stack, "timer", {
    functionName: fn.name,
    namespace: "default",
    type: "timer",
    triggerName: "daily",
    triggerDesc: cron,
  });
  return stack;
}
