/*
  Warnings:

  - You are about to drop the column `buyerContactId` on the `Animal` table. All the data in the column will be lost.
  - You are about to drop the column `buyerOrganizationId` on the `Animal` table. All the data in the column will be lost.
  - You are about to drop the column `buyerPartyType` on the `Animal` table. All the data in the column will be lost.
  - You are about to drop the column `contactId` on the `AnimalOwner` table. All the data in the column will be lost.
  - You are about to drop the column `organizationId` on the `AnimalOwner` table. All the data in the column will be lost.
  - You are about to drop the column `partyType` on the `AnimalOwner` table. All the data in the column will be lost.
  - You are about to drop the column `studOwnerContactId` on the `BreedingAttempt` table. All the data in the column will be lost.
  - You are about to drop the column `contactId` on the `ContractParty` table. All the data in the column will be lost.
  - You are about to drop the column `organizationId` on the `ContractParty` table. All the data in the column will be lost.
  - You are about to drop the column `contactId` on the `Invoice` table. All the data in the column will be lost.
  - You are about to drop the column `organizationId` on the `Invoice` table. All the data in the column will be lost.
  - You are about to drop the column `buyerContactId` on the `Offspring` table. All the data in the column will be lost.
  - You are about to drop the column `buyerOrganizationId` on the `Offspring` table. All the data in the column will be lost.
  - You are about to drop the column `buyerContactId` on the `OffspringContract` table. All the data in the column will be lost.
  - You are about to drop the column `buyerOrganizationId` on the `OffspringContract` table. All the data in the column will be lost.
  - You are about to drop the column `type` on the `Party` table. All the data in the column will be lost.
  - You are about to drop the column `contactId` on the `User` table. All the data in the column will be lost.
  - You are about to drop the column `contactId` on the `WaitlistEntry` table. All the data in the column will be lost.
  - You are about to drop the column `organizationId` on the `WaitlistEntry` table. All the data in the column will be lost.
  - Added the required column `kind` to the `Party` table without a default value. This is not possible if the table is not empty.

*/
-- DropForeignKey
ALTER TABLE "Animal" DROP CONSTRAINT "Animal_buyerContactId_fkey";

-- DropForeignKey
ALTER TABLE "Animal" DROP CONSTRAINT "Animal_buyerOrganizationId_fkey";

-- DropForeignKey
ALTER TABLE "AnimalOwner" DROP CONSTRAINT "AnimalOwner_contactId_fkey";

-- DropForeignKey
ALTER TABLE "AnimalOwner" DROP CONSTRAINT "AnimalOwner_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "BreedingAttempt" DROP CONSTRAINT "BreedingAttempt_studOwnerContactId_fkey";

-- DropForeignKey
ALTER TABLE "ContractParty" DROP CONSTRAINT "ContractParty_contactId_fkey";

-- DropForeignKey
ALTER TABLE "ContractParty" DROP CONSTRAINT "ContractParty_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "Invoice" DROP CONSTRAINT "Invoice_contactId_fkey";

-- DropForeignKey
ALTER TABLE "Invoice" DROP CONSTRAINT "Invoice_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "Offspring" DROP CONSTRAINT "Offspring_buyerContactId_fkey";

-- DropForeignKey
ALTER TABLE "Offspring" DROP CONSTRAINT "Offspring_buyerOrganizationId_fkey";

-- DropForeignKey
ALTER TABLE "OffspringContract" DROP CONSTRAINT "OffspringContract_buyerContactId_fkey";

-- DropForeignKey
ALTER TABLE "OffspringContract" DROP CONSTRAINT "OffspringContract_buyerOrganizationId_fkey";

-- DropForeignKey
ALTER TABLE "User" DROP CONSTRAINT "User_contactId_fkey";

-- DropForeignKey
ALTER TABLE "WaitlistEntry" DROP CONSTRAINT "WaitlistEntry_contactId_fkey";

-- DropForeignKey
ALTER TABLE "WaitlistEntry" DROP CONSTRAINT "WaitlistEntry_organizationId_fkey";

-- DropIndex
DROP INDEX "Animal_buyerContactId_idx";

-- DropIndex
DROP INDEX "Animal_buyerOrganizationId_idx";

-- DropIndex
DROP INDEX "AnimalOwner_contactId_idx";

-- DropIndex
DROP INDEX "AnimalOwner_organizationId_idx";

-- DropIndex
DROP INDEX "BreedingAttempt_studOwnerContactId_idx";

-- DropIndex
DROP INDEX "ContractParty_contactId_idx";

-- DropIndex
DROP INDEX "ContractParty_organizationId_idx";

-- DropIndex
DROP INDEX "Invoice_contactId_idx";

-- DropIndex
DROP INDEX "Invoice_organizationId_idx";

-- DropIndex
DROP INDEX "Offspring_buyerContactId_idx";

-- DropIndex
DROP INDEX "Offspring_buyerOrganizationId_idx";

-- DropIndex
DROP INDEX "OffspringContract_buyerContactId_idx";

-- DropIndex
DROP INDEX "OffspringContract_buyerOrganizationId_idx";

-- DropIndex
DROP INDEX "User_contactId_key";

-- DropIndex
DROP INDEX "WaitlistEntry_contactId_idx";

-- DropIndex
DROP INDEX "WaitlistEntry_organizationId_idx";

-- AlterTable
ALTER TABLE "Animal" DROP COLUMN "buyerContactId",
DROP COLUMN "buyerOrganizationId",
DROP COLUMN "buyerPartyType";

-- AlterTable
ALTER TABLE "AnimalOwner" DROP COLUMN "contactId",
DROP COLUMN "organizationId",
DROP COLUMN "partyType";

-- AlterTable
ALTER TABLE "BreedingAttempt" DROP COLUMN "studOwnerContactId";

-- AlterTable
ALTER TABLE "ContractParty" DROP COLUMN "contactId",
DROP COLUMN "organizationId";

-- AlterTable
ALTER TABLE "Invoice" DROP COLUMN "contactId",
DROP COLUMN "organizationId";

-- AlterTable
ALTER TABLE "Offspring" DROP COLUMN "buyerContactId",
DROP COLUMN "buyerOrganizationId";

-- AlterTable
ALTER TABLE "OffspringContract" DROP COLUMN "buyerContactId",
DROP COLUMN "buyerOrganizationId";

-- AlterTable
-- Edited by hand: Prisma generated DROP COLUMN "type" + ADD COLUMN "kind" (and a
-- drop/create of the index on it). A rename keeps the data, so we rename both.
ALTER TABLE "Party" RENAME COLUMN "type" TO "kind";

-- AlterTable
ALTER TABLE "User" DROP COLUMN "contactId";

-- AlterTable
ALTER TABLE "WaitlistEntry" DROP COLUMN "contactId",
DROP COLUMN "organizationId";

-- RenameIndex
ALTER INDEX "Party_tenantId_type_idx" RENAME TO "Party_tenantId_kind_idx";
