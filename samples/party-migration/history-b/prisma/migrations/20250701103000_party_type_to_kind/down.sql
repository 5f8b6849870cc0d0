-- Down migration, generated with
-- prisma migrate diff --from-schema-datamodel prisma/schema.prisma --to-schema-datasource ... --script

-- DropIndex
DROP INDEX "Party_tenantId_kind_idx";

-- AlterTable
ALTER TABLE "Party" DROP COLUMN "kind",
ADD COLUMN     "type" "PartyType" NOT NULL DEFAULT 'CONTACT';

-- CreateIndex
CREATE INDEX "Party_tenantId_type_idx" ON "Party"("tenantId", "type");
