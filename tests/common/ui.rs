//! The one factory for UI test harnesses: the real `App` over a temporary home and a fixed
//! clock, with the app's own fonts installed.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use egui_kittest::{Harness, HarnessBuilder};
use kubestudy::app::App;
use kubestudy::pack::{Library, PackSource, load};
use kubestudy::progress::Store;
use kubestudy::study::Engine;
use kubestudy::study::clock::{FixedClock, Timestamp};

/// 2026-11-22 10:00 UTC.
pub const NOW: Timestamp = Timestamp(1_795_341_600_000);

/// A library of one pack with `content` (manifest fields after the header).
pub fn library(content: &str) -> (super::PackDir, Arc<Library>) {
    let pack = super::PackDir::with_manifest(content);
    let report = load(&PackSource::Dir(pack.path().to_owned()));
    assert!(
        report.problems.is_empty(),
        "{}",
        super::render(&report.problems)
    );
    (pack, Arc::new(Library::from_reports(&[report])))
}

fn builder() -> HarnessBuilder<App> {
    Harness::<App>::builder()
        .with_size([1000.0, 700.0])
        .with_context_setup(kubestudy::ui::fonts::install)
}

/// The app on `library` with progress in `home`.
pub fn app(library: Arc<Library>, home: &std::path::Path) -> Harness<'static, App> {
    let clock = FixedClock::new(NOW, 0);
    let settings = kubestudy::progress::settings::load(home).settings;
    let engine = Engine::new(Store::open(home).unwrap(), settings).map(|mut engine| {
        engine.sync_library(&library, &clock).unwrap();
        engine
    });
    let engine = engine.map_err(|e| e.to_string());
    let config = home.to_owned();
    builder().build_eframe(move |_cc| App::new(library, engine, Box::new(clock), Some(config)))
}

/// The app on the pack folder `pack` as loaded from disk (with its problems and its images).
pub fn app_from_folder(pack: &std::path::Path, home: &std::path::Path) -> Harness<'static, App> {
    let source = PackSource::Dir(pack.to_owned());
    let report = load(&source);
    let library = Arc::new(Library::from_reports(std::slice::from_ref(&report)));
    let clock = FixedClock::new(NOW, 0);
    let settings = kubestudy::progress::settings::load(home).settings;
    let mut engine = Engine::new(Store::open(home).unwrap(), settings).unwrap();
    engine.sync_library(&library, &clock).unwrap();
    let config = home.to_owned();
    builder().build_eframe(move |_cc| {
        App::new(library, Ok(engine), Box::new(clock), Some(config)).with_load(&[source], &[report])
    })
}

/// The app on `library` with progress in `home`, on a clock the test moves.
pub fn app_with_clock(
    library: Arc<Library>,
    home: &std::path::Path,
    clock: std::rc::Rc<FixedClock>,
) -> Harness<'static, App> {
    let settings = kubestudy::progress::settings::load(home).settings;
    let mut engine = Engine::new(Store::open(home).unwrap(), settings).unwrap();
    engine.sync_library(&library, clock.as_ref()).unwrap();
    let config = home.to_owned();
    builder().build_eframe(move |_cc| App::new(library, Ok(engine), Box::new(clock), Some(config)))
}

/// The built-in packs with progress and installed packs in `home` (as the real app opens).
pub fn app_with_home_packs(home: &std::path::Path) -> Harness<'static, App> {
    let clock = FixedClock::new(NOW, 0);
    let dirs = kubestudy::dirs::AppDirs::resolve(Some(home)).unwrap();
    let mut sources = kubestudy::pack::builtin::sources();
    sources.extend(kubestudy::pack::library::installed_sources(&dirs.packs()));
    let reports: Vec<_> = sources.iter().map(load).collect();
    let library = Arc::new(Library::from_reports(&reports));
    let mut engine = Engine::new(Store::open(home).unwrap(), Default::default()).unwrap();
    engine.sync_library(&library, &clock).unwrap();
    let packs = dirs.packs();
    builder().build_eframe(move |_cc| {
        App::new(library, Ok(engine), Box::new(clock), None)
            .with_load(&sources, &reports)
            .with_packs_dir(Some(packs))
    })
}

/// The app as the binary opens it on `home` (`KUBESTUDY_HOME`): built-in and installed packs,
/// the system clock.
pub fn app_opened(home: &std::path::Path) -> Harness<'static, App> {
    let dirs = kubestudy::dirs::AppDirs::resolve(Some(home)).unwrap();
    builder().build_eframe(move |_cc| App::open(Some(&dirs)))
}

/// The app when the progress store could not be opened.
pub fn app_with_store_error(library: Arc<Library>, error: &str) -> Harness<'static, App> {
    let error = error.to_owned();
    builder().build_eframe(move |_cc| {
        App::new(library, Err(error), Box::new(FixedClock::new(NOW, 0)), None)
    })
}

/// The app on `library` with the progress in `home` opened as the window opens it: when the
/// store cannot be opened, the store-error screen shows, offering the newest backup in `home`.
pub fn app_on_home(library: Arc<Library>, home: &std::path::Path) -> Harness<'static, App> {
    let clock = FixedClock::new(NOW, 0);
    let settings = kubestudy::progress::settings::load(home).settings;
    let engine = Store::open(home)
        .and_then(|store| Engine::new(store, settings))
        .map(|mut engine| {
            engine.sync_library(&library, &clock).unwrap();
            engine
        })
        .map_err(|e| e.to_string());
    let home = home.to_owned();
    builder().build_eframe(move |_cc| {
        App::new(library, engine, Box::new(clock), Some(home.clone())).with_data_dir(Some(home))
    })
}

/// Clicks the button `label` as a learner would: scrolled into view first (a button below the
/// fold of a scrolling screen cannot be clicked where it is not drawn).
pub fn click_button(harness: &mut Harness<'static, App>, label: &str) {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable as _;
    harness
        .get_by_role_and_label(Role::Button, label)
        .scroll_to_me();
    harness.run();
    harness.get_by_role_and_label(Role::Button, label).click();
}

/// Sets the text field `label` (of `role`) to `text` as a learner would: focused, then typed
/// over.
pub fn set_field(
    harness: &mut Harness<'static, App>,
    role: egui::accesskit::Role,
    label: &str,
    text: &str,
) {
    use egui_kittest::kittest::Queryable as _;
    harness.get_by_role_and_label(role, label).focus();
    harness.run();
    harness
        .get_by_role_and_label(role, label)
        .set_text_value_accesskit(text);
    harness.run();
}

/// The marks of item `item` of the test pack, as the store has them.
pub fn marks_of(harness: &Harness<'static, App>, item: &str) -> kubestudy::progress::Marks {
    let key = kubestudy::progress::ItemKey::new(super::PACK_ID, item);
    harness.state().engine().unwrap().marks(&key).unwrap()
}

/// The app on a pack of `cards`, already in a review session ("Study now" clicked).
pub fn review_session(cards: &str) -> (tempfile::TempDir, super::PackDir, Harness<'static, App>) {
    let (pack, library) = library(cards);
    let home = tempfile::tempdir().unwrap();
    let mut harness = app(library, home.path());
    harness.run();
    click_button(&mut harness, "Study now");
    harness.run();
    (home, pack, harness)
}

/// The ratings logged for `item` of the test pack, oldest first.
pub fn ratings(
    harness: &Harness<'static, App>,
    item: &str,
) -> Vec<kubestudy::study::schedule::Rating> {
    let key = kubestudy::progress::ItemKey::new(super::PACK_ID, item);
    let engine = harness.state().engine().expect("an engine");
    let history = engine.store().history(&key).expect("the history");
    history.iter().map(|logged| logged.answer.rating).collect()
}

/// Replaces the text of the multiline box labelled `label`, as select-all then typing (or
/// pasting) does.
pub fn replace_text(harness: &mut Harness<'static, App>, label: &str, text: &str) {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable as _;
    harness
        .get_by_role_and_label(Role::MultilineTextInput, label)
        .focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness
        .get_by_role_and_label(Role::MultilineTextInput, label)
        .type_text(text);
    harness.run();
}

/// The app on `library` with progress in `home`, that folder shown as its data folder, and
/// folders "opened" by `opener` instead of the desktop's file manager.
pub fn app_with_folder_opener(
    library: Arc<Library>,
    home: &std::path::Path,
    opener: kubestudy::app::FolderOpener,
) -> Harness<'static, App> {
    let clock = FixedClock::new(NOW, 0);
    let settings = kubestudy::progress::settings::load(home).settings;
    let mut engine = Engine::new(Store::open(home).unwrap(), settings).unwrap();
    engine.sync_library(&library, &clock).unwrap();
    let folder = home.to_owned();
    builder().build_eframe(move |_cc| {
        App::new(library, Ok(engine), Box::new(clock), Some(folder.clone()))
            .with_data_dir(Some(folder))
            .with_folder_opener(opener)
    })
}
