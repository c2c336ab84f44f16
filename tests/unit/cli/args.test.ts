import { describe, expect, it } from "vitest";
import { choiceFlag, parseCommandArgs, positionals, positiveInt, splitCommand } from "@/lib/cli/args.ts";
import { UsageError } from "@/lib/cli/errors.ts";

describe("splitCommand", () => {
  it("takes the first bare word as the command, wherever global flags are", () => {
    expect(splitCommand(["get", "services", "-o", "json"])).toEqual({
      command: "get",
      rest: ["services", "-o", "json"],
    });
    expect(splitCommand(["--server", "http://x", "status"])).toEqual({
      command: "status",
      rest: ["--server", "http://x"],
    });
    expect(splitCommand(["-s", "http://x", "get", "routes"])).toEqual({
      command: "get",
      rest: ["-s", "http://x", "routes"],
    });
  });

  it("finds no command in flags only or after --", () => {
    expect(splitCommand(["--help"])).toEqual({ command: undefined, rest: ["--help"] });
    expect(splitCommand(["--", "get"]).command).toBeUndefined();
  });
});

describe("parseCommandArgs", () => {
  const options = { output: { type: "string", short: "o" }, "dry-run": { type: "boolean" } } as const;

  it("parses command flags, global flags and positionals", () => {
    const args = parseCommandArgs(["a.yaml", "--dry-run", "-o", "yaml", "--server", "http://h:1", "b.yaml"], options);
    expect(args.positionals).toEqual(["a.yaml", "b.yaml"]);
    expect(args.values).toMatchObject({ "dry-run": true, output: "yaml", server: "http://h:1" });
  });

  it("accepts - (stdin) as a positional and -h for help", () => {
    expect(parseCommandArgs(["-", "-h"], options)).toMatchObject({ positionals: ["-"], values: { help: true } });
  });

  it("turns unknown flags and missing values into usage errors", () => {
    expect(() => parseCommandArgs(["--nope"], options)).toThrow(UsageError);
    expect(() => parseCommandArgs(["--nope"], options)).toThrow(/--nope/);
    expect(() => parseCommandArgs(["-o"], options)).toThrow(UsageError);
  });
});

describe("flag helpers", () => {
  it("choiceFlag returns the default, an allowed value, or a usage error listing the choices", () => {
    expect(choiceFlag({}, "to", ["istio", "snapshot"], "istio")).toBe("istio");
    expect(choiceFlag({ to: "snapshot" }, "to", ["istio", "snapshot"], "istio")).toBe("snapshot");
    expect(() => choiceFlag({ to: "helm" }, "to", ["istio", "snapshot"], "istio")).toThrow(
      /--to must be one of istio, snapshot/,
    );
  });

  it("positionals names the missing argument and refuses extra ones", () => {
    const args = (p: string[]) => ({ values: {}, positionals: p });
    expect(positionals(args(["c1"]), ["CHANGE"])).toEqual(["c1"]);
    expect(() => positionals(args([]), ["CHANGE"])).toThrow("missing CHANGE");
    expect(() => positionals(args(["a", "b"]), ["CHANGE"])).toThrow(/unexpected argument "b"/);
    expect(positionals(args(["services", "reviews"]), ["TYPE"], 1)).toEqual(["services", "reviews"]);
    // An empty id (an unset shell variable) must not turn /api/changes/{id}/approve into another URL.
    expect(() => positionals(args([""]), ["CHANGE"])).toThrow("CHANGE must not be empty");
  });

  it("positiveInt accepts 1.. only", () => {
    expect(positiveInt("12", "VERSION")).toBe(12);
    for (const bad of ["0", "-1", "1.5", "v3", "", "01"]) expect(() => positiveInt(bad, "VERSION")).toThrow(UsageError);
  });
});
