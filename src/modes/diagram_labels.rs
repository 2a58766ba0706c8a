//! Where each edge's label goes: touching its own route (on the line, or just beside it),
//! clear of every box, every region title, every arrowhead and the labels placed before it. A
//! label that fits nowhere is left out; the screen shows it when its arrow is pointed at.
//!
//! Sizes come from the screen (text is measured there) in canvas units, so placement depends
//! on the zoom; it is cheap (a bucket grid keeps each test local) and the screen redoes it only
//! when the zoom changes.

use super::diagram::{Area, Point};
use super::diagram_route::Routes;

/// The most buckets the collision grid has.
const MAX_BUCKETS: usize = 4096;
/// Where along a segment a label is tried, in order.
const ALONG: [f32; 7] = [0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9];
/// How many of a route's segments are tried, longest first.
const SEGMENTS_TRIED: usize = 8;

/// Rectangles to test against, bucketed by position.
struct Buckets {
    origin: Point,
    cell: f32,
    w: usize,
    h: usize,
    lists: Vec<Vec<u32>>,
    rects: Vec<Area>,
}

#[allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)] // Bucket indices are clamped to the grid before converting.
impl Buckets {
    fn new(extent: Area) -> Self {
        let cell = (extent.w * extent.h / MAX_BUCKETS as f32).sqrt().max(32.0);
        let w = ((extent.w / cell).ceil() as usize).clamp(1, MAX_BUCKETS);
        let h = ((extent.h / cell).ceil() as usize).clamp(1, MAX_BUCKETS / w);
        Self {
            origin: Point::new(extent.x, extent.y),
            cell,
            w,
            h,
            lists: vec![Vec::new(); w * h],
            rects: Vec::new(),
        }
    }

    /// The buckets `a` covers: columns and rows, clamped to the grid.
    fn span(
        &self,
        a: Area,
    ) -> (
        std::ops::RangeInclusive<usize>,
        std::ops::RangeInclusive<usize>,
    ) {
        let index = |v: f32, o: f32, n: usize| {
            ((v - o) / self.cell).floor().clamp(0.0, (n - 1) as f32) as usize
        };
        let (i0, i1) = (
            index(a.x, self.origin.x, self.w),
            index(a.x + a.w, self.origin.x, self.w),
        );
        let (j0, j1) = (
            index(a.y, self.origin.y, self.h),
            index(a.y + a.h, self.origin.y, self.h),
        );
        (i0..=i1, j0..=j1)
    }

    fn insert(&mut self, a: Area) {
        let Ok(id) = u32::try_from(self.rects.len()) else {
            return;
        };
        self.rects.push(a);
        let (cols, rows) = self.span(a);
        for j in rows {
            for i in cols.clone() {
                if let Some(list) = self.lists.get_mut(j * self.w + i) {
                    list.push(id);
                }
            }
        }
    }

    /// The area the buckets cover.
    fn extent(&self) -> Area {
        #[allow(clippy::cast_precision_loss)] // Bucket counts are below MAX_BUCKETS.
        Area {
            x: self.origin.x,
            y: self.origin.y,
            w: self.cell * self.w as f32,
            h: self.cell * self.h as f32,
        }
    }

    /// Whether `a` overlaps a rectangle whose owner (`owner[id]`) is not `me`.
    fn hits_other(&self, a: Area, owner: &[usize], me: usize) -> bool {
        let (cols, rows) = self.span(a);
        rows.into_iter().any(|j| {
            cols.clone().any(|i| {
                self.lists.get(j * self.w + i).is_some_and(|list| {
                    list.iter().any(|&r| {
                        owner.get(r as usize).is_some_and(|&o| o != me)
                            && self.rects.get(r as usize).is_some_and(|b| overlaps(*b, a))
                    })
                })
            })
        })
    }

    fn hits(&self, a: Area) -> bool {
        let (cols, rows) = self.span(a);
        rows.into_iter().any(|j| {
            cols.clone().any(|i| {
                self.lists.get(j * self.w + i).is_some_and(|list| {
                    list.iter()
                        .any(|&r| self.rects.get(r as usize).is_some_and(|b| overlaps(*b, a)))
                })
            })
        })
    }
}

/// Whether two areas share any area (touching does not count).
pub fn overlaps(a: Area, b: Area) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/// `a` grown by `by` on every side.
pub fn grown(a: Area, by: f32) -> Area {
    Area {
        x: a.x - by,
        y: a.y - by,
        w: a.w + 2.0 * by,
        h: a.h + 2.0 * by,
    }
}

/// The distance from `p` to the nearest point of `a` (0 inside).
pub fn distance_to_area(a: Area, p: Point) -> f32 {
    let dx = (a.x - p.x).max(p.x - (a.x + a.w)).max(0.0);
    let dy = (a.y - p.y).max(p.y - (a.y + a.h)).max(0.0);
    (dx * dx + dy * dy).sqrt()
}

/// What labels must keep clear of, besides each other, in canvas units.
#[derive(Debug, Clone, Copy)]
pub struct Keep<'a> {
    /// The boxes and region titles.
    pub clear: &'a [Area],
    /// The space around each label, and between a label beside its line and the line.
    pub pad: f32,
    /// The size of an arrowhead (labels keep off every arrowhead).
    pub head: f32,
    /// The canvas: labels stay on it (what lies outside cannot be scrolled to).
    pub canvas: Area,
}

/// A label placed: where, and which of its layouts it took.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spot {
    /// Its area, in canvas units.
    pub area: Area,
    /// The index of the layout used, in the order offered.
    pub layout: usize,
}

/// Places the label of each edge with layouts offered (`sizes[e]`: its width and height in
/// canvas units for each way of wrapping it, most preferred first; none: not shown). Every
/// place of the first layout is tried before the next. Returns each placed label's spot,
/// `None` for labels left out or not shown.
pub fn place_labels(
    routes: &Routes,
    sizes: &[Vec<(f32, f32)>],
    keep: Keep<'_>,
) -> Vec<Option<Spot>> {
    let mut extent: Option<(f32, f32, f32, f32)> = None;
    let mut grow = |p: Point| {
        let e = extent.get_or_insert((p.x, p.y, p.x, p.y));
        *e = (e.0.min(p.x), e.1.min(p.y), e.2.max(p.x), e.3.max(p.y));
    };
    for a in keep.clear {
        grow(Point::new(a.x, a.y));
        grow(Point::new(a.x + a.w, a.y + a.h));
    }
    for p in routes.edges.iter().flatten().flat_map(|r| &r.points) {
        grow(*p);
    }
    let Some((x0, y0, x1, y1)) = extent else {
        return vec![None; routes.edges.len()];
    };
    let mut buckets = Buckets::new(Area {
        x: x0,
        y: y0,
        w: (x1 - x0).max(1.0),
        h: (y1 - y0).max(1.0),
    });
    for a in keep.clear {
        buckets.insert(*a);
    }
    for end in routes
        .edges
        .iter()
        .flatten()
        .filter_map(|r| r.points.last())
    {
        buckets.insert(Area {
            x: end.x - keep.head,
            y: end.y - keep.head,
            w: 2.0 * keep.head,
            h: 2.0 * keep.head,
        });
    }
    // Every route's segments, as thin boxes, so a label can prefer a place that crosses no
    // other arrow (a label over a bundle of lines would not say which one it names).
    let mut lines = Buckets::new(buckets.extent());
    let mut owner: Vec<usize> = Vec::new();
    for (e, route) in routes.edges.iter().enumerate() {
        let Some(route) = route
            .as_ref()
            .filter(|_| sizes.get(e).is_some_and(|s| !s.is_empty()))
        else {
            continue;
        };
        for (a, b) in route.segments() {
            lines.insert(Area {
                x: a.x.min(b.x) - 0.5,
                y: a.y.min(b.y) - 0.5,
                w: (a.x - b.x).abs() + 1.0,
                h: (a.y - b.y).abs() + 1.0,
            });
            owner.push(e);
        }
    }
    routes
        .edges
        .iter()
        .enumerate()
        .map(|(e, route)| {
            let route = route.as_ref()?;
            let layouts = sizes.get(e)?;
            let c = keep.canvas;
            let inside = |a: &Area| {
                a.x >= c.x && a.y >= c.y && a.x + a.w <= c.x + c.w && a.y + a.h <= c.y + c.h
            };
            let free = |a: &Area| inside(a) && !buckets.hits(grown(*a, keep.pad));
            let alone = |a: &Area| !lines.hits_other(*a, &owner, e);
            let tries = |layout: usize, (w, h): (f32, f32)| {
                candidates(&route.points, w, h, keep.pad).map(move |area| Spot { area, layout })
            };
            let all = || {
                layouts
                    .iter()
                    .enumerate()
                    .flat_map(|(l, &size)| tries(l, size))
            };
            let spot = all()
                .find(|s| free(&s.area) && alone(&s.area))
                .or_else(|| all().find(|s| free(&s.area)))?;
            buckets.insert(spot.area);
            Some(spot)
        })
        .collect()
}

/// Where a `w` × `h` label may go on the polyline `points`: along its longest segments, on the
/// line first, then beside it `gap` away.
fn candidates(points: &[Point], w: f32, h: f32, gap: f32) -> impl Iterator<Item = Area> + '_ {
    let mut segments: Vec<(f32, Point, Point)> = points
        .windows(2)
        .filter_map(|pair| match pair {
            [a, b] => Some(((a.x - b.x).abs() + (a.y - b.y).abs(), *a, *b)),
            _ => None,
        })
        .collect();
    segments.sort_by(|a, b| b.0.total_cmp(&a.0));
    segments.truncate(SEGMENTS_TRIED);
    segments.into_iter().flat_map(move |(_, a, b)| {
        let horizontal = (a.y - b.y).abs() < 1e-3;
        let vertical = (a.x - b.x).abs() < 1e-3;
        let beside: &[(f32, f32)] = if horizontal {
            &[(0.0, -1.0), (0.0, 1.0)]
        } else if vertical {
            &[(1.0, 0.0), (-1.0, 0.0)]
        } else {
            &[]
        };
        let on_line = ALONG.iter().map(move |&f| (f, 0.0, 0.0));
        let off_line = beside
            .iter()
            .flat_map(|&(sx, sy)| ALONG.iter().map(move |&f| (f, sx, sy)));
        on_line.chain(off_line).map(move |(f, sx, sy)| {
            let c = Point::new(a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f);
            let centre = Point::new(c.x + sx * (w / 2.0 + gap), c.y + sy * (h / 2.0 + gap));
            Area {
                x: centre.x - w / 2.0,
                y: centre.y - h / 2.0,
                w,
                h,
            }
        })
    })
}
