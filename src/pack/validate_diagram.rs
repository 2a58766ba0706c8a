//! Diagram checks: regions, nodes and edges; ids, geometry (inside canvas and region, no
//! overlaps) and links. Node overlaps are compared pairwise (at most [`MAX_DIAGRAM_NODES`]
//! nodes); everything else is linear, edges included (at most [`MAX_DIAGRAM_EDGES`]).

use std::collections::{HashMap, HashSet};

use super::locate::Step;
use super::model::{Diagram, Node, Rect};
use super::parsed::Loc;
use super::validate::{
    Layout, MAX_CANVAS, MAX_DIAGRAM_EDGES, MAX_DIAGRAM_NODES, Reporter, blank, check_chars,
    is_kebab, join, kebab_message,
};
use super::validate_items::{source_check, tags};

/// Checks `diagram`'s nodes and edges; `regions` maps region ids to their rectangles.
fn nodes_and_edges(
    diagram: &Diagram,
    loc: &Loc,
    regions: &HashMap<&str, Rect>,
    terms: &HashSet<&str>,
    report: &mut Reporter<'_>,
) {
    let item = diagram.id.as_str();
    let nodes_path = join(&loc.path(), &[Step::Field("nodes")]);
    if diagram.nodes.is_empty() {
        report.at(loc.file, &nodes_path, item, "diagram has no nodes");
    }
    if diagram.nodes.len() > MAX_DIAGRAM_NODES {
        let message = format!(
            "diagram has {} nodes; the limit is {MAX_DIAGRAM_NODES}",
            diagram.nodes.len()
        );
        report.at(loc.file, &nodes_path, item, message);
        return;
    }
    let mut node_ids: HashSet<&str> = HashSet::new();
    for (n, node) in diagram.nodes.iter().enumerate() {
        let path = join(&nodes_path, &[Step::Index(n)]);
        let at = |field: &'static str| join(&path, &[Step::Field(field)]);
        let node_item = format!("{item}/{}", node.id);
        if !is_kebab(node.id.as_str()) {
            report.at(
                loc.file,
                &at("id"),
                &node_item,
                format!("node id `{}` is not kebab-case", node.id),
            );
        } else if !node_ids.insert(node.id.as_str()) {
            report.at(
                loc.file,
                &at("id"),
                &node_item,
                format!("node id `{}` is repeated", node.id),
            );
        }
        node_texts(node, loc.file, &path, &node_item, report);
        if let Some(message) = placement(node, diagram.canvas, regions) {
            let field = if message.starts_with("region `") {
                "region"
            } else {
                "rect"
            };
            report.at(loc.file, &at(field), &node_item, message);
        }
        if let Some(term) = node.term.as_ref().filter(|t| !terms.contains(t.as_str())) {
            report.at(
                loc.file,
                &at("term"),
                &node_item,
                format!("term `{term}` is not a glossary term of this pack"),
            );
        }
        if let Some(other) = diagram
            .nodes
            .iter()
            .take(n)
            .find(|other| other.rect.overlaps(node.rect))
        {
            report.at(
                loc.file,
                &at("rect"),
                &node_item,
                format!("node overlaps node `{}`", other.id),
            );
        }
    }
    edges(diagram, loc, &node_ids, report);
}

/// Checks a node's label, role and aliases: not empty, no stray characters.
fn node_texts(
    node: &Node,
    file: usize,
    path: &[Step<'static>],
    node_item: &str,
    report: &mut Reporter<'_>,
) {
    let at = |field: &'static str| join(path, &[Step::Field(field)]);
    for (field, text, layout) in [
        ("label", &node.label, Layout::Line),
        ("role", &node.role, Layout::Lines),
    ] {
        if text.trim().is_empty() {
            report.at(file, &at(field), node_item, format!("{field} is empty"));
        }
        check_chars(report, file, || at(field), node_item, field, text, layout);
    }
    for (a, alias) in node.aliases.iter().enumerate() {
        let alias_path = || join(path, &[Step::Field("aliases"), Step::Index(a)]);
        if alias.trim().is_empty() {
            report.at(file, &alias_path(), node_item, "alias is empty");
        }
        check_chars(
            report,
            file,
            alias_path,
            node_item,
            "alias",
            alias,
            Layout::Line,
        );
    }
}

/// What is wrong with where `node` sits, if anything.
fn placement(
    node: &Node,
    (width, height): (u32, u32),
    regions: &HashMap<&str, Rect>,
) -> Option<String> {
    let Rect(x, y, w, h) = node.rect;
    if w == 0 || h == 0 {
        return Some("node has zero width or height".to_owned());
    }
    if !Rect(0, 0, width, height).contains(node.rect) {
        return Some(format!(
            "node ({x}, {y}, {w}, {h}) lies outside the {width}x{height} canvas"
        ));
    }
    let region = node.region.as_ref()?;
    match regions.get(region.as_str()) {
        None => Some(format!("region `{region}` is not a region of this diagram")),
        Some(rect) if !rect.contains(node.rect) => {
            Some(format!("node lies outside its region `{region}`"))
        }
        Some(_) => None,
    }
}

fn edges(diagram: &Diagram, loc: &Loc, node_ids: &HashSet<&str>, report: &mut Reporter<'_>) {
    let item = diagram.id.as_str();
    if diagram.edges.len() > MAX_DIAGRAM_EDGES {
        let message = format!(
            "diagram has {} edges; the limit is {MAX_DIAGRAM_EDGES}: split it into smaller diagrams",
            diagram.edges.len()
        );
        report.at(
            loc.file,
            &join(&loc.path(), &[Step::Field("edges")]),
            item,
            message,
        );
        return;
    }
    let mut seen: HashSet<(&str, &str)> = HashSet::with_capacity(diagram.edges.len());
    for (e, edge) in diagram.edges.iter().enumerate() {
        let path = join(&loc.path(), &[Step::Field("edges"), Step::Index(e)]);
        let at = |field: &'static str| join(&path, &[Step::Field(field)]);
        let edge_item = format!("{item}/{}->{}", edge.from, edge.to);
        for (field, end) in [("from", &edge.from), ("to", &edge.to)] {
            if !node_ids.contains(end.as_str()) {
                let message = format!("edge {field} `{end}`, which is not a node of this diagram");
                report.at(loc.file, &at(field), &edge_item, message);
            }
        }
        let repeated = !seen.insert((edge.from.as_str(), edge.to.as_str()));
        if edge.from == edge.to {
            report.at(
                loc.file,
                &path,
                &edge_item,
                "edge goes from a node to itself",
            );
        } else if repeated {
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
        let label = &edge.label;
        check_chars(
            report,
            loc.file,
            || at("label"),
            &edge_item,
            "label",
            label,
            Layout::Line,
        );
    }
}

pub(super) fn diagram_checks(
    diagram: &Diagram,
    loc: &Loc,
    terms: &HashSet<&str>,
    report: &mut Reporter<'_>,
) {
    let item = diagram.id.as_str();
    let base = loc.path();
    let at = |field: &'static str| join(&base, &[Step::Field(field)]);
    if blank(&diagram.title) {
        report.at(loc.file, &at("title"), item, "title is empty");
    }
    let (title, summary) = (&diagram.title, &diagram.summary);
    check_chars(
        report,
        loc.file,
        || at("title"),
        item,
        "title",
        title,
        Layout::Line,
    );
    check_chars(
        report,
        loc.file,
        || at("summary"),
        item,
        "summary",
        summary,
        Layout::Lines,
    );
    let (width, height) = diagram.canvas;
    if width == 0 || height == 0 || width > MAX_CANVAS || height > MAX_CANVAS {
        let message =
            format!("canvas {width}x{height} must be between 1 and {MAX_CANVAS} on each side");
        report.at(loc.file, &at("canvas"), item, message);
    }
    let canvas = Rect(0, 0, width, height);
    let mut region_ids: HashMap<&str, Rect> = HashMap::new();
    for (r, region) in diagram.regions.iter().enumerate() {
        let path = join(&base, &[Step::Field("regions"), Step::Index(r)]);
        let rat = |field: &'static str| join(&path, &[Step::Field(field)]);
        let region_item = format!("{item}/{}", region.id);
        if !is_kebab(region.id.as_str()) {
            report.at(
                loc.file,
                &rat("id"),
                &region_item,
                kebab_message("region id", region.id.as_str()),
            );
        } else if region_ids.insert(region.id.as_str(), region.rect).is_some() {
            report.at(
                loc.file,
                &rat("id"),
                &region_item,
                format!("region id `{}` is repeated", region.id),
            );
        }
        if blank(&region.label) {
            report.at(loc.file, &rat("label"), &region_item, "label is empty");
        }
        let label = &region.label;
        check_chars(
            report,
            loc.file,
            || rat("label"),
            &region_item,
            "label",
            label,
            Layout::Line,
        );
        if region.rect.2 == 0 || region.rect.3 == 0 {
            report.at(
                loc.file,
                &rat("rect"),
                &region_item,
                "region has zero width or height",
            );
        } else if !canvas.contains(region.rect) {
            report.at(
                loc.file,
                &rat("rect"),
                &region_item,
                format!("region lies outside the {width}x{height} canvas"),
            );
        }
    }
    nodes_and_edges(diagram, loc, &region_ids, terms, report);
    tags(&diagram.tags, loc.file, &base, item, report);
    source_check(diagram.source.as_deref(), loc.file, &base, item, report);
}

/// Warnings about arrows that routing could not take around the boxes, given the edges it drew
/// straight (`unrouted`, from `modes::diagram_route`). Not problems: the diagram still works,
/// but those arrows may cross boxes they do not connect.
pub fn route_warnings(diagram: &Diagram, unrouted: &[usize]) -> Vec<String> {
    unrouted
        .iter()
        .filter_map(|&e| diagram.edges.get(e))
        .map(|edge| {
            format!(
                "{}/{}->{}: no way around the boxes was found, so this arrow is drawn straight \
                 and may cross other boxes; move the boxes apart to give it room",
                diagram.id, edge.from, edge.to
            )
        })
        .collect()
}
