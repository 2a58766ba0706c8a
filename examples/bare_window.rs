//! A bare eframe window with the same features and size as kubestudy's, for the side-by-side
//! startup and memory comparison in `tests/benches/window.sh`.
#![allow(missing_docs)]

fn main() -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("bare")
            .with_inner_size([1100.0, 720.0]),
        ..Default::default()
    };
    eframe::run_ui_native("bare", options, |ui, _frame| {
        ui.label("Hello");
    })
}
