//! Diagram node and edge checks: ids, geometry (inside canvas and region, no overlaps), links.

use std::collections::{BTreeMap, BTreeSet};

use super::load::Loc;
use super::locate::Step;
use super::model::{Diagram, Rect};
use super::validate::{MAX_DIAGRAM_NODES, Reporter, is_kebab};

/// Checks `diagram`'s nodes and edges; `regions` maps region ids to their rectangles.
pub fn nodes_and_edges(
    diagram: &Diagram,
    loc: &Loc,
    base: &[Step<'_>],
    regions: &BTreeMap<&str, Rect>,
    terms: &BTreeSet<&str>,
    report: &mut Reporter<'_>,
) {
    let item = diagram.id.as_str();
    let (width, height) = diagram.canvas;
    let canvas = Rect(0, 0, width, height);
    if diagram.nodes.is_empty() {
        report.at(
            loc.file,
            &[base, &[Step::Field("nodes")]].concat(),
            item,
            "diagram has no nodes",
        );
    }
    if diagram.nodes.len() > MAX_DIAGRAM_NODES {
        report.at(
            loc.file,
            &[base, &[Step::Field("nodes")]].concat(),
            item,
            format!(
                "diagram has {} nodes; the limit is {MAX_DIAGRAM_NODES}",
                diagram.nodes.len()
            ),
        );
        return;
    }
    let mut node_ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (n, node) in diagram.nodes.iter().enumerate() {
        let path = [base, &[Step::Field("nodes"), Step::Index(n)]].concat();
        let at = |field: &'static str| [path.as_slice(), &[Step::Field(field)]].concat();
        let node_item = format!("{item}/{}", node.id);
        if !is_kebab(node.id.as_str()) {
            report.at(
                loc.file,
                &at("id"),
                &node_item,
                format!("node id `{}` is not kebab-case", node.id),
            );
        } else if node_ids.insert(node.id.as_str(), n).is_some() {
            report.at(
                loc.file,
                &at("id"),
                &node_item,
                format!("node id `{}` is repeated", node.id),
            );
        }
        if node.label.trim().is_empty() {
            report.at(loc.file, &at("label"), &node_item, "label is empty");
        }
        if node.role.trim().is_empty() {
            report.at(
                loc.file,
                &at("role"),
                &node_item,
                "role is empty; say in one line what the component does",
            );
        }
        for (a, alias) in node.aliases.iter().enumerate() {
            if alias.trim().is_empty() {
                let alias_path =
                    [path.as_slice(), &[Step::Field("aliases"), Step::Index(a)]].concat();
                report.at(loc.file, &alias_path, &node_item, "alias is empty");
            }
        }
        let Rect(x, y, w, h) = node.rect;
        if w == 0 || h == 0 {
            report.at(
                loc.file,
                &at("rect"),
                &node_item,
                "node has zero width or height",
            );
        } else if !canvas.contains(node.rect) {
            report.at(
                loc.file,
                &at("rect"),
                &node_item,
                format!("node ({x}, {y}, {w}, {h}) lies outside the {width}x{height} canvas"),
            );
        }
        if let Some(region) = &node.region {
            match regions.get(region.as_str()) {
                None => report.at(
                    loc.file,
                    &at("region"),
                    &node_item,
                    format!("region `{region}` is not a region of this diagram"),
                ),
                Some(rect) if !rect.contains(node.rect) => report.at(
                    loc.file,
                    &at("rect"),
                    &node_item,
                    format!("node lies outside its region `{region}`"),
                ),
                Some(_) => {}
            }
        }
        if let Some(term) = &node.term {
            if !terms.contains(term.as_str()) {
                report.at(
                    loc.file,
                    &at("term"),
                    &node_item,
                    format!("term `{term}` is not a glossary term of this pack"),
                );
            }
        }
    }
    overlaps(diagram, loc, base, report);
    edges(diagram, loc, base, &node_ids, report);
}

fn overlaps(diagram: &Diagram, loc: &Loc, base: &[Step<'_>], report: &mut Reporter<'_>) {
    let item = diagram.id.as_str();
    for (n, node) in diagram.nodes.iter().enumerate() {
        let earlier = diagram
            .nodes
            .iter()
            .take(n)
            .find(|other| other.rect.overlaps(node.rect));
        if let Some(other) = earlier {
            let path = [
                base,
                &[Step::Field("nodes"), Step::Index(n), Step::Field("rect")],
            ]
            .concat();
            report.at(
                loc.file,
                &path,
                &format!("{item}/{}", node.id),
                format!("node overlaps node `{}`", other.id),
            );
        }
    }
}

fn edges(
    diagram: &Diagram,
    loc: &Loc,
    base: &[Step<'_>],
    node_ids: &BTreeMap<&str, usize>,
    report: &mut Reporter<'_>,
) {
    let item = diagram.id.as_str();
    let mut seen = BTreeSet::new();
    for (e, edge) in diagram.edges.iter().enumerate() {
        let path = [base, &[Step::Field("edges"), Step::Index(e)]].concat();
        let at = |field: &'static str| [path.as_slice(), &[Step::Field(field)]].concat();
        let edge_item = format!("{item}/{}->{}", edge.from, edge.to);
        for (field, end) in [("from", &edge.from), ("to", &edge.to)] {
            if !node_ids.contains_key(end.as_str()) {
                report.at(
                    loc.file,
                    &at(field),
                    &edge_item,
                    format!("edge {field} `{end}`, which is not a node of this diagram"),
                );
            }
        }
        if edge.from == edge.to {
            report.at(
                loc.file,
                &path,
                &edge_item,
                "edge goes from a node to itself",
            );
        } else if !seen.insert((edge.from.as_str(), edge.to.as_str())) {
            report.at(
                loc.file,
                &path,
                &edge_item,
                "edge is repeated; put both meanings in one label",
            );
        }
        if edge.label.trim().is_empty() {
            report.at(loc.file, &at("label"), &edge_item, "label is empty");
        }
    }
}
