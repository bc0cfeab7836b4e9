-- AlterTable
ALTER TABLE "HouseholdFile" ADD COLUMN     "exitedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "HelpPlan" (
    "id" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "measures" TEXT[],
    "programmes" TEXT[],
    "projectIds" TEXT[],
    "planText" TEXT NOT NULL,
    "promisedExitDate" TEXT,
    "taskId" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HelpPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncomeRecord" (
    "id" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "perCapita" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IncomeRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Evaluation" (
    "id" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "proposed" TEXT NOT NULL,
    "outcome" TEXT,
    "overrideReason" TEXT,
    "judgement" JSONB NOT NULL,
    "effect" TEXT,
    "evaluatedBy" TEXT,
    "signedBy" TEXT,
    "signedAt" TIMESTAMP(3),
    "taskId" TEXT,

    CONSTRAINT "Evaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Roster" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "fileIds" TEXT[],
    "submittedBy" TEXT,
    "submittedAt" TIMESTAMP(3),
    "confirmedBy" TEXT,
    "confirmedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Roster_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FundAccount" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "balance" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FundAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FundTransaction" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "refId" TEXT,
    "note" TEXT,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FundTransaction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Disbursement" (
    "id" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "approvedBy" TEXT,
    "approvedAt" TIMESTAMP(3),
    "paidAt" TIMESTAMP(3),
    "batchId" TEXT,

    CONSTRAINT "Disbursement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentBatch" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PaymentBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CleanupCampaign" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "stockCutoff" DATE NOT NULL,
    "incrementCutoff" DATE NOT NULL,
    "status" TEXT NOT NULL,
    "instanceId" TEXT,
    "startedBy" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CleanupCampaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CleanupDecision" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "part" TEXT NOT NULL,
    "decision" TEXT,
    "reason" TEXT,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "CleanupDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DibaoReferral" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "deadline" DATE NOT NULL,
    "status" TEXT NOT NULL,
    "instanceId" TEXT,
    "sentAt" TIMESTAMP(3),
    "answeredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DibaoReferral_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DibaoReferralItem" (
    "id" TEXT NOT NULL,
    "referralId" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "perCapita" INTEGER NOT NULL,
    "answer" TEXT,
    "note" TEXT,
    "answeredAt" TIMESTAMP(3),

    CONSTRAINT "DibaoReferralItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SpotCheck" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "seed" INTEGER NOT NULL,
    "sharePct" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "instanceId" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SpotCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SpotCheckItem" (
    "id" TEXT NOT NULL,
    "spotCheckId" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "answers" JSONB,
    "negative" BOOLEAN NOT NULL DEFAULT false,
    "followUp" TEXT,
    "checkedBy" TEXT,
    "checkedAt" TIMESTAMP(3),

    CONSTRAINT "SpotCheckItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnionTarget" (
    "orgId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "exitRatePct" INTEGER NOT NULL DEFAULT 20,
    "stockExitYear" INTEGER,

    CONSTRAINT "UnionTarget_pkey" PRIMARY KEY ("orgId","year")
);

-- CreateIndex
CREATE UNIQUE INDEX "HelpPlan_taskId_key" ON "HelpPlan"("taskId");

-- CreateIndex
CREATE UNIQUE INDEX "HelpPlan_fileId_year_key" ON "HelpPlan"("fileId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "IncomeRecord_fileId_month_key" ON "IncomeRecord"("fileId", "month");

-- CreateIndex
CREATE UNIQUE INDEX "Evaluation_taskId_key" ON "Evaluation"("taskId");

-- CreateIndex
CREATE UNIQUE INDEX "Evaluation_fileId_year_key" ON "Evaluation"("fileId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "Roster_orgId_year_kind_key" ON "Roster"("orgId", "year", "kind");

-- CreateIndex
CREATE INDEX "FundAccount_orgId_idx" ON "FundAccount"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "FundAccount_orgId_level_name_key" ON "FundAccount"("orgId", "level", "name");

-- CreateIndex
CREATE INDEX "FundTransaction_accountId_idx" ON "FundTransaction"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "Disbursement_idempotencyKey_key" ON "Disbursement"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Disbursement_fileId_idx" ON "Disbursement"("fileId");

-- CreateIndex
CREATE INDEX "Disbursement_accountId_status_idx" ON "Disbursement"("accountId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "CleanupDecision_campaignId_fileId_key" ON "CleanupDecision"("campaignId", "fileId");

-- CreateIndex
CREATE UNIQUE INDEX "DibaoReferral_orgId_year_key" ON "DibaoReferral"("orgId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "DibaoReferralItem_referralId_fileId_key" ON "DibaoReferralItem"("referralId", "fileId");

-- CreateIndex
CREATE UNIQUE INDEX "SpotCheckItem_spotCheckId_fileId_key" ON "SpotCheckItem"("spotCheckId", "fileId");
