import * as grpc from "@grpc/grpc-js";

/**
 * The test Echo service of the gRPC tests, with JSON messages (no .proto; both ends are @grpc/grpc-js): a unary
 * `/test.Echo/Unary` and a server-streaming `/test.Echo/Stream`. `json` is exposed for tests that frame raw bodies.
 */
export function jsonEchoService<M>() {
  const json = {
    serialize: (m: M) => Buffer.from(JSON.stringify(m)),
    deserialize: (b: Buffer) => JSON.parse(b.toString()) as M,
  };
  const method = (path: string, responseStream: boolean) => ({
    path,
    requestStream: false,
    responseStream,
    requestSerialize: json.serialize,
    requestDeserialize: json.deserialize,
    responseSerialize: json.serialize,
    responseDeserialize: json.deserialize,
  });
  const service = { unary: method("/test.Echo/Unary", false), stream: method("/test.Echo/Stream", true) };
  return { json, service, Client: grpc.makeGenericClientConstructor(service, "Echo") };
}
