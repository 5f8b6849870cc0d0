-- AlterTable
ALTER TABLE "WaitlistEntry" ADD COLUMN     "depositCents" INTEGER,
ADD COLUMN     "depositPaidAt" TIMESTAMP(3),
ADD COLUMN     "depositRefundable" BOOLEAN NOT NULL DEFAULT false;
