//! The study items of a pack, in the order new ones are introduced.

use crate::pack::Pack;
use crate::progress::{ItemKind, PackItems};

/// Cards, then glossary terms, then primer checks, then diagram nodes (`diagram/node`), then
/// hands-on tasks, each in author order.
pub fn pack_items(pack: &Pack) -> PackItems {
    let mut items: Vec<(String, ItemKind)> =
        Vec::with_capacity(pack.cards.len() + pack.glossary.len());
    items.extend(pack.cards.iter().map(|c| (c.id.0.clone(), ItemKind::Card)));
    items.extend(
        pack.glossary
            .iter()
            .map(|t| (t.id.0.clone(), ItemKind::Term)),
    );
    for section in pack.primers.iter().flat_map(|p| &p.sections) {
        items.extend(
            section
                .checks
                .iter()
                .map(|c| (c.id.0.clone(), ItemKind::Check)),
        );
    }
    for diagram in &pack.diagrams {
        items.extend(diagram.nodes.iter().map(|n| {
            (
                node_item_id(diagram.id.as_str(), n.id.as_str()),
                ItemKind::Node,
            )
        }));
    }
    items.extend(pack.tasks.iter().map(|t| (t.id.0.clone(), ItemKind::Task)));
    PackItems {
        pack: pack.id().0.clone(),
        version: pack.manifest.version.to_string(),
        items,
    }
}

/// The item id of a diagram node: `diagram-id/node-id`.
pub fn node_item_id(diagram: &str, node: &str) -> String {
    format!("{diagram}/{node}")
}
