//! The image of the card under review: read from its pack's `assets/` and put on the GPU once,
//! when the card shows (the checks of `kubestudy check`; a card whose image cannot be read says
//! why in place of the image).

use super::{App, Screen};

/// The last card image asked for: whose it is, and the texture or why there is none.
pub(super) struct CardImage {
    pack: String,
    rel: String,
    pub(super) texture: Result<egui::TextureHandle, String>,
}

impl App {
    /// Reads and uploads the image of the card showing in review, if it has one not yet read.
    pub(super) fn upload_card_image(&mut self, ctx: &egui::Context) {
        let Screen::Review(session) = &self.screen else {
            return;
        };
        let Some(shown) = session.shown() else {
            return;
        };
        let Some(rel) = shown.card.image.as_deref() else {
            return;
        };
        let pack = shown.entry.key.pack.as_str();
        if self
            .card_image
            .as_ref()
            .is_some_and(|c| c.pack == pack && c.rel == rel)
        {
            return;
        }
        let source = self
            .library
            .packs()
            .iter()
            .position(|p| p.id().as_str() == pack)
            .and_then(|i| self.pack_sources.get(&i));
        let texture = match source {
            None => Err(format!("`{rel}`: the pack's files are not at hand")),
            Some(source) => crate::pack::assets::load_image(source, rel).map(|pixels| {
                let size = [pixels.size.0 as usize, pixels.size.1 as usize];
                let image = egui::ColorImage::from_rgba_unmultiplied(size, &pixels.rgba);
                ctx.load_texture("card-image", image, egui::TextureOptions::LINEAR)
            }),
        };
        self.card_image = Some(CardImage {
            pack: pack.to_owned(),
            rel: rel.to_owned(),
            texture,
        });
    }

    /// The image of the card showing in review, once read: the texture, or why it cannot show.
    pub(super) fn shown_image(
        &self,
        session: &crate::modes::review::ReviewSession,
    ) -> Option<Result<(egui::TextureId, egui::Vec2), &str>> {
        let shown = session.shown()?;
        let rel = shown.card.image.as_deref()?;
        let image = self
            .card_image
            .as_ref()
            .filter(|c| c.pack == shown.entry.key.pack && c.rel == rel)?;
        Some(
            image
                .texture
                .as_ref()
                .map(|t| (t.id(), t.size_vec2()))
                .map_err(String::as_str),
        )
    }
}
