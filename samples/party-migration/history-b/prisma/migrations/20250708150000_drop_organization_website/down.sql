-- Down migration, written by hand: "ALTER TABLE ADD COLUMN to restore legacy fields".

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN "website" TEXT;
