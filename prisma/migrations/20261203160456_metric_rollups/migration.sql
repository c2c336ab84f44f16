-- CreateTable
CREATE TABLE "metric_rollups" (
    "resolution" INTEGER NOT NULL,
    "dimension" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "bucket" BIGINT NOT NULL,
    "requests" BIGINT NOT NULL,
    "errors" BIGINT NOT NULL,
    "latency_sum_ms" DOUBLE PRECISION NOT NULL,
    "latency" BIGINT[],

    CONSTRAINT "metric_rollups_pkey" PRIMARY KEY ("resolution","dimension","key","bucket")
);

-- CreateIndex
CREATE INDEX "metric_rollups_resolution_bucket_idx" ON "metric_rollups"("resolution", "bucket");
