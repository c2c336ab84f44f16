#!/bin/sh
# Stand-in for Prisma's native schema engine, which cannot be downloaded here.
# `prisma generate` only needs the path to exist. Anything that really calls the engine
# must fail loudly instead of silently succeeding (as /bin/true would).
echo "signalbox: the native Prisma schema engine is not installed here; use npm run db:migrate / db:migration:create (wasm engine)." >&2
exit 1
