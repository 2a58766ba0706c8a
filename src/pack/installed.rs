//! The packs folder as a whole: one lock held across every install, update and remove (CLI and
//! window alike), the version rules checked under that lock, and installs and removes that a
//! crash at any point leaves whole.
//!
//! Every change is a sequence of renames, each synced with its folder:
//! - install: each installed copy of the pack is renamed to `.replaced-<stamp>-<n>-<name>`, then
//!   the staged folder is renamed to `<id>`, then the replaced copies are deleted;
//! - remove: each copy is renamed to `.removing-<stamp>-<n>-<name>`, then deleted.
//!
//! [`recover`] (run before the folder is listed) finishes what a killed process left: a
//! `.replaced-*` copy goes back to its name when no copy of its pack is installed (the crash came
//! before the new version was in place), and is deleted otherwise; `.removing-*` folders are
//! deleted; `.import-*` staging folders whose process is gone are deleted. So after a crash the
//! previous version or the new one is installed, never neither, and nothing is left over.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use semver::Version;

use super::load::load;
use super::pack::Pack;
use super::share::Staged;
use super::source::PackSource;

/// The lock file inside the packs folder.
pub const LOCK_FILE: &str = ".lock";
/// Prefix of a copy set aside while its replacement is moved in.
const REPLACED: &str = ".replaced-";
/// Prefix of a copy being deleted.
const REMOVING: &str = ".removing-";
/// Prefix of a staging folder (see [`super::share::stage`]).
pub const STAGING: &str = ".import-";
/// How long a command waits for another kubestudy to finish changing the packs folder.
pub const LOCK_WAIT: Duration = Duration::from_secs(30);

/// Exclusive hold on the packs folder; released when dropped.
#[derive(Debug)]
pub struct PacksLock {
    dir: PathBuf,
    _file: fs::File,
}

/// Opens (creating) a lock file; see [`crate::files::open_lock_file`].
pub(super) fn open_lock_file(path: &Path) -> Result<fs::File, String> {
    crate::files::open_lock_file(path).map_err(|e| format!("{}: {e}", path.display()))
}

impl PacksLock {
    /// Takes the lock on `dir` (created if missing), waiting up to `wait` for another process
    /// to let go of it.
    pub fn acquire(dir: &Path, wait: Duration) -> Result<Self, String> {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = dir.join(LOCK_FILE);
        let file = open_lock_file(&path)?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => {
                    return Ok(Self {
                        dir: dir.to_owned(),
                        _file: file,
                    });
                }
                Err(fs::TryLockError::WouldBlock) if start.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(25));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(format!(
                        "another kubestudy is changing {}; try again when it has finished",
                        dir.display()
                    ));
                }
                Err(fs::TryLockError::Error(e)) => {
                    return Err(format!("{}: {e}", path.display()));
                }
            }
        }
    }

    /// The packs folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// Build metadata (`+other`) has no precedence in SemVer: `1.0.0+a` and `1.0.0+b` are the same
/// version for every rule here.
pub fn precedes(a: &Version, b: &Version) -> std::cmp::Ordering {
    a.cmp_precedence(b)
}

/// One installed copy of a pack: its folder or single file in the packs folder.
#[derive(Debug, Clone)]
pub struct InstalledCopy {
    /// The folder or `.ron` file.
    pub path: PathBuf,
    /// Its pack's version, when the manifest could be read.
    pub version: Option<Version>,
}

/// Every copy in `dir` whose manifest names pack `id`, and (second) a copy that has no readable
/// manifest but is named `id` (a folder left half-written by a crash of an older kubestudy).
pub fn copies_of(dir: &Path, id: &str) -> (Vec<InstalledCopy>, Option<PathBuf>) {
    let mut copies = Vec::new();
    let mut unreadable = None;
    for source in super::library::installed_sources(dir) {
        let path = match &source {
            PackSource::Dir(p) | PackSource::File(p) => p.clone(),
            PackSource::Embedded { .. } => continue,
        };
        match identify(&source) {
            Some((found, version)) if found == id => copies.push(InstalledCopy { path, version }),
            Some(_) => {}
            None => {
                let stem = path.file_stem().and_then(|s| s.to_str());
                if stem == Some(id) {
                    unreadable = Some(path);
                }
            }
        }
    }
    (copies, unreadable)
}

/// The id and version a pack's manifest names, read without validating the pack (a large pack
/// takes long to validate, and only its name is wanted here); `None` when the manifest cannot
/// be read or parsed.
fn identify(source: &PackSource) -> Option<(String, Option<Version>)> {
    let bytes = source
        .read(super::source::MANIFEST, super::source::MAX_TEXT_BYTES)
        .ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let manifest: super::model::ManifestFile = super::parse::parse_ron(text).ok()?;
    let version = Version::parse(manifest.version.trim()).ok();
    Some((manifest.id.0, version))
}

/// What installing a pack would do, worked out under the lock.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The installed copies it replaces.
    pub replaces: Vec<InstalledCopy>,
    /// The newest installed version, if any.
    pub installed: Option<Version>,
    /// Where it goes.
    pub target: PathBuf,
}

/// Why an install was not made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The same or a newer version is installed and `--force` was not given.
    NotNewer {
        /// The installed version.
        installed: Version,
    },
    /// A built-in pack of the same or a newer version would still be the one studied.
    BuiltinWins {
        /// The built-in version.
        builtin: Version,
    },
    /// Anything else (the folder's name is taken by another pack, I/O).
    Other(String),
}

impl Refusal {
    /// A sentence for a person about installing `pack`.
    pub fn describe(&self, pack: &Pack) -> String {
        let (id, version) = (pack.id(), &pack.manifest.version);
        match self {
            Self::NotNewer { installed } => format!(
                "{id} {installed} is already installed and this is {version}; pass --force to \
                 replace it"
            ),
            Self::BuiltinWins { builtin } => format!(
                "the built-in {id} {builtin} takes precedence over {version}, so installing it \
                 would change nothing; give your copy a higher version (or another id) to use it"
            ),
            Self::Other(why) => why.clone(),
        }
    }
}

/// The version of the built-in pack with `pack`'s id, when it is the same or newer (and so is
/// the one studied whatever is installed).
pub fn builtin_beating(pack: &Pack) -> Option<Version> {
    // Built-in packs never change while kubestudy runs: name them once.
    static BUILTIN: std::sync::OnceLock<Vec<(String, Version)>> = std::sync::OnceLock::new();
    let builtin = BUILTIN.get_or_init(|| {
        super::builtin::sources()
            .iter()
            .filter_map(|s| load(s).pack)
            .map(|p| (p.id().as_str().to_owned(), p.manifest.version.clone()))
            .collect()
    });
    builtin
        .iter()
        .find(|(id, _)| id == pack.id().as_str())
        .map(|(_, version)| version.clone())
        .filter(|builtin| precedes(builtin, &pack.manifest.version).is_ge())
}

/// Checks the version rules for installing `pack` under `lock`: an installed copy of the same
/// or a newer version needs `force`; a built-in of the same or a newer version always wins, so
/// that install is refused even with `force` (it would report success and change nothing).
pub fn plan(lock: &PacksLock, pack: &Pack, force: bool) -> Result<Plan, Refusal> {
    let id = pack.id().as_str();
    let version = &pack.manifest.version;
    if let Some(builtin) = builtin_beating(pack) {
        return Err(Refusal::BuiltinWins { builtin });
    }
    let (replaces, _) = copies_of(lock.dir(), id);
    let installed = replaces
        .iter()
        .filter_map(|c| c.version.clone())
        .max_by(precedes);
    if let Some(installed) = &installed
        && precedes(installed, version).is_ge()
        && !force
    {
        return Err(Refusal::NotNewer {
            installed: installed.clone(),
        });
    }
    let target = lock.dir().join(id);
    let taken_by_other = target.exists() && !replaces.iter().any(|c| c.path == target);
    if taken_by_other {
        return Err(Refusal::Other(format!(
            "{} holds another pack (its folder name is not its id); rename that folder to its \
             pack's id first, then import again",
            target.display()
        )));
    }
    Ok(Plan {
        replaces,
        installed,
        target,
    })
}

/// A name for a copy set aside: `<prefix><stamp>-<n>-<original name>`.
fn aside_name(prefix: &str, n: usize, path: &Path) -> String {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    format!("{prefix}{}-{stamp}-{n}-{name}", std::process::id())
}

/// The original name inside an aside name made by [`aside_name`].
fn original_name(aside: &str, prefix: &str) -> Option<String> {
    let rest = aside.strip_prefix(prefix)?;
    let mut parts = rest.splitn(4, '-');
    let (_pid, _stamp, _n) = (parts.next()?, parts.next()?, parts.next()?);
    parts.next().filter(|n| !n.is_empty()).map(str::to_owned)
}

fn rename_synced(from: &Path, to: &Path, dir: &Path) -> Result<(), String> {
    fs::rename(from, to).map_err(|e| format!("{}: {e}", from.display()))?;
    crate::files::sync_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))
}

fn delete(path: &Path) -> std::io::Result<()> {
    if path.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    }
}

/// Installs a validated staged pack under `lock` by `plan` (from [`plan`] under the same
/// lock). Returns the installed folder.
pub fn install(lock: &PacksLock, mut staged: Staged, plan: &Plan) -> Result<PathBuf, String> {
    if staged.report.pack.is_none() {
        return Err("the pack has no readable manifest".to_owned());
    }
    if !staged.report.problems.is_empty() {
        return Err(format!(
            "the pack has {} problems; nothing was installed",
            staged.report.problems.len()
        ));
    }
    let dir = lock.dir();
    staged.sync()?;
    let mut asides = Vec::new();
    for (n, copy) in plan.replaces.iter().enumerate() {
        let aside = dir.join(aside_name(REPLACED, n, &copy.path));
        if let Err(e) = rename_synced(&copy.path, &aside, dir) {
            put_back(&asides, dir);
            return Err(e);
        }
        asides.push((aside, copy.path.clone()));
    }
    if let Err(e) = rename_synced(staged.dir(), &plan.target, dir) {
        put_back(&asides, dir);
        return Err(format!("{}: {e}", plan.target.display()));
    }
    staged.mark_installed(plan.target.clone());
    for (aside, _) in asides {
        let _ = delete(&aside);
    }
    Ok(plan.target.clone())
}

/// Takes the lock on `dir`, checks the version rules ([`plan`]) and installs `staged`: for
/// callers with nothing to show in between.
pub fn install_checked(dir: &Path, staged: Staged, force: bool) -> Result<PathBuf, String> {
    let Some(pack) = staged.report.pack.clone() else {
        return Err("the pack has no readable manifest".to_owned());
    };
    let lock = PacksLock::acquire(dir, LOCK_WAIT)?;
    let plan = plan(&lock, &pack, force).map_err(|r| r.describe(&pack))?;
    install(&lock, staged, &plan)
}

/// Moves set-aside copies back after a failed install.
fn put_back(asides: &[(PathBuf, PathBuf)], dir: &Path) {
    for (aside, original) in asides.iter().rev() {
        let _ = rename_synced(aside, original, dir);
    }
}

/// What a removal did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// The folders and files removed.
    pub paths: Vec<PathBuf>,
}

/// Removes every installed copy of pack `id` under `lock`: each is renamed aside first, so a
/// crash leaves it whole or gone, never half-deleted. Built-in packs cannot be removed; an
/// id must be a pack id (kebab-case), so no path or empty name reaches the file system.
pub fn remove(lock: &PacksLock, id: &str) -> Result<Removed, String> {
    if !super::validate::is_kebab(id) {
        return Err(format!(
            "`{}` is not a pack id (lowercase letters, digits and hyphens); `kubestudy list` \
             shows them",
            crate::files::terminal_safe(id, false)
        ));
    }
    let dir = lock.dir();
    let (copies, unreadable) = copies_of(dir, id);
    let mut paths: Vec<PathBuf> = copies.into_iter().map(|c| c.path).collect();
    if paths.is_empty() {
        paths.extend(unreadable);
    }
    if paths.is_empty() {
        return Err(format!(
            "`{id}` is not an installed pack (built-in packs cannot be removed); `kubestudy \
             list` shows them"
        ));
    }
    let mut asides = Vec::new();
    for (n, path) in paths.iter().enumerate() {
        let aside = dir.join(aside_name(REMOVING, n, path));
        rename_synced(path, &aside, dir)?;
        asides.push(aside);
    }
    for aside in &asides {
        delete(aside).map_err(|e| format!("{}: {e}", aside.display()))?;
    }
    let _ = crate::files::sync_dir(dir);
    Ok(Removed { paths })
}

/// Whether `dir` has anything a killed install, remove or import left behind.
fn has_leftovers(dir: &Path) -> bool {
    let Ok(entries) = fs::read_dir(dir) else {
        return false;
    };
    entries.filter_map(Result::ok).any(|e| {
        let name = e.file_name();
        let name = name.to_string_lossy();
        name.starts_with(REPLACED) || name.starts_with(REMOVING) || name.starts_with(STAGING)
    })
}

/// Finishes what a killed install or remove left in `dir` (see the module's notes), when no
/// other kubestudy is changing the folder. Returns what it did, a line each.
pub fn recover(dir: &Path) -> Vec<String> {
    if !has_leftovers(dir) {
        return Vec::new();
    }
    let Ok(lock) = PacksLock::acquire(dir, Duration::ZERO) else {
        return Vec::new(); // Another process is at work; it or the next start will recover.
    };
    recover_locked(&lock)
}

/// [`recover`] under a lock already held.
pub fn recover_locked(lock: &PacksLock) -> Vec<String> {
    let dir = lock.dir();
    let mut notes = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return notes;
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let path = dir.join(&name);
        if name.starts_with(REMOVING) {
            if delete(&path).is_ok() {
                notes.push(format!("finished removing {}", path.display()));
            }
        } else if name.starts_with(STAGING) {
            if super::share::staging_is_stale(&path) && delete(&path).is_ok() {
                notes.push(format!("deleted the unfinished import {}", path.display()));
            }
        } else if name.starts_with(REPLACED) {
            notes.extend(recover_replaced(dir, &path, &name));
        }
    }
    let _ = crate::files::sync_dir(dir);
    notes
}

/// A copy set aside by an install that may not have finished: back to its name when no copy of
/// its pack is installed, else deleted.
fn recover_replaced(dir: &Path, path: &Path, name: &str) -> Option<String> {
    let id = load(&PackSource::from_path(path))
        .pack
        .map(|p| p.id().as_str().to_owned());
    let installed = id
        .as_deref()
        .is_some_and(|id| !copies_of(dir, id).0.is_empty());
    let original = original_name(name, REPLACED).map(|n| dir.join(n));
    match original {
        Some(original) if !installed && !original.exists() => {
            rename_synced(path, &original, dir).ok()?;
            Some(format!(
                "an install was interrupted: put {} back",
                original.display()
            ))
        }
        _ if installed || id.is_none() => {
            delete(path).ok()?;
            Some(format!("deleted the replaced copy {}", path.display()))
        }
        _ => Some(format!(
            "{} is an interrupted install's copy whose name is taken; move it back by hand",
            path.display()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aside_names_keep_the_original() {
        let name = aside_name(REPLACED, 2, Path::new("/x/packs/team-notes"));
        assert_eq!(
            original_name(&name, REPLACED).as_deref(),
            Some("team-notes")
        );
        let name = aside_name(REMOVING, 0, Path::new("/x/packs/solo.ron"));
        assert_eq!(original_name(&name, REMOVING).as_deref(), Some("solo.ron"));
        assert_eq!(original_name(".replaced-1-2-3-", REPLACED), None);
    }

    #[test]
    fn build_metadata_has_no_precedence() {
        let v = |s: &str| Version::parse(s).unwrap_or_else(|e| panic!("{e}"));
        assert!(precedes(&v("1.0.0+other"), &v("1.0.0")).is_eq());
        assert!(precedes(&v("1.0.0+aaa"), &v("1.0.0+zzz")).is_eq());
        assert!(precedes(&v("1.0.1"), &v("1.0.0+zzz")).is_gt());
    }
}
