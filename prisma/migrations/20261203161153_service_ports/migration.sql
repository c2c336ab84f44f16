-- AlterTable
ALTER TABLE "route_destinations" ADD COLUMN     "port" INTEGER;

-- AlterTable
ALTER TABLE "services" ADD COLUMN     "ports" JSONB NOT NULL DEFAULT '[]';
