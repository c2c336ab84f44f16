-- AlterTable
ALTER TABLE "proxy_nodes" ADD COLUMN     "last_error_count" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "proxy_credentials" (
    "id" TEXT NOT NULL,
    "node_id" TEXT NOT NULL,
    "gateway" TEXT,
    "token_hash" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "proxy_credentials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "proxy_rejections" (
    "id" BIGSERIAL NOT NULL,
    "node_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "error_hash" TEXT NOT NULL,
    "error" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "first_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "proxy_rejections_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "proxy_credentials_token_hash_key" ON "proxy_credentials"("token_hash");

-- CreateIndex
CREATE INDEX "proxy_credentials_node_id_idx" ON "proxy_credentials"("node_id");

-- CreateIndex
CREATE INDEX "proxy_rejections_version_idx" ON "proxy_rejections"("version");

-- CreateIndex
CREATE UNIQUE INDEX "proxy_rejections_node_id_version_error_hash_key" ON "proxy_rejections"("node_id", "version", "error_hash");

-- CreateIndex
CREATE INDEX "proxy_nodes_last_seen_at_idx" ON "proxy_nodes"("last_seen_at");
