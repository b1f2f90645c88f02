//! Operation naming: the stable, readable `operationId` every emitter uses.
//!
//! [`assign_operation_ids`] fills [`Operation::operation_id`] where it is `None`. Ids already
//! set (config renames, imported `operationId`s) are kept and reserved: no derived id equals
//! one of them. [`crate::finish()`] calls it; emitters read the ids from the
//! [`crate::FinishedApi`] and never call it themselves.
//!
//! # Rules
//!
//! 1. **API operations** (`api_operation == true`, RamBase action resources) with a summary are
//!    named after the summary: its first eight ASCII words in lowerCamelCase
//!    (`Cancel sales order` → `cancelSalesOrder`).
//! 2. **Every other operation** is named `<verb><Nouns>`:
//!    - The path's segments are read left to right. `api`, version segments (`v1`, `v2.1`) and
//!      empty segments are skipped. A literal segment followed by a path parameter (`{id}`) or
//!      a literal numeric id (`109498`) addresses an *item* and is singularised
//!      (`contacts/{contactId}` → `Contact`). Parameters and numeric ids give no noun.
//!    - Literal segments before the first item segment, other than the last literal segment, are
//!      a *namespace* (`collaboration` in `/collaboration/contacts/{contactId}`, `sales` in
//!      `/sales/customers`); they are left out, and used only to resolve collisions (rule 3).
//!    - The verb: `GET` → `get` when the path ends in a parameter or its last segment is
//!      singular, `list` when it addresses a collection (last segment a plural literal or the
//!      operation is paged); `POST` → `create`; `PUT` → `update`; `PATCH` → `patch`;
//!      `DELETE` → `delete`; `HEAD` → `head`; `OPTIONS` → `options`.
//!    - The last noun is singularised except after `list` (`listCustomers`, `createCustomer`).
//!    - Examples: `PUT /collaboration/contacts/{contactId}/phones/{phoneId}` →
//!      `updateContactPhone`; `PATCH /api/v2/clientcontact/{clientContactId}/phone` →
//!      `patchClientcontactPhone`; `GET /sales/customers` → `listCustomers`;
//!      `GET /system/reports/109498/result-set` → `getReportResultSet`.
//!    - **Action segments.** A literal segment whose first word is an action verb (`Get`,
//!      `Create`, `Add`, `Insert`, `Update`, `Edit`, `Save`, `Delete`, `Remove`: RPC-style
//!      routes such as `api/{controller}/{action}/{id}`) names the action, not a resource. The
//!      word gives no noun (the rest of the segment does: `UpdatePrice` → `Price`; `GetById`
//!      gives none, its parameters follow), and it is the
//!      verb: the method's own when it says the same thing (`PUT api/Update/{id}`,
//!      `POST api/orders/Create`), the action's when it says another (`POST api/orders/Get`
//!      is a read: `getOrder`/`listOrders` by the `GET` rules). So ids never stutter
//!      (`updateUpdate`, `createCreate`) or contradict the action (`createGet`). When the
//!      action leaves no noun, the trailing path parameters qualify the verb
//!      (`PUT api/Update/{id}` → `updateById`), else the verb stands alone
//!      (`POST api/Create` → `create`).
//!    - Words are split at `-`, `_`, `.`, spaces and case changes (`resultSet`, `HTTPServer`)
//!      and each is capitalised (`PhoneID` → `PhoneId`). An id that would start with a digit is
//!      prefixed with `op`. A path with no noun at all (`/`) gives the bare verb with `Root`.
//! 3. **Collisions** are resolved without regard to the order of operations in the model. All
//!    operations still without an id propose a candidate; a candidate proposed by exactly one
//!    operation and not taken is accepted. The others go to their next, more qualified form
//!    (forms equal to the previous one are skipped): (a) for API operations, the path-derived
//!    name instead of the summary; (b) with the namespace nouns (`listSalesCustomers`);
//!    (c) with the version segment as suffix (`getUserV2`); (d) with `By` + the trailing path
//!    parameters (`getOrderByOrderNo`); (e) finally, in `METHOD /path` order, the most
//!    qualified form, then that form with a numeric suffix `2`, `3`, … (`getXByA`, `getXByA2`).
//!
//! The module also exports the small casing helpers the rules use ([`words`],
//! [`lower_camel_case`], [`upper_camel_case`], [`singularize`]), so other emitters derive names
//! the same way.

use crate::{Api, Method, Operation};
use std::collections::{BTreeMap, BTreeSet};

/// The group every emitter files operations under when the docs put them in none (the OpenAPI
/// tag, the Rust client's module and feature).
pub const UNGROUPED: &str = "other";

/// At most this many words of a summary make an API operation's id.
const MAX_SUMMARY_WORDS: usize = 8;

/// Splits text into words at non-alphanumeric characters and case changes.
///
/// `"result-set"` → `["result", "set"]`; `"HTTPServer2Go"` → `["HTTP", "Server2", "Go"]`;
/// `"phoneNumber"` → `["phone", "Number"]`. Only ASCII letters and digits are kept.
pub fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in s.split(|c: char| !c.is_ascii_alphanumeric()) {
        let chars: Vec<char> = chunk.chars().collect();
        let mut cur = String::new();
        for (i, &c) in chars.iter().enumerate() {
            if !cur.is_empty() && c.is_ascii_uppercase() {
                let prev = chars[i - 1];
                let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
                // `phoneNumber` (lower→upper) or `HTTPServer` (end of an acronym).
                if prev.is_ascii_lowercase()
                    || prev.is_ascii_digit()
                    || (prev.is_ascii_uppercase() && next_lower)
                {
                    out.push(std::mem::take(&mut cur));
                }
            }
            cur.push(c);
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

fn capitalize(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// `UpperCamelCase` of the [`words`] of `s` (`"result-set"` → `ResultSet`).
pub fn upper_camel_case(s: &str) -> String {
    words(s).iter().map(|w| capitalize(w)).collect()
}

/// `lowerCamelCase` of the [`words`] of `s` (`"Cancel sales order"` → `cancelSalesOrder`).
pub fn lower_camel_case(s: &str) -> String {
    let mut out = String::new();
    for (i, w) in words(s).iter().enumerate() {
        if i == 0 {
            out.push_str(&w.to_ascii_lowercase());
        } else {
            out.push_str(&capitalize(w));
        }
    }
    out
}

/// The singular of an English plural noun, by suffix rules; other words are returned as is.
///
/// `contacts` → `contact`, `categories` → `category`, `addresses` → `address`,
/// `boxes` → `box`, `statuses` → `status`; `status`, `address`, `analysis`, `phone` stay.
/// The case of the kept letters is preserved.
pub fn singularize(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let keep = |n: usize| word[..word.len() - n].to_string();
    if lower.len() <= 3 {
        return word.to_string();
    }
    if lower.ends_with("statuses") {
        return keep(2);
    }
    if lower.ends_with("ies") && lower.len() > 4 {
        let y = if word.ends_with("IES") { "Y" } else { "y" };
        return keep(3) + y;
    }
    for suffix in ["sses", "ches", "shes", "xes", "zzes"] {
        if lower.ends_with(suffix) {
            return keep(2);
        }
    }
    if lower.ends_with("ss") || lower.ends_with("us") || lower.ends_with("is") {
        return word.to_string();
    }
    if lower.ends_with('s') {
        return keep(1);
    }
    word.to_string()
}

/// Whether a word looks like an English plural (what [`singularize`] would change).
fn is_plural(word: &str) -> bool {
    singularize(word) != word
}

fn is_version_segment(seg: &str) -> bool {
    let rest = seg
        .strip_prefix('v')
        .or_else(|| seg.strip_prefix('V'))
        .unwrap_or("");
    !rest.is_empty()
        && rest.starts_with(|c: char| c.is_ascii_digit())
        && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
}

fn is_numeric(seg: &str) -> bool {
    !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit())
}

fn is_param(seg: &str) -> bool {
    seg.starts_with('{') && seg.ends_with('}')
}

/// What a path says about the resource it addresses.
#[derive(Debug, Default)]
struct PathShape {
    /// Namespace nouns (left out of the base name).
    namespace: Vec<String>,
    /// Resource nouns, UpperCamelCase, items already singularised.
    nouns: Vec<String>,
    /// Words of the last literal segment, unsingularised, UpperCamelCase.
    last_plural: Option<String>,
    /// Whether the path ends in a parameter or numeric id.
    ends_in_item: bool,
    /// Version segment, as `V2`.
    version: Option<String>,
    /// Trailing path parameter names.
    trailing_params: Vec<String>,
    /// The verb of an action segment (`Update` in `api/Update/{id}`).
    action: Option<Method>,
}

/// The method an action word names (`Get`, `Create`, `Update`, ...), by whole word.
fn action_method(word: &str) -> Option<Method> {
    Some(match word.to_ascii_lowercase().as_str() {
        "get" => Method::Get,
        "create" | "add" | "insert" => Method::Post,
        "update" | "edit" | "save" => Method::Put,
        "delete" | "remove" => Method::Delete,
        _ => return None,
    })
}

fn path_shape(path: &str) -> PathShape {
    let path = path.split('?').next().unwrap_or("");
    let mut segs: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let mut shape = PathShape::default();
    // The first action segment is the verb; the rest of its words stay a noun.
    let action = segs.iter().enumerate().find_map(|(i, seg)| {
        if is_param(seg) || is_numeric(seg) || is_version_segment(seg) {
            return None;
        }
        let ws = words(seg);
        let (first, more) = ws.split_first()?;
        // `GetById`, `GetByName`: the parameters after it say the rest.
        let rest = if more.first().is_some_and(|w| w.eq_ignore_ascii_case("by")) {
            String::new()
        } else {
            more.concat()
        };
        action_method(first).map(|m| (i, m, rest))
    });
    if let Some((i, method, rest)) = action {
        shape.action = Some(method);
        if rest.is_empty() {
            segs.remove(i);
        } else {
            segs[i] = rest;
        }
    }
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    // (noun, is_item) for each literal resource segment.
    let mut literals: Vec<(String, bool)> = Vec::new();
    for (i, seg) in segs.iter().enumerate() {
        if is_param(seg) || is_numeric(seg) {
            continue;
        }
        if seg.eq_ignore_ascii_case("api") {
            continue;
        }
        if is_version_segment(seg) {
            shape.version.get_or_insert_with(|| upper_camel_case(seg));
            continue;
        }
        let is_item = segs
            .get(i + 1)
            .is_some_and(|next| is_param(next) || is_numeric(next));
        literals.push((seg.to_string(), is_item));
    }
    for seg in segs.iter().rev() {
        if is_param(seg) {
            shape
                .trailing_params
                .insert(0, upper_camel_case(&seg[1..seg.len() - 1]));
        } else {
            break;
        }
    }
    shape.ends_in_item = segs.last().is_some_and(|s| is_param(s) || is_numeric(s));
    let first_item = literals.iter().position(|(_, item)| *item);
    let last = literals.len().saturating_sub(1);
    let start = first_item.unwrap_or(last).min(last);
    for (i, (seg, is_item)) in literals.iter().enumerate() {
        let noun = if *is_item {
            singular_noun(seg)
        } else {
            upper_camel_case(seg)
        };
        if i < start {
            shape.namespace.push(noun);
        } else {
            shape.nouns.push(noun);
        }
    }
    shape.last_plural = literals.last().map(|(seg, _)| upper_camel_case(seg));
    shape
}

/// UpperCamelCase of a segment with its last word singularised.
fn singular_noun(seg: &str) -> String {
    let mut ws = words(seg);
    if let Some(last) = ws.last_mut() {
        *last = singularize(last);
    }
    ws.iter().map(|w| capitalize(w)).collect()
}

fn verb(op: &Operation, shape: &PathShape) -> &'static str {
    match shape.action.unwrap_or(op.method) {
        Method::Get => {
            let collection = !shape.ends_in_item
                && (op.paging.is_some()
                    || shape
                        .last_plural
                        .as_deref()
                        .and_then(|s| words(s).pop())
                        .is_some_and(|w| is_plural(&w)));
            if collection {
                "list"
            } else {
                "get"
            }
        }
        Method::Post => "create",
        Method::Put => "update",
        Method::Patch => "patch",
        Method::Delete => "delete",
        Method::Head => "head",
        Method::Options => "options",
    }
}

/// Builds `verb + nouns`, singularising the last noun unless the verb is `list`.
fn join(verb: &str, namespace: &[String], nouns: &[String], list: bool) -> String {
    let mut out = verb.to_string();
    for n in namespace {
        out.push_str(n);
    }
    for (i, n) in nouns.iter().enumerate() {
        if i + 1 == nouns.len() && !list {
            out.push_str(&singular_noun(n));
        } else {
            out.push_str(n);
        }
    }
    if nouns.is_empty() && namespace.is_empty() {
        out.push_str("Root");
    }
    out
}

/// Makes an id start with a letter.
fn fix_start(id: String) -> String {
    if id.starts_with(|c: char| c.is_ascii_digit()) {
        format!("op{}", upper_camel_case(&id))
    } else {
        id
    }
}

/// Rule 1: an API operation's id from its summary.
fn summary_id(op: &Operation) -> Option<String> {
    let ws = words(op.summary.as_deref()?);
    let text = ws
        .iter()
        .take(MAX_SUMMARY_WORDS)
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    let id = lower_camel_case(&text);
    (!id.is_empty()).then(|| fix_start(id))
}

/// The candidate ids of one operation, from plainest to most qualified.
fn candidates(op: &Operation) -> Vec<String> {
    let shape = path_shape(&op.path);
    let v = verb(op, &shape);
    let list = v == "list";
    let nouns: Vec<String> = if list {
        // Keep the collection plural: `listCustomers`.
        let mut n = shape.nouns.clone();
        if let (Some(last), Some(plural)) = (n.last_mut(), shape.last_plural.as_ref()) {
            *last = plural.clone();
        }
        n
    } else {
        shape.nouns.clone()
    };
    if shape.action.is_some() && nouns.is_empty() && shape.namespace.is_empty() {
        // Only an action: `update`, `updateById`, `updateV2ById`.
        let by = if shape.trailing_params.is_empty() {
            String::new()
        } else {
            format!("By{}", shape.trailing_params.join("And"))
        };
        let plain = if by.is_empty() {
            v.to_string()
        } else {
            format!("{v}{by}")
        };
        let mut out = vec![plain];
        if let Some(ver) = &shape.version {
            let versioned = format!("{v}{ver}{by}");
            out.push(versioned);
        }
        if op.api_operation {
            if let Some(id) = summary_id(op) {
                out.insert(0, id);
            }
        }
        out.dedup();
        return out;
    }
    let base = join(v, &[], &nouns, list);
    let qualified = join(v, &shape.namespace, &nouns, list);
    let versioned = match &shape.version {
        Some(ver) => format!("{qualified}{ver}"),
        None => qualified.clone(),
    };
    let by_params = if shape.trailing_params.is_empty() {
        versioned.clone()
    } else {
        format!("{versioned}By{}", shape.trailing_params.join("And"))
    };
    let mut out = Vec::new();
    if op.api_operation {
        out.extend(summary_id(op));
    }
    for c in [base, qualified, versioned, by_params] {
        let c = fix_start(c);
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// Fills every missing [`Operation::operation_id`] by the rules in the module documentation.
///
/// Existing ids are kept and no derived id equals one of them. The result does not depend on
/// the order of `api.operations`.
///
/// ```
/// use apiscrape_model::{naming::assign_operation_ids, Api, Method, Operation};
/// let mut api = Api::new("T");
/// api.operations.push(Operation::new(Method::Put, "/collaboration/contacts/{contactId}/phones/{phoneId}"));
/// assign_operation_ids(&mut api);
/// assert_eq!(api.operations[0].operation_id.as_deref(), Some("updateContactPhone"));
/// ```
pub fn assign_operation_ids(api: &mut Api) {
    let mut taken: BTreeSet<String> = api
        .operations
        .iter()
        .filter_map(|op| op.operation_id.clone())
        .collect();
    // Pending operations by key (sorted, so nothing depends on Vec order).
    let mut pending: BTreeMap<String, (usize, Vec<String>)> = BTreeMap::new();
    for (i, op) in api.operations.iter().enumerate() {
        if op.operation_id.is_none() {
            pending.insert(op.key(), (i, candidates(op)));
        }
    }
    let mut assigned: BTreeMap<usize, String> = BTreeMap::new();
    let stages = pending.values().map(|(_, c)| c.len()).max().unwrap_or(0);
    for stage in 0..stages {
        let mut proposals: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (key, (_, cands)) in &pending {
            let c = &cands[stage.min(cands.len() - 1)];
            proposals.entry(c.clone()).or_default().push(key.clone());
        }
        for (cand, keys) in proposals {
            if keys.len() == 1 && !taken.contains(&cand) {
                let (idx, _) = pending.remove(&keys[0]).expect("pending key");
                taken.insert(cand.clone());
                assigned.insert(idx, cand);
            }
        }
    }
    // Numeric suffixes, in key order.
    for (_, (idx, cands)) in pending {
        let stem = cands.last().expect("at least one candidate").clone();
        let mut n = 1;
        let id = loop {
            let id = if n == 1 {
                stem.clone()
            } else {
                format!("{stem}{n}")
            };
            if !taken.contains(&id) {
                break id;
            }
            n += 1;
        };
        taken.insert(id.clone());
        assigned.insert(idx, id);
    }
    for (idx, id) in assigned {
        api.operations[idx].operation_id = Some(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Paging;

    fn id_of(method: Method, path: &str) -> String {
        let mut api = Api::new("T");
        api.operations.push(Operation::new(method, path));
        assign_operation_ids(&mut api);
        api.operations[0].operation_id.clone().unwrap()
    }

    #[test]
    fn words_split_at_separators_and_case_changes() {
        assert_eq!(words("result-set"), ["result", "set"]);
        assert_eq!(words("phoneNumber"), ["phone", "Number"]);
        assert_eq!(words("HTTPServer"), ["HTTP", "Server"]);
        assert_eq!(words("PhoneID"), ["Phone", "ID"]);
        assert_eq!(words("api_v2.Foo bar"), ["api", "v2", "Foo", "bar"]);
        assert_eq!(words("v2Thing"), ["v2", "Thing"]);
        assert_eq!(words("ÄÖ--"), Vec::<String>::new());
    }

    #[test]
    fn casing_helpers() {
        assert_eq!(lower_camel_case("Cancel sales order"), "cancelSalesOrder");
        assert_eq!(lower_camel_case("PhoneID"), "phoneId");
        assert_eq!(lower_camel_case("$access_token"), "accessToken");
        assert_eq!(upper_camel_case("result-set"), "ResultSet");
        assert_eq!(upper_camel_case("clientcontact"), "Clientcontact");
        assert_eq!(lower_camel_case(""), "");
    }

    #[test]
    fn singularize_by_suffix_rules() {
        let cases = [
            ("contacts", "contact"),
            ("phones", "phone"),
            ("categories", "category"),
            ("addresses", "address"),
            ("boxes", "box"),
            ("batches", "batch"),
            ("statuses", "status"),
            ("status", "status"),
            ("address", "address"),
            ("analysis", "analysis"),
            ("phone", "phone"),
            ("Roles", "Role"),
            ("ids", "ids"),
            ("warehouses", "warehouse"),
        ];
        for (plural, singular) in cases {
            assert_eq!(singularize(plural), singular, "{plural}");
        }
    }

    #[test]
    fn path_rules_give_the_documented_examples() {
        assert_eq!(
            id_of(
                Method::Put,
                "/collaboration/contacts/{contactId}/phones/{phoneId}"
            ),
            "updateContactPhone"
        );
        assert_eq!(
            id_of(
                Method::Patch,
                "/api/v2/clientcontact/{clientContactId}/phone"
            ),
            "patchClientcontactPhone"
        );
        assert_eq!(id_of(Method::Get, "/sales/customers"), "listCustomers");
        assert_eq!(id_of(Method::Post, "/sales/customers"), "createCustomer");
        assert_eq!(
            id_of(Method::Get, "/sales/customers/{customerId}"),
            "getCustomer"
        );
        assert_eq!(
            id_of(Method::Delete, "/collaboration/contacts/{contactId}"),
            "deleteContact"
        );
        assert_eq!(
            id_of(Method::Get, "/system/reports/109498/result-set"),
            "getReportResultSet"
        );
        assert_eq!(
            id_of(Method::Post, "/collaboration/contacts/{contactId}/phones"),
            "createContactPhone"
        );
        assert_eq!(id_of(Method::Get, "/api/v1/Roles"), "listRoles");
        assert_eq!(id_of(Method::Get, "/"), "getRoot");
        assert_eq!(id_of(Method::Get, "/api/users/me"), "getMe");
        assert_eq!(id_of(Method::Head, "/files/{fileId}"), "headFile");
        assert_eq!(id_of(Method::Options, "/files"), "optionsFile");
    }

    /// Issue 16.16: `updateUpdate`, `createGet`, `createCreate` were derived from RPC-style
    /// routes whose action word is a path segment.
    #[test]
    fn action_segments_neither_stutter_nor_contradict() {
        let cases = [
            (Method::Put, "/api/Update/{id}", "updateById"),
            (Method::Post, "/api/Create", "create"),
            (Method::Get, "/api/Create/{id}", "createById"),
            (Method::Post, "/api/Get", "get"),
            (Method::Post, "/api/v2/Create", "create"),
            (Method::Put, "/api/orders/Update/{id}", "updateOrder"),
            (Method::Put, "/api/Orders/{id}/Update", "updateOrder"),
            (Method::Post, "/api/Orders/Create", "createOrder"),
            (Method::Post, "/api/Orders/Add", "createOrder"),
            (Method::Post, "/api/customers/Get", "listCustomers"),
            (Method::Post, "/api/customers/{id}/Get", "getCustomer"),
            (Method::Get, "/api/Orders/GetById/{id}", "getOrder"),
            (Method::Delete, "/api/Orders/Delete/{id}", "deleteOrder"),
            (Method::Post, "/api/Orders/Remove/{id}", "deleteOrder"),
            (Method::Put, "/api/Products/UpdatePrice/{id}", "updatePrice"),
            (Method::Post, "/api/Orders/SaveDraft", "updateDraft"),
            // Words that only start like an action stay nouns.
            (Method::Get, "/api/Settings/{id}", "getSetting"),
            (Method::Post, "/api/Addresses", "createAddress"),
            (Method::Get, "/api/Updates", "listUpdates"),
            (Method::Get, "/api/v2/search", "getSearch"),
        ];
        for (method, path, want) in cases {
            assert_eq!(id_of(method, path), want, "{method:?} {path}");
        }
        // Two action-only routes that differ by version are qualified by it.
        let mut api = Api::new("T");
        api.operations
            .push(Operation::new(Method::Post, "/api/v1/Create"));
        api.operations
            .push(Operation::new(Method::Post, "/api/v2/Create"));
        assign_operation_ids(&mut api);
        let ids: Vec<_> = api
            .operations
            .iter()
            .map(|o| o.operation_id.clone().unwrap())
            .collect();
        assert_eq!(ids, ["createV1", "createV2"]);
    }

    /// A segment with no word in it (`-`, `%20`) is not an action and does not panic (the
    /// docs proptest found `ws[1..]` on an empty word list).
    #[test]
    fn wordless_segments_are_neither_actions_nor_panics() {
        assert_eq!(id_of(Method::Get, "/api/-/orders"), "listOrders");
        assert_eq!(id_of(Method::Post, "/api/_/Create"), "create");
    }

    #[test]
    fn paged_get_is_a_list() {
        let mut api = Api::new("T");
        let mut op = Operation::new(Method::Get, "/logistics/lot-watch-list");
        op.paging = Some(Paging {
            page_size_parameter: "$top".into(),
            max_page_size: 80,
        });
        api.operations.push(op);
        assign_operation_ids(&mut api);
        assert_eq!(
            api.operations[0].operation_id.as_deref(),
            Some("listLotWatchList")
        );
    }

    #[test]
    fn api_operations_are_named_from_their_summary() {
        let mut api = Api::new("T");
        let mut op = Operation::new(
            Method::Post,
            "/sales/orders/{salesOrderId}/api-operations/100296/instances",
        );
        op.api_operation = true;
        op.summary = Some("Cancel sales order.".into());
        api.operations.push(op);
        let mut long = Operation::new(Method::Post, "/system/api/api-operations/101245/instances");
        long.api_operation = true;
        long.summary = Some(
            "Register the given assignment as done for the current user with a note and more"
                .into(),
        );
        api.operations.push(long);
        assign_operation_ids(&mut api);
        assert_eq!(
            api.operations[0].operation_id.as_deref(),
            Some("cancelSalesOrder")
        );
        assert_eq!(
            api.operations[1].operation_id.as_deref(),
            Some("registerTheGivenAssignmentAsDoneForThe")
        );
    }

    #[test]
    fn collisions_are_qualified_then_numbered_independently_of_order() {
        let ops = [
            (Method::Get, "/sales/customers"),
            (Method::Get, "/finance/customers"),
            (Method::Get, "/api/v1/users/{id}"),
            (Method::Get, "/api/v2/users/{id}"),
            (Method::Get, "/orders/{orderNo}"),
            (Method::Get, "/orders/{id}"),
            (Method::Get, "/x/{a}"),
            (Method::Get, "/x/{a}/"),
        ];
        let build = |order: &[usize]| {
            let mut api = Api::new("T");
            for &i in order {
                api.operations.push(Operation::new(ops[i].0, ops[i].1));
            }
            assign_operation_ids(&mut api);
            let mut out: Vec<(String, String)> = api
                .operations
                .iter()
                .map(|o| (o.key(), o.operation_id.clone().unwrap()))
                .collect();
            out.sort();
            out
        };
        let forward = build(&[0, 1, 2, 3, 4, 5, 6, 7]);
        let backward = build(&[7, 6, 5, 4, 3, 2, 1, 0]);
        assert_eq!(forward, backward);
        let ids: BTreeMap<_, _> = forward.into_iter().collect();
        assert_eq!(ids["GET /sales/customers"], "listSalesCustomers");
        assert_eq!(ids["GET /finance/customers"], "listFinanceCustomers");
        assert_eq!(ids["GET /api/v1/users/{id}"], "getUserV1");
        assert_eq!(ids["GET /api/v2/users/{id}"], "getUserV2");
        assert_eq!(ids["GET /orders/{orderNo}"], "getOrderByOrderNo");
        assert_eq!(ids["GET /orders/{id}"], "getOrderById");
        assert_eq!(ids["GET /x/{a}"], "getXByA");
        assert_eq!(ids["GET /x/{a}/"], "getXByA2");
    }

    #[test]
    fn preset_ids_are_kept_and_reserved() {
        let mut api = Api::new("T");
        let mut fixed = Operation::new(Method::Get, "/other");
        fixed.operation_id = Some("getContact".into());
        api.operations.push(fixed);
        api.operations
            .push(Operation::new(Method::Get, "/crm/contacts/{contactId}"));
        assign_operation_ids(&mut api);
        assert_eq!(
            api.operations[0].operation_id.as_deref(),
            Some("getContact")
        );
        assert_eq!(
            api.operations[1].operation_id.as_deref(),
            Some("getCrmContact")
        );
    }

    #[test]
    fn ids_never_start_with_a_digit() {
        let mut api = Api::new("T");
        let mut op = Operation::new(Method::Post, "/a");
        op.api_operation = true;
        op.summary = Some("2FA login".into());
        api.operations.push(op);
        assign_operation_ids(&mut api);
        assert_eq!(
            api.operations[0].operation_id.as_deref(),
            Some("op2FaLogin")
        );
    }
}
