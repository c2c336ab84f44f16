-- AlterTable
ALTER TABLE "gateway_listeners" ADD COLUMN     "https_redirect" BOOLEAN,
ADD COLUMN     "tls" JSONB;

-- AlterTable
ALTER TABLE "service_versions" ADD COLUMN     "tls" JSONB;
