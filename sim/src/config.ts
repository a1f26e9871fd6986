// The simulator's configuration (sim/wrangler.toml `[vars]`), validated with zod once per
// Durable Object so that a bad value fails loudly instead of misbehaving later.
import { type CountryCode, isSupportedCountry } from "libphonenumber-js/max";
import { z } from "zod";

/** The custom field types Close knows. */
export const CustomFieldType = z.enum([
  "text",
  "textarea",
  "number",
  "date",
  "datetime",
  "choices",
  "user",
  "contact",
  "hidden",
]);
export type CustomFieldType = z.infer<typeof CustomFieldType>;

const CustomFieldShape = z.object({
  id: z.string().regex(/^cf_[A-Za-z0-9]+$/),
  name: z.string().min(1),
  type: CustomFieldType,
  accepts_multiple_values: z.boolean(),
  choices: z.array(z.string()).optional(),
});

const CHOICES_NEEDED = {
  message: "A choices field needs a non-empty `choices` list.",
};

function hasChoicesIfNeeded(field: { type: CustomFieldType; choices?: string[] | undefined }) {
  return field.type !== "choices" || (field.choices?.length ?? 0) > 0;
}

/** One custom field of the organization, as configured in `CUSTOM_FIELDS`. */
export const CustomFieldDefinition = CustomFieldShape.refine(hasChoicesIfNeeded, CHOICES_NEEDED);
export type CustomFieldDefinition = z.infer<typeof CustomFieldDefinition>;

/** A field of a custom activity type: a custom field that may be required to publish. */
export const ActivityFieldDefinition = CustomFieldShape.extend({ required: z.boolean() }).refine(
  hasChoicesIfNeeded,
  CHOICES_NEEDED,
);
export type ActivityFieldDefinition = z.infer<typeof ActivityFieldDefinition>;

/** A custom activity type (`CUSTOM_ACTIVITY_TYPES`), with its fields. */
export const CustomActivityTypeDefinition = z.strictObject({
  id: z.string().regex(/^actitype_[A-Za-z0-9]+$/),
  name: z.string().min(1),
  description: z.string().default(""),
  api_create_only: z.boolean().default(false),
  fields: z.array(ActivityFieldDefinition).default([]),
});
export type CustomActivityTypeDefinition = z.infer<typeof CustomActivityTypeDefinition>;

/** A member of the organization (`USERS`). */
export const UserDefinition = z.strictObject({
  id: z.string().regex(/^user_[A-Za-z0-9]+$/),
  email: z.email(),
  first_name: z.string().min(1),
  last_name: z.string().min(1),
});
export type UserDefinition = z.infer<typeof UserDefinition>;

/** A lead status the organization starts with (`LEAD_STATUSES`). */
export const LeadStatusDefinition = z.strictObject({
  id: z.string().regex(/^stat_[A-Za-z0-9]+$/),
  label: z.string().min(1),
});
export type LeadStatusDefinition = z.infer<typeof LeadStatusDefinition>;

/** An opportunity status: active, won or lost. */
export const OpportunityStatusDefinition = z.strictObject({
  id: z.string().regex(/^stat_[A-Za-z0-9]+$/),
  label: z.string().min(1),
  type: z.enum(["active", "won", "lost"]),
});
export type OpportunityStatusDefinition = z.infer<typeof OpportunityStatusDefinition>;

/** An opportunity pipeline with its statuses, in order (`PIPELINES`). */
export const PipelineDefinition = z.strictObject({
  id: z.string().regex(/^pipe_[A-Za-z0-9]+$/),
  name: z.string().min(1),
  statuses: z.array(OpportunityStatusDefinition).min(1),
});
export type PipelineDefinition = z.infer<typeof PipelineDefinition>;

/** A request budget: `limit` requests per fixed window of `window_s` seconds. */
export const RateLimitSetting = z.strictObject({
  limit: z.number().int().min(0),
  window_s: z.number().positive().max(3600),
});
export type RateLimitSetting = z.infer<typeof RateLimitSetting>;

/** Keys may come as a TOML list or, from a `.dev.vars` file, as a comma-separated string. */
const ApiKeys = z
  .union([z.array(z.string()), z.string().transform((keys) => keys.split(","))])
  .transform((keys) => keys.map((key) => key.trim()).filter((key) => key.length > 0))
  .pipe(z.array(z.string()).min(1));

/** The simulator's validated configuration. */
export const SimulatorConfig = z.object({
  API_KEYS: ApiKeys,
  // The country Close reads numbers without + in: the organization's, US unless configured.
  ORGANIZATION_COUNTRY: z
    .string()
    .refine((country) => isSupportedCountry(country as CountryCode), "Unknown country code.")
    .default("US"),
  RATE_LIMIT: RateLimitSetting,
  CUSTOM_FIELDS: z.object({
    contact: z.array(CustomFieldDefinition).default([]),
    lead: z.array(CustomFieldDefinition).default([]),
  }),
  USERS: z.array(UserDefinition).default([]),
  LEAD_STATUSES: z.array(LeadStatusDefinition).min(1),
  PIPELINES: z.array(PipelineDefinition).min(1),
  CUSTOM_ACTIVITY_TYPES: z.array(CustomActivityTypeDefinition).default([]),
});
export type SimulatorConfig = z.infer<typeof SimulatorConfig>;

/** Reads the configuration from the Worker's bindings; throws naming every invalid variable. */
export function readSimulatorConfig(env: Env): SimulatorConfig {
  const parsed = SimulatorConfig.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".")}: ${issue.message}`,
    );
    throw new Error(`Invalid simulator configuration: ${problems.join("; ")}`);
  }
  return parsed.data;
}
