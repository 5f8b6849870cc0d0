-- CreateEnum
CREATE TYPE "PartyType" AS ENUM ('CONTACT', 'ORGANIZATION');

-- AlterTable
ALTER TABLE "Animal" ADD COLUMN     "buyerPartyId" INTEGER;

-- AlterTable
ALTER TABLE "AnimalOwner" ADD COLUMN     "partyId" INTEGER;

-- AlterTable
ALTER TABLE "BreedingAttempt" ADD COLUMN     "studOwnerPartyId" INTEGER;

-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "partyId" INTEGER;

-- AlterTable
ALTER TABLE "ContractParty" ADD COLUMN     "partyId" INTEGER;

-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN     "clientPartyId" INTEGER;

-- AlterTable
ALTER TABLE "Offspring" ADD COLUMN     "buyerPartyId" INTEGER;

-- AlterTable
ALTER TABLE "OffspringContract" ADD COLUMN     "buyerPartyId" INTEGER;

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "partyId" INTEGER;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "partyId" INTEGER;

-- AlterTable
ALTER TABLE "WaitlistEntry" ADD COLUMN     "clientPartyId" INTEGER;

-- CreateTable
CREATE TABLE "Party" (
    "id" SERIAL NOT NULL,
    "tenantId" INTEGER NOT NULL,
    "type" "PartyType" NOT NULL,
    "displayName" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Party_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Party_tenantId_type_idx" ON "Party"("tenantId", "type");

-- CreateIndex
CREATE INDEX "Party_tenantId_displayName_idx" ON "Party"("tenantId", "displayName");

-- AddForeignKey
ALTER TABLE "Party" ADD CONSTRAINT "Party_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
