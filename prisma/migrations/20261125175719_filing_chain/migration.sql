-- AlterTable
ALTER TABLE "HouseholdFile" ADD COLUMN     "firstHelperId" TEXT,
ADD COLUMN     "flagged" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "publicityEndsAt" TIMESTAMP(3),
ADD COLUMN     "secondHelperId" TEXT;

-- CreateTable
CREATE TABLE "Document" (
    "id" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "stepId" TEXT,
    "name" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "uploadedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Visit" (
    "id" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "visitDate" DATE NOT NULL,
    "visitors" TEXT NOT NULL,
    "findings" TEXT NOT NULL,
    "photoIds" TEXT[],
    "incomeObserved" INTEGER,
    "taskId" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Visit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalendarDay" (
    "date" DATE NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "CalendarDay_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "StepDeadline" (
    "bpmnProcessId" TEXT NOT NULL,
    "elementId" TEXT NOT NULL,
    "dueWorkingDays" INTEGER NOT NULL,
    "escalateWorkingDays" INTEGER NOT NULL,

    CONSTRAINT "StepDeadline_pkey" PRIMARY KEY ("bpmnProcessId","elementId")
);

-- CreateTable
CREATE TABLE "DepartmentConnector" (
    "department" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "url" TEXT,
    "credential" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "DepartmentConnector_pkey" PRIMARY KEY ("department")
);

-- CreateTable
CREATE TABLE "CrossCheckResult" (
    "id" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "department" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "findings" JSONB NOT NULL,
    "contradictions" JSONB NOT NULL,
    "letterDocumentId" TEXT,
    "jobKey" TEXT,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrossCheckResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Objection" (
    "id" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "outcome" TEXT,

    CONSTRAINT "Objection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UntrueReport" (
    "id" TEXT NOT NULL,
    "idNumber" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "reportedBy" TEXT,
    "jobKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UntrueReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Document_fileId_idx" ON "Document"("fileId");

-- CreateIndex
CREATE INDEX "Document_sha256_idx" ON "Document"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "Visit_taskId_key" ON "Visit"("taskId");

-- CreateIndex
CREATE INDEX "Visit_fileId_idx" ON "Visit"("fileId");

-- CreateIndex
CREATE UNIQUE INDEX "CrossCheckResult_jobKey_key" ON "CrossCheckResult"("jobKey");

-- CreateIndex
CREATE INDEX "CrossCheckResult_fileId_idx" ON "CrossCheckResult"("fileId");

-- CreateIndex
CREATE UNIQUE INDEX "UntrueReport_jobKey_key" ON "UntrueReport"("jobKey");

-- CreateIndex
CREATE INDEX "UntrueReport_idNumber_idx" ON "UntrueReport"("idNumber");
