-- AlterTable
ALTER TABLE "gateways" ADD COLUMN     "namespace" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "routes" ADD COLUMN     "namespace" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "services" ADD COLUMN     "namespace" TEXT NOT NULL DEFAULT 'default';

-- CreateTable
CREATE TABLE "reference_grants" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "spec" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "reference_grants_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "reference_grants_namespace_name_key" ON "reference_grants"("namespace", "name");
