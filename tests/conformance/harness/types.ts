/**
 * The ported shape of upstream's `http.ExpectedResponse` (conformance/utils/http/http.go), as data. Field names
 * follow the Go struct (lower camel case), so a case reads like the Go table it was ported from.
 */
export interface ConformanceRequest {
  /** Host header; empty means the gateway address, as upstream's client sends it. */
  host?: string;
  method?: string;
  /** Path with optional query string. */
  path: string;
  headers?: Record<string, string>;
  unfollowRedirect?: boolean;
  body?: string;
  /** roundtripper.H2CPriorKnowledgeProtocol: HTTP/2 over cleartext from the first byte; absent: HTTP/1.1. */
  protocol?: "H2C_PRIOR_KNOWLEDGE";
}

/**
 * What the echo backend must have received (Go: ExpectedRequest embeds Request). Left out: the request made is
 * expected; given: its path and method are compared (method defaults to GET, path to ""), host and headers when set.
 */
export interface ExpectedBackendRequest {
  request?: Partial<ConformanceRequest>;
  absentHeaders?: string[];
}

export interface ExpectedRedirect {
  scheme?: string;
  host?: string;
  port?: string;
  path?: string;
}

export interface ExpectedResponseData {
  statusCode?: number;
  statusCodes?: number[];
  headers?: Record<string, string>;
  validHeaderValues?: Record<string, string[]>;
  absentHeaders?: string[];
  ignoreWhitespace?: boolean;
}

export interface MirroredBackend {
  backendRef: { name: string; namespace: string };
  /** Percentage mirrors are checked only for presence of some mirrored traffic, see the test's cases. */
  percent?: number;
}

export interface ConformanceCase {
  /** upstream TestCaseName, when the Go table gives one. */
  testCaseName?: string;
  request: ConformanceRequest;
  expectedRequest?: ExpectedBackendRequest;
  redirectRequest?: ExpectedRedirect;
  /** Headers the echo backend sets on its response (X-Echo-Set-Header). */
  backendSetResponseHeaders?: Record<string, string>;
  response?: ExpectedResponseData;
  /** Prefix of the pod name that must have answered (upstream: the Service name). */
  backend?: string;
  namespace?: string;
  mirroredTo?: MirroredBackend[];
  /** Signalbox harness: the gateway this request goes to when the test uses several (default: the test's). */
  gateway?: string;
  /** The Go test deletes this object before this request (and keeps it deleted for the cases after it). */
  afterDeleting?: { kind: string; name: string; namespace: string };
  /** The listener port the Go test sends this request to (it has one gateway address per listener); default 80. */
  listenerPort?: number;
  /**
   * MakeTLSRequestAndExpectEventuallyConsistentResponse: the request goes over TLS with the request host as SNI,
   * trusting the certificate of the listener's Secret (the harness's test CA).
   */
  https?: boolean;
  /** With `https`: the TLS server name (SNI) when it differs from the Host (MakeTLSRequest's serverName). */
  serverName?: string;
  /** roundtripper.H2Protocol: the request goes as HTTP/2 over TLS (needs `https`); default HTTP/1.1. */
  protocol?: "h2";
  /**
   * TestWeightedDistribution (utils/weight/weight.go): once the case passes, 500 requests (10 at a time, a random
   * X-Jitter header on some) must each pass and split over these backends within ±5 %; up to 10 tries.
   */
  weightedDistribution?: Record<string, number>;
  /**
   * testMirroredRequestsDistribution (httproute-request-percentage-mirror.go): once the case passes, 500 requests
   * with a fresh request-id query parameter; each mirror's count must lie within 3 binomial σ of its percent; up to 5 tries.
   */
  mirroredDistribution?: boolean;
  /**
   * httproute-backend-protocol-websocket.go: instead of one HTTP request, a WebSocket dial to `request.path` with
   * this Origin, then `text` sent and expected back as a text message, then `binary` as a binary one.
   */
  websocket?: { origin: string; text: string; binary: number[] };
  /** HTTPRouteRequestHeaderModifierBackendWeights: this many requests, each answered by the pod the `header` request header names. */
  podFromRequestHeader?: { header: string; requests: number };
}

/** One upstream test as ported: cites its Go file, names the gateway under test, lists its requests. */
export interface PortedTest {
  /** upstream ShortName; metadata (features, manifests, core) comes from the reference index.json. */
  shortName: string;
  /** The Go file the cases were ported from (under gateway-api/conformance/tests/). */
  source: string;
  /** Gateway (in gateway-conformance-infra) the requests are sent to. */
  gateway: string;
  cases: ConformanceCase[];
  /**
   * The test's own setup that a Service selector does not express (e.g. setupEndpointSlices): Service name →
   * the Deployment (in the Service's namespace) whose pods its endpoints are.
   */
  endpoints?: Record<string, string>;
}

/** An upstream test this harness does not run, with the reason (reported as skipped). */
export interface UnportedTest {
  shortName: string;
  source: string;
  notPorted: string;
}

export type ConformanceTestDefinition = PortedTest | UnportedTest;

export const isPorted = (t: ConformanceTestDefinition): t is PortedTest => "cases" in t;
