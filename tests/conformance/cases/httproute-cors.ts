import type { PortedTest } from "../harness/types.ts";

/** Ported from gateway-api/conformance/tests/httproute-cors.go (v1.6.1). */
export const HTTPRouteCORS: PortedTest = {
  shortName: "HTTPRouteCORS",
  source: "httproute-cors.go",
  gateway: "same-namespace",
  cases: [
    {
      testCaseName: "CORS preflight request from an exact matching origin should be allowed",
      request: {
        path: "/cors-1",
        method: "OPTIONS",
        headers: {
          Origin: "https://www.foo.com",
          "access-control-request-method": "GET",
          "access-control-request-headers": "x-header-1, x-header-2",
        },
      },
      // Set the expected request properties and namespace to empty strings.
      // This is a workaround to avoid the test failure.
      // The response body is empty because the request is a preflight request,
      // so we can't get the request properties from the echoserver.
      expectedRequest: {
        request: {
          host: "",
          method: "OPTIONS",
          path: "",
          headers: undefined,
        },
      },
      namespace: "",
      response: {
        statusCodes: [200, 204],
        validHeaderValues: {
          "access-control-allow-origin": ["https://www.foo.com"],
          "access-control-allow-methods": ["GET, OPTIONS", "OPTIONS, GET"],
          "access-control-allow-headers": ["x-header-1, x-header-2", "x-header-2, x-header-1"],
          "access-control-expose-headers": ["x-header-3, x-header-4", "x-header-4, x-header-3"],
          "access-control-max-age": ["3600"],
          "access-control-allow-credentials": ["true"],
        },
        // Ignore whitespace when comparing the response headers. This is because some
        // implementations add a space after each comma, and some don't. Both are valid.
        ignoreWhitespace: true,
      },
    },
    {
      testCaseName: "CORS preflight request from a wildcard matching origin should be allowed",
      request: {
        path: "/cors-1",
        method: "OPTIONS",
        headers: {
          Origin: "https://www.bar.com",
          "access-control-request-method": "GET",
          "access-control-request-headers": "x-header-1, x-header-2",
        },
      },
      // Set the expected request properties and namespace to empty strings.
      // This is a workaround to avoid the test failure.
      // The response body is empty because the request is a preflight request,
      // so we can't get the request properties from the echoserver.
      expectedRequest: {
        request: {
          host: "",
          method: "OPTIONS",
          path: "",
          headers: undefined,
        },
      },
      namespace: "",
      response: {
        statusCodes: [200, 204],
        validHeaderValues: {
          "access-control-allow-origin": ["https://www.bar.com"],
          "access-control-allow-methods": ["GET, OPTIONS", "OPTIONS, GET"],
          "access-control-allow-headers": ["x-header-1, x-header-2", "x-header-2, x-header-1"],
          "access-control-expose-headers": ["x-header-3, x-header-4", "x-header-4, x-header-3"],
          "access-control-max-age": ["3600"],
          "access-control-allow-credentials": ["true"],
        },
        // Ignore whitespace when comparing the response headers. This is because some
        // implementations add a space after each comma, and some don't. Both are valid.
        ignoreWhitespace: true,
      },
    },
    {
      testCaseName:
        "CORS preflight request from a wildcard matching any number of periods left to '*' should be allowed",
      request: {
        path: "/cors-1",
        method: "OPTIONS",
        headers: {
          Origin: "https://xpto.www.bar.com",
          "access-control-request-method": "GET",
          "access-control-request-headers": "x-header-1, x-header-2",
        },
      },
      // Set the expected request properties and namespace to empty strings.
      // This is a workaround to avoid the test failure.
      // The response body is empty because the request is a preflight request,
      // so we can't get the request properties from the echoserver.
      expectedRequest: {
        request: {
          host: "",
          method: "OPTIONS",
          path: "",
          headers: undefined,
        },
      },
      namespace: "",
      response: {
        statusCodes: [200, 204],
        validHeaderValues: {
          "access-control-allow-origin": ["https://xpto.www.bar.com"],
          "access-control-allow-methods": ["GET, OPTIONS", "OPTIONS, GET"],
          "access-control-allow-headers": ["x-header-1, x-header-2", "x-header-2, x-header-1"],
          "access-control-expose-headers": ["x-header-3, x-header-4", "x-header-4, x-header-3"],
          "access-control-max-age": ["3600"],
          "access-control-allow-credentials": ["true"],
        },
        // Ignore whitespace when comparing the response headers. This is because some
        // implementations add a space after each comma, and some don't. Both are valid.
        ignoreWhitespace: true,
      },
    },
    {
      testCaseName: "CORS preflight request from a non-matching origin should not be allowed",
      request: {
        path: "/cors-1",
        method: "OPTIONS",
        headers: {
          Origin: "https://foobar.com",
          "access-control-request-method": "GET",
        },
      },
      // Set the expected request properties and namespace to empty strings.
      // This is a workaround to avoid the test failure.
      // The response body is empty because the request is a preflight request,
      // so we can't get the request properties from the echoserver.
      expectedRequest: {
        request: {
          host: "",
          method: "OPTIONS",
          path: "",
          headers: undefined,
        },
      },
      namespace: "",
      response: {
        statusCodes: [200, 204, 403],
        absentHeaders: ["access-control-allow-origin"],
      },
    },
    {
      testCaseName: "Simple request from an exact matching origin should be allowed",
      namespace: "gateway-conformance-infra",
      request: {
        path: "/cors-1",
        method: "GET",
        headers: {
          Origin: "https://www.foo.com",
          "access-control-request-method": "GET",
          "access-control-request-headers": "x-header-1, x-header-2",
        },
      },
      response: {
        statusCode: 200,
        headers: {
          "access-control-allow-origin": "https://www.foo.com",
        },
      },
    },
    {
      testCaseName: "Simple request from a wildcard matching origin should be allowed",
      namespace: "gateway-conformance-infra",
      request: {
        path: "/cors-1",
        method: "GET",
        headers: {
          Origin: "https://www.bar.com",
          "access-control-request-method": "GET",
          "access-control-request-headers": "x-header-1, x-header-2",
        },
      },
      response: {
        statusCode: 200,
        headers: {
          "access-control-allow-origin": "https://www.bar.com",
        },
      },
    },
    {
      testCaseName: "Simple request from a non-matching origin should not be allowed",
      namespace: "gateway-conformance-infra",
      request: {
        path: "/cors-1",
        method: "GET",
        headers: {
          Origin: "https://foobar.com",
          "access-control-request-method": "GET",
        },
      },
      response: {
        absentHeaders: ["access-control-allow-origin"],
      },
    },
    {
      testCaseName: "CORS preflight request with POST method should be allowed by allowMethods with wildcard",
      request: {
        path: "/cors-2",
        method: "OPTIONS",
        headers: {
          Origin: "https://www.foo.com",
          "access-control-request-method": "POST",
        },
      },
      // Set the expected request properties and namespace to empty strings.
      // This is a workaround to avoid the test failure.
      // The response body is empty because the request is a preflight request,
      // so we can't get the request properties from the echoserver.
      expectedRequest: {
        request: {
          host: "",
          method: "OPTIONS",
          path: "",
          headers: undefined,
        },
      },
      namespace: "",
      response: {
        statusCodes: [200, 204],
        validHeaderValues: {
          "access-control-allow-methods": ["POST", "*"],
        },
        headers: {
          "access-control-allow-origin": "https://www.foo.com",
        },
        absentHeaders: ["access-control-allow-credentials"],
      },
    },
    {
      testCaseName:
        "CORS preflight request should not receive access-control-allow-credentials header without access-control-allow-credentials set to true",
      request: {
        path: "/cors-2",
        method: "OPTIONS",
        headers: {
          Origin: "https://www.foo.com",
          "access-control-request-method": "POST",
        },
      },
      // Set the expected request properties and namespace to empty strings.
      // This is a workaround to avoid the test failure.
      // The response body is empty because the request is a preflight request,
      // so we can't get the request properties from the echoserver.
      expectedRequest: {
        request: {
          host: "",
          method: "OPTIONS",
          path: "",
          headers: undefined,
        },
      },
      namespace: "",
      response: {
        statusCodes: [200, 204],
        absentHeaders: ["Access-Control-Allow-Credentials"],
      },
    },
    {
      testCaseName:
        "CORS preflight request from a wildcard origin should return header with '*' or with the requested Origin",
      namespace: "",
      request: {
        path: "/cors-wildcard-origin",
        method: "OPTIONS",
        headers: {
          Origin: "https://foobar.com",
          "access-control-request-method": "PUT",
        },
      },
      expectedRequest: {
        request: {
          host: "",
          method: "OPTIONS",
          path: "",
          headers: undefined,
        },
      },
      response: {
        statusCodes: [200, 204],
        validHeaderValues: {
          // The access-control-allow-origin for a wildcard domain depends on the implementation.
          // Envoy enforces the return of the same requested Origin, while NGINX an others may return a "*"
          // per the spec in case that allowCredentials is set to false
          "access-control-allow-origin": ["https://foobar.com", "*"],
          "access-control-allow-methods": ["PUT"],
        },
        absentHeaders: ["Access-Control-Allow-Credentials"],
      },
    },
    {
      testCaseName:
        "CORS preflight request from a wildcard origin containing a port should return header with '*' or with the requested Origin",
      namespace: "",
      request: {
        path: "/cors-wildcard-origin",
        method: "OPTIONS",
        headers: {
          Origin: "https://foobar.com:12345",
          "access-control-request-method": "PUT",
        },
      },
      expectedRequest: {
        request: {
          host: "",
          method: "OPTIONS",
          path: "",
          headers: undefined,
        },
      },
      response: {
        statusCodes: [200, 204],
        validHeaderValues: {
          // The access-control-allow-origin for a wildcard domain depends on the implementation.
          // Envoy enforces the return of the same requested Origin, while NGINX an others may return a "*"
          // per the spec in case that allowCredentials is set to false
          "access-control-allow-origin": ["https://foobar.com:12345", "*"],
          "access-control-allow-methods": ["PUT"],
        },
        absentHeaders: ["Access-Control-Allow-Credentials"],
      },
    },
    {
      testCaseName:
        "Request from a wildcard origin containing a port should return header with '*' or with the requested Origin",
      namespace: "gateway-conformance-infra",
      request: {
        path: "/cors-wildcard-origin",
        method: "PUT",
        headers: {
          Origin: "https://foobar.com:12345",
        },
      },
      response: {
        statusCode: 200,
        validHeaderValues: {
          // The access-control-allow-origin for a wildcard domain depends on the implementation.
          // Envoy enforces the return of the same requested Origin, while NGINX an others may return a "*"
          // per the spec in case that allowCredentials is set to false
          "access-control-allow-origin": ["https://foobar.com:12345", "*"],
        },
      },
    },
    {
      testCaseName: "Simple request from a wildcard origin should return header with '*' or with the requested Origin",
      namespace: "gateway-conformance-infra",
      request: {
        path: "/cors-wildcard-origin",
        method: "PUT",
        headers: {
          Origin: "https://foobar.com",
        },
      },
      response: {
        statusCode: 200,
        validHeaderValues: {
          // The access-control-allow-origin for a wildcard domain depends on the implementation.
          // Envoy enforces the return of the same requested Origin, while NGINX an others may return a "*"
          // per the spec in case that allowCredentials is set to false
          "access-control-allow-origin": ["https://foobar.com", "*"],
        },
        absentHeaders: ["Access-Control-Allow-Credentials"],
      },
    },
    {
      testCaseName:
        "CORS preflight request requesting specific method and headers should be allowed and always echo the origin with allowCredentials set to true",
      request: {
        path: "/cors-wildcard-methods-headers",
        method: "OPTIONS",
        headers: {
          Origin: "https://other.foo.com",
          "access-control-request-method": "PUT",
          "access-control-request-headers": "x-header-1, x-header-2",
        },
      },
      // Set the expected request properties and namespace to empty strings.
      // This is a workaround to avoid the test failure.
      // The response body is empty because the request is a preflight request,
      // so we can't get the request properties from the echoserver.
      expectedRequest: {
        request: {
          host: "",
          method: "OPTIONS",
          path: "",
          headers: undefined,
        },
      },
      namespace: "",
      response: {
        statusCodes: [200, 204],
        validHeaderValues: {
          "access-control-allow-origin": ["https://other.foo.com"],
          "access-control-allow-methods": ["PUT"],
          "access-control-allow-headers": ["x-header-1, x-header-2", "x-header-2, x-header-1"],
          "access-control-allow-credentials": ["true"],
        },
        // Ignore whitespace when comparing the response headers. This is because some
        // implementations add a space after each comma, and some don't. Both are valid.
        ignoreWhitespace: true,
      },
    },
    {
      testCaseName:
        "CORS preflight request requesting specific method and headers should hide access-control-allow-credentials headers with allowCredentials set to false",
      request: {
        path: "/cors-wildcard-methods-headers-unauth",
        method: "OPTIONS",
        headers: {
          Origin: "https://other.foo.com",
          "access-control-request-method": "PUT",
          "access-control-request-headers": "x-header-1, x-header-2",
        },
      },
      // Set the expected request properties and namespace to empty strings.
      // This is a workaround to avoid the test failure.
      // The response body is empty because the request is a preflight request,
      // so we can't get the request properties from the echoserver.
      expectedRequest: {
        request: {
          host: "",
          method: "OPTIONS",
          path: "",
          headers: undefined,
        },
      },
      namespace: "",
      response: {
        statusCodes: [200, 204],
        validHeaderValues: {
          "access-control-allow-origin": ["https://other.foo.com", "*"],
          "access-control-allow-methods": ["PUT", "*"],
          "access-control-allow-headers": ["x-header-1, x-header-2", "x-header-2, x-header-1", "*"],
        },
        absentHeaders: ["access-control-allow-credentials"],
        // Ignore whitespace when comparing the response headers. This is because some
        // implementations add a space after each comma, and some don't. Both are valid.
        ignoreWhitespace: true,
      },
    },
    {
      testCaseName:
        "CORS request should receive access-control-allow-credentials header with allowCredentials set to true",
      request: {
        path: "/cors-wildcard-methods-headers",
        method: "GET",
        headers: {
          Origin: "https://other.foo.com",
        },
      },
      namespace: "gateway-conformance-infra",
      response: {
        statusCode: 200,
        validHeaderValues: {
          "access-control-allow-origin": ["https://other.foo.com"],
          "access-control-allow-credentials": ["true"],
        },
      },
    },
    {
      testCaseName:
        "CORS request should not receive access-control-allow-credentials header without allowCredentials set to true",
      request: {
        path: "/cors-wildcard-methods-headers-unauth",
        method: "GET",
        headers: {
          Origin: "https://other.foo.com",
        },
      },
      namespace: "gateway-conformance-infra",
      response: {
        statusCode: 200,
        validHeaderValues: {
          "access-control-allow-origin": ["https://other.foo.com", "*"],
        },
        absentHeaders: ["access-control-allow-credentials"],
      },
    },
  ],
};
