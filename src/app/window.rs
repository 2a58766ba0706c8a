//! Opening the window: which renderer draws it (wgpu, else OpenGL through glow), the window's
//! options and icon, and the one line said when no renderer can draw at all.
//!
//! wgpu wants a Vulkan or OpenGL ES (EGL) adapter. A virtual machine, a remote desktop or an old
//! laptop may have neither, yet still have plain OpenGL through GLX, which glow can use; so a
//! window wgpu cannot draw is opened again with glow. eframe keeps one event loop per thread
//! (`run_and_return`), so a second `run_native` in the same process works.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Instant;

use super::App;
use crate::dirs::AppDirs;

/// The environment variable that picks the renderer: `wgpu` or `glow` (default: wgpu, then glow
/// if wgpu cannot draw).
pub const RENDERER_VAR: &str = "KUBESTUDY_RENDERER";

/// One of eframe's renderers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renderer {
    /// wgpu: Vulkan, or OpenGL ES through EGL.
    Wgpu,
    /// glow: OpenGL 2 or later through GLX or EGL.
    Glow,
}

impl Renderer {
    /// Its name, as `KUBESTUDY_RENDERER` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Wgpu => "wgpu",
            Self::Glow => "glow",
        }
    }

    /// The renderers to try, in order, for the value of `KUBESTUDY_RENDERER`: the one it names,
    /// else wgpu then glow. An unknown name is an error saying which names there are.
    pub fn order(var: Option<&str>) -> Result<Vec<Self>, String> {
        match var.map(str::trim) {
            None | Some("") => Ok(vec![Self::Wgpu, Self::Glow]),
            Some(name) => [Self::Wgpu, Self::Glow]
                .into_iter()
                .find(|r| r.name().eq_ignore_ascii_case(name))
                .map(|r| vec![r])
                .ok_or_else(|| {
                    format!(
                        "{RENDERER_VAR}={} is not `wgpu` or `glow`; trying wgpu, then glow",
                        crate::files::terminal_safe(name, false)
                    )
                }),
        }
    }

    fn eframe(self) -> eframe::Renderer {
        match self {
            Self::Wgpu => eframe::Renderer::Wgpu,
            Self::Glow => eframe::Renderer::Glow,
        }
    }

    /// Whether `error` says this renderer found nothing to draw with (rather than, say, no
    /// display at all, which another renderer would not fix).
    fn could_not_draw(self, error: &eframe::Error) -> bool {
        match self {
            Self::Wgpu => matches!(error, eframe::Error::Wgpu(_)),
            Self::Glow => matches!(
                error,
                eframe::Error::Glutin(_)
                    | eframe::Error::NoGlutinConfigs(..)
                    | eframe::Error::OpenGL(_)
            ),
        }
    }
}

/// Opens the window and runs it until it is closed. With `KUBESTUDY_TRACE_STARTUP` set, prints
/// to stderr how long the app took to be ready and to draw its first frame, and which renderer
/// drew it (for `tests/benches/window.sh`).
pub fn run(dirs: Option<&AppDirs>) -> eframe::Result {
    let started = Instant::now();
    let order = Renderer::order(std::env::var(RENDERER_VAR).ok().as_deref()).unwrap_or_else(|e| {
        eprintln!("kubestudy: {e}");
        vec![Renderer::Wgpu, Renderer::Glow]
    });
    let trace = std::env::var_os("KUBESTUDY_TRACE_STARTUP").is_some();
    let mut app = App::open(dirs);
    if trace {
        eprintln!("startup: app ready after {:?}", started.elapsed());
        app.trace_first_frame = Some(started);
    }
    // The app waits here until a window takes it: a renderer that fails does so before the app
    // is handed over, so the next one gets the same app (or a new one, should it not).
    let slot = Rc::new(RefCell::new(Some(app)));
    let mut tries = order.iter().copied().peekable();
    while let Some(renderer) = tries.next() {
        let waiting = Rc::clone(&slot);
        let result = eframe::run_native(
            "kubestudy",
            native_options(dirs, renderer),
            Box::new(move |cc| {
                crate::ui::fonts::install(&cc.egui_ctx);
                if trace {
                    eprintln!("startup: drawing with {}", drawn_with(cc));
                }
                let app = waiting.borrow_mut().take();
                Ok(Box::new(app.unwrap_or_else(|| App::open(dirs))))
            }),
        );
        match (result, tries.peek()) {
            (Err(e), Some(next)) if renderer.could_not_draw(&e) => eprintln!(
                "kubestudy: {} could not draw the window ({e}); trying {}",
                renderer.name(),
                next.name()
            ),
            (result, _) => return result,
        }
    }
    Ok(())
}

/// Which renderer and adapter draw the window: `wgpu (Vulkan, llvmpipe ...)` or `glow (OpenGL)`.
fn drawn_with(cc: &eframe::CreationContext<'_>) -> String {
    match (&cc.wgpu_render_state, &cc.gl) {
        (Some(state), _) => {
            let info = state.adapter.get_info();
            format!("wgpu ({:?}, {})", info.backend, info.name)
        }
        (None, Some(_)) => "glow (OpenGL)".to_owned(),
        (None, None) => "an unknown renderer".to_owned(),
    }
}

/// What is missing when the window cannot open, and how to get it: one line for the learner.
pub fn failure_hint(error: &eframe::Error) -> String {
    let text = error.to_string();
    if text.contains("DISPLAY") || text.contains("WAYLAND") {
        return "there is no display to open it on: run kubestudy in a desktop session (X11 or \
                Wayland); the command line (`kubestudy --help`) works without one"
            .to_owned();
    }
    match error {
        eframe::Error::Wgpu(_)
        | eframe::Error::Glutin(_)
        | eframe::Error::NoGlutinConfigs(..)
        | eframe::Error::OpenGL(_) => format!(
            "no graphics driver could draw it ({text}): it needs Vulkan or OpenGL 2, which Mesa \
             gives even without a GPU (Debian and Ubuntu: `sudo apt install libgl1-mesa-dri \
             libegl1 libglx-mesa0 mesa-vulkan-drivers`; Fedora: `sudo dnf install \
             mesa-dri-drivers mesa-vulkan-drivers`)"
        ),
        _ => text,
    }
}

/// The window's options. eframe keeps the window's size and egui's memory in `app.ron`, by
/// default in the platform's data folder; it goes in kubestudy's data folder instead, so that
/// `KUBESTUDY_HOME` holds everything (on Linux the default is the same file).
fn native_options(dirs: Option<&AppDirs>, renderer: Renderer) -> eframe::NativeOptions {
    eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("kubestudy")
            .with_app_id(crate::desktop::APP_ID)
            .with_inner_size([1100.0, 720.0])
            .with_min_inner_size([900.0, 600.0])
            .with_icon(icon()),
        persistence_path: dirs.map(AppDirs::window_state),
        renderer: renderer.eframe(),
        ..Default::default()
    }
}

/// The window icon, shipped in `assets/icon.png` (a blank icon if it could not be decoded).
pub fn icon() -> egui::IconData {
    eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon.png")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_state_is_kept_in_kubestudy_home() {
        let home = std::path::Path::new("/tmp/kubestudy-home");
        let dirs = AppDirs::resolve(Some(home));
        let options = native_options(dirs.as_ref(), Renderer::Glow);
        assert_eq!(options.persistence_path, Some(home.join("app.ron")));
        assert_eq!(options.renderer, eframe::Renderer::Glow);
    }

    #[test]
    fn the_icon_decodes() {
        let icon = icon();
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
    }

    #[test]
    fn the_renderer_variable_picks_one_or_both() {
        use Renderer::{Glow, Wgpu};
        for (var, want) in [
            (None, vec![Wgpu, Glow]),
            (Some(""), vec![Wgpu, Glow]),
            (Some("glow"), vec![Glow]),
            (Some(" WGPU "), vec![Wgpu]),
        ] {
            assert_eq!(Renderer::order(var), Ok(want), "{var:?}");
        }
        let bad = Renderer::order(Some("vulkan")).err().unwrap_or_default();
        assert!(bad.contains("`wgpu` or `glow`"), "{bad}");
    }

    #[test]
    fn only_a_drawing_failure_moves_on_to_the_next_renderer() {
        let wgpu = eframe::Error::Wgpu(eframe::egui_wgpu::WgpuError::NoSurfaceFormatsAvailable);
        assert!(Renderer::Wgpu.could_not_draw(&wgpu));
        assert!(!Renderer::Glow.could_not_draw(&wgpu));
        let app = eframe::Error::AppCreation("broken".into());
        assert!(!Renderer::Wgpu.could_not_draw(&app));
        let hint = failure_hint(&wgpu);
        assert!(
            hint.contains("Mesa") && hint.contains("apt install"),
            "{hint}"
        );
    }
}
