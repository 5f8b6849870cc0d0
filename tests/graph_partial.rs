//! `DependencyGraph::build_for` (the graph replay builds for a DROP or a column type change, holding
//! only the tables that can depend on the targets) must give the same drop plan as the whole graph.
//! Checked for every table-bound object of the schemas the oracle scenarios build (and of the sample),
//! the largest and most varied catalogs we have: inheritance, partitions, foreign keys, views, row types.

use std::path::Path;

use rollcheck::catalog::graph::{DependencyGraph, ObjectId};
use rollcheck::catalog::load;

#[test]
fn the_partial_graph_gives_the_same_drop_plans_as_the_whole() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources: Vec<_> = std::fs::read_dir(root.join("tests/fixtures/oracle"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    sources.sort();
    sources.push(root.join("samples/party-migration"));
    let mut checked = 0;
    let mut mismatches = Vec::new();
    for source in &sources {
        let catalog = load(source, None).unwrap().catalog;
        let whole = DependencyGraph::build(&catalog);
        for id in whole.objects() {
            let table_bound = matches!(
                id,
                ObjectId::Table(_)
                    | ObjectId::Column(..)
                    | ObjectId::Default(..)
                    | ObjectId::Constraint(..)
                    | ObjectId::Trigger(..)
                    | ObjectId::Policy(..)
                    | ObjectId::Index(_)
            );
            if !table_bound {
                continue;
            }
            let targets = std::slice::from_ref(id);
            let expected = whole.drop_plan(targets);
            let partial = DependencyGraph::build_for(&catalog, targets).drop_plan(targets);
            checked += 1;
            if (&expected.objects, &expected.blockers) != (&partial.objects, &partial.blockers) {
                mismatches.push(format!(
                    "{}: {}\n  whole:   {:?}\n  partial: {:?}",
                    source.display(),
                    id.describe(),
                    expected.objects,
                    partial.objects
                ));
            }
        }
    }
    assert!(checked > 500, "only {checked} objects checked");
    assert!(mismatches.is_empty(), "{} mismatches:\n{}", mismatches.len(), mismatches.join("\n"));
}
