-- AlterTable
ALTER TABLE "HouseholdFile" ADD COLUMN     "previousFileId" TEXT;

-- CreateTable
CREATE TABLE "FileEvent" (
    "id" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "fromOrgId" TEXT NOT NULL,
    "fromOrgPath" TEXT NOT NULL,
    "toOrgId" TEXT,
    "toOrgPath" TEXT,
    "status" TEXT NOT NULL,
    "instanceId" TEXT,
    "newHelperId" TEXT,
    "requestedBy" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "FileEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssistanceProject" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "orgPath" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "fundLevel" TEXT NOT NULL,
    "budget" BIGINT NOT NULL,
    "targetCount" INTEGER,
    "targetKind" TEXT NOT NULL,
    "startDate" DATE NOT NULL,
    "endDate" DATE NOT NULL,
    "eligibilityNotes" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AssistanceProject_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProjectEnrolment" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "orgPath" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "outcome" TEXT,
    "outcomeNote" TEXT,
    "enrolledBy" TEXT NOT NULL,
    "enrolledAt" TIMESTAMP(3) NOT NULL,
    "outcomeBy" TEXT,
    "outcomeAt" TIMESTAMP(3),

    CONSTRAINT "ProjectEnrolment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProjectSpending" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "fileId" TEXT,
    "disbursementId" TEXT,
    "amount" BIGINT NOT NULL,
    "spentOn" DATE NOT NULL,
    "note" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProjectSpending_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FileEvent_fileId_idx" ON "FileEvent"("fileId");

-- CreateIndex
CREATE INDEX "FileEvent_status_idx" ON "FileEvent"("status");

-- CreateIndex
CREATE INDEX "AssistanceProject_orgPath_idx" ON "AssistanceProject"("orgPath");

-- CreateIndex
CREATE INDEX "AssistanceProject_year_category_idx" ON "AssistanceProject"("year", "category");

-- CreateIndex
CREATE INDEX "ProjectEnrolment_fileId_idx" ON "ProjectEnrolment"("fileId");

-- CreateIndex
CREATE INDEX "ProjectEnrolment_orgPath_idx" ON "ProjectEnrolment"("orgPath");

-- CreateIndex
CREATE UNIQUE INDEX "ProjectEnrolment_projectId_fileId_key" ON "ProjectEnrolment"("projectId", "fileId");

-- CreateIndex
CREATE UNIQUE INDEX "ProjectSpending_disbursementId_key" ON "ProjectSpending"("disbursementId");

-- CreateIndex
CREATE INDEX "ProjectSpending_projectId_idx" ON "ProjectSpending"("projectId");
