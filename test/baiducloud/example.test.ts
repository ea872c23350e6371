import { Testing } from "cdktf";
import { bosAccessLoggingExample } from "../../examples/bos-access-logging";
import { resourcesOf, synthChecked } from "../helpers";

function exampleSynth() {
  const stack = bosAccessLoggingExample(Testing.app());
  return { stack, synth: synthChecked(stack) };
}

describe("examples/bos-access-logging", () => {
  test("synthesizes, conforms to the vendored baiducloud schema, and matches the snapshot", () => {
    const { synth } = exampleSynth();
    expect(synth).toMatchSnapshot();
  });

  test("a log bucket and two logged sources, each delivering into it under its own prefix", () => {
    const { synth } = exampleSynth();
    const buckets = Object.values(resourcesOf(synth, "baiducloud_bos_bucket"));
    expect(buckets).toHaveLength(3);
    const logged = buckets.filter((bucket) => bucket.logging !== undefined);
    expect(logged.map((bucket) => bucket.logging)).toEqual([
      { target_bucket: "example-bos-access-logs", target_prefix: "logs/example-site-assets/" },
      { target_bucket: "example-bos-access-logs", target_prefix: "logs/example-user-uploads/" },
    ]);
  });

  describe("credentials", () => {
    test("the provider takes its keys from sensitive variables", () => {
      const { synth } = exampleSynth();
      const provider = (synth.provider?.baiducloud ?? [])[0] as { [key: string]: unknown };
      expect(provider.access_key).toBe("${var.baiducloud_access_key}");
      expect(provider.secret_key).toBe("${var.baiducloud_secret_key}");
      const variables = synth.variable as { [name: string]: { sensitive?: boolean; default?: unknown } };
      for (const name of ["baiducloud_access_key", "baiducloud_secret_key"]) {
        expect(variables[name].sensitive).toBe(true);
        expect(variables[name].default).toBeUndefined();
      }
    });

    test("nothing in the synthesized JSON looks like a literal credential", () => {
      const { synth } = exampleSynth();
      const text = JSON.stringify(synth);
      // Baidu AK/SK are 32 hex characters; AWS-style and generic key shapes are checked too.
      expect(text).not.toMatch(/\b[0-9a-f]{32}\b/i);
      expect(text).not.toMatch(/\bAKIA[0-9A-Z]{16}\b/);
      const credentialValues: unknown[] = [];
      const visit = (value: unknown, key = ""): void => {
        if (Array.isArray(value)) value.forEach((item) => visit(item, key));
        else if (value && typeof value === "object") Object.entries(value).forEach(([k, v]) => visit(v, k));
        else if (/(access_key|secret_key|session_token|password|secret)$/i.test(key)) credentialValues.push(value);
      };
      visit(synth);
      expect(credentialValues.length).toBeGreaterThan(0);
      for (const value of credentialValues) expect(value).toMatch(/^\$\{var\.[a-z_]+\}$/);
    });
  });
});
