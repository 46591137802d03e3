import { Schema, type Connection, type Model } from 'mongoose';

export type OpportunityStatus = 'OPEN' | 'ASSIGNED' | 'COMPLETED' | 'CANCELLED';
export type AssignmentStatus = 'ACCEPTED' | 'SUBMITTED' | 'APPROVED' | 'REJECTED';
export type VerificationStatus = 'PENDING' | 'VERIFIED' | 'DISPUTED';
export type RecordingKind = 'AUDIO' | 'VIDEO' | 'PHOTO';

export interface GeoPoint {
  lat: number;
  lng: number;
}

export interface Store {
  name: string;
  street: string;
  city: string;
  region: string;
  location: GeoPoint;
}

export interface Requirements {
  minRating: number;
  maxDistanceKm: number;
  purchaseRequired: boolean;
  recordingRequired: boolean;
}

/** A document of the `opportunities` collection. */
export interface OpportunityDocument {
  /** `opp_000123`. */
  _id: string;
  clientId: string;
  title: string;
  store: Store;
  requirements: Requirements;
  fee: number;
  currency: string;
  windowStart: Date;
  windowEnd: Date;
  status: OpportunityStatus;
}

/** A document of the `assignments` collection (ids are allocated in `acceptedAt` order). */
export interface AssignmentDocument {
  /** `asg_000456`. */
  _id: string;
  opportunityId: string;
  shopperId: string;
  /** The opportunity's client, denormalised for client scoping. */
  clientId: string;
  status: AssignmentStatus;
  acceptedAt: Date;
}

export interface QuestionAnswer {
  question: string;
  answer: string;
}

export interface Receipt {
  receiptNumber: string;
  purchasedAt: Date;
  amount: number;
  currency: string;
  cardLast4: string;
}

export interface Recording {
  kind: RecordingKind;
  url: string;
  durationSeconds: number;
}

export interface CheckIn {
  at: Date;
  location: GeoPoint;
}

/** A document of the `deliverables` collection (ids are allocated in `submittedAt` order). */
export interface DeliverableDocument {
  /** `dlv_000789`. */
  _id: string;
  assignmentId: string;
  opportunityId: string;
  shopperId: string;
  clientId: string;
  submittedAt: Date;
  verificationStatus: VerificationStatus;
  answers?: QuestionAnswer[];
  receipt?: Receipt | null;
  recordings?: Recording[];
  checkIn?: CheckIn | null;
}

const geoPoint = () => new Schema<GeoPoint>({ lat: Number, lng: Number }, { _id: false });

export const opportunitySchema = new Schema<OpportunityDocument>(
  {
    _id: { type: String, required: true },
    clientId: { type: String, required: true },
    title: { type: String, required: true },
    store: new Schema<Store>(
      { name: String, street: String, city: String, region: String, location: geoPoint() },
      { _id: false },
    ),
    requirements: new Schema<Requirements>(
      { minRating: Number, maxDistanceKm: Number, purchaseRequired: Boolean, recordingRequired: Boolean },
      { _id: false },
    ),
    fee: Number,
    currency: String,
    windowStart: Date,
    windowEnd: Date,
    status: { type: String, enum: ['OPEN', 'ASSIGNED', 'COMPLETED', 'CANCELLED'], required: true },
  },
  { collection: 'opportunities', versionKey: false },
);
// Root-list filters, then `_id`: MongoDB answers a filtered page sorted on `_id` from the index alone (no sort stage).
opportunitySchema.index({ clientId: 1, _id: 1 });
opportunitySchema.index({ status: 1, _id: 1 });

export const assignmentSchema = new Schema<AssignmentDocument>(
  {
    _id: { type: String, required: true },
    opportunityId: { type: String, required: true },
    shopperId: { type: String, required: true },
    clientId: { type: String, required: true },
    status: { type: String, enum: ['ACCEPTED', 'SUBMITTED', 'APPROVED', 'REJECTED'], required: true },
    acceptedAt: Date,
  },
  { collection: 'assignments', versionKey: false },
);
assignmentSchema.index({ opportunityId: 1 });
assignmentSchema.index({ shopperId: 1 });
assignmentSchema.index({ clientId: 1, shopperId: 1 });

export const deliverableSchema = new Schema<DeliverableDocument>(
  {
    _id: { type: String, required: true },
    assignmentId: { type: String, required: true },
    opportunityId: { type: String, required: true },
    shopperId: { type: String, required: true },
    clientId: { type: String, required: true },
    submittedAt: Date,
    verificationStatus: { type: String, enum: ['PENDING', 'VERIFIED', 'DISPUTED'], required: true },
    answers: [new Schema<QuestionAnswer>({ question: String, answer: String }, { _id: false })],
    receipt: new Schema<Receipt>(
      { receiptNumber: String, purchasedAt: Date, amount: Number, currency: String, cardLast4: String },
      { _id: false },
    ),
    recordings: [new Schema<Recording>({ kind: String, url: String, durationSeconds: Number }, { _id: false })],
    checkIn: new Schema<CheckIn>({ at: Date, location: geoPoint() }, { _id: false }),
  },
  { collection: 'deliverables', versionKey: false },
);
deliverableSchema.index({ assignmentId: 1 });
deliverableSchema.index({ opportunityId: 1, _id: 1 });
deliverableSchema.index({ shopperId: 1 });
// The client dashboard: a client's deliverables, newest first (`_id` descending), a page at a time.
deliverableSchema.index({ clientId: 1, _id: 1 });

/** The models of the opportunity subgraph. */
export interface OpportunityModels {
  Opportunity: Model<OpportunityDocument>;
  Assignment: Model<AssignmentDocument>;
  Deliverable: Model<DeliverableDocument>;
}

/** Registers the opportunity subgraph's models on `connection` (idempotent). */
export function registerOpportunityModels(connection: Connection): OpportunityModels {
  const model = <T>(name: string, schema: Schema<T>, collection: string): Model<T> =>
    (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema, collection);
  return {
    Opportunity: model('Opportunity', opportunitySchema, 'opportunities'),
    Assignment: model('Assignment', assignmentSchema, 'assignments'),
    Deliverable: model('Deliverable', deliverableSchema, 'deliverables'),
  };
}
