--
-- PostgreSQL database dump
--

\restrict KennelworksNightlyBackup

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

-- Started on 2025-06-09 02:00:00 UTC

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- TOC entry 887 (class 1247 OID 16426)
-- Name: AnimalStatus; Type: TYPE; Schema: public; Owner: postgres
--

CREATE TYPE public."AnimalStatus" AS ENUM (
    'ACTIVE',
    'BREEDING',
    'RETIRED',
    'SOLD',
    'DECEASED'
);


ALTER TYPE public."AnimalStatus" OWNER TO postgres;

--
-- TOC entry 893 (class 1247 OID 16448)
-- Name: BreedingAttemptStatus; Type: TYPE; Schema: public; Owner: postgres
--

CREATE TYPE public."BreedingAttemptStatus" AS ENUM (
    'PLANNED',
    'BRED',
    'CONFIRMED',
    'FAILED'
);


ALTER TYPE public."BreedingAttemptStatus" OWNER TO postgres;

--
-- TOC entry 890 (class 1247 OID 16438)
-- Name: BreedingMethod; Type: TYPE; Schema: public; Owner: postgres
--

CREATE TYPE public."BreedingMethod" AS ENUM (
    'NATURAL',
    'AI_FRESH',
    'AI_CHILLED',
    'AI_FROZEN'
);


ALTER TYPE public."BreedingMethod" OWNER TO postgres;

--
-- TOC entry 959 (class 1247 OID 16926)
-- Name: ContractPartyRole; Type: TYPE; Schema: public; Owner: postgres
--

CREATE TYPE public."ContractPartyRole" AS ENUM (
    'SELLER',
    'BUYER',
    'CO_OWNER',
    'GUARANTOR'
);


ALTER TYPE public."ContractPartyRole" OWNER TO postgres;

--
-- TOC entry 956 (class 1247 OID 16915)
-- Name: ContractStatus; Type: TYPE; Schema: public; Owner: postgres
--

CREATE TYPE public."ContractStatus" AS ENUM (
    'DRAFT',
    'SENT',
    'SIGNED',
    'VOID',
    'EXPIRED'
);


ALTER TYPE public."ContractStatus" OWNER TO postgres;

--
-- TOC entry 941 (class 1247 OID 16819)
-- Name: InvoiceStatus; Type: TYPE; Schema: public; Owner: postgres
--

CREATE TYPE public."InvoiceStatus" AS ENUM (
    'DRAFT',
    'SENT',
    'PARTIALLY_PAID',
    'PAID',
    'VOID'
);


ALTER TYPE public."InvoiceStatus" OWNER TO postgres;

--
-- TOC entry 896 (class 1247 OID 16458)
-- Name: OffspringStatus; Type: TYPE; Schema: public; Owner: postgres
--

CREATE TYPE public."OffspringStatus" AS ENUM (
    'AVAILABLE',
    'RESERVED',
    'SOLD',
    'RETAINED',
    'DECEASED'
);


ALTER TYPE public."OffspringStatus" OWNER TO postgres;

--
-- TOC entry 944 (class 1247 OID 16830)
-- Name: PaymentMethod; Type: TYPE; Schema: public; Owner: postgres
--

CREATE TYPE public."PaymentMethod" AS ENUM (
    'CASH',
    'CARD',
    'BANK_TRANSFER',
    'CHECK',
    'OTHER'
);


ALTER TYPE public."PaymentMethod" OWNER TO postgres;

--
-- TOC entry 884 (class 1247 OID 16418)
-- Name: Sex; Type: TYPE; Schema: public; Owner: postgres
--

CREATE TYPE public."Sex" AS ENUM (
    'MALE',
    'FEMALE',
    'UNKNOWN'
);


ALTER TYPE public."Sex" OWNER TO postgres;

--
-- TOC entry 881 (class 1247 OID 16404)
-- Name: Species; Type: TYPE; Schema: public; Owner: postgres
--

CREATE TYPE public."Species" AS ENUM (
    'DOG',
    'CAT',
    'HORSE',
    'GOAT',
    'SHEEP',
    'OTHER'
);


ALTER TYPE public."Species" OWNER TO postgres;

--
-- TOC entry 878 (class 1247 OID 16395)
-- Name: UserRole; Type: TYPE; Schema: public; Owner: postgres
--

CREATE TYPE public."UserRole" AS ENUM (
    'OWNER',
    'ADMIN',
    'STAFF',
    'VIEWER'
);


ALTER TYPE public."UserRole" OWNER TO postgres;

--
-- TOC entry 899 (class 1247 OID 16470)
-- Name: WaitlistStatus; Type: TYPE; Schema: public; Owner: postgres
--

CREATE TYPE public."WaitlistStatus" AS ENUM (
    'ACTIVE',
    'MATCHED',
    'FULFILLED',
    'WITHDRAWN'
);


ALTER TYPE public."WaitlistStatus" OWNER TO postgres;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- TOC entry 226 (class 1259 OID 16531)
-- Name: Animal; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."Animal" (
    id integer NOT NULL,
    "tenantId" integer NOT NULL,
    "breedId" integer,
    name text NOT NULL,
    "registeredName" text,
    "registrationNumber" text,
    microchip text,
    sex public."Sex" NOT NULL,
    "dateOfBirth" date,
    color text,
    status public."AnimalStatus" DEFAULT 'ACTIVE'::public."AnimalStatus" NOT NULL,
    "damId" integer,
    "sireId" integer,
    "buyerContactId" integer,
    "buyerOrganizationId" integer,
    "buyerPartyType" text,
    "soldAt" timestamp(3) without time zone,
    "createdAt" timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    "updatedAt" timestamp(3) without time zone NOT NULL
);


ALTER TABLE public."Animal" OWNER TO postgres;

--
-- TOC entry 228 (class 1259 OID 16542)
-- Name: AnimalOwner; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."AnimalOwner" (
    id integer NOT NULL,
    "animalId" integer NOT NULL,
    "contactId" integer,
    "organizationId" integer,
    "partyType" text NOT NULL,
    percentage numeric(5,2) DEFAULT 100 NOT NULL,
    "isPrimary" boolean DEFAULT false NOT NULL,
    since date,
    until date,
    "createdAt" timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


ALTER TABLE public."AnimalOwner" OWNER TO postgres;

--
-- TOC entry 227 (class 1259 OID 16541)
-- Name: AnimalOwner_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public."AnimalOwner_id_seq"
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public."AnimalOwner_id_seq" OWNER TO postgres;

--
-- TOC entry 3707 (class 0 OID 0)
-- Dependencies: 227
-- Name: AnimalOwner_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public."AnimalOwner_id_seq" OWNED BY public."AnimalOwner".id;


--
-- TOC entry 225 (class 1259 OID 16530)
-- Name: Animal_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public."Animal_id_seq"
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public."Animal_id_seq" OWNER TO postgres;

--
-- TOC entry 3708 (class 0 OID 0)
-- Dependencies: 225
-- Name: Animal_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public."Animal_id_seq" OWNED BY public."Animal".id;


--
-- TOC entry 240 (class 1259 OID 16608)
-- Name: AuditLog; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."AuditLog" (
    id integer NOT NULL,
    "tenantId" integer NOT NULL,
    "userId" integer,
    "entityType" text NOT NULL,
    "entityId" integer NOT NULL,
    action text NOT NULL,
    changes jsonb,
    "createdAt" timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


ALTER TABLE public."AuditLog" OWNER TO postgres;

--
-- TOC entry 239 (class 1259 OID 16607)
-- Name: AuditLog_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public."AuditLog_id_seq"
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public."AuditLog_id_seq" OWNER TO postgres;

--
-- TOC entry 3709 (class 0 OID 0)
-- Dependencies: 239
-- Name: AuditLog_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public."AuditLog_id_seq" OWNED BY public."AuditLog".id;


--
-- TOC entry 224 (class 1259 OID 16522)
-- Name: Breed; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."Breed" (
    id integer NOT NULL,
    name text NOT NULL,
    species public."Species" NOT NULL,
    registry text
);


ALTER TABLE public."Breed" OWNER TO postgres;

--
-- TOC entry 223 (class 1259 OID 16521)
-- Name: Breed_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public."Breed_id_seq"
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public."Breed_id_seq" OWNER TO postgres;

--
-- TOC entry 3710 (class 0 OID 0)
-- Dependencies: 223
-- Name: Breed_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public."Breed_id_seq" OWNED BY public."Breed".id;


--
-- TOC entry 230 (class 1259 OID 16554)
-- Name: BreedingAttempt; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."BreedingAttempt" (
    id integer NOT NULL,
    "tenantId" integer NOT NULL,
    "damId" integer NOT NULL,
    "sireId" integer,
    "externalStudName" text,
    "studOwnerContactId" integer,
    method public."BreedingMethod" DEFAULT 'NATURAL'::public."BreedingMethod" NOT NULL,
    status public."BreedingAttemptStatus" DEFAULT 'PLANNED'::public."BreedingAttemptStatus" NOT NULL,
    "attemptedAt" timestamp(3) without time zone,
    "studFeeCents" integer,
    notes text,
    "createdAt" timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    "updatedAt" timestamp(3) without time zone NOT NULL
);


ALTER TABLE public."BreedingAttempt" OWNER TO postgres;

--
-- TOC entry 229 (class 1259 OID 16553)
-- Name: BreedingAttempt_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public."BreedingAttempt_id_seq"
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public."BreedingAttempt_id_seq" OWNER TO postgres;

--
-- TOC entry 3711 (class 0 OID 0)
-- Dependencies: 229
-- Name: BreedingAttempt_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public."BreedingAttempt_id_seq" OWNED BY public."BreedingAttempt".id;


--
-- TOC entry 220 (class 1259 OID 16502)
-- Name: Contact; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."Contact" (
    id integer NOT NULL,
    "tenantId" integer NOT NULL,
    "firstName" text NOT NULL,
    "lastName" text NOT NULL,
    email text,
    phone text,
    "addressLine1" text,
    "addressLine2" text,
    city text,
    region text,
    "postalCode" text,
    country text,
    notes text,
    "createdAt" timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    "updatedAt" timestamp(3) without time zone NOT NULL
);


ALTER TABLE public."Contact" OWNER TO postgres;

--
-- TOC entry 219 (class 1259 OID 16501)
-- Name: Contact_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public."Contact_id_seq"
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public."Contact_id_seq" OWNER TO postgres;

--
-- TOC entry 3712 (class 0 OID 0)
-- Dependencies: 219
-- Name: Contact_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public."Contact_id_seq" OWNED BY public."Contact".id;


--
-- TOC entry 248 (class 1259 OID 16936)
-- Name: Contract; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."Contract" (
    id integer NOT NULL,
    "tenantId" integer NOT NULL,
    title text NOT NULL,
    "templateKey" text,
    status public."ContractStatus" DEFAULT 'DRAFT'::public."ContractStatus" NOT NULL,
    body text,
    "sentAt" timestamp(3) without time zone,
    "signedAt" timestamp(3) without time zone,
    "createdAt" timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    "updatedAt" timestamp(3) without time zone NOT NULL
);


ALTER TABLE public."Contract" OWNER TO postgres;

--
-- TOC entry 250 (class 1259 OID 16947)
-- Name: ContractParty; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."ContractParty" (
    id integer NOT NULL,
    "contractId" integer NOT NULL,
    "contactId" integer,
    "organizationId" integer,
    role public."ContractPartyRole" NOT NULL,
    "signatureName" text,
    "signedAt" timestamp(3) without time zone,
    "createdAt" timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


ALTER TABLE public."ContractParty" OWNER TO postgres;

--
-- TOC entry 249 (class 1259 OID 16946)
-- Name: ContractParty_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public."ContractParty_id_seq"
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public."ContractParty_id_seq" OWNER TO postgres;

--
-- TOC entry 3713 (class 0 OID 0)
-- Dependencies: 249
-- Name: ContractParty_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public."ContractParty_id_seq" OWNED BY public."ContractParty".id;


--
-- TOC entry 247 (class 1259 OID 16935)
-- Name: Contract_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public."Contract_id_seq"
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public."Contract_id_seq" OWNER TO postgres;

--
-- TOC entry 3714 (class 0 OID 0)
-- Dependencies: 247
-- Name: Contract_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public."Contract_id_seq" OWNED BY public."Contract".id;


--
-- TOC entry 238 (class 1259 OID 16598)
-- Name: HealthRecord; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."HealthRecord" (
    id integer NOT NULL,
    "animalId" integer NOT NULL,
    "recordedAt" timestamp(3) without time zone NOT NULL,
    category text NOT NULL,
    title text NOT NULL,
    notes text,
    "vetName" text,
    "attachmentUrl" text,
    "createdAt" timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


ALTER TABLE public."HealthRecord" OWNER TO postgres;

--
-- TOC entry 237 (class 1259 OID 16597)
-- Name: HealthRecord_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public."HealthRecord_id_seq"
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public."HealthRecord_id_seq" OWNER TO postgres;

--
-- TOC entry 3715 (class 0 OID 0)
-- Dependencies: 237
-- Name: HealthRecord_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public."HealthRecord_id_seq" OWNED BY public."HealthRecord".id;


--
-- TOC entry 242 (class 1259 OID 16842)
-- Name: Invoice; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."Invoice" (
    id integer NOT NULL,
    "tenantId" integer NOT NULL,
    number text NOT NULL,
    "contactId" integer,
    "organizationId" integer,
    "offspringId" integer,
    status public."InvoiceStatus" DEFAULT 'DRAFT'::public."InvoiceStatus" NOT NULL,
    currency text DEFAULT 'USD'::text NOT NULL,
    "subtotalCents" integer DEFAULT 0 NOT NULL,
    "taxCents" integer DEFAULT 0 NOT NULL,
    "totalCents" integer DEFAULT 0 NOT NULL,
    "issuedAt" timestamp(3) without time zone,
    "dueAt" timestamp(3) without time zone,
    "paidAt" timestamp(3) without time zone,
    notes text,
    "createdAt" timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    "updatedAt" timestamp(3) without time zone NOT NULL
);


ALTER TABLE public."Invoice" OWNER TO postgres;

--
-- TOC entry 244 (class 1259 OID 16857)
-- Name: InvoiceLineItem; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."InvoiceLineItem" (
    id integer NOT NULL,
    "invoiceId" integer NOT NULL,
    description text NOT NULL,
    quantity integer DEFAULT 1 NOT NULL,
    "unitPriceCents" integer NOT NULL,
    "totalCents" integer NOT NULL,
    "sortOrder" integer DEFAULT 0 NOT NULL
);


ALTER TABLE public."InvoiceLineItem" OWNER TO postgres;

--
-- TOC entry 243 (class 1259 OID 16856)
-- Name: InvoiceLineItem_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public."InvoiceLineItem_id_seq"
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public."InvoiceLineItem_id_seq" OWNER TO postgres;

--
-- TOC entry 3716 (class 0 OID 0)
-- Dependencies: 243
-- Name: InvoiceLineItem_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public."InvoiceLineItem_id_seq" OWNED BY public."InvoiceLineItem".id;


--
-- TOC entry 241 (class 1259 OID 16841)
-- Name: Invoice_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public."Invoice_id_seq"
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public."Invoice_id_seq" OWNER TO postgres;

--
-- TOC entry 3717 (class 0 OID 0)
-- Dependencies: 241
-- Name: Invoice_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public."Invoice_id_seq" OWNED BY public."Invoice".id;


--
-- TOC entry 232 (class 1259 OID 16566)
-- Name: Litter; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."Litter" (
    id integer NOT NULL,
    "tenantId" integer NOT NULL,
    "breedingAttemptId" integer,
    "damId" integer NOT NULL,
    "sireId" integer,
    name text,
    "expectedAt" date,
    "bornAt" date,
    "countBorn" integer,
    "countAlive" integer,
    notes text,
    "createdAt" timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    "updatedAt" timestamp(3) without time zone NOT NULL
);


ALTER TABLE public."Litter" OWNER TO postgres;

--
-- TOC entry 231 (class 1259 OID 16565)
-- Name: Litter_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public."Litter_id_seq"
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public."Litter_id_seq" OWNER TO postgres;

--
-- TOC entry 3718 (class 0 OID 0)
-- Dependencies: 231
-- Name: Litter_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public."Litter_id_seq" OWNED BY public."Litter".id;


--
-- TOC entry 234 (class 1259 OID 16576)
-- Name: Offspring; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."Offspring" (
    id integer NOT NULL,
    "litterId" integer NOT NULL,
    "animalId" integer,
    "collarColor" text,
    name text,
    sex public."Sex" NOT NULL,
    status public."OffspringStatus" DEFAULT 'AVAILABLE'::public."OffspringStatus" NOT NULL,
    "priceCents" integer,
    "buyerContactId" integer,
    "buyerOrganizationId" integer,
    "placedAt" timestamp(3) without time zone,
    "createdAt" timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    "updatedAt" timestamp(3) without time zone NOT NULL
);


ALTER TABLE public."Offspring" OWNER TO postgres;

--
-- TOC entry 252 (class 1259 OID 16957)
-- Name: OffspringContract; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."OffspringContract" (
    id integer NOT NULL,
    "offspringId" integer NOT NULL,
    "contractId" integer NOT NULL,
    "buyerContactId" integer,
    "buyerOrganizationId" integer,
    "depositCents" integer,
    "createdAt" timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


ALTER TABLE public."OffspringContract" OWNER TO postgres;

--
-- TOC entry 251 (class 1259 OID 16956)
-- Name: OffspringContract_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public."OffspringContract_id_seq"
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public."OffspringContract_id_seq" OWNER TO postgres;

--
-- TOC entry 3719 (class 0 OID 0)
-- Dependencies: 251
-- Name: OffspringContract_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public."OffspringContract_id_seq" OWNED BY public."OffspringContract".id;


--
-- TOC entry 233 (class 1259 OID 16575)
-- Name: Offspring_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public."Offspring_id_seq"
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public."Offspring_id_seq" OWNER TO postgres;

--
-- TOC entry 3720 (class 0 OID 0)
-- Dependencies: 233
-- Name: Offspring_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public."Offspring_id_seq" OWNED BY public."Offspring".id;


--
-- TOC entry 222 (class 1259 OID 16512)
-- Name: Organization; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."Organization" (
    id integer NOT NULL,
    "tenantId" integer NOT NULL,
    name text NOT NULL,
    email text,
    phone text,
    website text,
    "addressLine1" text,
    "addressLine2" text,
    city text,
    region text,
    "postalCode" text,
    country text,
    notes text,
    "createdAt" timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    "updatedAt" timestamp(3) without time zone NOT NULL
);


ALTER TABLE public."Organization" OWNER TO postgres;

--
-- TOC entry 221 (class 1259 OID 16511)
-- Name: Organization_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public."Organization_id_seq"
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public."Organization_id_seq" OWNER TO postgres;

--
-- TOC entry 3721 (class 0 OID 0)
-- Dependencies: 221
-- Name: Organization_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public."Organization_id_seq" OWNED BY public."Organization".id;


--
-- TOC entry 246 (class 1259 OID 16868)
-- Name: Payment; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."Payment" (
    id integer NOT NULL,
    "invoiceId" integer NOT NULL,
    "amountCents" integer NOT NULL,
    method public."PaymentMethod" NOT NULL,
    reference text,
    "receivedAt" timestamp(3) without time zone NOT NULL,
    "createdAt" timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


ALTER TABLE public."Payment" OWNER TO postgres;

--
-- TOC entry 245 (class 1259 OID 16867)
-- Name: Payment_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public."Payment_id_seq"
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public."Payment_id_seq" OWNER TO postgres;

--
-- TOC entry 3722 (class 0 OID 0)
-- Dependencies: 245
-- Name: Payment_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public."Payment_id_seq" OWNED BY public."Payment".id;


--
-- TOC entry 216 (class 1259 OID 16480)
-- Name: Tenant; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."Tenant" (
    id integer NOT NULL,
    name text NOT NULL,
    slug text NOT NULL,
    "kennelPrefix" text,
    timezone text DEFAULT 'UTC'::text NOT NULL,
    "createdAt" timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    "updatedAt" timestamp(3) without time zone NOT NULL
);


ALTER TABLE public."Tenant" OWNER TO postgres;

--
-- TOC entry 215 (class 1259 OID 16479)
-- Name: Tenant_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public."Tenant_id_seq"
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public."Tenant_id_seq" OWNER TO postgres;

--
-- TOC entry 3723 (class 0 OID 0)
-- Dependencies: 215
-- Name: Tenant_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public."Tenant_id_seq" OWNED BY public."Tenant".id;


--
-- TOC entry 218 (class 1259 OID 16491)
-- Name: User; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."User" (
    id integer NOT NULL,
    "tenantId" integer NOT NULL,
    email text NOT NULL,
    "passwordHash" text NOT NULL,
    name text,
    role public."UserRole" DEFAULT 'STAFF'::public."UserRole" NOT NULL,
    "contactId" integer,
    "lastLoginAt" timestamp(3) without time zone,
    "createdAt" timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    "updatedAt" timestamp(3) without time zone NOT NULL
);


ALTER TABLE public."User" OWNER TO postgres;

--
-- TOC entry 217 (class 1259 OID 16490)
-- Name: User_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public."User_id_seq"
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public."User_id_seq" OWNER TO postgres;

--
-- TOC entry 3724 (class 0 OID 0)
-- Dependencies: 217
-- Name: User_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public."User_id_seq" OWNED BY public."User".id;


--
-- TOC entry 236 (class 1259 OID 16587)
-- Name: WaitlistEntry; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."WaitlistEntry" (
    id integer NOT NULL,
    "tenantId" integer NOT NULL,
    "breedId" integer,
    "litterId" integer,
    "contactId" integer,
    "organizationId" integer,
    "position" integer NOT NULL,
    status public."WaitlistStatus" DEFAULT 'ACTIVE'::public."WaitlistStatus" NOT NULL,
    "sexPreference" public."Sex",
    "colorPreference" text,
    notes text,
    "createdAt" timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    "updatedAt" timestamp(3) without time zone NOT NULL,
    "depositCents" integer,
    "depositPaidAt" timestamp(3) without time zone,
    "depositRefundable" boolean DEFAULT false NOT NULL
);


ALTER TABLE public."WaitlistEntry" OWNER TO postgres;

--
-- TOC entry 235 (class 1259 OID 16586)
-- Name: WaitlistEntry_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public."WaitlistEntry_id_seq"
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public."WaitlistEntry_id_seq" OWNER TO postgres;

--
-- TOC entry 3725 (class 0 OID 0)
-- Dependencies: 235
-- Name: WaitlistEntry_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public."WaitlistEntry_id_seq" OWNED BY public."WaitlistEntry".id;


--
-- TOC entry 214 (class 1259 OID 16385)
-- Name: _prisma_migrations; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public._prisma_migrations (
    id character varying(36) NOT NULL,
    checksum character varying(64) NOT NULL,
    finished_at timestamp with time zone,
    migration_name character varying(255) NOT NULL,
    logs text,
    rolled_back_at timestamp with time zone,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    applied_steps_count integer DEFAULT 0 NOT NULL
);


ALTER TABLE public._prisma_migrations OWNER TO postgres;

--
-- TOC entry 3340 (class 2604 OID 16534)
-- Name: Animal id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Animal" ALTER COLUMN id SET DEFAULT nextval('public."Animal_id_seq"'::regclass);


--
-- TOC entry 3343 (class 2604 OID 16545)
-- Name: AnimalOwner id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."AnimalOwner" ALTER COLUMN id SET DEFAULT nextval('public."AnimalOwner_id_seq"'::regclass);


--
-- TOC entry 3362 (class 2604 OID 16611)
-- Name: AuditLog id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."AuditLog" ALTER COLUMN id SET DEFAULT nextval('public."AuditLog_id_seq"'::regclass);


--
-- TOC entry 3339 (class 2604 OID 16525)
-- Name: Breed id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Breed" ALTER COLUMN id SET DEFAULT nextval('public."Breed_id_seq"'::regclass);


--
-- TOC entry 3347 (class 2604 OID 16557)
-- Name: BreedingAttempt id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."BreedingAttempt" ALTER COLUMN id SET DEFAULT nextval('public."BreedingAttempt_id_seq"'::regclass);


--
-- TOC entry 3335 (class 2604 OID 16505)
-- Name: Contact id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Contact" ALTER COLUMN id SET DEFAULT nextval('public."Contact_id_seq"'::regclass);


--
-- TOC entry 3376 (class 2604 OID 16939)
-- Name: Contract id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Contract" ALTER COLUMN id SET DEFAULT nextval('public."Contract_id_seq"'::regclass);


--
-- TOC entry 3379 (class 2604 OID 16950)
-- Name: ContractParty id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."ContractParty" ALTER COLUMN id SET DEFAULT nextval('public."ContractParty_id_seq"'::regclass);


--
-- TOC entry 3360 (class 2604 OID 16601)
-- Name: HealthRecord id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."HealthRecord" ALTER COLUMN id SET DEFAULT nextval('public."HealthRecord_id_seq"'::regclass);


--
-- TOC entry 3364 (class 2604 OID 16845)
-- Name: Invoice id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Invoice" ALTER COLUMN id SET DEFAULT nextval('public."Invoice_id_seq"'::regclass);


--
-- TOC entry 3371 (class 2604 OID 16860)
-- Name: InvoiceLineItem id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."InvoiceLineItem" ALTER COLUMN id SET DEFAULT nextval('public."InvoiceLineItem_id_seq"'::regclass);


--
-- TOC entry 3351 (class 2604 OID 16569)
-- Name: Litter id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Litter" ALTER COLUMN id SET DEFAULT nextval('public."Litter_id_seq"'::regclass);


--
-- TOC entry 3353 (class 2604 OID 16579)
-- Name: Offspring id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Offspring" ALTER COLUMN id SET DEFAULT nextval('public."Offspring_id_seq"'::regclass);


--
-- TOC entry 3381 (class 2604 OID 16960)
-- Name: OffspringContract id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."OffspringContract" ALTER COLUMN id SET DEFAULT nextval('public."OffspringContract_id_seq"'::regclass);


--
-- TOC entry 3337 (class 2604 OID 16515)
-- Name: Organization id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Organization" ALTER COLUMN id SET DEFAULT nextval('public."Organization_id_seq"'::regclass);


--
-- TOC entry 3374 (class 2604 OID 16871)
-- Name: Payment id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Payment" ALTER COLUMN id SET DEFAULT nextval('public."Payment_id_seq"'::regclass);


--
-- TOC entry 3329 (class 2604 OID 16483)
-- Name: Tenant id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Tenant" ALTER COLUMN id SET DEFAULT nextval('public."Tenant_id_seq"'::regclass);


--
-- TOC entry 3332 (class 2604 OID 16494)
-- Name: User id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."User" ALTER COLUMN id SET DEFAULT nextval('public."User_id_seq"'::regclass);


--
-- TOC entry 3356 (class 2604 OID 16590)
-- Name: WaitlistEntry id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."WaitlistEntry" ALTER COLUMN id SET DEFAULT nextval('public."WaitlistEntry_id_seq"'::regclass);


--
-- TOC entry 3675 (class 0 OID 16531)
-- Dependencies: 226
-- Data for Name: Animal; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public."Animal" (id, "tenantId", "breedId", name, "registeredName", "registrationNumber", microchip, sex, "dateOfBirth", color, status, "damId", "sireId", "buyerContactId", "buyerOrganizationId", "buyerPartyType", "soldAt", "createdAt", "updatedAt") FROM stdin;
1	1	1	Juniper	Birchwood Juniper	AKC-BIR-10000	985100000004242	FEMALE	2019-01-03	golden	ACTIVE	\N	\N	\N	\N	\N	\N	2025-01-14 15:20:00	2025-01-14 15:20:00
2	1	2	Maple	Birchwood Maple	AKC-BIR-10037	985100000012161	FEMALE	2020-02-07	black	ACTIVE	\N	\N	\N	\N	\N	\N	2025-01-14 15:21:00	2025-01-14 15:21:00
3	1	1	Hazel	Birchwood Hazel	AKC-BIR-10074	985100000020080	MALE	2021-03-11	black	ACTIVE	\N	\N	\N	\N	\N	\N	2025-01-14 15:22:00	2025-01-14 15:22:00
4	1	2	Bramble	Birchwood Bramble	AKC-BIR-10111	985100000027999	FEMALE	2022-04-15	golden	ACTIVE	\N	\N	\N	\N	\N	\N	2025-01-14 15:23:00	2025-01-14 15:23:00
6	1	2	Tucker	Birchwood Tucker	AKC-BIR-10185	985100000043837	MALE	2020-06-23	black	ACTIVE	\N	\N	\N	\N	\N	\N	2025-01-14 15:25:00	2025-01-14 15:25:00
7	2	3	Pixel	MapleHollow Pixel	TICA-MAP-10222	985100000051756	FEMALE	2019-01-03	blue	ACTIVE	\N	\N	\N	\N	\N	\N	2025-01-14 17:20:00	2025-01-14 17:20:00
8	2	4	Saffron	MapleHollow Saffron	TICA-MAP-10259	985100000059675	FEMALE	2020-02-07	blue	ACTIVE	\N	\N	\N	\N	\N	\N	2025-01-14 17:21:00	2025-01-14 17:21:00
9	2	3	Miso	MapleHollow Miso	TICA-MAP-10296	985100000067594	MALE	2021-03-11	brown tabby	ACTIVE	\N	\N	\N	\N	\N	\N	2025-01-14 17:22:00	2025-01-14 17:22:00
10	2	4	Biscuit	MapleHollow Biscuit	TICA-MAP-10333	985100000075513	FEMALE	2022-04-15	blue	ACTIVE	\N	\N	\N	\N	\N	\N	2025-01-14 17:23:00	2025-01-14 17:23:00
12	2	4	Loki	MapleHollow Loki	TICA-MAP-10407	985100000091351	MALE	2020-06-23	red silver	ACTIVE	\N	\N	\N	\N	\N	\N	2025-01-14 17:25:00	2025-01-14 17:25:00
13	3	5	Kowhai	SilverFern Kowhai	NZTR-SIL-10444	985100000099270	FEMALE	2019-01-03	chestnut	ACTIVE	\N	\N	\N	\N	\N	\N	2025-01-14 19:20:00	2025-01-14 19:20:00
14	3	6	Tui	SilverFern Tui	CPBS-SIL-10481	985100000107189	FEMALE	2020-02-07	bay	ACTIVE	\N	\N	\N	\N	\N	\N	2025-01-14 19:21:00	2025-01-14 19:21:00
15	3	5	Manuka	SilverFern Manuka	NZTR-SIL-10518	985100000115108	MALE	2021-03-11	bay	ACTIVE	\N	\N	\N	\N	\N	\N	2025-01-14 19:22:00	2025-01-14 19:22:00
16	3	6	Rata	SilverFern Rata	CPBS-SIL-10555	985100000123027	FEMALE	2022-04-15	bay	ACTIVE	\N	\N	\N	\N	\N	\N	2025-01-14 19:23:00	2025-01-14 19:23:00
18	3	6	Totara	SilverFern Totara	CPBS-SIL-10629	985100000138865	MALE	2020-06-23	bay	ACTIVE	\N	\N	\N	\N	\N	\N	2025-01-14 19:25:00	2025-01-14 19:25:00
5	1	1	Clover	Birchwood Clover	AKC-BIR-10148	985100000035918	FEMALE	2019-05-19	golden	SOLD	\N	\N	9	\N	CONTACT	2025-03-04 15:00:00	2025-01-14 15:24:00	2025-03-04 15:00:00
11	2	3	Nutmeg	MapleHollow Nutmeg	TICA-MAP-10370	985100000083432	FEMALE	2019-05-19	red silver	SOLD	\N	\N	8	\N	CONTACT	2025-03-04 15:00:00	2025-01-14 17:24:00	2025-03-04 15:00:00
17	3	5	Kauri	SilverFern Kauri	NZTR-SIL-10592	985100000130946	FEMALE	2019-05-19	bay	SOLD	\N	\N	7	\N	CONTACT	2025-03-04 15:00:00	2025-01-14 19:24:00	2025-03-04 15:00:00
\.


--
-- TOC entry 3677 (class 0 OID 16542)
-- Dependencies: 228
-- Data for Name: AnimalOwner; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public."AnimalOwner" (id, "animalId", "contactId", "organizationId", "partyType", percentage, "isPrimary", since, until, "createdAt") FROM stdin;
1	1	1	\N	CONTACT	100.00	t	2025-01-14	\N	2025-01-14 15:20:00
2	2	1	\N	CONTACT	50.00	t	2025-01-14	\N	2025-01-14 15:21:00
3	3	1	\N	CONTACT	100.00	t	2025-01-14	\N	2025-01-14 15:22:00
4	4	1	\N	CONTACT	100.00	t	2025-01-14	\N	2025-01-14 15:23:00
5	5	1	\N	CONTACT	100.00	t	2025-01-14	\N	2025-01-14 15:24:00
6	6	1	\N	CONTACT	100.00	t	2025-01-14	\N	2025-01-14 15:25:00
7	7	2	\N	CONTACT	100.00	t	2025-01-14	\N	2025-01-14 17:20:00
8	8	2	\N	CONTACT	50.00	t	2025-01-14	\N	2025-01-14 17:21:00
9	9	2	\N	CONTACT	100.00	t	2025-01-14	\N	2025-01-14 17:22:00
10	10	2	\N	CONTACT	100.00	t	2025-01-14	\N	2025-01-14 17:23:00
11	11	2	\N	CONTACT	100.00	t	2025-01-14	\N	2025-01-14 17:24:00
12	12	2	\N	CONTACT	100.00	t	2025-01-14	\N	2025-01-14 17:25:00
13	13	3	\N	CONTACT	100.00	t	2025-01-14	\N	2025-01-14 19:20:00
14	14	3	\N	CONTACT	50.00	t	2025-01-14	\N	2025-01-14 19:21:00
15	15	3	\N	CONTACT	100.00	t	2025-01-14	\N	2025-01-14 19:22:00
16	16	3	\N	CONTACT	100.00	t	2025-01-14	\N	2025-01-14 19:23:00
17	17	3	\N	CONTACT	100.00	t	2025-01-14	\N	2025-01-14 19:24:00
18	18	3	\N	CONTACT	100.00	t	2025-01-14	\N	2025-01-14 19:25:00
19	2	\N	1	ORGANIZATION	50.00	f	2025-01-20	\N	2025-01-20 15:20:00
20	8	\N	2	ORGANIZATION	50.00	f	2025-01-20	\N	2025-01-20 17:20:00
21	14	\N	3	ORGANIZATION	50.00	f	2025-01-20	\N	2025-01-20 19:20:00
\.


--
-- TOC entry 3689 (class 0 OID 16608)
-- Dependencies: 240
-- Data for Name: AuditLog; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public."AuditLog" (id, "tenantId", "userId", "entityType", "entityId", action, changes, "createdAt") FROM stdin;
1	1	1	BreedingAttempt	1	create	{"status": [null, "CONFIRMED"]}	2025-01-19 09:30:00
2	2	2	BreedingAttempt	2	create	{"status": [null, "CONFIRMED"]}	2025-01-19 09:30:00
3	3	3	BreedingAttempt	3	create	{"status": [null, "CONFIRMED"]}	2025-01-19 09:30:00
4	3	3	BreedingAttempt	4	create	{"status": [null, "CONFIRMED"]}	2025-01-19 10:30:00
5	3	3	BreedingAttempt	5	create	{"status": [null, "CONFIRMED"]}	2025-01-19 11:30:00
6	1	1	BreedingAttempt	6	create	{"status": [null, "CONFIRMED"]}	2025-02-20 10:00:00
7	2	2	BreedingAttempt	7	create	{"status": [null, "CONFIRMED"]}	2025-02-24 16:00:00
8	1	1	Animal	5	sell	{"status": ["RETIRED", "SOLD"]}	2025-03-04 15:00:00
9	2	2	Animal	11	sell	{"status": ["RETIRED", "SOLD"]}	2025-03-04 15:00:00
10	3	3	Animal	17	sell	{"status": ["RETIRED", "SOLD"]}	2025-03-04 15:00:00
11	1	1	Offspring	1	sell	{"status": ["RESERVED", "SOLD"]}	2025-03-20 15:00:00
12	1	1	Offspring	2	sell	{"status": ["RESERVED", "SOLD"]}	2025-04-01 15:00:00
13	2	2	Offspring	6	sell	{"status": ["RESERVED", "SOLD"]}	2025-04-08 12:00:00
14	1	1	Offspring	3	sell	{"status": ["RESERVED", "SOLD"]}	2025-04-08 16:00:00
15	1	1	BreedingAttempt	8	create	{"status": [null, "CONFIRMED"]}	2025-04-10 09:30:00
16	2	2	BreedingAttempt	9	create	{"status": [null, "CONFIRMED"]}	2025-04-14 11:00:00
17	2	2	Offspring	7	sell	{"status": ["RESERVED", "SOLD"]}	2025-04-14 16:00:00
18	2	2	Offspring	8	sell	{"status": ["RESERVED", "SOLD"]}	2025-04-24 21:00:00
19	1	1	Offspring	5	sell	{"status": ["RESERVED", "SOLD"]}	2025-04-24 23:00:00
\.


--
-- TOC entry 3673 (class 0 OID 16522)
-- Dependencies: 224
-- Data for Name: Breed; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public."Breed" (id, name, species, registry) FROM stdin;
1	Labrador Retriever	DOG	AKC
2	Golden Retriever	DOG	AKC
3	Maine Coon	CAT	TICA
4	Ragdoll	CAT	TICA
5	Thoroughbred	HORSE	NZTR
6	Connemara	HORSE	CPBS
7	Norwegian Elkhound	DOG	NKK
\.


--
-- TOC entry 3679 (class 0 OID 16554)
-- Dependencies: 230
-- Data for Name: BreedingAttempt; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public."BreedingAttempt" (id, "tenantId", "damId", "sireId", "externalStudName", "studOwnerContactId", method, status, "attemptedAt", "studFeeCents", notes, "createdAt", "updatedAt") FROM stdin;
1	1	1	3	Scout of the home line	\N	NATURAL	CONFIRMED	2025-01-19 09:30:00	\N	\N	2025-01-19 09:30:00	2025-01-19 09:30:00
2	2	7	9	Pepper of the home line	\N	NATURAL	CONFIRMED	2025-01-19 09:30:00	\N	\N	2025-01-19 09:30:00	2025-01-19 09:30:00
3	3	13	15	Pohutukawa of the home line	\N	AI_CHILLED	CONFIRMED	2025-01-19 09:30:00	\N	\N	2025-01-19 09:30:00	2025-01-19 09:30:00
4	3	14	\N	Harakeke of the visiting line	6	AI_CHILLED	CONFIRMED	2025-01-19 10:30:00	150000	\N	2025-01-19 10:30:00	2025-01-19 10:30:00
5	3	16	15	Totara of the home line	\N	AI_CHILLED	CONFIRMED	2025-01-19 11:30:00	\N	\N	2025-01-19 11:30:00	2025-01-19 11:30:00
6	1	2	\N	Willow of the visiting line	4	NATURAL	CONFIRMED	2025-02-20 10:00:00	150000	\N	2025-02-20 10:00:00	2025-02-20 10:00:00
7	2	8	\N	Cosmo of the visiting line	5	NATURAL	CONFIRMED	2025-02-24 16:00:00	150000	\N	2025-02-24 16:00:00	2025-02-24 16:00:00
8	1	4	3	Moose of the home line	\N	NATURAL	CONFIRMED	2025-04-10 09:30:00	\N	\N	2025-04-10 09:30:00	2025-04-10 09:30:00
9	2	10	9	Ember of the home line	\N	NATURAL	CONFIRMED	2025-04-14 11:00:00	\N	\N	2025-04-14 11:00:00	2025-04-14 11:00:00
\.


--
-- TOC entry 3669 (class 0 OID 16502)
-- Dependencies: 220
-- Data for Name: Contact; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public."Contact" (id, "tenantId", "firstName", "lastName", email, phone, "addressLine1", "addressLine2", city, region, "postalCode", country, notes, "createdAt", "updatedAt") FROM stdin;
1	1	Leo	Delgado	leo.delgado75@example.com	+1 804 3593	\N	\N	Des Moines	IA	\N	US	kennel owner	2025-01-14 12:25:00	2025-01-14 12:25:00
2	2	Ella	Rossi	ella.rossi77@example.ca	+1 800 1770	\N	\N	Kingston	ON	\N	CA	kennel owner	2025-01-14 14:25:00	2025-01-14 14:25:00
3	3	Logan	Walsh	logan.walsh30@example.nz	+64 720 5394	\N	\N	Matamata	Waikato	\N	NZ	kennel owner	2025-01-14 16:25:00	2025-01-14 16:25:00
4	1	Owen	Moreau	owen.moreau69@example.com	+1 445 1652	\N	\N	Milwaukee	WI	\N	US	\N	2025-01-16 16:00:00	2025-01-16 16:00:00
5	2	Hannah	O'Connell	hannah.oconnell57@example.ca	+1 251 4586	\N	\N	Toronto	ON	\N	CA	\N	2025-01-16 17:00:00	2025-01-16 17:00:00
6	3	Leo	Kowalski	leo.kowalski97@example.nz	+64 464 2504	\N	\N	Hastings	Hawke's Bay	\N	NZ	\N	2025-01-16 18:00:00	2025-01-16 18:00:00
7	3	Amelia	Schmidt	amelia.schmidt13@example.nz	+64 451 9009	\N	\N	Hastings	Hawke's Bay	\N	NZ	\N	2025-01-24 19:00:00	2025-01-24 19:00:00
8	2	Noah	Martinez	noah.martinez90@example.ca	+1 666 6664	\N	\N	Kingston	ON	\N	CA	\N	2025-01-26 20:00:00	2025-01-26 20:00:00
9	1	Noah	Tanaka	noah.tanaka73@example.com	+1 258 9322	\N	\N	Milwaukee	WI	\N	US	\N	2025-01-27 16:00:00	2025-01-27 16:00:00
10	3	Abigail	Schmidt	abigail.schmidt42@example.nz	+64 870 1290	\N	\N	Cambridge	Waikato	\N	NZ	\N	2025-02-02 22:00:00	2025-02-02 22:00:00
11	1	Henry	Hughes	henry.hughes39@example.com	+1 478 1448	\N	\N	Rockford	IL	\N	US	\N	2025-02-06 23:00:00	2025-02-06 23:00:00
12	2	Noah	Delgado	noah.delgado40@example.ca	+1 565 2284	\N	\N	Toronto	ON	\N	CA	\N	2025-02-07 02:00:00	2025-02-07 02:00:00
13	3	Abigail	Delgado	abigail.delgado59@example.nz	+64 345 4721	\N	\N	Hastings	Hawke's Bay	\N	NZ	\N	2025-02-11 04:00:00	2025-02-11 04:00:00
14	1	Daniel	Dubois	daniel.dubois35@example.com	+1 418 2542	\N	\N	Rockford	IL	\N	US	\N	2025-02-16 03:00:00	2025-02-16 03:00:00
15	2	Ava	Moreau	ava.moreau64@example.ca	+1 658 8665	\N	\N	Ottawa	ON	\N	CA	\N	2025-02-17 07:00:00	2025-02-17 07:00:00
16	3	Charlotte	Johansson	charlotte.johansson56@example.nz	+64 712 3811	\N	\N	Cambridge	Waikato	\N	NZ	\N	2025-02-20 07:00:00	2025-02-20 07:00:00
17	1	Owen	Larsen	owen.larsen23@example.com	+1 506 2373	\N	\N	Rockford	IL	\N	US	\N	2025-02-26 04:00:00	2025-02-26 04:00:00
18	2	Daniel	Hughes	daniel.hughes84@example.ca	+1 262 1326	\N	\N	Ottawa	ON	\N	CA	\N	2025-02-28 14:00:00	2025-02-28 14:00:00
19	3	Zoe	Hughes	zoe.hughes11@example.nz	+64 599 4730	\N	\N	Matamata	Waikato	\N	NZ	\N	2025-03-01 12:00:00	2025-03-01 12:00:00
20	1	Mia	Martinez	mia.martinez42@example.com	+1 572 9422	\N	\N	Madison	WI	\N	US	\N	2025-03-07 06:00:00	2025-03-07 06:00:00
21	2	Ava	Hughes	ava.hughes22@example.ca	+1 793 3885	\N	\N	Kingston	ON	\N	CA	\N	2025-03-08 19:00:00	2025-03-08 19:00:00
22	3	Ella	Haddad	ella.haddad30@example.nz	+64 241 1009	\N	\N	Cambridge	Waikato	\N	NZ	\N	2025-03-10 15:00:00	2025-03-10 15:00:00
23	1	Grace	Delgado	grace.delgado32@example.com	+1 565 5870	\N	\N	Madison	WI	\N	US	\N	2025-03-15 06:00:00	2025-03-15 06:00:00
24	2	Logan	Haddad	logan.haddad72@example.ca	+1 740 0714	\N	\N	Ottawa	ON	\N	CA	\N	2025-03-18 01:00:00	2025-03-18 01:00:00
25	3	Sophia	Campbell	sophia.campbell86@example.nz	+64 735 4322	\N	\N	Cambridge	Waikato	\N	NZ	\N	2025-03-18 18:00:00	2025-03-18 18:00:00
26	1	Isaac	Rossi	isaac.rossi99@example.com	+1 845 6414	\N	\N	Milwaukee	WI	\N	US	\N	2025-03-26 10:00:00	2025-03-26 10:00:00
27	3	Jack	Larsen	jack.larsen31@example.nz	+64 790 1380	\N	\N	Hastings	Hawke's Bay	\N	NZ	\N	2025-03-26 18:00:00	2025-03-26 18:00:00
28	2	Leo	Martinez	leo.martinez72@example.ca	+1 665 4036	\N	\N	Toronto	ON	\N	CA	\N	2025-03-28 03:00:00	2025-03-28 03:00:00
29	2	Mason	Ngata	mason.ngata25@example.ca	+1 402 6963	\N	\N	Kingston	ON	\N	CA	\N	2025-04-05 04:00:00	2025-04-05 04:00:00
30	1	Hannah	Van der Berg	hannah.vanderberg88@example.com	+1 316 1412	\N	\N	Rockford	IL	\N	US	\N	2025-04-06 17:00:00	2025-04-06 17:00:00
31	3	Harper	Okafor	harper.okafor36@example.nz	+64 276 2011	\N	\N	Hastings	Hawke's Bay	\N	NZ	\N	2025-04-06 20:00:00	2025-04-06 20:00:00
32	2	Zoe	MacLeod	zoe.macleod29@example.ca	+1 888 6837	\N	\N	Guelph	ON	\N	CA	\N	2025-04-14 04:00:00	2025-04-14 04:00:00
33	3	Logan	Ngata	logan.ngata63@example.nz	+64 338 8567	\N	\N	Hastings	Hawke's Bay	\N	NZ	\N	2025-04-16 02:00:00	2025-04-16 02:00:00
34	1	Sophia	O'Connell	sophia.oconnell60@example.com	+1 836 0246	\N	\N	Milwaukee	WI	\N	US	\N	2025-04-17 21:00:00	2025-04-17 21:00:00
35	2	Liam	Rossi	liam.rossi32@example.ca	+1 661 7686	\N	\N	Guelph	ON	\N	CA	\N	2025-04-25 08:00:00	2025-04-25 08:00:00
36	3	Amelia	Patel	amelia.patel45@example.nz	+64 592 4487	\N	\N	Hastings	Hawke's Bay	\N	NZ	\N	2025-04-26 07:00:00	2025-04-26 07:00:00
37	1	Ethan	Sullivan	ethan.sullivan81@example.com	+1 734 4688	\N	\N	Milwaukee	WI	\N	US	\N	2025-04-28 01:00:00	2025-04-28 01:00:00
38	2	Hannah	Van der Berg	hannah.vanderberg12@example.ca	+1 899 3782	\N	\N	Kingston	ON	\N	CA	\N	2025-05-06 12:00:00	2025-05-06 12:00:00
39	1	Harper	Delgado	harper.delgado99@example.com	+1 227 7547	\N	\N	Milwaukee	WI	\N	US	\N	2025-05-07 03:00:00	2025-05-07 03:00:00
40	3	Olivia	Kowalski	olivia.kowalski16@example.nz	+64 281 1003	\N	\N	Matamata	Waikato	\N	NZ	\N	2025-05-07 12:00:00	2025-05-07 12:00:00
41	2	Ava	Moreau	ava.moreau26@example.ca	+1 783 1813	\N	\N	Kingston	ON	\N	CA	\N	2025-05-14 13:00:00	2025-05-14 13:00:00
42	1	Amelia	Ngata	amelia.ngata56@example.com	+1 433 4951	\N	\N	Rockford	IL	\N	US	\N	2025-05-16 10:00:00	2025-05-16 10:00:00
43	3	Nora	Ngata	nora.ngata39@example.nz	+64 218 6651	\N	\N	Hastings	Hawke's Bay	\N	NZ	\N	2025-05-16 14:00:00	2025-05-16 14:00:00
44	1	Samuel	Patel	samuel.patel72@example.com	+1 374 0045	\N	\N	Des Moines	IA	\N	US	\N	2025-05-25 10:00:00	2025-05-25 10:00:00
45	2	Isaac	Larsen	isaac.larsen65@example.ca	+1 705 7010	\N	\N	Kingston	ON	\N	CA	\N	2025-05-25 14:00:00	2025-05-25 14:00:00
46	3	Lucas	Moreau	lucas.moreau99@example.nz	+64 254 9890	\N	\N	Cambridge	Waikato	\N	NZ	\N	2025-05-27 14:00:00	2025-05-27 14:00:00
47	2	Sophia	Walsh	sophia.walsh93@example.ca	+1 796 4350	\N	\N	Ottawa	ON	\N	CA	\N	2025-06-04 15:00:00	2025-06-04 15:00:00
48	3	Amelia	Walsh	amelia.walsh36@example.nz	+64 758 5950	\N	\N	Hastings	Hawke's Bay	\N	NZ	\N	2025-06-04 21:00:00	2025-06-04 21:00:00
49	1	Charlotte	Larsen	charlotte.larsen56@example.com	+1 254 5924	\N	\N	Milwaukee	WI	\N	US	\N	2025-06-05 13:00:00	2025-06-05 13:00:00
\.


--
-- TOC entry 3697 (class 0 OID 16936)
-- Dependencies: 248
-- Data for Name: Contract; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public."Contract" (id, "tenantId", title, "templateKey", status, body, "sentAt", "signedAt", "createdAt", "updatedAt") FROM stdin;
1	1	Sale agreement, offspring #2	puppy-sale-v2	SIGNED	\N	2025-03-30 15:09:00	2025-04-01 15:09:00	2025-03-30 15:09:00	2025-04-01 15:09:00
2	2	Sale agreement, offspring #6	puppy-sale-v2	SIGNED	\N	2025-04-06 12:09:00	2025-04-08 12:09:00	2025-04-06 12:09:00	2025-04-08 12:09:00
3	1	Sale agreement, offspring #3	puppy-sale-v2	SIGNED	\N	2025-04-06 16:09:00	2025-04-08 16:09:00	2025-04-06 16:09:00	2025-04-08 16:09:00
4	2	Sale agreement, offspring #7	puppy-sale-v2	SIGNED	\N	2025-04-12 16:09:00	2025-04-14 16:09:00	2025-04-12 16:09:00	2025-04-14 16:09:00
5	2	Sale agreement, offspring #8	puppy-sale-v2	SIGNED	\N	2025-04-22 21:09:00	2025-04-24 21:09:00	2025-04-22 21:09:00	2025-04-24 21:09:00
6	1	Sale agreement, offspring #5	puppy-sale-v2	SIGNED	\N	2025-04-22 23:09:00	2025-04-24 23:09:00	2025-04-22 23:09:00	2025-04-24 23:09:00
\.


--
-- TOC entry 3699 (class 0 OID 16947)
-- Dependencies: 250
-- Data for Name: ContractParty; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public."ContractParty" (id, "contractId", "contactId", "organizationId", role, "signatureName", "signedAt", "createdAt") FROM stdin;
1	1	1	\N	SELLER	Leo Delgado	2025-04-01 15:09:00	2025-04-01 15:09:00
2	1	17	\N	BUYER	Owen Larsen	2025-04-01 15:09:00	2025-04-01 15:09:00
3	2	2	\N	SELLER	Ella Rossi	2025-04-08 12:09:00	2025-04-08 12:09:00
4	2	15	\N	BUYER	Ava Moreau	2025-04-08 12:09:00	2025-04-08 12:09:00
5	3	1	\N	SELLER	Leo Delgado	2025-04-08 16:09:00	2025-04-08 16:09:00
6	3	20	\N	BUYER	Mia Martinez	2025-04-08 16:09:00	2025-04-08 16:09:00
7	4	2	\N	SELLER	Ella Rossi	2025-04-14 16:09:00	2025-04-14 16:09:00
8	4	18	\N	BUYER	Daniel Hughes	2025-04-14 16:09:00	2025-04-14 16:09:00
9	5	2	\N	SELLER	Ella Rossi	2025-04-24 21:09:00	2025-04-24 21:09:00
10	5	21	\N	BUYER	Ava Hughes	2025-04-24 21:09:00	2025-04-24 21:09:00
11	6	1	\N	SELLER	Leo Delgado	2025-04-24 23:09:00	2025-04-24 23:09:00
12	6	26	\N	BUYER	Isaac Rossi	2025-04-24 23:09:00	2025-04-24 23:09:00
\.


--
-- TOC entry 3687 (class 0 OID 16598)
-- Dependencies: 238
-- Data for Name: HealthRecord; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public."HealthRecord" (id, "animalId", "recordedAt", category, title, notes, "vetName", "attachmentUrl", "createdAt") FROM stdin;
1	1	2025-01-18 12:20:00	vaccination	Annual vaccination	\N	Dr. Amara Singh	\N	2025-01-18 12:20:00
2	7	2025-01-18 14:20:00	vaccination	Annual vaccination	\N	Dr. Amara Singh	\N	2025-01-18 14:20:00
3	13	2025-01-18 16:20:00	vaccination	Annual vaccination	\N	Dr. Amara Singh	\N	2025-01-18 16:20:00
4	2	2025-01-19 12:20:00	vaccination	Annual vaccination	\N	Dr. Amara Singh	\N	2025-01-19 12:20:00
5	8	2025-01-19 14:20:00	vaccination	Annual vaccination	\N	Dr. Amara Singh	\N	2025-01-19 14:20:00
6	14	2025-01-19 16:20:00	vaccination	Annual vaccination	\N	Dr. Amara Singh	\N	2025-01-19 16:20:00
7	3	2025-01-20 12:20:00	vaccination	Annual vaccination	\N	Dr. Amara Singh	\N	2025-01-20 12:20:00
8	9	2025-01-20 14:20:00	vaccination	Annual vaccination	\N	Dr. Amara Singh	\N	2025-01-20 14:20:00
9	15	2025-01-20 16:20:00	vaccination	Annual vaccination	\N	Dr. Amara Singh	\N	2025-01-20 16:20:00
10	4	2025-01-21 12:20:00	vaccination	Annual vaccination	\N	Dr. Amara Singh	\N	2025-01-21 12:20:00
11	10	2025-01-21 14:20:00	vaccination	Annual vaccination	\N	Dr. Amara Singh	\N	2025-01-21 14:20:00
12	16	2025-01-21 16:20:00	vaccination	Annual vaccination	\N	Dr. Amara Singh	\N	2025-01-21 16:20:00
13	5	2025-01-22 12:20:00	vaccination	Annual vaccination	\N	Dr. Amara Singh	\N	2025-01-22 12:20:00
14	11	2025-01-22 14:20:00	vaccination	Annual vaccination	\N	Dr. Amara Singh	\N	2025-01-22 14:20:00
15	17	2025-01-22 16:20:00	vaccination	Annual vaccination	\N	Dr. Amara Singh	\N	2025-01-22 16:20:00
16	6	2025-01-23 12:20:00	vaccination	Annual vaccination	\N	Dr. Amara Singh	\N	2025-01-23 12:20:00
17	12	2025-01-23 14:20:00	vaccination	Annual vaccination	\N	Dr. Amara Singh	\N	2025-01-23 14:20:00
18	18	2025-01-23 16:20:00	vaccination	Annual vaccination	\N	Dr. Amara Singh	\N	2025-01-23 16:20:00
19	17	2025-02-20 11:00:00	checkup	Routine checkup	\N	Dr. Amara Singh	\N	2025-02-20 11:00:00
20	5	2025-02-26 08:00:00	checkup	Routine checkup	\N	Dr. Amara Singh	\N	2025-02-26 08:00:00
21	11	2025-02-28 18:00:00	checkup	Routine checkup	\N	Dr. Amara Singh	\N	2025-02-28 18:00:00
22	16	2025-04-07 00:00:00	checkup	Routine checkup	\N	Dr. Amara Singh	\N	2025-04-07 00:00:00
23	10	2025-04-14 08:00:00	checkup	Routine checkup	\N	Dr. Amara Singh	\N	2025-04-14 08:00:00
24	4	2025-04-18 01:00:00	checkup	Routine checkup	\N	Dr. Amara Singh	\N	2025-04-18 01:00:00
25	15	2025-05-27 18:00:00	checkup	Routine checkup	\N	Dr. Amara Singh	\N	2025-05-27 18:00:00
26	9	2025-06-04 19:00:00	checkup	Routine checkup	\N	Dr. Amara Singh	\N	2025-06-04 19:00:00
27	3	2025-06-05 17:00:00	checkup	Routine checkup	\N	Dr. Amara Singh	\N	2025-06-05 17:00:00
\.


--
-- TOC entry 3691 (class 0 OID 16842)
-- Dependencies: 242
-- Data for Name: Invoice; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public."Invoice" (id, "tenantId", number, "contactId", "organizationId", "offspringId", status, currency, "subtotalCents", "taxCents", "totalCents", "issuedAt", "dueAt", "paidAt", notes, "createdAt", "updatedAt") FROM stdin;
1	1	INV-1-0001	14	\N	1	PAID	USD	280000	14000	294000	2025-03-20 15:05:00	2025-04-03 15:05:00	2025-03-21 18:05:00	\N	2025-03-20 15:05:00	2025-03-21 18:05:00
2	1	INV-1-0002	17	\N	2	PAID	USD	280000	14000	294000	2025-04-01 15:05:00	2025-04-15 15:05:00	2025-04-02 18:05:00	\N	2025-04-01 15:05:00	2025-04-02 18:05:00
3	2	INV-2-0003	15	\N	6	PAID	CAD	180000	9000	189000	2025-04-08 12:05:00	2025-04-22 12:05:00	2025-04-12 15:05:00	\N	2025-04-08 12:05:00	2025-04-12 15:05:00
4	1	INV-1-0004	20	\N	3	PAID	USD	280000	14000	294000	2025-04-08 16:05:00	2025-04-22 16:05:00	2025-04-12 19:05:00	\N	2025-04-08 16:05:00	2025-04-12 19:05:00
5	2	INV-2-0005	18	\N	7	PAID	CAD	180000	9000	189000	2025-04-14 16:05:00	2025-04-28 16:05:00	2025-04-17 19:05:00	\N	2025-04-14 16:05:00	2025-04-17 19:05:00
6	2	INV-2-0006	21	\N	8	PAID	CAD	180000	9000	189000	2025-04-24 21:05:00	2025-05-08 21:05:00	2025-04-27 00:05:00	\N	2025-04-24 21:05:00	2025-04-27 00:05:00
7	1	INV-1-0007	26	\N	5	PAID	USD	280000	14000	294000	2025-04-24 23:05:00	2025-05-08 23:05:00	2025-05-01 02:05:00	\N	2025-04-24 23:05:00	2025-05-01 02:05:00
\.


--
-- TOC entry 3693 (class 0 OID 16857)
-- Dependencies: 244
-- Data for Name: InvoiceLineItem; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public."InvoiceLineItem" (id, "invoiceId", description, quantity, "unitPriceCents", "totalCents", "sortOrder") FROM stdin;
1	1	Purchase of offspring #1	1	280000	280000	0
2	2	Purchase of offspring #2	1	280000	280000	0
3	3	Purchase of offspring #6	1	180000	180000	0
4	4	Purchase of offspring #3	1	280000	280000	0
5	5	Purchase of offspring #7	1	180000	180000	0
6	6	Purchase of offspring #8	1	180000	180000	0
7	7	Purchase of offspring #5	1	280000	280000	0
\.


--
-- TOC entry 3681 (class 0 OID 16566)
-- Dependencies: 232
-- Data for Name: Litter; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public."Litter" (id, "tenantId", "breedingAttemptId", "damId", "sireId", name, "expectedAt", "bornAt", "countBorn", "countAlive", notes, "createdAt", "updatedAt") FROM stdin;
1	1	1	1	3	Juniper 2025-01	2025-01-20	2025-01-20	5	5	\N	2025-01-20 15:00:00	2025-01-20 15:00:00
2	2	2	7	9	Pixel 2025-02	2025-02-05	2025-02-05	4	4	\N	2025-02-05 12:00:00	2025-02-05 12:00:00
3	1	6	2	\N	Maple 2025-04	2025-04-24	2025-04-24	6	6	\N	2025-04-24 10:00:00	2025-04-24 10:00:00
4	3	3	13	15	Kowhai 2025-04	2025-04-25	2025-04-25	1	1	\N	2025-04-25 08:00:00	2025-04-25 08:00:00
5	2	7	8	\N	Saffron 2025-04	2025-04-30	2025-04-30	5	5	\N	2025-04-30 16:00:00	2025-04-30 16:00:00
6	3	4	14	\N	Tui 2025-05	2025-05-16	2025-05-16	1	1	\N	2025-05-16 08:00:00	2025-05-16 08:00:00
7	3	5	16	15	Rata 2025-06	2025-06-06	2025-06-06	1	1	\N	2025-06-06 08:00:00	2025-06-06 08:00:00
\.


--
-- TOC entry 3683 (class 0 OID 16576)
-- Dependencies: 234
-- Data for Name: Offspring; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public."Offspring" (id, "litterId", "animalId", "collarColor", name, sex, status, "priceCents", "buyerContactId", "buyerOrganizationId", "placedAt", "createdAt", "updatedAt") FROM stdin;
4	1	\N	purple	\N	MALE	AVAILABLE	280000	\N	\N	\N	2025-01-20 15:00:00	2025-01-20 15:00:00
9	2	\N	purple	\N	MALE	AVAILABLE	180000	\N	\N	\N	2025-02-05 12:00:00	2025-02-05 12:00:00
1	1	\N	red	\N	FEMALE	SOLD	280000	14	\N	2025-03-20 15:00:00	2025-01-20 15:00:00	2025-03-20 15:00:00
2	1	\N	blue	\N	MALE	SOLD	280000	17	\N	2025-04-01 15:00:00	2025-01-20 15:00:00	2025-04-01 15:00:00
6	2	\N	red	\N	FEMALE	SOLD	180000	15	\N	2025-04-08 12:00:00	2025-02-05 12:00:00	2025-04-08 12:00:00
3	1	\N	green	\N	FEMALE	SOLD	280000	20	\N	2025-04-08 16:00:00	2025-01-20 15:00:00	2025-04-08 16:00:00
7	2	\N	blue	\N	MALE	SOLD	180000	18	\N	2025-04-14 16:00:00	2025-02-05 12:00:00	2025-04-14 16:00:00
10	3	\N	red	\N	FEMALE	AVAILABLE	280000	\N	\N	\N	2025-04-24 10:00:00	2025-04-24 10:00:00
11	3	\N	blue	\N	MALE	AVAILABLE	280000	\N	\N	\N	2025-04-24 10:00:00	2025-04-24 10:00:00
12	3	\N	green	\N	FEMALE	AVAILABLE	280000	\N	\N	\N	2025-04-24 10:00:00	2025-04-24 10:00:00
13	3	\N	purple	\N	MALE	AVAILABLE	280000	\N	\N	\N	2025-04-24 10:00:00	2025-04-24 10:00:00
14	3	\N	orange	\N	FEMALE	AVAILABLE	280000	\N	\N	\N	2025-04-24 10:00:00	2025-04-24 10:00:00
15	3	\N	yellow	\N	MALE	AVAILABLE	280000	\N	\N	\N	2025-04-24 10:00:00	2025-04-24 10:00:00
8	2	\N	green	\N	FEMALE	SOLD	180000	21	\N	2025-04-24 21:00:00	2025-02-05 12:00:00	2025-04-24 21:00:00
5	1	\N	orange	\N	FEMALE	SOLD	280000	26	\N	2025-04-24 23:00:00	2025-01-20 15:00:00	2025-04-24 23:00:00
16	4	\N	red	\N	FEMALE	AVAILABLE	1450000	\N	\N	\N	2025-04-25 08:00:00	2025-04-25 08:00:00
17	5	\N	red	\N	FEMALE	AVAILABLE	180000	\N	\N	\N	2025-04-30 16:00:00	2025-04-30 16:00:00
18	5	\N	blue	\N	MALE	AVAILABLE	180000	\N	\N	\N	2025-04-30 16:00:00	2025-04-30 16:00:00
19	5	\N	green	\N	FEMALE	AVAILABLE	180000	\N	\N	\N	2025-04-30 16:00:00	2025-04-30 16:00:00
20	5	\N	purple	\N	MALE	AVAILABLE	180000	\N	\N	\N	2025-04-30 16:00:00	2025-04-30 16:00:00
21	5	\N	orange	\N	FEMALE	AVAILABLE	180000	\N	\N	\N	2025-04-30 16:00:00	2025-04-30 16:00:00
22	6	\N	red	\N	FEMALE	AVAILABLE	1450000	\N	\N	\N	2025-05-16 08:00:00	2025-05-16 08:00:00
23	7	\N	red	\N	FEMALE	AVAILABLE	1450000	\N	\N	\N	2025-06-06 08:00:00	2025-06-06 08:00:00
\.


--
-- TOC entry 3701 (class 0 OID 16957)
-- Dependencies: 252
-- Data for Name: OffspringContract; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public."OffspringContract" (id, "offspringId", "contractId", "buyerContactId", "buyerOrganizationId", "depositCents", "createdAt") FROM stdin;
1	2	1	17	\N	50000	2025-04-01 15:09:00
2	6	2	15	\N	50000	2025-04-08 12:09:00
3	3	3	20	\N	50000	2025-04-08 16:09:00
4	7	4	18	\N	50000	2025-04-14 16:09:00
5	8	5	21	\N	50000	2025-04-24 21:09:00
6	5	6	26	\N	50000	2025-04-24 23:09:00
\.


--
-- TOC entry 3671 (class 0 OID 16512)
-- Dependencies: 222
-- Data for Name: Organization; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public."Organization" (id, "tenantId", name, email, phone, website, "addressLine1", "addressLine2", city, region, "postalCode", country, notes, "createdAt", "updatedAt") FROM stdin;
1	1	Lakeshore Retriever Club	info@lakeshore-retriever-club.example	\N	https://lakeshore.example	\N	\N	Madison	WI	\N	US	\N	2025-01-15 12:20:00	2025-01-15 12:20:00
2	2	Great Lakes Cat Fanciers	info@great-lakes-cat-fanciers.example	\N	https://great.example	\N	\N	Guelph	ON	\N	CA	\N	2025-01-15 14:20:00	2025-01-15 14:20:00
3	3	Waikato Pony Club	info@waikato-pony-club.example	\N	https://waikato.example	\N	\N	Cambridge	Waikato	\N	NZ	\N	2025-01-15 16:20:00	2025-01-15 16:20:00
4	1	Prairie Paws Rescue	info@prairie-paws-rescue.example	\N	https://prairie.example	\N	\N	Milwaukee	WI	\N	US	\N	2025-01-16 13:20:00	2025-01-16 13:20:00
5	2	Whisker Haven Rescue	info@whisker-haven-rescue.example	\N	https://whisker.example	\N	\N	Ottawa	ON	\N	CA	\N	2025-01-16 15:20:00	2025-01-16 15:20:00
6	3	Cambridge Equine Vets	info@cambridge-equine-vets.example	\N	https://cambridge.example	\N	\N	Matamata	Waikato	\N	NZ	\N	2025-01-16 17:20:00	2025-01-16 17:20:00
7	1	Northwoods Hunting Dogs LLC	info@northwoods-hunting-dogs-llc.example	\N	https://northwoods.example	\N	\N	Rockford	IL	\N	US	\N	2025-01-17 14:20:00	2025-01-17 14:20:00
8	2	Royal Coon Cattery	info@royal-coon-cattery.example	\N	https://royal.example	\N	\N	Toronto	ON	\N	CA	\N	2025-01-17 16:20:00	2025-01-17 16:20:00
9	3	Te Awa Eventing Ltd	info@te-awa-eventing-ltd.example	\N	https://te.example	\N	\N	Matamata	Waikato	\N	NZ	\N	2025-01-17 18:20:00	2025-01-17 18:20:00
10	1	Driftless Veterinary Clinic	info@driftless-veterinary-clinic.example	\N	https://driftless.example	\N	\N	Rockford	IL	\N	US	\N	2025-01-18 15:20:00	2025-01-18 15:20:00
11	2	Credit River Animal Hospital	info@credit-river-animal-hospital.example	\N	https://credit.example	\N	\N	Ottawa	ON	\N	CA	\N	2025-01-18 17:20:00	2025-01-18 17:20:00
12	3	Kaimai Sport Horses	info@kaimai-sport-horses.example	\N	https://kaimai.example	\N	\N	Cambridge	Waikato	\N	NZ	\N	2025-01-18 19:20:00	2025-01-18 19:20:00
\.


--
-- TOC entry 3695 (class 0 OID 16868)
-- Dependencies: 246
-- Data for Name: Payment; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public."Payment" (id, "invoiceId", "amountCents", method, reference, "receivedAt", "createdAt") FROM stdin;
1	1	294000	CARD	PAY-1-0001	2025-03-21 18:05:00	2025-03-21 18:05:00
2	2	294000	CARD	PAY-1-0002	2025-04-02 18:05:00	2025-04-02 18:05:00
3	3	189000	BANK_TRANSFER	PAY-2-0003	2025-04-12 15:05:00	2025-04-12 15:05:00
4	4	294000	BANK_TRANSFER	PAY-1-0004	2025-04-12 19:05:00	2025-04-12 19:05:00
5	5	189000	CARD	PAY-2-0005	2025-04-17 19:05:00	2025-04-17 19:05:00
6	6	189000	BANK_TRANSFER	PAY-2-0006	2025-04-27 00:05:00	2025-04-27 00:05:00
7	7	294000	BANK_TRANSFER	PAY-1-0007	2025-05-01 02:05:00	2025-05-01 02:05:00
\.


--
-- TOC entry 3665 (class 0 OID 16480)
-- Dependencies: 216
-- Data for Name: Tenant; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public."Tenant" (id, name, slug, "kennelPrefix", timezone, "createdAt", "updatedAt") FROM stdin;
1	Birchwood Labradors	birchwood	Birchwood	America/Chicago	2025-01-14 12:20:00	2025-01-14 12:20:00
2	Maple Hollow Cattery	maple-hollow	MapleHollow	America/Toronto	2025-01-14 14:20:00	2025-01-14 14:20:00
3	Silver Fern Stables	silver-fern	SilverFern	Pacific/Auckland	2025-01-14 16:20:00	2025-01-14 16:20:00
\.


--
-- TOC entry 3667 (class 0 OID 16491)
-- Dependencies: 218
-- Data for Name: User; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public."User" (id, "tenantId", email, "passwordHash", name, role, "contactId", "lastLoginAt", "createdAt", "updatedAt") FROM stdin;
1	1	owner@birchwood.example	$argon2id$v=19$m=65536,t=3,p=4$owner	Leo Delgado	OWNER	1	\N	2025-01-14 12:26:00	2025-01-14 12:26:00
2	2	owner@maple-hollow.example	$argon2id$v=19$m=65536,t=3,p=4$owner	Ella Rossi	OWNER	2	\N	2025-01-14 14:26:00	2025-01-14 14:26:00
3	3	owner@silver-fern.example	$argon2id$v=19$m=65536,t=3,p=4$owner	Logan Walsh	OWNER	3	\N	2025-01-14 16:26:00	2025-01-14 16:26:00
4	1	staff@birchwood.example	$argon2id$v=19$m=65536,t=3,p=4$staff	Front desk	STAFF	\N	\N	2025-01-17 12:20:00	2025-01-17 12:20:00
5	2	staff@maple-hollow.example	$argon2id$v=19$m=65536,t=3,p=4$staff	Front desk	STAFF	\N	\N	2025-01-17 14:20:00	2025-01-17 14:20:00
6	3	staff@silver-fern.example	$argon2id$v=19$m=65536,t=3,p=4$staff	Front desk	STAFF	\N	\N	2025-01-17 16:20:00	2025-01-17 16:20:00
\.


--
-- TOC entry 3685 (class 0 OID 16587)
-- Dependencies: 236
-- Data for Name: WaitlistEntry; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public."WaitlistEntry" (id, "tenantId", "breedId", "litterId", "contactId", "organizationId", "position", status, "sexPreference", "colorPreference", notes, "createdAt", "updatedAt", "depositCents", "depositPaidAt", "depositRefundable") FROM stdin;
1	3	5	\N	10	\N	4	ACTIVE	MALE	\N	\N	2025-02-02 22:12:00	2025-02-02 22:12:00	\N	\N	f
2	1	1	\N	11	\N	4	ACTIVE	\N	\N	\N	2025-02-06 23:12:00	2025-02-06 23:12:00	\N	\N	f
3	2	3	\N	12	\N	4	ACTIVE	FEMALE	\N	\N	2025-02-07 02:12:00	2025-02-07 02:12:00	\N	\N	f
4	3	6	\N	13	\N	5	ACTIVE	MALE	\N	\N	2025-02-11 04:12:00	2025-02-11 04:12:00	\N	\N	f
5	1	2	\N	14	\N	5	ACTIVE	\N	\N	\N	2025-02-16 03:12:00	2025-02-16 03:12:00	\N	\N	f
6	2	4	\N	15	\N	5	ACTIVE	MALE	\N	\N	2025-02-17 07:12:00	2025-02-17 07:12:00	\N	\N	f
7	3	5	\N	16	\N	6	ACTIVE	FEMALE	\N	\N	2025-02-20 07:12:00	2025-02-20 07:12:00	\N	\N	f
8	1	1	\N	17	\N	6	ACTIVE	MALE	\N	\N	2025-02-26 04:12:00	2025-02-26 04:12:00	\N	\N	f
9	2	3	\N	18	\N	6	ACTIVE	MALE	\N	\N	2025-02-28 14:12:00	2025-02-28 14:12:00	\N	\N	f
10	3	6	\N	19	\N	7	ACTIVE	MALE	\N	\N	2025-03-01 12:12:00	2025-03-01 12:12:00	\N	\N	f
11	1	2	\N	20	\N	7	ACTIVE	\N	\N	\N	2025-03-07 06:12:00	2025-03-07 06:12:00	\N	\N	f
12	2	4	\N	21	\N	7	ACTIVE	FEMALE	\N	\N	2025-03-08 19:12:00	2025-03-08 19:12:00	\N	\N	f
13	3	5	\N	22	\N	8	ACTIVE	\N	\N	\N	2025-03-10 15:12:00	2025-03-10 15:12:00	\N	\N	f
14	1	1	\N	23	\N	8	ACTIVE	\N	\N	\N	2025-03-15 06:12:00	2025-03-15 06:12:00	\N	\N	f
15	2	3	\N	24	\N	8	ACTIVE	FEMALE	\N	\N	2025-03-18 01:12:00	2025-03-18 01:12:00	\N	\N	f
16	3	6	\N	25	\N	9	ACTIVE	FEMALE	\N	\N	2025-03-18 18:12:00	2025-03-18 18:12:00	\N	\N	f
17	1	2	\N	26	\N	9	ACTIVE	FEMALE	\N	\N	2025-03-26 10:12:00	2025-03-26 10:12:00	\N	\N	f
18	3	5	\N	27	\N	10	ACTIVE	MALE	\N	\N	2025-03-26 18:12:00	2025-03-26 18:12:00	\N	\N	f
19	2	4	\N	28	\N	9	ACTIVE	MALE	\N	\N	2025-03-28 03:12:00	2025-03-28 03:12:00	\N	\N	f
20	2	3	\N	29	\N	10	ACTIVE	MALE	\N	\N	2025-04-05 04:12:00	2025-04-05 04:12:00	\N	\N	f
21	1	1	\N	30	\N	10	ACTIVE	MALE	\N	\N	2025-04-06 17:12:00	2025-04-06 17:12:00	\N	\N	f
22	3	6	\N	31	\N	11	ACTIVE	MALE	\N	\N	2025-04-06 20:12:00	2025-04-06 20:12:00	\N	\N	f
23	2	4	\N	32	\N	11	ACTIVE	MALE	\N	\N	2025-04-14 04:12:00	2025-04-14 04:12:00	\N	\N	f
24	3	5	\N	33	\N	12	ACTIVE	MALE	\N	\N	2025-04-16 02:12:00	2025-04-16 02:12:00	50000	2025-04-16 02:12:00	f
25	1	2	\N	34	\N	11	ACTIVE	\N	\N	\N	2025-04-17 21:12:00	2025-04-17 21:12:00	\N	\N	f
26	2	3	\N	35	\N	12	ACTIVE	FEMALE	\N	\N	2025-04-25 08:12:00	2025-04-25 08:12:00	50000	2025-04-25 08:12:00	f
27	3	6	\N	36	\N	13	ACTIVE	MALE	\N	\N	2025-04-26 07:12:00	2025-04-26 07:12:00	\N	\N	f
28	1	1	\N	37	\N	12	ACTIVE	\N	\N	\N	2025-04-28 01:12:00	2025-04-28 01:12:00	50000	2025-04-28 01:12:00	f
29	2	4	\N	38	\N	13	ACTIVE	MALE	\N	\N	2025-05-06 12:12:00	2025-05-06 12:12:00	\N	\N	f
30	1	2	\N	39	\N	13	ACTIVE	FEMALE	\N	\N	2025-05-07 03:12:00	2025-05-07 03:12:00	\N	\N	f
31	3	5	\N	40	\N	14	ACTIVE	FEMALE	\N	\N	2025-05-07 12:12:00	2025-05-07 12:12:00	50000	2025-05-07 12:12:00	f
32	2	3	\N	41	\N	14	ACTIVE	MALE	\N	\N	2025-05-14 13:12:00	2025-05-14 13:12:00	50000	2025-05-14 13:12:00	f
33	1	1	\N	42	\N	14	ACTIVE	FEMALE	\N	\N	2025-05-16 10:12:00	2025-05-16 10:12:00	50000	2025-05-16 10:12:00	t
34	3	6	\N	43	\N	15	ACTIVE	\N	\N	\N	2025-05-16 14:12:00	2025-05-16 14:12:00	\N	\N	f
35	1	2	\N	44	\N	15	ACTIVE	\N	\N	\N	2025-05-25 10:12:00	2025-05-25 10:12:00	\N	\N	f
36	2	4	\N	45	\N	15	ACTIVE	\N	\N	\N	2025-05-25 14:12:00	2025-05-25 14:12:00	\N	\N	f
37	3	5	\N	46	\N	16	ACTIVE	MALE	\N	\N	2025-05-27 14:12:00	2025-05-27 14:12:00	50000	2025-05-27 14:12:00	f
38	2	3	\N	47	\N	16	ACTIVE	\N	\N	\N	2025-06-04 15:12:00	2025-06-04 15:12:00	50000	2025-06-04 15:12:00	t
39	3	6	\N	48	\N	17	ACTIVE	FEMALE	\N	\N	2025-06-04 21:12:00	2025-06-04 21:12:00	\N	\N	f
40	1	1	\N	49	\N	16	ACTIVE	\N	\N	\N	2025-06-05 13:12:00	2025-06-05 13:12:00	50000	2025-06-05 13:12:00	t
\.


--
-- TOC entry 3663 (class 0 OID 16385)
-- Dependencies: 214
-- Data for Name: _prisma_migrations; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public._prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) FROM stdin;
f6c43db9-2661-94fc-b0a3-abb1490bdf6b	3009f1e0aff09262aa702ea53437b47b72c8d91490d7ba50508f2af362f80003	2025-01-14 10:00:02+00	20250114093012_init	\N	\N	2025-01-14 10:00:00+00	1
78803588-a3a8-f381-e5fa-fa5b55b76228	7462ff805bc05c333ecd26b2199130fd4f2f499d05e301785585ad6ef3215b68	2025-02-11 16:15:02+00	20250211154420_add_invoicing	\N	\N	2025-02-11 16:15:00+00	1
c83df55a-617b-5c71-3b2b-85867a3a38aa	80a4c1949a087d778ae3eb09a538cebb46c9906017ccf4d8522cf3bbd8739d8b	2025-03-18 10:45:02+00	20250318101533_add_contracts	\N	\N	2025-03-18 10:45:00+00	1
095fc3b2-c54c-9e4d-65e7-734bcac60e5b	ce0fe9588621f101b65d55c79c430ba14e6ab2e8e15062692b0532b13e071894	2025-04-07 15:00:02+00	20250407142210_waitlist_deposits	\N	\N	2025-04-07 15:00:00+00	1
\.


--
-- TOC entry 3726 (class 0 OID 0)
-- Dependencies: 227
-- Name: AnimalOwner_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public."AnimalOwner_id_seq"', 21, true);


--
-- TOC entry 3727 (class 0 OID 0)
-- Dependencies: 225
-- Name: Animal_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public."Animal_id_seq"', 18, true);


--
-- TOC entry 3728 (class 0 OID 0)
-- Dependencies: 239
-- Name: AuditLog_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public."AuditLog_id_seq"', 19, true);


--
-- TOC entry 3729 (class 0 OID 0)
-- Dependencies: 223
-- Name: Breed_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public."Breed_id_seq"', 7, true);


--
-- TOC entry 3730 (class 0 OID 0)
-- Dependencies: 229
-- Name: BreedingAttempt_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public."BreedingAttempt_id_seq"', 9, true);


--
-- TOC entry 3731 (class 0 OID 0)
-- Dependencies: 219
-- Name: Contact_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public."Contact_id_seq"', 49, true);


--
-- TOC entry 3732 (class 0 OID 0)
-- Dependencies: 249
-- Name: ContractParty_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public."ContractParty_id_seq"', 12, true);


--
-- TOC entry 3733 (class 0 OID 0)
-- Dependencies: 247
-- Name: Contract_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public."Contract_id_seq"', 6, true);


--
-- TOC entry 3734 (class 0 OID 0)
-- Dependencies: 237
-- Name: HealthRecord_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public."HealthRecord_id_seq"', 27, true);


--
-- TOC entry 3735 (class 0 OID 0)
-- Dependencies: 243
-- Name: InvoiceLineItem_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public."InvoiceLineItem_id_seq"', 7, true);


--
-- TOC entry 3736 (class 0 OID 0)
-- Dependencies: 241
-- Name: Invoice_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public."Invoice_id_seq"', 7, true);


--
-- TOC entry 3737 (class 0 OID 0)
-- Dependencies: 231
-- Name: Litter_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public."Litter_id_seq"', 7, true);


--
-- TOC entry 3738 (class 0 OID 0)
-- Dependencies: 251
-- Name: OffspringContract_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public."OffspringContract_id_seq"', 6, true);


--
-- TOC entry 3739 (class 0 OID 0)
-- Dependencies: 233
-- Name: Offspring_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public."Offspring_id_seq"', 23, true);


--
-- TOC entry 3740 (class 0 OID 0)
-- Dependencies: 221
-- Name: Organization_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public."Organization_id_seq"', 12, true);


--
-- TOC entry 3741 (class 0 OID 0)
-- Dependencies: 245
-- Name: Payment_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public."Payment_id_seq"', 7, true);


--
-- TOC entry 3742 (class 0 OID 0)
-- Dependencies: 215
-- Name: Tenant_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public."Tenant_id_seq"', 3, true);


--
-- TOC entry 3743 (class 0 OID 0)
-- Dependencies: 217
-- Name: User_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public."User_id_seq"', 6, true);


--
-- TOC entry 3744 (class 0 OID 0)
-- Dependencies: 235
-- Name: WaitlistEntry_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public."WaitlistEntry_id_seq"', 40, true);


--
-- TOC entry 3416 (class 2606 OID 16552)
-- Name: AnimalOwner AnimalOwner_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."AnimalOwner"
    ADD CONSTRAINT "AnimalOwner_pkey" PRIMARY KEY (id);


--
-- TOC entry 3408 (class 2606 OID 16540)
-- Name: Animal Animal_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Animal"
    ADD CONSTRAINT "Animal_pkey" PRIMARY KEY (id);


--
-- TOC entry 3445 (class 2606 OID 16616)
-- Name: AuditLog AuditLog_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."AuditLog"
    ADD CONSTRAINT "AuditLog_pkey" PRIMARY KEY (id);


--
-- TOC entry 3401 (class 2606 OID 16529)
-- Name: Breed Breed_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Breed"
    ADD CONSTRAINT "Breed_pkey" PRIMARY KEY (id);


--
-- TOC entry 3419 (class 2606 OID 16564)
-- Name: BreedingAttempt BreedingAttempt_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."BreedingAttempt"
    ADD CONSTRAINT "BreedingAttempt_pkey" PRIMARY KEY (id);


--
-- TOC entry 3394 (class 2606 OID 16510)
-- Name: Contact Contact_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Contact"
    ADD CONSTRAINT "Contact_pkey" PRIMARY KEY (id);


--
-- TOC entry 3467 (class 2606 OID 16955)
-- Name: ContractParty ContractParty_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."ContractParty"
    ADD CONSTRAINT "ContractParty_pkey" PRIMARY KEY (id);


--
-- TOC entry 3461 (class 2606 OID 16945)
-- Name: Contract Contract_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Contract"
    ADD CONSTRAINT "Contract_pkey" PRIMARY KEY (id);


--
-- TOC entry 3442 (class 2606 OID 16606)
-- Name: HealthRecord HealthRecord_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."HealthRecord"
    ADD CONSTRAINT "HealthRecord_pkey" PRIMARY KEY (id);


--
-- TOC entry 3456 (class 2606 OID 16866)
-- Name: InvoiceLineItem InvoiceLineItem_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."InvoiceLineItem"
    ADD CONSTRAINT "InvoiceLineItem_pkey" PRIMARY KEY (id);


--
-- TOC entry 3451 (class 2606 OID 16855)
-- Name: Invoice Invoice_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Invoice"
    ADD CONSTRAINT "Invoice_pkey" PRIMARY KEY (id);


--
-- TOC entry 3426 (class 2606 OID 16574)
-- Name: Litter Litter_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Litter"
    ADD CONSTRAINT "Litter_pkey" PRIMARY KEY (id);


--
-- TOC entry 3473 (class 2606 OID 16963)
-- Name: OffspringContract OffspringContract_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."OffspringContract"
    ADD CONSTRAINT "OffspringContract_pkey" PRIMARY KEY (id);


--
-- TOC entry 3433 (class 2606 OID 16585)
-- Name: Offspring Offspring_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Offspring"
    ADD CONSTRAINT "Offspring_pkey" PRIMARY KEY (id);


--
-- TOC entry 3398 (class 2606 OID 16520)
-- Name: Organization Organization_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Organization"
    ADD CONSTRAINT "Organization_pkey" PRIMARY KEY (id);


--
-- TOC entry 3459 (class 2606 OID 16876)
-- Name: Payment Payment_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Payment"
    ADD CONSTRAINT "Payment_pkey" PRIMARY KEY (id);


--
-- TOC entry 3386 (class 2606 OID 16489)
-- Name: Tenant Tenant_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Tenant"
    ADD CONSTRAINT "Tenant_pkey" PRIMARY KEY (id);


--
-- TOC entry 3391 (class 2606 OID 16500)
-- Name: User User_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."User"
    ADD CONSTRAINT "User_pkey" PRIMARY KEY (id);


--
-- TOC entry 3438 (class 2606 OID 16596)
-- Name: WaitlistEntry WaitlistEntry_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."WaitlistEntry"
    ADD CONSTRAINT "WaitlistEntry_pkey" PRIMARY KEY (id);


--
-- TOC entry 3384 (class 2606 OID 16393)
-- Name: _prisma_migrations _prisma_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public._prisma_migrations
    ADD CONSTRAINT _prisma_migrations_pkey PRIMARY KEY (id);


--
-- TOC entry 3412 (class 1259 OID 16632)
-- Name: AnimalOwner_animalId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "AnimalOwner_animalId_idx" ON public."AnimalOwner" USING btree ("animalId");


--
-- TOC entry 3413 (class 1259 OID 16633)
-- Name: AnimalOwner_contactId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "AnimalOwner_contactId_idx" ON public."AnimalOwner" USING btree ("contactId");


--
-- TOC entry 3414 (class 1259 OID 16634)
-- Name: AnimalOwner_organizationId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "AnimalOwner_organizationId_idx" ON public."AnimalOwner" USING btree ("organizationId");


--
-- TOC entry 3403 (class 1259 OID 16629)
-- Name: Animal_buyerContactId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "Animal_buyerContactId_idx" ON public."Animal" USING btree ("buyerContactId");


--
-- TOC entry 3404 (class 1259 OID 16630)
-- Name: Animal_buyerOrganizationId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "Animal_buyerOrganizationId_idx" ON public."Animal" USING btree ("buyerOrganizationId");


--
-- TOC entry 3405 (class 1259 OID 16627)
-- Name: Animal_damId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "Animal_damId_idx" ON public."Animal" USING btree ("damId");


--
-- TOC entry 3406 (class 1259 OID 16625)
-- Name: Animal_microchip_key; Type: INDEX; Schema: public; Owner: postgres
--

CREATE UNIQUE INDEX "Animal_microchip_key" ON public."Animal" USING btree (microchip);


--
-- TOC entry 3409 (class 1259 OID 16628)
-- Name: Animal_sireId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "Animal_sireId_idx" ON public."Animal" USING btree ("sireId");


--
-- TOC entry 3410 (class 1259 OID 16626)
-- Name: Animal_tenantId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "Animal_tenantId_idx" ON public."Animal" USING btree ("tenantId");


--
-- TOC entry 3411 (class 1259 OID 16631)
-- Name: Animal_tenantId_registrationNumber_key; Type: INDEX; Schema: public; Owner: postgres
--

CREATE UNIQUE INDEX "Animal_tenantId_registrationNumber_key" ON public."Animal" USING btree ("tenantId", "registrationNumber");


--
-- TOC entry 3443 (class 1259 OID 16652)
-- Name: AuditLog_createdAt_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "AuditLog_createdAt_idx" ON public."AuditLog" USING btree ("createdAt");


--
-- TOC entry 3446 (class 1259 OID 16651)
-- Name: AuditLog_tenantId_entityType_entityId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "AuditLog_tenantId_entityType_entityId_idx" ON public."AuditLog" USING btree ("tenantId", "entityType", "entityId");


--
-- TOC entry 3402 (class 1259 OID 16624)
-- Name: Breed_species_name_key; Type: INDEX; Schema: public; Owner: postgres
--

CREATE UNIQUE INDEX "Breed_species_name_key" ON public."Breed" USING btree (species, name);


--
-- TOC entry 3417 (class 1259 OID 16636)
-- Name: BreedingAttempt_damId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "BreedingAttempt_damId_idx" ON public."BreedingAttempt" USING btree ("damId");


--
-- TOC entry 3420 (class 1259 OID 16637)
-- Name: BreedingAttempt_sireId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "BreedingAttempt_sireId_idx" ON public."BreedingAttempt" USING btree ("sireId");


--
-- TOC entry 3421 (class 1259 OID 16638)
-- Name: BreedingAttempt_studOwnerContactId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "BreedingAttempt_studOwnerContactId_idx" ON public."BreedingAttempt" USING btree ("studOwnerContactId");


--
-- TOC entry 3422 (class 1259 OID 16635)
-- Name: BreedingAttempt_tenantId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "BreedingAttempt_tenantId_idx" ON public."BreedingAttempt" USING btree ("tenantId");


--
-- TOC entry 3395 (class 1259 OID 16622)
-- Name: Contact_tenantId_email_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "Contact_tenantId_email_idx" ON public."Contact" USING btree ("tenantId", email);


--
-- TOC entry 3396 (class 1259 OID 16621)
-- Name: Contact_tenantId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "Contact_tenantId_idx" ON public."Contact" USING btree ("tenantId");


--
-- TOC entry 3463 (class 1259 OID 16966)
-- Name: ContractParty_contactId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "ContractParty_contactId_idx" ON public."ContractParty" USING btree ("contactId");


--
-- TOC entry 3464 (class 1259 OID 16965)
-- Name: ContractParty_contractId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "ContractParty_contractId_idx" ON public."ContractParty" USING btree ("contractId");


--
-- TOC entry 3465 (class 1259 OID 16967)
-- Name: ContractParty_organizationId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "ContractParty_organizationId_idx" ON public."ContractParty" USING btree ("organizationId");


--
-- TOC entry 3462 (class 1259 OID 16964)
-- Name: Contract_tenantId_status_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "Contract_tenantId_status_idx" ON public."Contract" USING btree ("tenantId", status);


--
-- TOC entry 3440 (class 1259 OID 16650)
-- Name: HealthRecord_animalId_recordedAt_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "HealthRecord_animalId_recordedAt_idx" ON public."HealthRecord" USING btree ("animalId", "recordedAt");


--
-- TOC entry 3454 (class 1259 OID 16882)
-- Name: InvoiceLineItem_invoiceId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "InvoiceLineItem_invoiceId_idx" ON public."InvoiceLineItem" USING btree ("invoiceId");


--
-- TOC entry 3447 (class 1259 OID 16878)
-- Name: Invoice_contactId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "Invoice_contactId_idx" ON public."Invoice" USING btree ("contactId");


--
-- TOC entry 3448 (class 1259 OID 16880)
-- Name: Invoice_offspringId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "Invoice_offspringId_idx" ON public."Invoice" USING btree ("offspringId");


--
-- TOC entry 3449 (class 1259 OID 16879)
-- Name: Invoice_organizationId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "Invoice_organizationId_idx" ON public."Invoice" USING btree ("organizationId");


--
-- TOC entry 3452 (class 1259 OID 16881)
-- Name: Invoice_tenantId_number_key; Type: INDEX; Schema: public; Owner: postgres
--

CREATE UNIQUE INDEX "Invoice_tenantId_number_key" ON public."Invoice" USING btree ("tenantId", number);


--
-- TOC entry 3453 (class 1259 OID 16877)
-- Name: Invoice_tenantId_status_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "Invoice_tenantId_status_idx" ON public."Invoice" USING btree ("tenantId", status);


--
-- TOC entry 3423 (class 1259 OID 16639)
-- Name: Litter_breedingAttemptId_key; Type: INDEX; Schema: public; Owner: postgres
--

CREATE UNIQUE INDEX "Litter_breedingAttemptId_key" ON public."Litter" USING btree ("breedingAttemptId");


--
-- TOC entry 3424 (class 1259 OID 16641)
-- Name: Litter_damId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "Litter_damId_idx" ON public."Litter" USING btree ("damId");


--
-- TOC entry 3427 (class 1259 OID 16640)
-- Name: Litter_tenantId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "Litter_tenantId_idx" ON public."Litter" USING btree ("tenantId");


--
-- TOC entry 3468 (class 1259 OID 16970)
-- Name: OffspringContract_buyerContactId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "OffspringContract_buyerContactId_idx" ON public."OffspringContract" USING btree ("buyerContactId");


--
-- TOC entry 3469 (class 1259 OID 16971)
-- Name: OffspringContract_buyerOrganizationId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "OffspringContract_buyerOrganizationId_idx" ON public."OffspringContract" USING btree ("buyerOrganizationId");


--
-- TOC entry 3470 (class 1259 OID 16968)
-- Name: OffspringContract_contractId_key; Type: INDEX; Schema: public; Owner: postgres
--

CREATE UNIQUE INDEX "OffspringContract_contractId_key" ON public."OffspringContract" USING btree ("contractId");


--
-- TOC entry 3471 (class 1259 OID 16969)
-- Name: OffspringContract_offspringId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "OffspringContract_offspringId_idx" ON public."OffspringContract" USING btree ("offspringId");


--
-- TOC entry 3428 (class 1259 OID 16642)
-- Name: Offspring_animalId_key; Type: INDEX; Schema: public; Owner: postgres
--

CREATE UNIQUE INDEX "Offspring_animalId_key" ON public."Offspring" USING btree ("animalId");


--
-- TOC entry 3429 (class 1259 OID 16644)
-- Name: Offspring_buyerContactId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "Offspring_buyerContactId_idx" ON public."Offspring" USING btree ("buyerContactId");


--
-- TOC entry 3430 (class 1259 OID 16645)
-- Name: Offspring_buyerOrganizationId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "Offspring_buyerOrganizationId_idx" ON public."Offspring" USING btree ("buyerOrganizationId");


--
-- TOC entry 3431 (class 1259 OID 16643)
-- Name: Offspring_litterId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "Offspring_litterId_idx" ON public."Offspring" USING btree ("litterId");


--
-- TOC entry 3399 (class 1259 OID 16623)
-- Name: Organization_tenantId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "Organization_tenantId_idx" ON public."Organization" USING btree ("tenantId");


--
-- TOC entry 3457 (class 1259 OID 16883)
-- Name: Payment_invoiceId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "Payment_invoiceId_idx" ON public."Payment" USING btree ("invoiceId");


--
-- TOC entry 3387 (class 1259 OID 16617)
-- Name: Tenant_slug_key; Type: INDEX; Schema: public; Owner: postgres
--

CREATE UNIQUE INDEX "Tenant_slug_key" ON public."Tenant" USING btree (slug);


--
-- TOC entry 3388 (class 1259 OID 16619)
-- Name: User_contactId_key; Type: INDEX; Schema: public; Owner: postgres
--

CREATE UNIQUE INDEX "User_contactId_key" ON public."User" USING btree ("contactId");


--
-- TOC entry 3389 (class 1259 OID 16618)
-- Name: User_email_key; Type: INDEX; Schema: public; Owner: postgres
--

CREATE UNIQUE INDEX "User_email_key" ON public."User" USING btree (email);


--
-- TOC entry 3392 (class 1259 OID 16620)
-- Name: User_tenantId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "User_tenantId_idx" ON public."User" USING btree ("tenantId");


--
-- TOC entry 3434 (class 1259 OID 16648)
-- Name: WaitlistEntry_contactId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "WaitlistEntry_contactId_idx" ON public."WaitlistEntry" USING btree ("contactId");


--
-- TOC entry 3435 (class 1259 OID 16647)
-- Name: WaitlistEntry_litterId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "WaitlistEntry_litterId_idx" ON public."WaitlistEntry" USING btree ("litterId");


--
-- TOC entry 3436 (class 1259 OID 16649)
-- Name: WaitlistEntry_organizationId_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "WaitlistEntry_organizationId_idx" ON public."WaitlistEntry" USING btree ("organizationId");


--
-- TOC entry 3439 (class 1259 OID 16646)
-- Name: WaitlistEntry_tenantId_status_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX "WaitlistEntry_tenantId_status_idx" ON public."WaitlistEntry" USING btree ("tenantId", status);


--
-- TOC entry 3484 (class 2606 OID 16703)
-- Name: AnimalOwner AnimalOwner_animalId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."AnimalOwner"
    ADD CONSTRAINT "AnimalOwner_animalId_fkey" FOREIGN KEY ("animalId") REFERENCES public."Animal"(id) ON UPDATE CASCADE ON DELETE CASCADE;


--
-- TOC entry 3485 (class 2606 OID 16708)
-- Name: AnimalOwner AnimalOwner_contactId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."AnimalOwner"
    ADD CONSTRAINT "AnimalOwner_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES public."Contact"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3486 (class 2606 OID 16713)
-- Name: AnimalOwner AnimalOwner_organizationId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."AnimalOwner"
    ADD CONSTRAINT "AnimalOwner_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES public."Organization"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3478 (class 2606 OID 16678)
-- Name: Animal Animal_breedId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Animal"
    ADD CONSTRAINT "Animal_breedId_fkey" FOREIGN KEY ("breedId") REFERENCES public."Breed"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3479 (class 2606 OID 16693)
-- Name: Animal Animal_buyerContactId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Animal"
    ADD CONSTRAINT "Animal_buyerContactId_fkey" FOREIGN KEY ("buyerContactId") REFERENCES public."Contact"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3480 (class 2606 OID 16698)
-- Name: Animal Animal_buyerOrganizationId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Animal"
    ADD CONSTRAINT "Animal_buyerOrganizationId_fkey" FOREIGN KEY ("buyerOrganizationId") REFERENCES public."Organization"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3481 (class 2606 OID 16683)
-- Name: Animal Animal_damId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Animal"
    ADD CONSTRAINT "Animal_damId_fkey" FOREIGN KEY ("damId") REFERENCES public."Animal"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3482 (class 2606 OID 16688)
-- Name: Animal Animal_sireId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Animal"
    ADD CONSTRAINT "Animal_sireId_fkey" FOREIGN KEY ("sireId") REFERENCES public."Animal"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3483 (class 2606 OID 16673)
-- Name: Animal Animal_tenantId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Animal"
    ADD CONSTRAINT "Animal_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES public."Tenant"(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- TOC entry 3505 (class 2606 OID 16808)
-- Name: AuditLog AuditLog_tenantId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."AuditLog"
    ADD CONSTRAINT "AuditLog_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES public."Tenant"(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- TOC entry 3506 (class 2606 OID 16813)
-- Name: AuditLog AuditLog_userId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."AuditLog"
    ADD CONSTRAINT "AuditLog_userId_fkey" FOREIGN KEY ("userId") REFERENCES public."User"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3487 (class 2606 OID 16723)
-- Name: BreedingAttempt BreedingAttempt_damId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."BreedingAttempt"
    ADD CONSTRAINT "BreedingAttempt_damId_fkey" FOREIGN KEY ("damId") REFERENCES public."Animal"(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- TOC entry 3488 (class 2606 OID 16728)
-- Name: BreedingAttempt BreedingAttempt_sireId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."BreedingAttempt"
    ADD CONSTRAINT "BreedingAttempt_sireId_fkey" FOREIGN KEY ("sireId") REFERENCES public."Animal"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3489 (class 2606 OID 16733)
-- Name: BreedingAttempt BreedingAttempt_studOwnerContactId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."BreedingAttempt"
    ADD CONSTRAINT "BreedingAttempt_studOwnerContactId_fkey" FOREIGN KEY ("studOwnerContactId") REFERENCES public."Contact"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3490 (class 2606 OID 16718)
-- Name: BreedingAttempt BreedingAttempt_tenantId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."BreedingAttempt"
    ADD CONSTRAINT "BreedingAttempt_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES public."Tenant"(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- TOC entry 3476 (class 2606 OID 16663)
-- Name: Contact Contact_tenantId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Contact"
    ADD CONSTRAINT "Contact_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES public."Tenant"(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- TOC entry 3514 (class 2606 OID 16982)
-- Name: ContractParty ContractParty_contactId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."ContractParty"
    ADD CONSTRAINT "ContractParty_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES public."Contact"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3515 (class 2606 OID 16977)
-- Name: ContractParty ContractParty_contractId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."ContractParty"
    ADD CONSTRAINT "ContractParty_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES public."Contract"(id) ON UPDATE CASCADE ON DELETE CASCADE;


--
-- TOC entry 3516 (class 2606 OID 16987)
-- Name: ContractParty ContractParty_organizationId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."ContractParty"
    ADD CONSTRAINT "ContractParty_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES public."Organization"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3513 (class 2606 OID 16972)
-- Name: Contract Contract_tenantId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Contract"
    ADD CONSTRAINT "Contract_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES public."Tenant"(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- TOC entry 3504 (class 2606 OID 16803)
-- Name: HealthRecord HealthRecord_animalId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."HealthRecord"
    ADD CONSTRAINT "HealthRecord_animalId_fkey" FOREIGN KEY ("animalId") REFERENCES public."Animal"(id) ON UPDATE CASCADE ON DELETE CASCADE;


--
-- TOC entry 3511 (class 2606 OID 16904)
-- Name: InvoiceLineItem InvoiceLineItem_invoiceId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."InvoiceLineItem"
    ADD CONSTRAINT "InvoiceLineItem_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES public."Invoice"(id) ON UPDATE CASCADE ON DELETE CASCADE;


--
-- TOC entry 3507 (class 2606 OID 16889)
-- Name: Invoice Invoice_contactId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Invoice"
    ADD CONSTRAINT "Invoice_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES public."Contact"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3508 (class 2606 OID 16899)
-- Name: Invoice Invoice_offspringId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Invoice"
    ADD CONSTRAINT "Invoice_offspringId_fkey" FOREIGN KEY ("offspringId") REFERENCES public."Offspring"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3509 (class 2606 OID 16894)
-- Name: Invoice Invoice_organizationId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Invoice"
    ADD CONSTRAINT "Invoice_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES public."Organization"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3510 (class 2606 OID 16884)
-- Name: Invoice Invoice_tenantId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Invoice"
    ADD CONSTRAINT "Invoice_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES public."Tenant"(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- TOC entry 3491 (class 2606 OID 16743)
-- Name: Litter Litter_breedingAttemptId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Litter"
    ADD CONSTRAINT "Litter_breedingAttemptId_fkey" FOREIGN KEY ("breedingAttemptId") REFERENCES public."BreedingAttempt"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3492 (class 2606 OID 16748)
-- Name: Litter Litter_damId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Litter"
    ADD CONSTRAINT "Litter_damId_fkey" FOREIGN KEY ("damId") REFERENCES public."Animal"(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- TOC entry 3493 (class 2606 OID 16753)
-- Name: Litter Litter_sireId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Litter"
    ADD CONSTRAINT "Litter_sireId_fkey" FOREIGN KEY ("sireId") REFERENCES public."Animal"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3494 (class 2606 OID 16738)
-- Name: Litter Litter_tenantId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Litter"
    ADD CONSTRAINT "Litter_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES public."Tenant"(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- TOC entry 3517 (class 2606 OID 17002)
-- Name: OffspringContract OffspringContract_buyerContactId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."OffspringContract"
    ADD CONSTRAINT "OffspringContract_buyerContactId_fkey" FOREIGN KEY ("buyerContactId") REFERENCES public."Contact"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3518 (class 2606 OID 17007)
-- Name: OffspringContract OffspringContract_buyerOrganizationId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."OffspringContract"
    ADD CONSTRAINT "OffspringContract_buyerOrganizationId_fkey" FOREIGN KEY ("buyerOrganizationId") REFERENCES public."Organization"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3519 (class 2606 OID 16997)
-- Name: OffspringContract OffspringContract_contractId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."OffspringContract"
    ADD CONSTRAINT "OffspringContract_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES public."Contract"(id) ON UPDATE CASCADE ON DELETE CASCADE;


--
-- TOC entry 3520 (class 2606 OID 16992)
-- Name: OffspringContract OffspringContract_offspringId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."OffspringContract"
    ADD CONSTRAINT "OffspringContract_offspringId_fkey" FOREIGN KEY ("offspringId") REFERENCES public."Offspring"(id) ON UPDATE CASCADE ON DELETE CASCADE;


--
-- TOC entry 3495 (class 2606 OID 16763)
-- Name: Offspring Offspring_animalId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Offspring"
    ADD CONSTRAINT "Offspring_animalId_fkey" FOREIGN KEY ("animalId") REFERENCES public."Animal"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3496 (class 2606 OID 16768)
-- Name: Offspring Offspring_buyerContactId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Offspring"
    ADD CONSTRAINT "Offspring_buyerContactId_fkey" FOREIGN KEY ("buyerContactId") REFERENCES public."Contact"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3497 (class 2606 OID 16773)
-- Name: Offspring Offspring_buyerOrganizationId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Offspring"
    ADD CONSTRAINT "Offspring_buyerOrganizationId_fkey" FOREIGN KEY ("buyerOrganizationId") REFERENCES public."Organization"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3498 (class 2606 OID 16758)
-- Name: Offspring Offspring_litterId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Offspring"
    ADD CONSTRAINT "Offspring_litterId_fkey" FOREIGN KEY ("litterId") REFERENCES public."Litter"(id) ON UPDATE CASCADE ON DELETE CASCADE;


--
-- TOC entry 3477 (class 2606 OID 16668)
-- Name: Organization Organization_tenantId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Organization"
    ADD CONSTRAINT "Organization_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES public."Tenant"(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- TOC entry 3512 (class 2606 OID 16909)
-- Name: Payment Payment_invoiceId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."Payment"
    ADD CONSTRAINT "Payment_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES public."Invoice"(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- TOC entry 3474 (class 2606 OID 16658)
-- Name: User User_contactId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."User"
    ADD CONSTRAINT "User_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES public."Contact"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3475 (class 2606 OID 16653)
-- Name: User User_tenantId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."User"
    ADD CONSTRAINT "User_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES public."Tenant"(id) ON UPDATE CASCADE ON DELETE RESTRICT;


--
-- TOC entry 3499 (class 2606 OID 16783)
-- Name: WaitlistEntry WaitlistEntry_breedId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."WaitlistEntry"
    ADD CONSTRAINT "WaitlistEntry_breedId_fkey" FOREIGN KEY ("breedId") REFERENCES public."Breed"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3500 (class 2606 OID 16793)
-- Name: WaitlistEntry WaitlistEntry_contactId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."WaitlistEntry"
    ADD CONSTRAINT "WaitlistEntry_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES public."Contact"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3501 (class 2606 OID 16788)
-- Name: WaitlistEntry WaitlistEntry_litterId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."WaitlistEntry"
    ADD CONSTRAINT "WaitlistEntry_litterId_fkey" FOREIGN KEY ("litterId") REFERENCES public."Litter"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3502 (class 2606 OID 16798)
-- Name: WaitlistEntry WaitlistEntry_organizationId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."WaitlistEntry"
    ADD CONSTRAINT "WaitlistEntry_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES public."Organization"(id) ON UPDATE CASCADE ON DELETE SET NULL;


--
-- TOC entry 3503 (class 2606 OID 16778)
-- Name: WaitlistEntry WaitlistEntry_tenantId_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."WaitlistEntry"
    ADD CONSTRAINT "WaitlistEntry_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES public."Tenant"(id) ON UPDATE CASCADE ON DELETE RESTRICT;


-- Completed on 2025-06-09 02:00:00 UTC

--
-- PostgreSQL database dump complete
--

\unrestrict KennelworksNightlyBackup

