use mediclear_client_db::Drivers;
use mediclear_domain::reports::patient_key::discover;
use mediclear_domain::reports::schema::{DatabaseType, TableKind};
use mediclear_ports::client_databases::{ClientDatabases, Limits, RunnableQuery};
use mediclear_testkit::client_dbs::require;

use crate::{BOTH, reader};

#[tokio::test]
async fn the_schema_has_every_table_its_keys_and_true_row_counts() {
    if require().is_none() {
        return;
    }
    for database_type in BOTH {
        let target = reader(database_type);
        let schema = Drivers.schema(&target, Limits::default()).await.unwrap();
        assert_eq!(schema.database_type, database_type);
        let names: Vec<&str> = schema.tables.iter().map(|t| t.name.as_str()).collect();
        for table in ["person", "visit_occurrence", "condition_occurrence", "drug_exposure", "procedure_occurrence", "measurement", "observation", "concept"] {
            assert!(names.contains(&table), "{database_type:?} lacks {table}: {names:?}");
        }
        let person = schema.table("person").unwrap();
        assert_eq!(person.kind, TableKind::Table);
        assert_eq!(person.primary_key().unwrap().name, "person_id");
        let condition = schema.table("condition_occurrence").unwrap();
        assert!(condition.foreign_keys.iter().any(|fk| fk.columns == ["person_id"] && fk.references_table == "person"), "{database_type:?}: {:?}", condition.foreign_keys);
        assert!(condition.field("condition_start_date").is_some_and(|f| f.data_type.starts_with("date")));
        assert!(!condition.field("person_id").unwrap().nullable);

        // Row counts, against a count of our own.
        for table in ["person", "measurement", "drug_exposure"] {
            let counted = Drivers.run(&target, &RunnableQuery::Sql { text: format!("SELECT COUNT(*) FROM {table}"), parameters: vec![] }, Limits::default()).await.unwrap();
            let expected = counted.rows[0][0].as_number().unwrap() as u64;
            let t = schema.table(table).unwrap();
            assert_eq!(t.row_count, Some(expected), "{database_type:?} {table}");
            assert!(t.row_count_exact);
        }

        // The planner's view: the patient key is found from the foreign keys.
        let key = discover(&schema, None).unwrap();
        assert_eq!((key.table.as_deref(), key.column.as_str()), (Some("person"), "person_id"));

        // No value of the data is in what is stored.
        let stored = serde_json::to_string(&schema).unwrap();
        assert!(!stored.contains("Hemoglobin"), "a concept name leaked into the schema");
    }
}

#[tokio::test]
async fn databases_visible_to_the_reader_are_listed() {
    if require().is_none() {
        return;
    }
    for database_type in BOTH {
        let names = Drivers.databases(&reader(database_type), Limits::default()).await.unwrap();
        assert!(names.iter().any(|n| n == "eunomia"), "{database_type:?}: {names:?}");
        if database_type == DatabaseType::MySQL {
            assert!(!names.iter().any(|n| n == "test"), "the reader sees only what it was granted: {names:?}");
        }
    }
}
