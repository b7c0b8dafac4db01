/** Vocabularies shared by several forms (data contract §1). */

export const SCHEME_NAMES = ['Perinatal', 'Reconnect'] as const;
export const YES_NO = ['Yes', 'No'] as const;

export const SERVICE_TYPES = [
  'GP',
  'Dental',
  'Talking therapies (IAPT)',
  'Crisis mental health',
  "Women's centre",
  'Domestic abuse support',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** A short name for each service type, for pack sections and web addresses. */
export const SERVICE_SLUGS: Readonly<Record<ServiceType, string>> = {
  GP: 'gp',
  Dental: 'dental',
  'Talking therapies (IAPT)': 'talking-therapies',
  'Crisis mental health': 'crisis',
  "Women's centre": 'womens-centre',
  'Domestic abuse support': 'domestic-abuse',
};

export const AGREEMENT_SCALE = [
  'Strongly disagree',
  'Disagree',
  'Neither agree nor disagree',
  'Agree',
  'Strongly agree',
] as const;

export const CONTACT_TYPES = [
  'Reception support',
  'Emotional support',
  'Practical help',
  'Encouraging engagement',
  'Release planning',
  'Ad hoc support',
] as const;

export const TRAINING_TOPICS = [
  'Confidentiality',
  'Active listening',
  'Own emotional response',
  'Practical issues',
  'Trauma-informed practice',
  'Other',
] as const;

/** The four topics the contract says training must cover. */
export const CORE_TRAINING_TOPICS = TRAINING_TOPICS.slice(0, 4);

export const GP_REGISTRATION = ['Registered before release', 'Registration started', 'Not registered'] as const;
/** Release planning's GP registration, before she leaves. */
export const PLANNED_GP_REGISTRATION = ['Registered', 'Registration started', 'Not started'] as const;

export const SUPPORTER_ID = {
  regex: '^PS-\\d{3,}$',
  example: 'PS-007',
  kind: 'supporter',
  identity: 'site',
} as const;

export const PRISON_NUMBER = {
  regex: '^[A-Z]\\d{4}[A-Z]{2}$',
  example: 'A1234BC',
  kind: 'woman',
  identity: 'national',
} as const;
