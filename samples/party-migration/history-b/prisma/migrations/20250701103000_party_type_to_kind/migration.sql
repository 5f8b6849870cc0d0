/*
  Warnings:

  - You are about to drop the column `type` on the `Party` table. All the data in the column will be lost.
  - Added the required column `kind` to the `Party` table without a default value. This is not possible if the table is not empty.

*/
-- DropIndex
DROP INDEX "Party_tenantId_type_idx";

-- AlterTable
ALTER TABLE "Party" DROP COLUMN "type",
ADD COLUMN     "kind" "PartyType" NOT NULL DEFAULT 'CONTACT';

-- CreateIndex
CREATE INDEX "Party_tenantId_kind_idx" ON "Party"("tenantId", "kind");
