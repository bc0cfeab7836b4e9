-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Org" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "parentId" TEXT,
    "path" TEXT NOT NULL,
    "depth" INTEGER NOT NULL,
    "regionCode" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Org_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "phone" TEXT,
    "title" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UserRole" (
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,

    CONSTRAINT "UserRole_pkey" PRIMARY KEY ("userId","role","orgId")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" TEXT,
    "orgId" TEXT,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT,
    "before" JSONB,
    "after" JSONB,
    "outcome" TEXT NOT NULL DEFAULT 'ok',

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DibaoStandard" (
    "id" TEXT NOT NULL,
    "regionCode" TEXT NOT NULL,
    "validFrom" DATE NOT NULL,
    "dibao" INTEGER NOT NULL,
    "lowIncomeLine" INTEGER,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT,

    CONSTRAINT "DibaoStandard_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HouseholdFile" (
    "id" TEXT NOT NULL,
    "fileNo" TEXT,
    "caseNo" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "level" TEXT,
    "orgId" TEXT NOT NULL,
    "orgPath" TEXT NOT NULL,
    "applicantName" TEXT NOT NULL,
    "idNumber" TEXT NOT NULL,
    "sex" TEXT NOT NULL,
    "birthDate" DATE NOT NULL,
    "phone" TEXT,
    "hardshipCategory" TEXT,
    "mainCause" TEXT NOT NULL,
    "householdSize" INTEGER NOT NULL,
    "annualIncome" BIGINT NOT NULL,
    "perCapitaMonthly" INTEGER NOT NULL,
    "form" JSONB NOT NULL,
    "eligibility" JSONB,
    "processInstanceId" TEXT,
    "untrueReports" INTEGER NOT NULL DEFAULT 0,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "filedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "closeReason" TEXT,

    CONSTRAINT "HouseholdFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FamilyMember" (
    "id" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "relation" TEXT NOT NULL,
    "idNumber" TEXT NOT NULL,
    "monthlyIncome" INTEGER NOT NULL,
    "details" JSONB NOT NULL,

    CONSTRAINT "FamilyMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Blacklist" (
    "idNumber" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "fileId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Blacklist_pkey" PRIMARY KEY ("idNumber")
);

-- CreateTable
CREATE TABLE "ProcessDefinition" (
    "id" TEXT NOT NULL,
    "bpmnProcessId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT,
    "resourceName" TEXT NOT NULL,
    "xml" TEXT NOT NULL,
    "checksum" TEXT NOT NULL,
    "model" JSONB NOT NULL,
    "sourceContext" TEXT NOT NULL,
    "deployedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcessDefinition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcessInstance" (
    "id" TEXT NOT NULL,
    "definitionId" TEXT NOT NULL,
    "bpmnProcessId" TEXT NOT NULL,
    "businessKey" TEXT,
    "orgPath" TEXT,
    "status" TEXT NOT NULL,
    "state" JSONB,
    "variables" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "ProcessInstance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UserTask" (
    "id" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "definitionId" TEXT NOT NULL,
    "bpmnProcessId" TEXT NOT NULL,
    "elementId" TEXT NOT NULL,
    "executionId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "formKey" TEXT,
    "candidateRole" TEXT,
    "candidateOrgId" TEXT,
    "candidateOrgPath" TEXT,
    "assignee" TEXT,
    "businessKey" TEXT,
    "status" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "dueAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),
    "completedBy" TEXT,
    "variables" JSONB NOT NULL,

    CONSTRAINT "UserTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "definitionId" TEXT NOT NULL,
    "elementId" TEXT NOT NULL,
    "executionId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "retries" INTEGER NOT NULL,
    "retriesLeft" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "nextRunAt" TIMESTAMP(3) NOT NULL,
    "lockedUntil" TIMESTAMP(3),
    "lockOwner" TEXT,
    "errorMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Timer" (
    "id" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "definitionId" TEXT NOT NULL,
    "elementId" TEXT NOT NULL,
    "executionId" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "firedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Timer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageSubscription" (
    "id" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "elementId" TEXT NOT NULL,
    "executionId" TEXT NOT NULL,
    "messageName" TEXT NOT NULL,
    "messageRef" TEXT NOT NULL,
    "correlationKey" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MessageSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "definitionId" TEXT NOT NULL,
    "elementId" TEXT,
    "jobId" TEXT,
    "kind" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "pendingEvent" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InstanceEvent" (
    "id" BIGSERIAL NOT NULL,
    "instanceId" TEXT NOT NULL,
    "definitionId" TEXT NOT NULL,
    "elementId" TEXT NOT NULL,
    "elementType" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actor" TEXT,

    CONSTRAINT "InstanceEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Org_path_key" ON "Org"("path");

-- CreateIndex
CREATE INDEX "Org_parentId_idx" ON "Org"("parentId");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE INDEX "UserRole_role_orgId_idx" ON "UserRole"("role", "orgId");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "AuditLog_entity_entityId_idx" ON "AuditLog"("entity", "entityId");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- CreateIndex
CREATE UNIQUE INDEX "DibaoStandard_regionCode_validFrom_key" ON "DibaoStandard"("regionCode", "validFrom");

-- CreateIndex
CREATE UNIQUE INDEX "HouseholdFile_fileNo_key" ON "HouseholdFile"("fileNo");

-- CreateIndex
CREATE UNIQUE INDEX "HouseholdFile_caseNo_key" ON "HouseholdFile"("caseNo");

-- CreateIndex
CREATE INDEX "HouseholdFile_orgPath_idx" ON "HouseholdFile"("orgPath");

-- CreateIndex
CREATE INDEX "HouseholdFile_idNumber_idx" ON "HouseholdFile"("idNumber");

-- CreateIndex
CREATE INDEX "HouseholdFile_status_idx" ON "HouseholdFile"("status");

-- CreateIndex
CREATE INDEX "FamilyMember_idNumber_idx" ON "FamilyMember"("idNumber");

-- CreateIndex
CREATE INDEX "FamilyMember_fileId_idx" ON "FamilyMember"("fileId");

-- CreateIndex
CREATE INDEX "ProcessDefinition_bpmnProcessId_checksum_idx" ON "ProcessDefinition"("bpmnProcessId", "checksum");

-- CreateIndex
CREATE UNIQUE INDEX "ProcessDefinition_bpmnProcessId_version_key" ON "ProcessDefinition"("bpmnProcessId", "version");

-- CreateIndex
CREATE INDEX "ProcessInstance_bpmnProcessId_status_idx" ON "ProcessInstance"("bpmnProcessId", "status");

-- CreateIndex
CREATE INDEX "ProcessInstance_businessKey_idx" ON "ProcessInstance"("businessKey");

-- CreateIndex
CREATE INDEX "UserTask_status_candidateRole_candidateOrgPath_idx" ON "UserTask"("status", "candidateRole", "candidateOrgPath");

-- CreateIndex
CREATE INDEX "UserTask_status_assignee_idx" ON "UserTask"("status", "assignee");

-- CreateIndex
CREATE INDEX "UserTask_status_dueAt_idx" ON "UserTask"("status", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "UserTask_instanceId_executionId_key" ON "UserTask"("instanceId", "executionId");

-- CreateIndex
CREATE INDEX "Job_status_nextRunAt_idx" ON "Job"("status", "nextRunAt");

-- CreateIndex
CREATE UNIQUE INDEX "Job_instanceId_executionId_key" ON "Job"("instanceId", "executionId");

-- CreateIndex
CREATE INDEX "Timer_status_dueAt_idx" ON "Timer"("status", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "Timer_instanceId_executionId_key" ON "Timer"("instanceId", "executionId");

-- CreateIndex
CREATE INDEX "MessageSubscription_messageName_correlationKey_status_idx" ON "MessageSubscription"("messageName", "correlationKey", "status");

-- CreateIndex
CREATE UNIQUE INDEX "MessageSubscription_instanceId_executionId_key" ON "MessageSubscription"("instanceId", "executionId");

-- CreateIndex
CREATE INDEX "Incident_instanceId_idx" ON "Incident"("instanceId");

-- CreateIndex
CREATE INDEX "Incident_resolvedAt_idx" ON "Incident"("resolvedAt");

-- CreateIndex
CREATE INDEX "InstanceEvent_instanceId_idx" ON "InstanceEvent"("instanceId");

-- CreateIndex
CREATE INDEX "InstanceEvent_definitionId_elementId_idx" ON "InstanceEvent"("definitionId", "elementId");

-- AddForeignKey
ALTER TABLE "Org" ADD CONSTRAINT "Org_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Org"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserRole" ADD CONSTRAINT "UserRole_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserRole" ADD CONSTRAINT "UserRole_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HouseholdFile" ADD CONSTRAINT "HouseholdFile_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FamilyMember" ADD CONSTRAINT "FamilyMember_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "HouseholdFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcessInstance" ADD CONSTRAINT "ProcessInstance_definitionId_fkey" FOREIGN KEY ("definitionId") REFERENCES "ProcessDefinition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
