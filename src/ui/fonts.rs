//! The fonts shipped in `assets/fonts/`, installed by the app and by the test harness alike, so
//! every glyph renders the same on every machine.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

const SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const MONO: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansMono.ttf");

/// Puts DejaVu Sans first for text and DejaVu Sans Mono first for code, keeping egui's own fonts
/// as fallbacks, and sets the design system's text styles and spacing (`theme::install`).
pub fn install(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "dejavu-sans".to_owned(),
        Arc::new(FontData::from_static(SANS)),
    );
    fonts.font_data.insert(
        "dejavu-mono".to_owned(),
        Arc::new(FontData::from_static(MONO)),
    );
    if let Some(family) = fonts.families.get_mut(&FontFamily::Proportional) {
        family.insert(0, "dejavu-sans".to_owned());
    }
    if let Some(family) = fonts.families.get_mut(&FontFamily::Monospace) {
        family.insert(0, "dejavu-mono".to_owned());
    }
    ctx.set_fonts(fonts);
    super::theme::install(ctx);
}
