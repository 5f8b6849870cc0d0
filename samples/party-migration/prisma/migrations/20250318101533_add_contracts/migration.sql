-- CreateEnum
CREATE TYPE "ContractStatus" AS ENUM ('DRAFT', 'SENT', 'SIGNED', 'VOID', 'EXPIRED');

-- CreateEnum
CREATE TYPE "ContractPartyRole" AS ENUM ('SELLER', 'BUYER', 'CO_OWNER', 'GUARANTOR');

-- CreateTable
CREATE TABLE "Contract" (
    "id" SERIAL NOT NULL,
    "tenantId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "templateKey" TEXT,
    "status" "ContractStatus" NOT NULL DEFAULT 'DRAFT',
    "body" TEXT,
    "sentAt" TIMESTAMP(3),
    "signedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Contract_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContractParty" (
    "id" SERIAL NOT NULL,
    "contractId" INTEGER NOT NULL,
    "contactId" INTEGER,
    "organizationId" INTEGER,
    "role" "ContractPartyRole" NOT NULL,
    "signatureName" TEXT,
    "signedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContractParty_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OffspringContract" (
    "id" SERIAL NOT NULL,
    "offspringId" INTEGER NOT NULL,
    "contractId" INTEGER NOT NULL,
    "buyerContactId" INTEGER,
    "buyerOrganizationId" INTEGER,
    "depositCents" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OffspringContract_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Contract_tenantId_status_idx" ON "Contract"("tenantId", "status");

-- CreateIndex
CREATE INDEX "ContractParty_contractId_idx" ON "ContractParty"("contractId");

-- CreateIndex
CREATE INDEX "ContractParty_contactId_idx" ON "ContractParty"("contactId");

-- CreateIndex
CREATE INDEX "ContractParty_organizationId_idx" ON "ContractParty"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "OffspringContract_contractId_key" ON "OffspringContract"("contractId");

-- CreateIndex
CREATE INDEX "OffspringContract_offspringId_idx" ON "OffspringContract"("offspringId");

-- CreateIndex
CREATE INDEX "OffspringContract_buyerContactId_idx" ON "OffspringContract"("buyerContactId");

-- CreateIndex
CREATE INDEX "OffspringContract_buyerOrganizationId_idx" ON "OffspringContract"("buyerOrganizationId");

-- AddForeignKey
ALTER TABLE "Contract" ADD CONSTRAINT "Contract_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractParty" ADD CONSTRAINT "ContractParty_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractParty" ADD CONSTRAINT "ContractParty_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractParty" ADD CONSTRAINT "ContractParty_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OffspringContract" ADD CONSTRAINT "OffspringContract_offspringId_fkey" FOREIGN KEY ("offspringId") REFERENCES "Offspring"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OffspringContract" ADD CONSTRAINT "OffspringContract_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OffspringContract" ADD CONSTRAINT "OffspringContract_buyerContactId_fkey" FOREIGN KEY ("buyerContactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OffspringContract" ADD CONSTRAINT "OffspringContract_buyerOrganizationId_fkey" FOREIGN KEY ("buyerOrganizationId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;
