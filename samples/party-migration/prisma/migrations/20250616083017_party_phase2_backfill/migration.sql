-- Party migration, phase 2: backfill.
-- Hand-written: created with `prisma migrate dev --create-only --name party_phase2_backfill`.
-- No schema change. Every statement only touches rows whose party id is still NULL,
-- so a partially backfilled database can run it again.

-- Reserve one Party id per Contact and per Organization
UPDATE "Contact"
SET "partyId" = nextval(pg_get_serial_sequence('"Party"', 'id'))
WHERE "partyId" IS NULL;

UPDATE "Organization"
SET "partyId" = nextval(pg_get_serial_sequence('"Party"', 'id'))
WHERE "partyId" IS NULL;

-- Create the Party rows under the reserved ids
INSERT INTO "Party" ("id", "tenantId", "type", "displayName", "email", "phone", "createdAt", "updatedAt")
SELECT c."partyId", c."tenantId", 'CONTACT'::"PartyType", trim(c."firstName" || ' ' || c."lastName"), c."email", c."phone", c."createdAt", CURRENT_TIMESTAMP
FROM "Contact" c
WHERE NOT EXISTS (SELECT 1 FROM "Party" p WHERE p."id" = c."partyId");

INSERT INTO "Party" ("id", "tenantId", "type", "displayName", "email", "phone", "createdAt", "updatedAt")
SELECT o."partyId", o."tenantId", 'ORGANIZATION'::"PartyType", o."name", o."email", o."phone", o."createdAt", CURRENT_TIMESTAMP
FROM "Organization" o
WHERE NOT EXISTS (SELECT 1 FROM "Party" p WHERE p."id" = o."partyId");

-- WaitlistEntry.contactId / organizationId -> clientPartyId
UPDATE "WaitlistEntry" w
SET "clientPartyId" = c."partyId"
FROM "Contact" c
WHERE w."contactId" = c."id" AND w."clientPartyId" IS NULL;

UPDATE "WaitlistEntry" w
SET "clientPartyId" = o."partyId"
FROM "Organization" o
WHERE w."organizationId" = o."id" AND w."clientPartyId" IS NULL;

-- AnimalOwner.contactId / organizationId (discriminated by partyType) -> partyId
UPDATE "AnimalOwner" ao
SET "partyId" = c."partyId"
FROM "Contact" c
WHERE ao."partyType" = 'CONTACT' AND ao."contactId" = c."id" AND ao."partyId" IS NULL;

UPDATE "AnimalOwner" ao
SET "partyId" = o."partyId"
FROM "Organization" o
WHERE ao."partyType" = 'ORGANIZATION' AND ao."organizationId" = o."id" AND ao."partyId" IS NULL;

-- BreedingAttempt.studOwnerContactId -> studOwnerPartyId
UPDATE "BreedingAttempt" b
SET "studOwnerPartyId" = c."partyId"
FROM "Contact" c
WHERE b."studOwnerContactId" = c."id" AND b."studOwnerPartyId" IS NULL;

-- Offspring.buyerContactId / buyerOrganizationId -> buyerPartyId
UPDATE "Offspring" os
SET "buyerPartyId" = c."partyId"
FROM "Contact" c
WHERE os."buyerContactId" = c."id" AND os."buyerPartyId" IS NULL;

UPDATE "Offspring" os
SET "buyerPartyId" = o."partyId"
FROM "Organization" o
WHERE os."buyerOrganizationId" = o."id" AND os."buyerPartyId" IS NULL;

-- Animal.buyerContactId / buyerOrganizationId (discriminated by buyerPartyType) -> buyerPartyId
UPDATE "Animal" a
SET "buyerPartyId" = c."partyId"
FROM "Contact" c
WHERE a."buyerPartyType" = 'CONTACT' AND a."buyerContactId" = c."id" AND a."buyerPartyId" IS NULL;

UPDATE "Animal" a
SET "buyerPartyId" = o."partyId"
FROM "Organization" o
WHERE a."buyerPartyType" = 'ORGANIZATION' AND a."buyerOrganizationId" = o."id" AND a."buyerPartyId" IS NULL;

-- User.contactId -> partyId
UPDATE "User" u
SET "partyId" = c."partyId"
FROM "Contact" c
WHERE u."contactId" = c."id" AND u."partyId" IS NULL;

-- Invoice.contactId / organizationId -> clientPartyId
UPDATE "Invoice" i
SET "clientPartyId" = c."partyId"
FROM "Contact" c
WHERE i."contactId" = c."id" AND i."clientPartyId" IS NULL;

UPDATE "Invoice" i
SET "clientPartyId" = o."partyId"
FROM "Organization" o
WHERE i."organizationId" = o."id" AND i."clientPartyId" IS NULL;

-- ContractParty.contactId / organizationId -> partyId
UPDATE "ContractParty" cp
SET "partyId" = c."partyId"
FROM "Contact" c
WHERE cp."contactId" = c."id" AND cp."partyId" IS NULL;

UPDATE "ContractParty" cp
SET "partyId" = o."partyId"
FROM "Organization" o
WHERE cp."organizationId" = o."id" AND cp."partyId" IS NULL;

-- OffspringContract.buyerContactId / buyerOrganizationId -> buyerPartyId
UPDATE "OffspringContract" oc
SET "buyerPartyId" = c."partyId"
FROM "Contact" c
WHERE oc."buyerContactId" = c."id" AND oc."buyerPartyId" IS NULL;

UPDATE "OffspringContract" oc
SET "buyerPartyId" = o."partyId"
FROM "Organization" o
WHERE oc."buyerOrganizationId" = o."id" AND oc."buyerPartyId" IS NULL;
