/*
  Warnings:

  - You are about to drop the column `website` on the `Organization` table. All the data in the column will be lost.

*/
-- AlterTable
ALTER TABLE "Organization" DROP COLUMN "website";

-- CreateIndex
CREATE INDEX "Organization_tenantId_name_idx" ON "Organization"("tenantId", "name");
