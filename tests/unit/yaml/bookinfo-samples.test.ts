import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { importIstio } from "@/lib/core/yaml/index.ts";
import { readReference, REFERENCE_DIR } from "./schemas.ts";

const DIR = "istio/samples/bookinfo/networking/";

/**
 * Every upstream Bookinfo networking sample, with what each document becomes and what is reported
 * as not imported (`field` paths). A new upstream file fails the coverage check below.
 */
const EXPECTED: Record<string, [string, string, string[]][]> = {
  "bookinfo-gateway.yaml": [
    ["Gateway/bookinfo-gateway", "imported", []],
    ["VirtualService/bookinfo", "partial", ["spec.http.0.route.0.destination"]],
  ],
  "certmanager-gateway.yaml": [
    ["Gateway/cert-manager-gateway", "imported", []],
    ["VirtualService/cert-manager", "partial", ["spec.http.0.route.0.destination"]],
  ],
  "destination-rule-all.yaml": ["productpage", "reviews", "ratings", "details"].map((n) => [
    `DestinationRule/${n}`,
    "imported",
    [],
  ]),
  "destination-rule-all-mtls.yaml": ["productpage", "reviews", "ratings", "details"].map((n) => [
    `DestinationRule/${n}`,
    "imported",
    [],
  ]),
  "destination-rule-reviews.yaml": [["DestinationRule/reviews", "imported", []]],
  "egress-rule-google-apis.yaml": [
    // HTTPS is read as HTTP/1.1 with the DestinationRule's TLS origination: said, since the export writes HTTP.
    ["ServiceEntry/googleapis", "partial", ["spec.ports.1.protocol"]],
    ["VirtualService/rewrite-port-for-googleapis", "partial", ["spec.http.0.route.0.destination"]],
    ["DestinationRule/originate-tls-for-googleapis", "imported", []],
  ],
  "fault-injection-details-v1.yaml": [
    ["VirtualService/details", "imported", []],
    ["DestinationRule/details", "imported", []],
  ],
  "virtual-service-all-v1.yaml": ["productpage", "reviews", "ratings", "details"].map((n) => [
    `VirtualService/${n}`,
    "imported",
    [],
  ]),
  "virtual-service-details-v2.yaml": [["VirtualService/details", "imported", []]],
  "virtual-service-ratings-db.yaml": [
    ["VirtualService/reviews", "imported", []],
    ["VirtualService/ratings", "imported", []],
  ],
  "virtual-service-ratings-mysql.yaml": [
    ["VirtualService/reviews", "imported", []],
    ["VirtualService/ratings", "imported", []],
  ],
  "virtual-service-ratings-mysql-vm.yaml": [
    ["VirtualService/reviews", "imported", []],
    ["VirtualService/ratings", "imported", []],
  ],
  "virtual-service-ratings-test-abort.yaml": [["VirtualService/ratings", "imported", []]],
  "virtual-service-ratings-test-delay.yaml": [["VirtualService/ratings", "imported", []]],
  "virtual-service-reviews-50-v3.yaml": [["VirtualService/reviews", "imported", []]],
  "virtual-service-reviews-80-20.yaml": [["VirtualService/reviews", "imported", []]],
  "virtual-service-reviews-90-10.yaml": [["VirtualService/reviews", "imported", []]],
  "virtual-service-reviews-jason-v2-v3.yaml": [["VirtualService/reviews", "imported", []]],
  "virtual-service-reviews-test-v2.yaml": [["VirtualService/reviews", "imported", []]],
  "virtual-service-reviews-v2-v3.yaml": [["VirtualService/reviews", "imported", []]],
  "virtual-service-reviews-v3.yaml": [["VirtualService/reviews", "imported", []]],
};

describe("Istio Bookinfo networking samples", () => {
  it("the table covers every sample file", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(
      readdirSync(REFERENCE_DIR + DIR)
        .filter((f) => f.endsWith(".yaml"))
        .sort(),
    );
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file}: imports as expected`, () => {
      const { report } = importIstio(readReference(DIR + file));
      const got = report.documents.map((d) => [`${d.kind}/${d.name}`, d.status, d.issues.map((i) => i.path.join("."))]);
      expect(got).toEqual(expected);
      for (const d of report.documents)
        for (const i of d.issues) expect(i.line, `${file} ${i.path.join(".")}`).toBeGreaterThan(0);
    });
  }
});
