//! The stats screen's data, computed once when it opens (not every frame).

use super::{App, Screen};
use crate::progress::stats_queries::{ModeResult, PhaseCounts};
use crate::study::items::node_item_id;
use crate::study::stats::{heatmap, overview, predicted_recall, retention_by_tag};
use crate::ui::stats::{DiagramRow, HEATMAP_WEEKS, RetentionRow, StatsData};

/// Days in the due forecast.
const FORECAST_DAYS: usize = 30;

impl App {
    /// Opens the stats screen; says why when the store cannot give them.
    pub(super) fn open_stats(&mut self) {
        match self.stats() {
            Ok(data) => self.screen = Screen::Stats(Box::new(data)),
            Err(e) => self.notice = Some(format!("The stats cannot be read: {e}")),
        }
    }

    fn stats(&self) -> Result<StatsData, String> {
        let engine = self.engine.as_ref().map_err(Clone::clone)?;
        let err = |e: crate::progress::StoreError| e.to_string();
        let (store, clock) = (engine.store(), self.clock.as_ref());
        let days = engine.days(clock);
        let today = days.day_of(clock.now());
        // The heatmap starts on the Monday 52 weeks before this week's (day 0 was a Thursday).
        let weekday = (today + 3).rem_euclid(7);
        let weeks = i64::try_from(HEATMAP_WEEKS).unwrap_or(53);
        let first = today - weekday - 7 * (weeks - 1);
        let span = usize::try_from(today - first + 1).unwrap_or(1);
        let per_day: Vec<u64> = heatmap(store, today, span)
            .map_err(err)?
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        let mut recall = [0; 10];
        for (_, r) in predicted_recall(store, clock.now(), engine.decay()).map_err(err)? {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 0..=9.
            let decile = ((r * 10.0).floor().clamp(0.0, 9.0)) as usize;
            if let Some(slot) = recall.get_mut(decile) {
                *slot += 1;
            }
        }
        let lines = overview(store, days, clock.now()).map_err(err)?;
        let packs = self
            .library
            .packs()
            .iter()
            .map(|pack| {
                let line = lines.iter().find(|l| l.counts.pack == pack.id().0);
                let retention = line.map(|l| l.retention).unwrap_or_default();
                RetentionRow {
                    name: pack.manifest.title.clone(),
                    answers: retention.answers,
                    passed: retention.passed,
                }
            })
            .collect();
        // Items by stage: the same query `kubestudy stats` prints, summed and per pack.
        let mut counts = PhaseCounts::default();
        for c in lines.iter().map(|l| &l.counts) {
            counts.unseen += c.unseen;
            counts.learning += c.learning;
            counts.young += c.young;
            counts.mature += c.mature;
            counts.due_today += c.due_today;
        }
        let pack_counts = self
            .library
            .packs()
            .iter()
            .filter_map(|pack| {
                let line = lines.iter().find(|l| l.counts.pack == pack.id().0)?;
                Some((pack.manifest.title.clone(), line.counts.clone()))
            })
            .collect();
        let mut tags: Vec<RetentionRow> = retention_by_tag(store, &self.library)
            .map_err(err)?
            .into_iter()
            .map(|(name, r)| RetentionRow {
                name,
                answers: r.answers,
                passed: r.passed,
            })
            .collect();
        tags.sort_by(|a, b| b.answers.cmp(&a.answers).then(a.name.cmp(&b.name)));
        let diagrams = self.diagram_rows(store.mode_results("diagram").map_err(err)?);
        Ok(StatsData {
            diagrams,
            today: per_day.last().copied().unwrap_or(0),
            per_day,
            first_day: first,
            first_weekday: 0,
            forecast: crate::study::stats::forecast(store, days, clock.now(), FORECAST_DAYS)
                .map_err(err)?,
            packs,
            tags,
            recall,
            unseen: lines.iter().map(|l| l.counts.unseen).sum(),
            counts,
            pack_counts,
            total: u64::try_from(store.review_count().map_err(err)?).unwrap_or(0),
        })
    }

    /// Per diagram with quiz answers: boxes asked, share right, boxes missed last time.
    fn diagram_rows(&self, results: Vec<ModeResult>) -> Vec<DiagramRow> {
        let by_key: std::collections::HashMap<(String, String), ModeResult> = results
            .into_iter()
            .map(|r| ((r.key.pack.clone(), r.key.item.clone()), r))
            .collect();
        let mut rows = Vec::new();
        for pack in self.library.packs() {
            for diagram in &pack.diagrams {
                let mut row = DiagramRow {
                    title: diagram.title.clone(),
                    nodes: diagram.nodes.len(),
                    asked: 0,
                    answers: 0,
                    right: 0,
                    missed: Vec::new(),
                };
                for node in &diagram.nodes {
                    let item = node_item_id(diagram.id.as_str(), node.id.as_str());
                    let Some(result) = by_key.get(&(pack.id().0.clone(), item)) else {
                        continue;
                    };
                    row.asked += 1;
                    row.answers += result.answers;
                    row.right += result.right;
                    if !result.last_right {
                        row.missed.push(node.label.clone());
                    }
                }
                if row.asked > 0 {
                    rows.push(row);
                }
            }
        }
        rows
    }
}
