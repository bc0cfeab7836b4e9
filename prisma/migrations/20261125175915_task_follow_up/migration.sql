-- DropIndex
DROP INDEX "Notification_jobKey_key";

-- AlterTable
ALTER TABLE "UserTask" ADD COLUMN     "followUpAt" TIMESTAMP(3);

-- CreateIndex
CREATE UNIQUE INDEX "Notification_taskId_kind_key" ON "Notification"("taskId", "kind");
