-- CreateTable
CREATE TABLE "ca_roots" (
    "id" TEXT NOT NULL,
    "cert_pem" TEXT NOT NULL,
    "sealed_key" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT false,
    "not_before" TIMESTAMP(3) NOT NULL,
    "not_after" TIMESTAMP(3) NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMP(3),

    CONSTRAINT "ca_roots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tls_secrets" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "cert_chain_pem" TEXT NOT NULL,
    "sealed_key" TEXT NOT NULL,
    "ca_bundle_pem" TEXT,
    "source" TEXT NOT NULL,
    "sans" TEXT[],
    "not_after" TIMESTAMP(3) NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tls_secrets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "join_tokens" (
    "id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "node_id" TEXT NOT NULL,
    "gateway" TEXT,
    "service" TEXT,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "join_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "proxy_certificates" (
    "id" TEXT NOT NULL,
    "serial" TEXT NOT NULL,
    "node_id" TEXT NOT NULL,
    "gateway" TEXT,
    "service" TEXT,
    "spiffe_id" TEXT NOT NULL,
    "not_after" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "proxy_certificates_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ca_roots_fingerprint_key" ON "ca_roots"("fingerprint");

-- CreateIndex
CREATE UNIQUE INDEX "tls_secrets_name_key" ON "tls_secrets"("name");

-- CreateIndex
CREATE UNIQUE INDEX "join_tokens_token_hash_key" ON "join_tokens"("token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "proxy_certificates_serial_key" ON "proxy_certificates"("serial");

-- CreateIndex
CREATE INDEX "proxy_certificates_node_id_idx" ON "proxy_certificates"("node_id");
