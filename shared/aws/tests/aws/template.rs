//! `template.yaml` and the adapters agree on every table's keys, indexes and TTL attribute.

use crate::tables::{TABLE_VARIABLES, expected, read_template, spec_from_template, table_resource, template_path};

#[test]
fn template_tables_match_the_adapters() {
    let Some(template) = read_template() else {
        assert!(!mediclear_testkit::in_ci(), "CI=true but {} is missing", template_path().display());
        eprintln!("skipping: {} does not exist yet", template_path().display());
        return;
    };
    for variable in TABLE_VARIABLES {
        let (logical_id, resource) = table_resource(&template, variable)
            .unwrap_or_else(|| panic!("template.yaml: no function environment sets {variable} to !Ref <a table>"));
        assert_eq!(
            resource.get("Type").and_then(|t| t.as_str()),
            Some("AWS::DynamoDB::Table"),
            "{variable} must name an AWS::DynamoDB::Table ({logical_id})"
        );
        let mut declared = spec_from_template(resource);
        let mut wanted = expected(variable);
        declared.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        wanted.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        assert_eq!(declared, wanted, "{logical_id} ({variable}) differs from what the adapter reads and writes");
    }
}
