//! The names of the specification extensions (`x-…`) that carry model facts OpenAPI has no
//! field for: one constant each, written by the lowering ([`crate::to_document`]) and read
//! back by the importer ([`crate::import`]), so the two directions cannot drift apart.
//!
//! The crate docs ("Mapping conventions") say what each one holds.

/// What every specification extension's name starts with.
pub const PREFIX: &str = "x-";

/// Vendor error codes `[{code, status, message}]`: on an operation (all of them) and on each
/// response (that status's codes).
pub const ERROR_CODES: &str = "x-error-codes";
/// RamBase resource `{id, version}` of an operation.
pub const RAMBASE_RESOURCE: &str = "x-rambase-resource";
/// `true` on a RamBase "API operation" (an action, not a resource read or write).
pub const RAMBASE_API_OPERATION: &str = "x-rambase-api-operation";
/// `true` when the operation accepts the vendor's custom fields.
pub const CUSTOM_FIELDS: &str = "x-custom-fields";
/// Paging `{pageSizeParameter, maxPageSize}` of an operation.
pub const PAGING: &str = "x-paging";
/// Query features `{expandableFields, filterFields, sortableFields, namedFilters}`.
pub const QUERY_FEATURES: &str = "x-query-features";
/// Keys (`METHOD /path`) of the operations the docs name as related.
pub const RELATED_OPERATIONS: &str = "x-related-operations";
/// Provenance `{page, line, url, note}` of an operation or a named type.
pub const SOURCE: &str = "x-source";
/// The expansion a parameter selects (RamBase `$expand`).
pub const EXPANSION: &str = "x-expansion";
/// The documented HTTP status of a response OpenAPI cannot key by it (written under
/// `default`).
pub const STATUS: &str = "x-status";
/// Why the docs do not describe a response's body (the response has no content).
pub const UNDOCUMENTED_BODY: &str = "x-undocumented-body";
/// `true` on the `2XX` response written for an operation the docs list no success for.
pub const UNDOCUMENTED_RESPONSE: &str = "x-undocumented-response";
/// A note on a media type (a sample that could not be read).
pub const NOTE: &str = "x-note";
/// `true` on a component for a type the docs reference but do not describe.
pub const PLACEHOLDER: &str = "x-placeholder";
/// Member names of an enum, in the order of its values.
pub const ENUM_VARNAMES: &str = "x-enum-varnames";
/// Member descriptions of an enum, in the order of its values (`""` where none).
pub const ENUM_DESCRIPTIONS: &str = "x-enum-descriptions";
/// The known values of an enum whose member list is incomplete (written instead of `enum`).
pub const ENUM_KNOWN_VALUES: &str = "x-enum-known-values";
/// `false` on an enum whose member list is incomplete.
pub const ENUM_COMPLETE: &str = "x-enum-complete";
/// Allowed values that are not values of the schema's type (kept as text).
pub const ALLOWED_VALUES: &str = "x-allowed-values";
/// A documented default that is not a value of its schema (kept as text).
pub const DEFAULT: &str = "x-default";
/// `true` when the values come from a vendor domain-value list.
pub const DOMAIN_VALUES: &str = "x-domain-values";
/// The documented data type hint (ASP.NET `[DataType]`).
pub const DATA_TYPE: &str = "x-data-type";
/// The documented format hint (a date or number layout in words).
pub const FORMAT_HINT: &str = "x-format-hint";
/// Constraints OpenAPI has no keyword for, as documented text.
pub const CONSTRAINT_NOTES: &str = "x-constraint-notes";
/// Names of fields that share a JSON key with an earlier field (only the first is a
/// property).
pub const DUPLICATE_FIELDS: &str = "x-duplicate-fields";
/// The schema of a map's keys when they are not strings.
pub const KEY_SCHEMA: &str = "x-key-schema";

/// Every extension above, for tests and tools that check a document uses no other.
pub const ALL: [&str; 26] = [
    ERROR_CODES,
    RAMBASE_RESOURCE,
    RAMBASE_API_OPERATION,
    CUSTOM_FIELDS,
    PAGING,
    QUERY_FEATURES,
    RELATED_OPERATIONS,
    SOURCE,
    EXPANSION,
    STATUS,
    UNDOCUMENTED_BODY,
    UNDOCUMENTED_RESPONSE,
    NOTE,
    PLACEHOLDER,
    ENUM_VARNAMES,
    ENUM_DESCRIPTIONS,
    ENUM_KNOWN_VALUES,
    ENUM_COMPLETE,
    ALLOWED_VALUES,
    DEFAULT,
    DOMAIN_VALUES,
    DATA_TYPE,
    FORMAT_HINT,
    CONSTRAINT_NOTES,
    DUPLICATE_FIELDS,
    KEY_SCHEMA,
];
