-- CreateTable
CREATE TABLE "registry_instances" (
    "id" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "tags" JSONB NOT NULL,
    "meta" JSONB NOT NULL,
    "labels" JSONB NOT NULL,
    "weight" INTEGER NOT NULL DEFAULT 1,
    "health" TEXT NOT NULL DEFAULT 'passing',
    "source" TEXT NOT NULL,
    "token_id" TEXT,
    "create_index" INTEGER NOT NULL,
    "modify_index" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "registry_instances_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "registry_checks" (
    "id" TEXT NOT NULL,
    "instance_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "target" TEXT NOT NULL DEFAULT '',
    "method" TEXT NOT NULL DEFAULT 'GET',
    "interval_ms" INTEGER NOT NULL DEFAULT 10000,
    "timeout_ms" INTEGER NOT NULL DEFAULT 10000,
    "ttl_ms" INTEGER,
    "deregister_after_ms" INTEGER,
    "success_before_passing" INTEGER NOT NULL DEFAULT 1,
    "failures_before_critical" INTEGER NOT NULL DEFAULT 2,
    "status" TEXT NOT NULL DEFAULT 'critical',
    "output" TEXT NOT NULL DEFAULT '',
    "notes" TEXT NOT NULL DEFAULT '',
    "streak" INTEGER NOT NULL DEFAULT 0,
    "streak_status" TEXT NOT NULL DEFAULT '',
    "critical_since" TIMESTAMP(3),
    "next_run_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_run_at" TIMESTAMP(3),
    "last_update_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "create_index" INTEGER NOT NULL,
    "modify_index" INTEGER NOT NULL,

    CONSTRAINT "registry_checks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "registry_events" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "instance_id" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "detail" JSONB NOT NULL,
    "actor" TEXT NOT NULL,

    CONSTRAINT "registry_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "registry_tokens" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "services" TEXT[],
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "registry_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "registry_leases" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "registry_leases_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "registry_instances_service_idx" ON "registry_instances"("service");

-- CreateIndex
CREATE INDEX "registry_checks_instance_id_idx" ON "registry_checks"("instance_id");

-- CreateIndex
CREATE INDEX "registry_checks_next_run_at_idx" ON "registry_checks"("next_run_at");

-- CreateIndex
CREATE INDEX "registry_events_service_idx" ON "registry_events"("service");

-- CreateIndex
CREATE INDEX "registry_events_at_idx" ON "registry_events"("at");

-- CreateIndex
CREATE UNIQUE INDEX "registry_tokens_token_hash_key" ON "registry_tokens"("token_hash");

-- AddForeignKey
ALTER TABLE "registry_checks" ADD CONSTRAINT "registry_checks_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "registry_instances"("id") ON DELETE CASCADE ON UPDATE CASCADE;
