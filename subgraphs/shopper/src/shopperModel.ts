import { Schema, type Connection, type Model } from 'mongoose';

export type ShopperStatus = 'ACTIVE' | 'INACTIVE' | 'SUSPENDED';

export interface GeoPoint {
  lat: number;
  lng: number;
}

export interface PostalAddress {
  street: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
}

export interface BankAccount {
  bankName: string;
  routingNumber: string;
  accountNumber: string;
}

export interface Education {
  institution: string;
  degree: string;
  year: number;
}

export interface Employment {
  employer: string;
  title: string;
  startYear: number;
  endYear?: number | null;
}

export interface WebVisit {
  at: Date;
  ipAddress: string;
  domain: string;
  device: string;
  browser: string;
  page: string;
}

export interface Evaluation {
  /** `YYYY-MM-DD`. */
  date: string;
  score: number;
  comment: string;
}

/** A document of the `shoppers` collection (as `lean()` reads it). */
export interface ShopperDocument {
  /** `shp_000042`. */
  _id: string;
  status: ShopperStatus;
  /** The privacy-policy version in force when the data was collected (`2024-01-01`, `2026-11-01`). */
  policyVersion: string;
  createdAt: Date;
  consents: { shareContactWithPartners: boolean; marketingEmails: boolean };
  firstName?: string | null;
  lastName?: string | null;
  alias?: string | null;
  email?: string | null;
  phone?: string | null;
  address?: PostalAddress | null;
  /** `YYYY-MM-DD`. */
  dateOfBirth?: string | null;
  ssn?: string | null;
  driversLicense?: string | null;
  passportNumber?: string | null;
  taxId?: string | null;
  bankAccount?: BankAccount | null;
  signatureRef?: string | null;
  education?: Education[];
  employment?: Employment | null;
  jobHistory?: Employment[];
  /** Companies the shopper is affiliated with (screened against a client's competitors). */
  competitorAffiliations?: string[];
  gender?: string | null;
  raceEthnicity?: string | null;
  maritalStatus?: string | null;
  veteranStatus?: string | null;
  disability?: string | null;
  homeLocation?: GeoPoint | null;
  ipAddresses?: string[];
  webActivity?: WebVisit[];
  /** Average rating of the shopper's work, 1 to 5. */
  rating?: number | null;
  evaluations?: Evaluation[];
}

const point = { lat: Number, lng: Number };
const employment = new Schema<Employment>(
  { employer: String, title: String, startYear: Number, endYear: { type: Number, default: null } },
  { _id: false },
);

export const shopperSchema = new Schema<ShopperDocument>(
  {
    _id: { type: String, required: true },
    status: { type: String, enum: ['ACTIVE', 'INACTIVE', 'SUSPENDED'], required: true },
    policyVersion: { type: String, required: true },
    createdAt: { type: Date, required: true },
    consents: {
      shareContactWithPartners: { type: Boolean, default: false },
      marketingEmails: { type: Boolean, default: false },
    },
    firstName: String,
    lastName: String,
    alias: String,
    email: String,
    phone: String,
    address: new Schema<PostalAddress>(
      { street: String, city: String, region: String, postalCode: String, country: String },
      { _id: false },
    ),
    dateOfBirth: String,
    ssn: String,
    driversLicense: String,
    passportNumber: String,
    taxId: String,
    bankAccount: new Schema<BankAccount>({ bankName: String, routingNumber: String, accountNumber: String }, { _id: false }),
    signatureRef: String,
    education: [new Schema<Education>({ institution: String, degree: String, year: Number }, { _id: false })],
    employment,
    jobHistory: [employment],
    competitorAffiliations: [String],
    gender: String,
    raceEthnicity: String,
    maritalStatus: String,
    veteranStatus: String,
    disability: String,
    homeLocation: new Schema<GeoPoint>(point, { _id: false }),
    ipAddresses: [String],
    webActivity: [
      new Schema<WebVisit>(
        { at: Date, ipAddress: String, domain: String, device: String, browser: String, page: String },
        { _id: false },
      ),
    ],
    rating: Number,
    evaluations: [new Schema<Evaluation>({ date: String, score: Number, comment: String }, { _id: false })],
  },
  { collection: 'shoppers', versionKey: false },
);
// Eligibility: active shoppers in a latitude band (the bounding box's first condition).
shopperSchema.index({ status: 1, 'homeLocation.lat': 1 });
shopperSchema.index({ 'address.region': 1 });

/** The models of the shopper subgraph. */
export interface ShopperModels {
  Shopper: Model<ShopperDocument>;
  /** The database the models live in (the client scope reads the opportunity subgraph's `assignments`). */
  connection: Connection;
  /** The database of the gateway's audit trail (`audit_events`); the same one unless the audit store is apart. */
  auditConnection: Connection;
}

/** Registers the shopper subgraph's models on `connection` (idempotent). */
export function registerShopperModels(connection: Connection, auditConnection: Connection = connection): ShopperModels {
  const Shopper =
    (connection.models.Shopper as Model<ShopperDocument> | undefined) ??
    connection.model<ShopperDocument>('Shopper', shopperSchema, 'shoppers');
  return { Shopper, connection, auditConnection };
}
