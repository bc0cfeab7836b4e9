-- AlterTable
ALTER TABLE "ProcessInstance" ADD COLUMN     "waits" JSONB NOT NULL DEFAULT '[]';
