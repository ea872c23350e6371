// Lint rules: eslint's and typescript-eslint's recommended sets. Layout is prettier's job: eslint-config-prettier
// switches off every rule that would fight it.
import eslint from "@eslint/js";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    // Generated code, build output and third-party trees.
    ignores: [
      "node_modules/",
      ".gen/",
      ".gen-cdktn/",
      "dist/",
      "docs/api/",
      "cdktf.out/",
      "coverage/",
      "functions/cdn-log-backup/dist/",
    ],
  },
  eslint.configs.recommended,
  tseslint.configs.recommended,
  {
    // Everything here runs on Node. A disable comment that no longer suppresses anything is an error, so none linger.
    languageOptions: { globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    // Omitting keys by destructuring them next to a rest element is how the code drops properties; a leading
    // underscore marks a binding that is unused on purpose (`for (const _ of lines)`).
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { ignoreRestSiblings: true, varsIgnorePattern: "^_", argsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
    },
  },
  {
    // Plain .js files are CommonJS (bin, jest config and reporter): require() is how they load modules.
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  prettier,
);
