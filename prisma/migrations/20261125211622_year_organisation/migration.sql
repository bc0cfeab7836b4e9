-- CreateTable
CREATE TABLE "WorkPlan" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "cityOrgId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "dueDate" DATE NOT NULL,
    "status" TEXT NOT NULL,
    "measures" JSONB,
    "planText" TEXT,
    "firstSubmittedAt" TIMESTAMP(3),
    "submittedAt" TIMESTAMP(3),
    "submittedBy" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "reviewedBy" TEXT,
    "reviewComment" TEXT,
    "instanceId" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "milestones" JSONB NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StatReport" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "orgPath" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "figures" JSONB NOT NULL,
    "generatedAt" TIMESTAMP(3) NOT NULL,
    "generatedBy" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3),
    "submittedBy" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "reviewedBy" TEXT,
    "reviewComment" TEXT,

    CONSTRAINT "StatReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assessment" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "figures" JSONB NOT NULL,
    "targetReached" BOOLEAN NOT NULL,
    "deductionPoints" INTEGER NOT NULL,
    "allocationCutPct" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "comment" TEXT,
    "computedAt" TIMESTAMP(3) NOT NULL,
    "confirmedBy" TEXT,
    "confirmedAt" TIMESTAMP(3),

    CONSTRAINT "Assessment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WorkPlan_orgId_year_key" ON "WorkPlan"("orgId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_orgId_year_name_key" ON "Campaign"("orgId", "year", "name");

-- CreateIndex
CREATE INDEX "StatReport_orgPath_idx" ON "StatReport"("orgPath");

-- CreateIndex
CREATE UNIQUE INDEX "StatReport_orgId_period_key" ON "StatReport"("orgId", "period");

-- CreateIndex
CREATE UNIQUE INDEX "Assessment_orgId_year_key" ON "Assessment"("orgId", "year");
