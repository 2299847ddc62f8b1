//! Query strings read the way ASP.NET binds them: names in any case, booleans as `true`,
//! `True` or `1`, comma-joined ID lists.

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use chrono::{DateTime, Utc};

use crate::wire_time;

/// The query string of one request, with names lower-cased.
#[derive(Debug, Default, Clone)]
pub(crate) struct Params(HashMap<String, String>);

pub(crate) fn truthy(value: &str) -> bool {
    value.eq_ignore_ascii_case("true") || value == "1"
}

impl Params {
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// ASP.NET reads `true` in any case; Halo's own clients also send `1`.
    pub(crate) fn flag(&self, name: &str) -> bool {
        self.get(name).is_some_and(truthy)
    }

    /// The first of `names` that is present: a parameter some clients spell another way.
    pub(crate) fn either(&self, names: &[&str]) -> Option<&str> {
        names.iter().find_map(|name| self.get(name))
    }

    pub(crate) fn int(&self, name: &str) -> Option<i32> {
        self.get(name).and_then(|v| v.trim().parse().ok())
    }

    /// `status=1,2,4`: the IDs of a multi-value filter, or `None` when it is absent.
    pub(crate) fn ids(&self, name: &str) -> Option<Vec<i32>> {
        self.get(name).map(|v| {
            v.split(',')
                .filter_map(|id| id.trim().parse().ok())
                .collect()
        })
    }

    pub(crate) fn date(&self, name: &str) -> Option<DateTime<Utc>> {
        self.get(name).and_then(wire_time::parse)
    }

    /// The parameters other than `except`, in a stable and unambiguous form: one query's
    /// identity.
    pub(crate) fn canonical_except(&self, except: &[&str]) -> String {
        let mut pairs: Vec<(&String, &String)> = self
            .0
            .iter()
            .filter(|(k, _)| !except.contains(&k.as_str()))
            .collect();
        pairs.sort();
        // JSON quoting keeps `a=b&c` inside a value apart from two parameters.
        serde_json::to_string(&pairs).unwrap_or_default()
    }

    #[cfg(test)]
    pub(crate) fn from_pairs(pairs: &[(&str, &str)]) -> Self {
        Self(
            pairs
                .iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), (*v).to_owned()))
                .collect(),
        )
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let pairs = Query::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map(|Query(pairs)| pairs)
            .unwrap_or_default();
        Ok(Self(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v))
                .collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_read_as_asp_net_reads_them() {
        let p = Params::from_pairs(&[
            ("a", "true"),
            ("b", "True"),
            ("c", "1"),
            ("d", "false"),
            ("e", "yes"),
        ]);
        assert!(p.flag("a") && p.flag("b") && p.flag("c"));
        assert!(!p.flag("d") && !p.flag("e") && !p.flag("missing"));
    }

    #[test]
    fn names_are_case_insensitive_and_lists_split_on_commas() {
        let p = Params::from_pairs(&[("Status", "1, 2,x,4"), ("Client_ID", "7")]);
        assert_eq!(p.ids("status"), Some(vec![1, 2, 4]));
        assert_eq!(p.int("client_id"), Some(7));
        assert_eq!(p.ids("team"), None);
    }
}
