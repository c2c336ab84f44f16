-- AlterTable
ALTER TABLE "gateway_listeners" ADD COLUMN     "allowed_routes" JSONB;

-- CreateTable
CREATE TABLE "namespace_labels" (
    "name" TEXT NOT NULL,
    "labels" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "namespace_labels_pkey" PRIMARY KEY ("name")
);
