//! The images of the card under review, the question's and (once revealed) the answer's: read
//! from its pack's `assets/` and put on the GPU once, when the card shows (the checks of
//! `kubestudy check`; an image that cannot be read says why in its place).

use super::{App, Screen};

/// Which of a card's images.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    /// Shown with the question.
    Question,
    /// Shown with the answer.
    Answer,
}

/// The last image asked for on one side: whose it is, and the texture or why there is none.
pub(super) struct CardImage {
    pack: String,
    rel: String,
    pub(super) texture: Result<egui::TextureHandle, String>,
}

/// The image of `side` of the card `shown`, if it has one (the answer's only once revealed).
fn wanted(shown: &crate::modes::review::Shown, side: Side) -> Option<&str> {
    match side {
        Side::Question => shown.card.image.as_deref(),
        Side::Answer if shown.revealed => shown.card.answer_image.as_deref(),
        Side::Answer => None,
    }
}

impl App {
    fn slot(&self, side: Side) -> Option<&CardImage> {
        match side {
            Side::Question => self.card_image.as_ref(),
            Side::Answer => self.card_answer_image.as_ref(),
        }
    }

    /// Reads and uploads the images of the card showing in review, each not yet read.
    pub(super) fn upload_card_image(&mut self, ctx: &egui::Context) {
        for side in [Side::Question, Side::Answer] {
            self.upload_side(ctx, side);
        }
    }

    fn upload_side(&mut self, ctx: &egui::Context, side: Side) {
        let Screen::Review(session) = &self.screen else {
            return;
        };
        let Some(shown) = session.shown() else {
            return;
        };
        let Some(rel) = wanted(shown, side) else {
            return;
        };
        let pack = shown.entry.key.pack.as_str();
        if self
            .slot(side)
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
        let name = match side {
            Side::Question => "card-image",
            Side::Answer => "card-answer-image",
        };
        let texture = match source {
            None => Err(format!("`{rel}`: the pack's files are not at hand")),
            Some(source) => crate::pack::assets::load_image(source, rel).map(|pixels| {
                let size = [pixels.size.0 as usize, pixels.size.1 as usize];
                let image = egui::ColorImage::from_rgba_unmultiplied(size, &pixels.rgba);
                ctx.load_texture(name, image, egui::TextureOptions::LINEAR)
            }),
        };
        let image = Some(CardImage {
            pack: pack.to_owned(),
            rel: rel.to_owned(),
            texture,
        });
        match side {
            Side::Question => self.card_image = image,
            Side::Answer => self.card_answer_image = image,
        }
    }

    /// The image of `side` of the card showing in review, once read: the texture, or why it
    /// cannot show.
    pub(super) fn shown_image(
        &self,
        session: &crate::modes::review::ReviewSession,
        side: Side,
    ) -> Option<Result<(egui::TextureId, egui::Vec2), &str>> {
        let shown = session.shown()?;
        let rel = wanted(shown, side)?;
        let image = self
            .slot(side)
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
