-- CreateTable
CREATE TABLE "tap_sessions" (
    "id" TEXT NOT NULL,
    "filter" JSONB NOT NULL,
    "rate_per_second" INTEGER NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "closed_at" TIMESTAMP(3),

    CONSTRAINT "tap_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tap_samples" (
    "id" BIGSERIAL NOT NULL,
    "tap_id" TEXT NOT NULL,
    "sample" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tap_samples_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "tap_sessions_expires_at_idx" ON "tap_sessions"("expires_at");

-- CreateIndex
CREATE INDEX "tap_samples_tap_id_id_idx" ON "tap_samples"("tap_id", "id");

-- CreateIndex
CREATE INDEX "tap_samples_created_at_idx" ON "tap_samples"("created_at");
