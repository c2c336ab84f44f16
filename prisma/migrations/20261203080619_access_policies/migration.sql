-- CreateTable
CREATE TABLE "authorization_policies" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "namespace" TEXT NOT NULL DEFAULT 'default',
    "spec" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "authorization_policies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "peer_authentications" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "namespace" TEXT NOT NULL DEFAULT 'default',
    "spec" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "peer_authentications_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "authorization_policies_namespace_name_key" ON "authorization_policies"("namespace", "name");

-- CreateIndex
CREATE UNIQUE INDEX "peer_authentications_namespace_name_key" ON "peer_authentications"("namespace", "name");
