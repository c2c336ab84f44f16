import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

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
        { patterns: ["next", "next/*", "react", "@prisma/*", "pg", "@/lib/server/*", "@/app/*", "@/components/*"] },
      ],
    },
  },
];
export default config;
