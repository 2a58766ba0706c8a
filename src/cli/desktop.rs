//! `kubestudy install-desktop-entry` and `uninstall-desktop-entry`: the launcher entry, icons
//! and metainfo in the learner's own data folder (see [`crate::desktop`]).

use std::io::Write;
use std::path::Path;

use super::{EXIT_OK, EXIT_PROBLEMS};

/// Where the files go: the XDG data folder, from `XDG_DATA_HOME` and `HOME` as given.
#[derive(Debug, Clone, Copy)]
pub struct DesktopTarget<'a> {
    /// The value of `XDG_DATA_HOME`, if set.
    pub xdg_data_home: Option<&'a Path>,
    /// The value of `HOME`, if set.
    pub home: Option<&'a Path>,
}

impl DesktopTarget<'_> {
    fn data_home(&self, command: &str, err: &mut impl Write) -> Option<std::path::PathBuf> {
        let found = crate::desktop::data_home(self.xdg_data_home, self.home);
        if found.is_none() {
            let _ = writeln!(
                err,
                "kubestudy {command}: neither XDG_DATA_HOME (an absolute path) nor HOME is set, \
                 so there is no data folder to put the desktop entry in"
            );
        }
        found
    }
}

/// Installs the desktop entry for the binary at `exe`, with its icons and metainfo.
pub fn install_desktop_entry(
    target: DesktopTarget<'_>,
    exe: &Path,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    const COMMAND: &str = "install-desktop-entry";
    let Some(data_home) = target.data_home(COMMAND, err) else {
        return EXIT_PROBLEMS;
    };
    match crate::desktop::install(&data_home, exe) {
        Ok(written) => {
            for path in &written {
                let _ = writeln!(out, "wrote {}", path.display());
            }
            let _ = writeln!(
                out,
                "kubestudy is in your desktop's application menu now (running {}); some \
                 desktops show it only after you log in again. `kubestudy \
                 uninstall-desktop-entry` takes it out",
                exe.display()
            );
            EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(err, "kubestudy {COMMAND}: {e}");
            EXIT_PROBLEMS
        }
    }
}

/// Removes what [`install_desktop_entry`] wrote.
pub fn uninstall_desktop_entry(
    target: DesktopTarget<'_>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    const COMMAND: &str = "uninstall-desktop-entry";
    let Some(data_home) = target.data_home(COMMAND, err) else {
        return EXIT_PROBLEMS;
    };
    match crate::desktop::uninstall(&data_home) {
        Ok(removed) if removed.is_empty() => {
            let _ = writeln!(
                out,
                "no desktop entry of kubestudy's in {}; nothing was removed",
                data_home.display()
            );
            EXIT_OK
        }
        Ok(removed) => {
            for path in &removed {
                let _ = writeln!(out, "removed {}", path.display());
            }
            EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(err, "kubestudy {COMMAND}: {e}");
            EXIT_PROBLEMS
        }
    }
}
