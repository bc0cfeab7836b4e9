-- AlterTable
ALTER TABLE "HouseholdFile" ADD COLUMN     "publicityJobKey" TEXT;
