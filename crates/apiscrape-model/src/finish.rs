//! The finishing step between parsing and emitting: [`finish`] turns an [`Api`] into a
//! [`FinishedApi`], the only thing the emitters take.
//!
//! Finishing does, once, what every emitter needs and none may do differently:
//!
//! 1. [`Api::normalize`]: the canonical order of operations, responses, error codes and
//!    diagnostics (so a model patched after parsing is in order again).
//! 2. Operation ids: an id already in the model is kept (that is how an operation is
//!    renamed: set [`Operation::operation_id`] before finishing, which the CLI does for the
//!    config's patches, and the OpenAPI importer for `operationId`); every other operation is
//!    named by [`naming::assign_operation_ids`].
//! 3. Checks that no two operations have the same method and path (the parsers merge what
//!    pages say of one operation, but a config patch, an edited `model.json` or an imported
//!    document can still hold two; no emitter could write both), and that the ids are
//!    unique (only ids set before finishing can collide).
//!
//! A [`FinishedApi`] can only be made by [`finish`] and cannot be changed afterwards (it
//! derefs to `&Api`, never `&mut Api`), so an emitter cannot see an unfinished model, and
//! [`FinishedApi::operation_id`] / [`FinishedOperation::id`] give the id without an `Option`.
//!
//! ```
//! use apiscrape_model::{finish, Api, Method, Operation};
//! let mut api = Api::new("T");
//! api.operations.push(Operation::new(Method::Get, "/things/{id}"));
//! let api = finish(api).unwrap();
//! assert_eq!(api.operation_id(0), "getThing");
//! let op = api.finished_operations().next().unwrap();
//! assert_eq!((op.path.as_str(), op.id()), ("/things/{id}", "getThing"));
//! ```

use crate::{naming, Api, Operation};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Why an API cannot be finished.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FinishError {
    /// Two operations have the same method and path (a missing leading `/` counts as
    /// present: `GET a` and `GET /a` are one operation).
    DuplicateOperation {
        /// The operation's key (`METHOD /path`).
        key: String,
    },
    /// Two operations were given the same id before finishing (config renames, an imported
    /// document's `operationId`s).
    DuplicateOperationId {
        /// The id.
        id: String,
        /// The first operation's key (`METHOD /path`, in key order).
        first: String,
        /// The second operation's key.
        second: String,
    },
}

impl fmt::Display for FinishError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FinishError::DuplicateOperation { key } => {
                write!(f, "operation `{key}` appears twice in the model")
            }
            FinishError::DuplicateOperationId { id, first, second } => write!(
                f,
                "operationId `{id}` is used by both `{first}` and `{second}`"
            ),
        }
    }
}

impl std::error::Error for FinishError {}

/// An [`Api`] after [`finish`]: normalised, every operation named, ids unique. Read it as an
/// `Api` through `Deref`; it cannot be changed.
#[derive(Debug, Clone, PartialEq)]
pub struct FinishedApi {
    api: Api,
    /// `ids[i]` is the id of `api.operations[i]` (also stored in the operation, for the
    /// model's JSON).
    ids: Vec<String>,
}

/// Finishes `api` (see the [module documentation](self)).
pub fn finish(mut api: Api) -> Result<FinishedApi, FinishError> {
    api.normalize();
    let mut keys = BTreeSet::new();
    for op in &api.operations {
        let slash = if op.path.starts_with('/') { "" } else { "/" };
        let key = format!("{} {slash}{}", op.method, op.path);
        if !keys.insert(key.clone()) {
            return Err(FinishError::DuplicateOperation { key });
        }
    }
    naming::assign_operation_ids(&mut api);
    let mut ids = Vec::with_capacity(api.operations.len());
    let mut seen: BTreeMap<&str, String> = BTreeMap::new();
    let mut duplicate = None;
    for op in &api.operations {
        // `assign_operation_ids` names every operation without an id.
        let id = op.operation_id.clone().unwrap_or_default();
        ids.push(id);
    }
    for (op, id) in api.operations.iter().zip(&ids) {
        if let Some(first) = seen.insert(id, op.key()) {
            duplicate.get_or_insert(FinishError::DuplicateOperationId {
                id: id.clone(),
                first,
                second: op.key(),
            });
        }
    }
    match duplicate {
        Some(e) => Err(e),
        None => Ok(FinishedApi { api, ids }),
    }
}

impl FinishedApi {
    /// The finished model.
    pub fn api(&self) -> &Api {
        &self.api
    }

    /// The model, to change it (it must be finished again before emitting).
    pub fn into_api(self) -> Api {
        self.api
    }

    /// The id of `self.operations[index]`. Panics when `index` is out of range, as indexing
    /// `operations` would.
    pub fn operation_id(&self, index: usize) -> &str {
        &self.ids[index]
    }

    /// The operations with their ids, in model order.
    pub fn finished_operations(&self) -> impl ExactSizeIterator<Item = FinishedOperation<'_>> {
        self.api
            .operations
            .iter()
            .zip(&self.ids)
            .enumerate()
            .map(|(index, (op, id))| FinishedOperation { index, op, id })
    }
}

impl std::ops::Deref for FinishedApi {
    type Target = Api;

    fn deref(&self) -> &Api {
        &self.api
    }
}

impl AsRef<Api> for FinishedApi {
    fn as_ref(&self) -> &Api {
        &self.api
    }
}

/// An operation of a [`FinishedApi`] with its id; derefs to the [`Operation`].
#[derive(Debug, Clone, Copy)]
pub struct FinishedOperation<'a> {
    index: usize,
    op: &'a Operation,
    id: &'a str,
}

impl<'a> FinishedOperation<'a> {
    /// The operation's id (`updateContactPhone`).
    pub fn id(&self) -> &'a str {
        self.id
    }

    /// Its index in [`Api::operations`].
    pub fn index(&self) -> usize {
        self.index
    }

    /// The operation.
    pub fn operation(&self) -> &'a Operation {
        self.op
    }
}

impl std::ops::Deref for FinishedOperation<'_> {
    type Target = Operation;

    fn deref(&self) -> &Operation {
        self.op
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Method, Response, ResponseContent};

    #[test]
    fn finishing_orders_names_and_keeps_preset_ids() {
        let mut api = Api::new("T");
        let mut renamed = Operation::new(Method::Put, "/contacts/{contactId}");
        renamed.operation_id = Some("setContact".into());
        api.operations.push(renamed);
        let mut get = Operation::new(Method::Get, "/contacts/{contactId}");
        // Added after parsing (a config patch): out of order until finished.
        for status in [404, 200] {
            get.responses.push(Response {
                status,
                description: None,
                content: ResponseContent::Empty,
            });
        }
        api.operations.push(get);
        api.operations
            .push(Operation::new(Method::Get, "/contacts"));
        let done = finish(api).unwrap();
        let got: Vec<(String, &str, usize)> = done
            .finished_operations()
            .map(|o| (o.key(), o.id(), o.index()))
            .collect();
        assert_eq!(
            got,
            [
                ("GET /contacts".to_string(), "listContacts", 0),
                ("GET /contacts/{contactId}".to_string(), "getContact", 1),
                ("PUT /contacts/{contactId}".to_string(), "setContact", 2),
            ]
        );
        assert_eq!(done.operation_id(2), "setContact");
        let statuses: Vec<u16> = done.operations[1]
            .responses
            .iter()
            .map(|r| r.status)
            .collect();
        assert_eq!(statuses, [200, 404]);
        // The ids are in the model too, so its JSON names every operation.
        assert_eq!(
            done.api().operations[0].operation_id.as_deref(),
            Some("listContacts")
        );
        // Finishing a finished model changes nothing.
        assert_eq!(finish(done.clone().into_api()).unwrap(), done);
    }

    #[test]
    fn two_operations_of_one_method_and_path_are_refused() {
        for (first, second) in [("/a/{id}", "/a/{id}"), ("/a", "a")] {
            let mut api = Api::new("T");
            api.operations.push(Operation::new(Method::Get, "/b"));
            // Different ids do not make them two operations.
            for (path, id) in [(first, "one"), (second, "two")] {
                let mut op = Operation::new(Method::Get, path);
                op.operation_id = Some(id.into());
                api.operations.push(op);
            }
            let err = finish(api).unwrap_err();
            let key = format!("GET /{}", first.trim_start_matches('/'));
            assert_eq!(err, FinishError::DuplicateOperation { key: key.clone() });
            assert_eq!(
                err.to_string(),
                format!("operation `{key}` appears twice in the model")
            );
        }
        // Another method on the same path is another operation.
        let mut api = Api::new("T");
        api.operations.push(Operation::new(Method::Get, "/a"));
        api.operations.push(Operation::new(Method::Put, "/a"));
        assert_eq!(finish(api).unwrap().operations.len(), 2);
    }

    #[test]
    fn colliding_preset_ids_are_refused_naming_both_operations() {
        let mut api = Api::new("T");
        for path in ["/b", "/a", "/c"] {
            let mut op = Operation::new(Method::Get, path);
            op.operation_id = Some(if path == "/c" { "other" } else { "same" }.into());
            api.operations.push(op);
        }
        let err = finish(api).unwrap_err();
        assert_eq!(
            err.to_string(),
            "operationId `same` is used by both `GET /a` and `GET /b`"
        );
    }
}
