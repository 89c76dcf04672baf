//! The request Bundle itself: its shape (PAS Request Bundle profile), its entries, and the
//! resolution of every reference inside it.
//!
//! Rules, from the PAS Request Bundle profile (`profile-pas-request-bundle`) and FHIR R4 Bundle:
//! - `resourceType` is `Bundle` and `type` is `collection` (PAS fixes the pattern);
//! - `identifier` (the submitter's transaction id) and `timestamp` (an instant) are 1..1;
//! - `entry` is 1..*, each with a `fullUrl` (1..1 in PAS) and a `resource`; `fullUrl`s are unique
//!   (bdl-7); `entry.request`, `entry.response` and `entry.search` are 0..0;
//! - PAS sends everything a payer needs in the one Bundle, so every `Reference.reference` in
//!   every entry must resolve to an entry (or to a contained resource, `#id`), following FHIR
//!   R4's Bundle resolution: an absolute reference matches a `fullUrl`; a relative `Type/id`
//!   resolves against the base of the referring entry's `fullUrl`, else to the entry whose
//!   resource has that type and id. A version suffix (`/_history/n`) is ignored.
//!
//! At most [`MAX_ENTRIES`] entries are read: the work of one request stays bounded.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::issue::{Issue, IssueCode};

/// The most entries a request Bundle may carry: 50 items with their requested services, 20
/// documents with their Binaries, and the parties leave room to spare below it.
pub const MAX_ENTRIES: usize = 200;

/// One entry of the Bundle.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub index: usize,
    pub full_url: Option<&'a str>,
    pub resource: &'a Value,
    pub resource_type: &'a str,
    pub id: Option<&'a str>,
}

impl Entry<'_> {
    /// `Bundle.entry[i].resource`.
    pub fn expression(&self) -> String {
        resource_expression(self.index)
    }

    /// How responses refer to it: its `fullUrl`, else `Type/id`.
    pub fn reference(&self) -> String {
        match (self.full_url, self.id) {
            (Some(url), _) => url.to_string(),
            (None, Some(id)) => format!("{}/{id}", self.resource_type),
            (None, None) => self.resource_type.to_string(),
        }
    }
}

/// `Bundle.entry[i].resource`.
pub fn resource_expression(index: usize) -> String {
    format!("Bundle.entry[{index}].resource")
}

/// A request Bundle whose shape was checked, with its entries indexed for resolution.
#[derive(Debug)]
pub struct RequestBundle<'a> {
    pub identifier: Option<&'a Value>,
    pub entries: Vec<Entry<'a>>,
    by_full_url: HashMap<&'a str, usize>,
    by_type_and_id: HashMap<(&'a str, &'a str), usize>,
}

impl<'a> RequestBundle<'a> {
    /// Checks the Bundle's own elements and every reference, adding each problem to `issues`.
    /// `None` when it is not a Bundle at all, or has no entry to read.
    pub fn read(bundle: &'a Value, issues: &mut Vec<Issue>) -> Option<Self> {
        let Some(object) = bundle.as_object() else {
            issues.push(Issue::error(IssueCode::Structure, "Bundle", "the request body must be a FHIR R4 Bundle (a JSON object)"));
            return None;
        };
        if object.get("resourceType").and_then(Value::as_str) != Some("Bundle") {
            issues.push(Issue::error(
                IssueCode::Invalid,
                "Bundle.resourceType",
                "resourceType must be 'Bundle': $submit and $inquire take a PAS Request Bundle",
            ));
            return None;
        }
        match object.get("type") {
            Some(Value::String(kind)) if kind == "collection" => {}
            None => {
                issues.push(Issue::error(IssueCode::Required, "Bundle.type", "Bundle.type is required (PAS Request Bundle: collection)"))
            }
            Some(_) => {
                issues.push(Issue::error(IssueCode::Invalid, "Bundle.type", "Bundle.type must be 'collection' (PAS Request Bundle)"))
            }
        }
        let identifier = object.get("identifier");
        if identifier.and_then(|i| i.get("value")).and_then(Value::as_str).is_none_or(|v| v.trim().is_empty()) {
            issues.push(Issue::error(
                IssueCode::Required,
                "Bundle.identifier",
                "Bundle.identifier with a value is required (PAS Request Bundle: the submitter's transaction identifier, 1..1)",
            ));
        }
        match object.get("timestamp") {
            None => issues.push(Issue::error(
                IssueCode::Required,
                "Bundle.timestamp",
                "Bundle.timestamp is required (PAS Request Bundle, 1..1)",
            )),
            Some(Value::String(t)) if chrono::DateTime::parse_from_rfc3339(t).is_ok() => {}
            Some(_) => issues.push(Issue::error(
                IssueCode::Value,
                "Bundle.timestamp",
                "Bundle.timestamp must be a FHIR instant: date, time with seconds, and time zone",
            )),
        }
        let raw_entries = match object.get("entry") {
            Some(Value::Array(entries)) if !entries.is_empty() => entries,
            Some(Value::Array(_)) | None => {
                issues.push(Issue::error(
                    IssueCode::Required,
                    "Bundle.entry",
                    "Bundle.entry is required: the Claim and what it references",
                ));
                return None;
            }
            Some(_) => {
                issues.push(Issue::error(IssueCode::Structure, "Bundle.entry", "Bundle.entry must be an array"));
                return None;
            }
        };
        if raw_entries.len() > MAX_ENTRIES {
            issues.push(Issue::error(
                IssueCode::TooCostly,
                "Bundle.entry",
                format!("a request Bundle may carry at most {MAX_ENTRIES} entries"),
            ));
            return None;
        }

        let mut bundle = RequestBundle {
            identifier,
            entries: Vec::with_capacity(raw_entries.len()),
            by_full_url: HashMap::new(),
            by_type_and_id: HashMap::new(),
        };
        for (index, raw) in raw_entries.iter().enumerate() {
            let at = format!("Bundle.entry[{index}]");
            let Some(entry) = raw.as_object() else {
                issues.push(Issue::error(IssueCode::Structure, at, "each Bundle.entry must be an object"));
                continue;
            };
            for prohibited in ["request", "response", "search"] {
                if entry.contains_key(prohibited) {
                    issues.push(Issue::error(
                        IssueCode::Invalid,
                        format!("{at}.{prohibited}"),
                        format!("Bundle.entry.{prohibited} is not allowed in a PAS Request Bundle (0..0)"),
                    ));
                }
            }
            let full_url = match entry.get("fullUrl") {
                Some(Value::String(url)) if !url.trim().is_empty() => Some(url.as_str()),
                None => {
                    issues.push(Issue::error(
                        IssueCode::Required,
                        format!("{at}.fullUrl"),
                        "Bundle.entry.fullUrl is required (PAS Request Bundle, 1..1)",
                    ));
                    None
                }
                Some(_) => {
                    issues.push(Issue::error(IssueCode::Value, format!("{at}.fullUrl"), "Bundle.entry.fullUrl must be a non-empty URI"));
                    None
                }
            };
            let resource = entry.get("resource");
            let resource_type = resource.and_then(|r| r.get("resourceType")).and_then(Value::as_str);
            let (Some(resource), Some(resource_type)) = (resource.filter(|r| r.is_object()), resource_type) else {
                issues.push(Issue::error(
                    IssueCode::Required,
                    format!("{at}.resource"),
                    "Bundle.entry.resource is required: a resource with its resourceType (PAS Request Bundle, 1..1)",
                ));
                continue;
            };
            if let Some(url) = full_url {
                if bundle.by_full_url.insert(url, index).is_some() {
                    issues.push(Issue::error(
                        IssueCode::Invalid,
                        format!("{at}.fullUrl"),
                        "Bundle.entry.fullUrl must be unique within the Bundle (FHIR R4 bdl-7)",
                    ));
                }
            }
            let id = resource.get("id").and_then(Value::as_str);
            if let Some(id) = id {
                bundle.by_type_and_id.entry((resource_type, id)).or_insert(index);
            }
            bundle.entries.push(Entry { index, full_url, resource, resource_type, id });
        }
        if bundle.entries.is_empty() {
            return None;
        }
        for entry in &bundle.entries {
            bundle.check_references(entry, issues);
        }
        Some(bundle)
    }

    /// The entry at `Bundle.entry[index]`, if it was readable.
    pub fn entry(&self, index: usize) -> Option<&Entry<'a>> {
        self.entries.iter().find(|e| e.index == index)
    }

    /// The entries whose resource has this type.
    pub fn of_type<'s>(&'s self, resource_type: &'s str) -> impl Iterator<Item = &'s Entry<'a>> + 's {
        self.entries.iter().filter(move |e| e.resource_type == resource_type)
    }

    /// The entry `reference` (written in the resource of entry `from`) points at.
    pub fn resolve(&self, from: usize, reference: &str) -> Option<&Entry<'a>> {
        let reference = without_version(reference.trim());
        if let Some(&index) = self.by_full_url.get(reference) {
            return self.entry(index);
        }
        let (resource_type, id) = relative_parts(reference)?;
        if let Some(base) = self.entry(from).and_then(|e| e.full_url).and_then(restful_base) {
            if let Some(&index) = self.by_full_url.get(format!("{base}/{resource_type}/{id}").as_str()) {
                return self.entry(index);
            }
        }
        self.by_type_and_id.get(&(resource_type, id)).and_then(|&index| self.entry(index))
    }

    /// Every `reference` string in the entry's resource must resolve.
    fn check_references(&self, entry: &Entry<'a>, issues: &mut Vec<Issue>) {
        let contained: HashSet<&str> = entry
            .resource
            .get("contained")
            .and_then(Value::as_array)
            .map(|c| c.iter().filter_map(|r| r.get("id").and_then(Value::as_str)).collect())
            .unwrap_or_default();
        let mut found = Vec::new();
        collect_references(entry.resource, entry.expression(), &mut found);
        for (at, reference) in found {
            let resolves = match reference.strip_prefix('#') {
                Some("") => true,
                Some(local) => contained.contains(local),
                None => self.resolve(entry.index, reference).is_some(),
            };
            if !resolves {
                issues.push(Issue::error(
                    IssueCode::NotFound,
                    at,
                    "the reference does not resolve to an entry of the Bundle (PAS: a request carries every resource it references)",
                ));
            }
        }
    }
}

/// Every `Reference.reference` (a string under the key `reference`) with its FHIRPath.
fn collect_references<'v>(value: &'v Value, at: String, found: &mut Vec<(String, &'v str)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("reference") {
                found.push((at.clone(), reference.as_str()));
            }
            for (key, child) in map {
                if key != "reference" && (child.is_object() || child.is_array()) {
                    collect_references(child, format!("{at}.{key}"), found);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_references(child, format!("{at}[{i}]"), found);
            }
        }
        _ => {}
    }
}

/// `Patient/1/_history/2` → `Patient/1` (and the same for absolute URLs).
fn without_version(reference: &str) -> &str {
    match reference.find("/_history/") {
        Some(at) => &reference[..at],
        None => reference,
    }
}

/// `Type/id` of a relative reference (a type starts with an upper-case letter).
fn relative_parts(reference: &str) -> Option<(&str, &str)> {
    let (resource_type, id) = reference.split_once('/')?;
    let type_ok =
        resource_type.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && resource_type.chars().all(|c| c.is_ascii_alphanumeric());
    let id_ok = !id.is_empty() && !id.contains('/') && !id.contains(':');
    (type_ok && id_ok).then_some((resource_type, id))
}

/// The service base of a RESTful `fullUrl` (`http://x/fhir/Patient/1` → `http://x/fhir`).
fn restful_base(full_url: &str) -> Option<&str> {
    let (rest, _id) = full_url.rsplit_once('/')?;
    let (base, _type) = rest.rsplit_once('/')?;
    relative_parts(&full_url[base.len() + 1..]).map(|_| base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn bundle(entries: Value) -> Value {
        json!({
            "resourceType": "Bundle", "type": "collection", "timestamp": "2024-05-02T11:01:00+05:00",
            "identifier": {"system": "http://example.org/tx", "value": "A1"},
            "entry": entries,
        })
    }

    fn read(value: &Value) -> (Option<RequestBundle<'_>>, Vec<Issue>) {
        let mut issues = Vec::new();
        let bundle = RequestBundle::read(value, &mut issues);
        (bundle, issues)
    }

    #[test]
    fn resolves_by_full_url_by_base_and_by_type_and_id() {
        let value = bundle(json!([
            {"fullUrl": "http://a.example/fhir/Claim/c", "resource": {"resourceType": "Claim", "id": "c",
                "patient": {"reference": "Patient/p"},
                "provider": {"reference": "urn:uuid:0f3c1a2e-0000-4000-8000-000000000001"},
                "insurer": {"reference": "http://a.example/fhir/Organization/i/_history/3"},
                "enterer": {"reference": "Practitioner/d"}}},
            {"fullUrl": "http://a.example/fhir/Patient/p", "resource": {"resourceType": "Patient", "id": "p"}},
            {"fullUrl": "urn:uuid:0f3c1a2e-0000-4000-8000-000000000001", "resource": {"resourceType": "Organization"}},
            {"fullUrl": "http://a.example/fhir/Organization/i", "resource": {"resourceType": "Organization", "id": "i"}},
            {"fullUrl": "http://elsewhere.example/Practitioner/d", "resource": {"resourceType": "Practitioner", "id": "d"}},
        ]));
        let (bundle, issues) = read(&value);
        assert!(issues.is_empty(), "{issues:?}");
        let bundle = bundle.unwrap();
        assert_eq!(bundle.resolve(0, "Patient/p").unwrap().index, 1, "relative to the referring entry's base");
        assert_eq!(bundle.resolve(0, "urn:uuid:0f3c1a2e-0000-4000-8000-000000000001").unwrap().index, 2);
        assert_eq!(bundle.resolve(0, "http://a.example/fhir/Organization/i/_history/3").unwrap().index, 3);
        assert_eq!(bundle.resolve(0, "Practitioner/d").unwrap().index, 4, "by type and id");
        assert!(bundle.resolve(0, "http://b.example/fhir/Patient/p").is_none(), "another server's Patient");
    }

    #[test]
    fn every_dangling_reference_is_named_by_its_fhirpath() {
        let value = bundle(json!([
            {"fullUrl": "http://a.example/fhir/Claim/c", "resource": {"resourceType": "Claim", "id": "c",
                "patient": {"reference": "Patient/missing"},
                "item": [{"sequence": 1, "extension": [{"url": "x", "valueReference": {"reference": "ServiceRequest/gone"}}]}],
                "contained": [{"resourceType": "Organization", "id": "org"}],
                "insurer": {"reference": "#org"}, "enterer": {"reference": "#nobody"}}},
        ]));
        let (_, issues) = read(&value);
        let mut at: Vec<&str> = issues.iter().map(|i| i.expression.as_str()).collect();
        at.sort();
        assert_eq!(
            at,
            [
                "Bundle.entry[0].resource.enterer",
                "Bundle.entry[0].resource.item[0].extension[0].valueReference",
                "Bundle.entry[0].resource.patient"
            ]
        );
        assert!(issues.iter().all(|i| i.code == IssueCode::NotFound));
        assert!(issues.iter().all(|i| !i.diagnostics.contains("missing") && !i.diagnostics.contains("gone")));
    }

    #[test]
    fn bundle_level_rules_of_the_pas_request_bundle() {
        let mut value = bundle(json!([{"resource": {"resourceType": "Claim"}, "request": {"method": "POST", "url": "Claim"}}]));
        value["type"] = json!("transaction");
        value.as_object_mut().unwrap().remove("identifier");
        value["timestamp"] = json!("2024-05-02");
        let (_, issues) = read(&value);
        let at: Vec<(&str, IssueCode)> = issues.iter().map(|i| (i.expression.as_str(), i.code)).collect();
        assert_eq!(
            at,
            [
                ("Bundle.type", IssueCode::Invalid),
                ("Bundle.identifier", IssueCode::Required),
                ("Bundle.timestamp", IssueCode::Value),
                ("Bundle.entry[0].request", IssueCode::Invalid),
                ("Bundle.entry[0].fullUrl", IssueCode::Required),
            ]
        );
    }

    #[test]
    fn not_a_bundle_stops_at_the_resource_type() {
        let claim = json!({"resourceType": "Claim"});
        let (bundle, issues) = read(&claim);
        assert!(bundle.is_none());
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].expression, "Bundle.resourceType");
        let (_, issues) = read(&json!([1, 2]));
        assert_eq!(issues[0].code, IssueCode::Structure);
    }

    #[test]
    fn duplicate_full_urls_and_missing_resources() {
        let value = bundle(json!([
            {"fullUrl": "urn:uuid:1", "resource": {"resourceType": "Claim"}},
            {"fullUrl": "urn:uuid:1", "resource": {"resourceType": "Patient"}},
            {"fullUrl": "urn:uuid:2"},
        ]));
        let (_, issues) = read(&value);
        let at: Vec<&str> = issues.iter().map(|i| i.expression.as_str()).collect();
        assert_eq!(at, ["Bundle.entry[1].fullUrl", "Bundle.entry[2].resource"]);
    }

    #[test]
    fn too_many_entries_is_too_costly() {
        let entries: Vec<Value> =
            (0..=MAX_ENTRIES).map(|i| json!({"fullUrl": format!("urn:uuid:{i}"), "resource": {"resourceType": "Basic"}})).collect();
        let value = bundle(Value::Array(entries));
        let (bundle, issues) = read(&value);
        assert!(bundle.is_none());
        assert_eq!(issues[0].code, IssueCode::TooCostly);
        assert_eq!(issues[0].expression, "Bundle.entry");
    }

    #[test]
    fn restful_bases() {
        assert_eq!(restful_base("http://a.example/fhir/Patient/1"), Some("http://a.example/fhir"));
        assert_eq!(restful_base("urn:uuid:0f3c1a2e-0000-4000-8000-000000000001"), None);
        assert_eq!(without_version("Patient/1/_history/2"), "Patient/1");
        assert_eq!(relative_parts("Patient/1"), Some(("Patient", "1")));
        assert_eq!(relative_parts("urn:uuid:1"), None);
    }
}
