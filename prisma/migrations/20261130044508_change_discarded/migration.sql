-- AlterEnum
ALTER TYPE "ChangeSetStatus" ADD VALUE 'DISCARDED';
