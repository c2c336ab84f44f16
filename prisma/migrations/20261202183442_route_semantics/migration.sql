-- AlterTable
ALTER TABLE "routes" ADD COLUMN     "creation_order" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "listener_refs" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "semantics" TEXT NOT NULL DEFAULT 'istio';
