// undici's Pool without undici's index (fetch, WebSocket, cache, … : ~9 MB of RSS the proxy never uses).
declare module "undici/lib/dispatcher/pool.js" {
  import { Pool } from "undici";
  export default Pool;
}
