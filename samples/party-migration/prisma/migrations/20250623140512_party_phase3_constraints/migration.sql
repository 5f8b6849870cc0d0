/*
  Warnings:

  - Made the column `partyId` on table `AnimalOwner` required. This step will fail if there are existing NULL values in that column.
  - A unique constraint covering the columns `[partyId]` on the table `Contact` will be added. If there are existing duplicate values, this will fail.
  - Made the column `partyId` on table `Contact` required. This step will fail if there are existing NULL values in that column.
  - Made the column `partyId` on table `ContractParty` required. This step will fail if there are existing NULL values in that column.
  - Made the column `clientPartyId` on table `Invoice` required. This step will fail if there are existing NULL values in that column.
  - Made the column `buyerPartyId` on table `OffspringContract` required. This step will fail if there are existing NULL values in that column.
  - A unique constraint covering the columns `[partyId]` on the table `Organization` will be added. If there are existing duplicate values, this will fail.
  - Made the column `partyId` on table `Organization` required. This step will fail if there are existing NULL values in that column.
  - A unique constraint covering the columns `[partyId]` on the table `User` will be added. If there are existing duplicate values, this will fail.
  - Made the column `clientPartyId` on table `WaitlistEntry` required. This step will fail if there are existing NULL values in that column.

*/
-- AlterTable
ALTER TABLE "AnimalOwner" ALTER COLUMN "partyId" SET NOT NULL;

-- AlterTable
ALTER TABLE "Contact" ALTER COLUMN "partyId" SET NOT NULL;

-- AlterTable
ALTER TABLE "ContractParty" ALTER COLUMN "partyId" SET NOT NULL;

-- AlterTable
ALTER TABLE "Invoice" ALTER COLUMN "clientPartyId" SET NOT NULL;

-- AlterTable
ALTER TABLE "OffspringContract" ALTER COLUMN "buyerPartyId" SET NOT NULL;

-- AlterTable
ALTER TABLE "Organization" ALTER COLUMN "partyId" SET NOT NULL;

-- AlterTable
ALTER TABLE "WaitlistEntry" ALTER COLUMN "clientPartyId" SET NOT NULL;

-- CreateIndex
CREATE INDEX "Animal_buyerPartyId_idx" ON "Animal"("buyerPartyId");

-- CreateIndex
CREATE INDEX "AnimalOwner_partyId_idx" ON "AnimalOwner"("partyId");

-- CreateIndex
CREATE INDEX "BreedingAttempt_studOwnerPartyId_idx" ON "BreedingAttempt"("studOwnerPartyId");

-- CreateIndex
CREATE UNIQUE INDEX "Contact_partyId_key" ON "Contact"("partyId");

-- CreateIndex
CREATE INDEX "ContractParty_partyId_idx" ON "ContractParty"("partyId");

-- CreateIndex
CREATE INDEX "Invoice_clientPartyId_idx" ON "Invoice"("clientPartyId");

-- CreateIndex
CREATE INDEX "Offspring_buyerPartyId_idx" ON "Offspring"("buyerPartyId");

-- CreateIndex
CREATE INDEX "OffspringContract_buyerPartyId_idx" ON "OffspringContract"("buyerPartyId");

-- CreateIndex
CREATE UNIQUE INDEX "Organization_partyId_key" ON "Organization"("partyId");

-- CreateIndex
CREATE UNIQUE INDEX "User_partyId_key" ON "User"("partyId");

-- CreateIndex
CREATE INDEX "WaitlistEntry_clientPartyId_idx" ON "WaitlistEntry"("clientPartyId");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_partyId_fkey" FOREIGN KEY ("partyId") REFERENCES "Party"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_partyId_fkey" FOREIGN KEY ("partyId") REFERENCES "Party"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Organization" ADD CONSTRAINT "Organization_partyId_fkey" FOREIGN KEY ("partyId") REFERENCES "Party"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Animal" ADD CONSTRAINT "Animal_buyerPartyId_fkey" FOREIGN KEY ("buyerPartyId") REFERENCES "Party"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnimalOwner" ADD CONSTRAINT "AnimalOwner_partyId_fkey" FOREIGN KEY ("partyId") REFERENCES "Party"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BreedingAttempt" ADD CONSTRAINT "BreedingAttempt_studOwnerPartyId_fkey" FOREIGN KEY ("studOwnerPartyId") REFERENCES "Party"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Offspring" ADD CONSTRAINT "Offspring_buyerPartyId_fkey" FOREIGN KEY ("buyerPartyId") REFERENCES "Party"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_clientPartyId_fkey" FOREIGN KEY ("clientPartyId") REFERENCES "Party"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_clientPartyId_fkey" FOREIGN KEY ("clientPartyId") REFERENCES "Party"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractParty" ADD CONSTRAINT "ContractParty_partyId_fkey" FOREIGN KEY ("partyId") REFERENCES "Party"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OffspringContract" ADD CONSTRAINT "OffspringContract_buyerPartyId_fkey" FOREIGN KEY ("buyerPartyId") REFERENCES "Party"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
