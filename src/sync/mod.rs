//! Folder sync: study on several devices through a folder the learner already syncs
//! (Syncthing, Dropbox, Nextcloud, a USB stick, git), with no server and no account.
//!
//! Each device writes only its own append-only file in the folder (`kubestudy-<device>.jsonl`):
//! its answers, undos, marks, edits and the settings that follow the learner, each stamped by a
//! hybrid logical clock. A sync sends what this device has not sent yet, then reads every
//! device's file (conflict copies too: the merge is a union) from where it stopped last time
//! and merges it into the local store in one transaction ([`crate::progress::devices`]). The
//! local store is never replaced by anything read from the folder.

mod cards;
pub mod folder;
pub mod record;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::progress::devices::{
    Device, FileMark, FromDevice, MergeCounts, Outgoing, SyncedAnswer, SyncedWrite, Write,
};
use crate::progress::marks::{Flag, Leech, Marks};
use crate::progress::merge::Merge;
use crate::progress::settings::{SYNCED, Settings, synced_values, with_synced};
use crate::progress::types::{Rating, Timestamp};
use crate::progress::{Answer, ItemKey, ItemKind, Override};
use crate::study::clock::Clock;
use crate::study::engine::Engine;
use record::Record;

/// The `meta` key holding each synced setting's latest write (JSON).
const SETTINGS_KEY: &str = "sync_settings";
/// The `meta` key holding each of the learner's own cards' latest write (JSON).
const CARDS_KEY: &str = "sync_cards";
/// Most bytes one sync reads from the folder, all files together (the rest is read by the
/// next): bounds a sync's memory and time, whatever the folder holds.
const MAX_READ_PER_SYNC: u64 = 192 * 1024 * 1024;
/// The pseudo-setting carrying the learner's optimised FSRS parameters.
const PARAMETERS: &str = "fsrs_parameters";

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Records this device wrote to its file.
    pub sent: usize,
    /// Files read.
    pub files: usize,
    /// What the merge changed.
    pub merged: MergeCounts,
    /// Settings taken from another device (their names).
    pub settings: Vec<String>,
    /// The learner's own cards added, changed or deleted by another device.
    pub cards: usize,
    /// The settings after the sync, when another device changed them (the caller saves them).
    pub new_settings: Option<Settings>,
    /// Sentences for the learner: files skipped, records damaged or from a newer kubestudy.
    pub notes: Vec<String>,
    /// Every device heard from, this one first.
    pub devices: Vec<Device>,
    /// Bytes of kubestudy files in the folder.
    pub folder_bytes: u64,
}

/// One synced setting's latest write.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Latest {
    /// Its stamp.
    pub(crate) h: i64,
    /// The device that wrote it.
    pub(crate) d: String,
    /// The value.
    pub(crate) v: serde_json::Value,
}

/// This machine's name, for the other devices' lists (its host name; "this device" when the
/// system gives none).
pub fn device_name() -> String {
    for path in ["/proc/sys/kernel/hostname", "/etc/hostname"] {
        if let Ok(Ok(text)) = crate::files::read_text_bounded(Path::new(path), 1024) {
            let name: String = text.trim().chars().take(64).collect();
            if !name.is_empty() {
                return name;
            }
        }
    }
    std::env::var("COMPUTERNAME")
        .ok()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "this device".to_owned())
}

/// A cheap fingerprint of the folder's kubestudy files (names, sizes, change times), to poll
/// for changes; `None` when the folder cannot be listed.
pub fn fingerprint(folder: &Path) -> Option<u64> {
    use std::hash::{Hash as _, Hasher as _};
    let (files, _) = folder::list(folder).ok()?;
    let mut hasher = rustc_hash::FxHasher::default();
    for f in &files {
        (&f.name, f.len, f.modified).hash(&mut hasher);
    }
    Some(hasher.finish())
}

/// Syncs `engine`'s store through `folder`, this device calling itself `name`; the learner's
/// own cards too, with `packs` (the installed packs' folder) given.
///
/// # Errors
/// A sentence naming the folder or file when the folder cannot be read or this device's file
/// cannot be written, or the store fails; nothing already saved is lost either way.
pub fn run(
    engine: &mut Engine,
    folder: &Path,
    packs: Option<&Path>,
    name: &str,
    clock: &dyn Clock,
) -> Result<Report, String> {
    let store_err = |e: crate::progress::StoreError| e.to_string();
    if !folder.is_dir() {
        return Err(if folder.exists() {
            format!("the sync folder {} is not a folder", folder.display())
        } else {
            format!(
                "the sync folder {} does not exist (is its drive plugged in?)",
                folder.display()
            )
        });
    }
    let device = engine.store_mut().sync_device(name).map_err(store_err)?;
    let mut latest = registers(engine, SETTINGS_KEY)?;
    let mut latest_cards = registers(engine, CARDS_KEY)?;
    let mut report = Report::default();

    let mut lines = String::new();
    let mut sent_cards = 0;
    if let Some(packs) = packs {
        sent_cards = cards::send(engine, packs, &device, &mut latest_cards, clock, &mut lines)?;
    }
    let sent = send(engine, folder, &device, name, &mut latest, clock, lines)?;
    save_registers(engine, CARDS_KEY, &latest_cards)?;
    report.sent = sent.0 + sent_cards;
    let Read {
        by_device,
        file_marks,
        settings_in,
        cards_in,
        mut notes,
    } = read_folder(engine, folder, &mut report)?;

    // 3. Settings first (the replay schedules with them), then the merge.
    let stamps_read = settings_in
        .iter()
        .chain(&cards_in)
        .map(|(_, l)| l.h)
        .max()
        .unwrap_or(0);
    for (key, l) in settings_in {
        if !SYNCED.contains(&key.as_str()) && key != PARAMETERS {
            continue;
        }
        let newer = latest
            .get(&key)
            .is_none_or(|cur| (l.h, &l.d) > (cur.h, &cur.d));
        if newer {
            latest.insert(key, l);
        }
    }
    apply_settings(engine, &latest, &mut report)?;
    save_registers(engine, SETTINGS_KEY, &latest)?;
    if let Some(packs) = packs {
        match cards::receive(packs, &mut latest_cards, cards_in, &mut notes) {
            Ok(n) => report.cards = n,
            Err(e) => notes.push(e),
        }
        save_registers(engine, CARDS_KEY, &latest_cards)?;
    }
    let devices: Vec<FromDevice> = by_device.into_values().collect();
    let merge = Merge {
        stamps_read,
        devices: &devices,
        sent: &sent.1,
        files: &file_marks,
        now_ms: clock.now().0,
    };
    report.merged = engine.merge_synced(&merge, clock).map_err(store_err)?;
    report.devices = engine.store().devices().map_err(store_err)?;
    report.notes = notes;
    Ok(report)
}

/// Appends what this device has not sent yet (settings that changed here among it) to its
/// file, and notes it sent; returns how many records went and the items of the answers.
fn send(
    engine: &mut Engine,
    folder: &Path,
    device: &str,
    name: &str,
    latest: &mut HashMap<String, Latest>,
    clock: &dyn Clock,
    mut lines: String,
) -> Result<(usize, Vec<ItemKey>), String> {
    let store_err = |e: crate::progress::StoreError| e.to_string();
    let outgoing = engine.store().outgoing().map_err(store_err)?;
    lines.push_str(&outgoing_lines(&outgoing));
    let mut settings_sent = 0;
    let defaults = default_values();
    for (key, value) in local_values(engine) {
        let h = match latest.get(&key) {
            Some(l) if l.v == value => continue,
            Some(_) => engine
                .store_mut()
                .next_stamp(clock.now())
                .map_err(store_err)?,
            // Before this device's first sync, nobody knows when its settings were set: any
            // other device's choice wins over them, and one changed from the default wins
            // over a default (so a new device never resets the learner's exam date).
            None => i64::from(defaults.get(&key) != Some(&value)),
        };
        lines.push_str(&record::frame(&Record::Setting {
            h,
            key: key.clone(),
            value: value.clone(),
        }));
        let d = device.to_owned();
        latest.insert(key, Latest { h, d, v: value });
        settings_sent += 1;
    }
    if !lines.is_empty() {
        folder::append(folder, device, name, &lines)?;
    }
    engine.store_mut().mark_sent(&outgoing).map_err(store_err)?;
    save_registers(engine, SETTINGS_KEY, latest)?;
    let count =
        outgoing.answers.len() + outgoing.retracted.len() + outgoing.writes.len() + settings_sent;
    Ok((count, outgoing.answers.into_iter().map(|a| a.key).collect()))
}

/// What the folder's files gave.
#[derive(Default)]
struct Read {
    by_device: BTreeMap<String, FromDevice>,
    file_marks: Vec<(String, FileMark)>,
    settings_in: Vec<(String, Latest)>,
    cards_in: Vec<(String, Latest)>,
    notes: Vec<String>,
}

/// Reads every device's file in `folder` from where the last sync stopped.
fn read_folder(engine: &Engine, folder: &Path, report: &mut Report) -> Result<Read, String> {
    let (files, notes) = folder::list(folder)?;
    let marks = engine.store().file_marks().map_err(|e| e.to_string())?;
    let mut read_in = Read {
        notes,
        ..Read::default()
    };
    report.folder_bytes = files.iter().map(|f| f.len).sum();
    for (file, read) in folder::read_all(&files, &marks, MAX_READ_PER_SYNC) {
        if let Some(why) = read.skipped {
            read_in.notes.push(why);
            continue;
        }
        let Some((id, device_name)) = read.device else {
            continue;
        };
        report.files += 1;
        if read.damaged > 0 {
            read_in.notes.push(format!(
                "{}: {} records cut short or damaged, left for a later sync",
                file.path.display(),
                read.damaged
            ));
        }
        if read.unknown > 0 {
            read_in.notes.push(format!(
                "{}: {} records from a newer kubestudy were skipped; update kubestudy to merge them",
                file.path.display(),
                read.unknown
            ));
        }
        let from = read_in
            .by_device
            .entry(id.clone())
            .or_insert_with(|| FromDevice {
                device: id.clone(),
                name: device_name,
                ..FromDevice::default()
            });
        for r in read.records {
            take(from, r, &mut read_in.settings_in, &mut read_in.cards_in);
        }
        if let Some(mark) = read.mark {
            read_in.file_marks.push((file.name.clone(), mark));
        }
    }
    Ok(read_in)
}

/// What [`local_values`] gives with the default settings.
fn default_values() -> BTreeMap<String, serde_json::Value> {
    let mut values = synced_values(&Settings::default());
    values.insert(PARAMETERS.to_owned(), serde_json::json!([]));
    values
}

/// The current value of each synced setting here (the FSRS parameters among them).
fn local_values(engine: &Engine) -> BTreeMap<String, serde_json::Value> {
    let mut values = synced_values(engine.settings());
    values.insert(
        PARAMETERS.to_owned(),
        serde_json::json!(engine.parameters()),
    );
    values
}

/// The latest write of each register kept under the `meta` key `key`.
fn registers(engine: &Engine, key: &str) -> Result<HashMap<String, Latest>, String> {
    Ok(engine
        .store()
        .meta(key)
        .map_err(|e| e.to_string())?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

fn save_registers(
    engine: &mut Engine,
    key: &str,
    latest: &HashMap<String, Latest>,
) -> Result<(), String> {
    let json = serde_json::to_string(latest).unwrap_or_default();
    engine
        .store_mut()
        .set_meta(key, &json)
        .map_err(|e| e.to_string())
}

/// Puts each latest setting that differs from this device's in place.
fn apply_settings(
    engine: &mut Engine,
    latest: &HashMap<String, Latest>,
    report: &mut Report,
) -> Result<(), String> {
    let here = local_values(engine);
    let mut values = BTreeMap::new();
    for (key, l) in latest {
        if here.get(key) != Some(&l.v) {
            if key == PARAMETERS {
                // Checked as a stored set is: a damaged or hostile list is not used.
                if let Ok(parameters) = crate::study::optimise::usable_parameters(&l.v.to_string())
                {
                    engine
                        .use_parameters(parameters)
                        .map_err(|e| e.to_string())?;
                    report.settings.push(key.clone());
                }
            } else {
                values.insert(key.clone(), l.v.clone());
            }
        }
    }
    if !values.is_empty() {
        let settings = with_synced(engine.settings(), &values);
        if &settings != engine.settings() {
            report.settings.extend(values.keys().cloned());
            engine.set_settings(settings.clone());
            report.new_settings = Some(settings);
        }
    }
    Ok(())
}

/// Framed lines for everything in `out`.
fn outgoing_lines(out: &Outgoing) -> String {
    let mut lines = String::new();
    for a in &out.answers {
        lines.push_str(&record::frame(&Record::Answer {
            h: a.hlc,
            pack: a.key.pack.clone(),
            item: a.key.item.clone(),
            kind: a.kind.code(),
            time: a.answer.time.0,
            day: a.answer.day,
            rating: i64::from(a.answer.rating.number()),
            elapsed: a.answer.elapsed_days,
            mode: a.answer.mode.clone(),
            ms: a.answer.duration_ms,
        }));
    }
    for (h, key) in &out.retracted {
        lines.push_str(&record::frame(&Record::Undo {
            h: *h,
            pack: key.pack.clone(),
            item: key.item.clone(),
        }));
    }
    for w in &out.writes {
        let (pack, item) = (w.key.pack.clone(), w.key.item.clone());
        lines.push_str(&record::frame(&match &w.write {
            Write::Marks(kind, m) => Record::Marks {
                h: w.hlc,
                pack,
                item,
                kind: kind.code(),
                flag: m.flag.map_or(0, |f| i64::from(f.number())),
                suspended: m.suspended,
                buried: m.buried,
                leech: m.leech.code(),
            },
            Write::Edit(over) => Record::Edit {
                h: w.hlc,
                pack,
                item,
                body: over.as_ref().map(|o| o.body.clone()),
                base: over.as_ref().map(|o| o.base.clone()),
                edited: over.as_ref().map_or(0, |o| o.edited.0),
            },
        }));
    }
    lines
}

/// Longest pack or item id a record may name (longer is damage, not an id).
const MAX_ID: usize = 256;
/// Longest mode name kept.
const MAX_MODE: usize = 32;

fn fits(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_ID
}

/// The answer record `r` holds, when its kind, rating and ids can be.
fn answer_of(r: Record) -> Option<SyncedAnswer> {
    let Record::Answer {
        h,
        pack,
        item,
        kind,
        time,
        day,
        rating,
        elapsed,
        mode,
        ms,
    } = r
    else {
        return None;
    };
    let (Some(kind), Some(rating)) = (ItemKind::from_code(kind), Rating::from_number(rating))
    else {
        return None;
    };
    if !fits(&pack) || !fits(&item) {
        return None;
    }
    let mode: String = mode.chars().take(MAX_MODE).collect();
    Some(SyncedAnswer {
        hlc: h,
        key: ItemKey::new(pack, item),
        kind,
        answer: Answer {
            time: Timestamp(time),
            day,
            rating,
            elapsed_days: elapsed,
            mode,
            duration_ms: ms,
        },
    })
}

/// Files record `r` of device `from` where it belongs.
fn take(
    from: &mut FromDevice,
    r: Record,
    settings: &mut Vec<(String, Latest)>,
    cards: &mut Vec<(String, Latest)>,
) {
    match r {
        Record::Head { .. } => {}
        r @ Record::Answer { .. } => from.answers.extend(answer_of(r)),
        Record::Undo { h, pack, item } if fits(&pack) && fits(&item) => {
            from.retracted.push((h, ItemKey::new(pack, item)));
        }
        Record::Undo { .. } => {}
        Record::Marks {
            h,
            pack,
            item,
            kind,
            flag,
            suspended,
            buried,
            leech,
        } if fits(&pack) && fits(&item) => from.writes.push(SyncedWrite {
            hlc: h,
            key: ItemKey::new(pack, item),
            write: Write::Marks(
                ItemKind::from_code(kind).unwrap_or(ItemKind::Card),
                Marks {
                    flag: Flag::from_number(flag),
                    suspended,
                    buried,
                    leech: Leech::from_code(leech),
                },
            ),
        }),
        Record::Edit {
            h,
            pack,
            item,
            body,
            base,
            edited,
        } if fits(&pack) && fits(&item) => {
            let key = ItemKey::new(pack, item);
            let over = body.map(|body| Override {
                key: key.clone(),
                body,
                base: base.unwrap_or_default(),
                edited: Timestamp(edited),
            });
            from.writes.push(SyncedWrite {
                hlc: h,
                key,
                write: Write::Edit(over),
            });
        }
        Record::Marks { .. } | Record::Edit { .. } => {}
        Record::Card { h, id, card } if fits(&id) => cards.push((
            id,
            Latest {
                h,
                d: from.device.clone(),
                v: card.unwrap_or(serde_json::Value::Null),
            },
        )),
        Record::Card { .. } => {}
        Record::Setting { h, key, value } => settings.push((
            key,
            Latest {
                h,
                d: from.device.clone(),
                v: value,
            },
        )),
    }
}
