import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/** Folders a layer may not import from, by path (so relative imports are held too, not only `@/` ones). */
const outside = (...dirs) => dirs.map((d) => `./${d}`);

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      "node_modules/**",
      "lib/generated/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
      ".data/**",
    ],
  },
  {
    // Type-aware rules: promises that nobody awaits and switches that forget a case are bugs here.
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/switch-exhaustiveness-check": [
        "error",
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
    },
  },
  {
    // The layers of README.md's architecture drawing, enforced for relative and aliased imports alike.
    files: ["**/*.ts", "**/*.tsx"],
    rules: {
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: "./lib/core",
              from: outside(
                "app",
                "components",
                "lib/server",
                "lib/client",
                "lib/cli",
                "lib/generated",
                "proxy",
                "scripts",
                "tests",
                "prisma",
              ),
              message: "lib/core is pure: it imports nothing outside itself.",
            },
            {
              target: "./proxy",
              from: outside(
                "app",
                "components",
                "lib/server",
                "lib/client",
                "lib/cli",
                "lib/generated",
                "scripts",
                "prisma",
              ),
              message: "The proxy imports only lib/core.",
            },
            {
              target: ["./components", "./lib/client"],
              from: outside("lib/server", "lib/generated", "lib/cli", "proxy", "scripts"),
              message: "Browser code never imports server code or the proxy.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            "node:*",
            "next",
            "next/*",
            "react",
            "react-dom",
            "@prisma/*",
            "pg",
            "undici",
            "@/lib/server/*",
            "@/proxy/*",
          ],
        },
      ],
    },
  },
  {
    files: ["proxy/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: ["next", "next/*", "react", "@prisma/*", "pg", "@/lib/server/*", "@/app/*", "@/components/*"],
        },
      ],
    },
  },
];
export default config;
