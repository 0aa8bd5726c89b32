//! The repeats as facets: each row's cluster, its kind, whether it repeats an earlier
//! ticket's problem, and its part in a false closure; what the figures select and the
//! explorer counts by.

use crate::query::facet::{computed, Keyed, BOTH_CLOSED_AND_RETURNED};
use crate::query::Facet;

use super::{ClusterKind, Repeats};

/// The keys of `facet` (one of the four repeat facets) for a table of `rows` rows.
pub fn keyed(facet: &Facet, repeats: &Repeats, rows: usize) -> Keyed<'static> {
    let mut keys = vec![0u32; rows];
    let values: Vec<String> = match facet {
        Facet::Repeat => {
            for &row in repeats.clusters.iter().flat_map(|c| &c.rows) {
                keys[row as usize] = 1;
            }
            for &row in &repeats.again {
                keys[row as usize] = 2;
            }
            ["", "first", "again"].map(String::from).to_vec()
        }
        Facet::RepeatKind => {
            for cluster in &repeats.clusters {
                let key = ClusterKind::ALL.iter().position(|k| *k == cluster.kind).unwrap_or(0) as u32 + 1;
                for &row in &cluster.rows {
                    keys[row as usize] = key;
                }
            }
            let mut values = vec![String::new()];
            values.extend(ClusterKind::ALL.iter().map(|k| k.key().to_string()));
            values
        }
        Facet::Cluster => {
            for (at, cluster) in repeats.clusters.iter().enumerate() {
                for &row in &cluster.rows {
                    keys[row as usize] = at as u32 + 1;
                }
            }
            std::iter::once(String::new()).chain((1..=repeats.clusters.len()).map(|n| n.to_string())).collect()
        }
        Facet::FalseClosure => {
            // 1 closed, 2 returned, 3 both (a return closed again that came back again).
            for pair in &repeats.false_closures {
                keys[pair.closed as usize] |= 1;
                keys[pair.returned as usize] |= 2;
            }
            ["", "closed", "returned", BOTH_CLOSED_AND_RETURNED].map(String::from).to_vec()
        }
        _ => unreachable!("only the repeat facets"),
    };
    Keyed { keys: computed(keys.into_iter()), values }
}
