-- DropIndex
DROP INDEX "HouseholdFile_idNumber_idx";

-- DropIndex
DROP INDEX "FamilyMember_idNumber_idx";

-- DropIndex
DROP INDEX "UntrueReport_idNumber_idx";

-- AlterTable
ALTER TABLE "HouseholdFile" ADD COLUMN     "idNumberHash" TEXT;

-- AlterTable
ALTER TABLE "FamilyMember" ADD COLUMN     "idNumberHash" TEXT;

-- AlterTable
ALTER TABLE "Blacklist" ADD COLUMN     "idNumberHash" TEXT;

-- AlterTable
ALTER TABLE "UntrueReport" ADD COLUMN     "idNumberHash" TEXT;

-- CreateIndex
CREATE INDEX "HouseholdFile_idNumberHash_idx" ON "HouseholdFile"("idNumberHash");

-- CreateIndex
CREATE INDEX "FamilyMember_idNumberHash_idx" ON "FamilyMember"("idNumberHash");

-- CreateIndex
CREATE UNIQUE INDEX "Blacklist_idNumberHash_key" ON "Blacklist"("idNumberHash");

-- CreateIndex
CREATE INDEX "UntrueReport_idNumberHash_idx" ON "UntrueReport"("idNumberHash");
