-- AlterTable
ALTER TABLE "proxy_nodes" ADD COLUMN     "console_labels" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "labels" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "rollouts" (
    "version" INTEGER NOT NULL,
    "previous_version" INTEGER NOT NULL,
    "plan" JSONB NOT NULL,
    "stage" INTEGER NOT NULL DEFAULT 0,
    "state" TEXT NOT NULL,
    "reason" TEXT,
    "stage_nodes" JSONB NOT NULL,
    "stage_started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "baseline" JSONB NOT NULL DEFAULT '{}',
    "abort_version" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "rollouts_pkey" PRIMARY KEY ("version")
);

-- CreateTable
CREATE TABLE "canaries" (
    "id" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "rule_index" INTEGER NOT NULL DEFAULT 0,
    "active_route" TEXT,
    "spec" JSONB NOT NULL,
    "state" TEXT NOT NULL,
    "step_index" INTEGER NOT NULL DEFAULT -1,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "start_weights" JSONB NOT NULL,
    "reason" TEXT,
    "events" JSONB NOT NULL DEFAULT '[]',
    "author_id" TEXT NOT NULL,
    "approver_id" TEXT,
    "next_check_at" TIMESTAMP(3),
    "lease_owner" TEXT,
    "lease_until" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "canaries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "rollouts_state_idx" ON "rollouts"("state");

-- CreateIndex
CREATE UNIQUE INDEX "canaries_active_route_key" ON "canaries"("active_route");

-- CreateIndex
CREATE INDEX "canaries_state_idx" ON "canaries"("state");
