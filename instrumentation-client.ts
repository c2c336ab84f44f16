import { z } from "zod";

/**
 * Runs in the browser before the console's own code. zod compiles object parsers with `new Function` when it
 * may, and finds out by trying once — which the Content-Security-Policy (no 'unsafe-eval') refuses and the
 * browser reports as a violation. In the browser zod parses without compiling instead.
 */
z.config({ jitless: true });
