//! Renders an HTML file in headless Chromium (Debian's `chromium`), for the tests of the HTML
//! reports: a screenshot (PNG, decoded to pixels), the DOM after the page's scripts ran, and every
//! console message the page logged (errors and uncaught exceptions included).
//!
//! Chromium runs with a fresh profile in a temporary directory, without sandbox (the tests run as
//! root in CI) and without any background networking, so a page that tries to reach the network
//! shows it as a console error rather than as a hang.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What Chromium made of a page.
pub struct Rendered {
    /// The screenshot's pixels, RGBA (converted from RGB when Chromium writes that), row by row.
    pub pixels: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// `document.documentElement.outerHTML` once the page's scripts ran.
    pub dom: String,
    /// The console messages (`console.log/error`, uncaught exceptions), one per entry.
    pub console: Vec<String>,
}

impl Rendered {
    /// How many pixels of the screenshot have this colour, give or take `tolerance` per channel.
    pub fn count_colour(&self, rgb: [u8; 3], tolerance: u8) -> usize {
        self.pixels.chunks_exact(4).filter(|p| (0..3).all(|i| p[i].abs_diff(rgb[i]) <= tolerance)).count()
    }
}

/// Chromium's path, or `None` (after a loud warning) when it is not installed and `CI` is not set.
/// Under CI a missing Chromium is a panic: the HTML tests must run there.
pub fn chromium() -> Option<PathBuf> {
    let path = PathBuf::from("/usr/bin/chromium");
    if path.exists() {
        return Some(path);
    }
    if std::env::var_os("CI").is_some() {
        panic!("Chromium not found at /usr/bin/chromium: scripts/setup installs it (Debian package chromium)");
    }
    eprintln!(
        "\n==================================================================\n\
         SKIPPED: Chromium not found at /usr/bin/chromium.\n\
         The HTML report tests did NOT run. Install it with scripts/setup.\n\
         ==================================================================\n"
    );
    None
}

/// Loads `html` in headless Chromium at `width` × `height`: one run for the screenshot and the
/// console, one for the DOM.
pub fn render(chromium: &Path, html: &Path, width: u32, height: u32) -> Rendered {
    let scratch = tempfile::tempdir().expect("temporary directory");
    let url = format!("file://{}", html.canonicalize().expect("the HTML file exists").display());
    let shot = scratch.path().join("screenshot.png");
    let screenshot_run = run(
        chromium,
        scratch.path(),
        &[
            "--enable-logging=stderr".into(),
            "--v=0".into(),
            format!("--screenshot={}", shot.display()),
            format!("--window-size={width},{height}"),
            url.clone(),
        ],
    );
    let console = screenshot_run
        .1
        .lines()
        .filter(|line| line.contains(":CONSOLE"))
        .map(|line| line.split_once("] ").map_or(line, |(_, message)| message).to_owned())
        .collect();
    let (dom, _) = run(chromium, scratch.path(), &["--dump-dom".into(), url]);
    let decoder =
        png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).expect("Chromium wrote the screenshot")));
    let mut reader = decoder.read_info().expect("a PNG screenshot");
    let mut pixels = vec![0; reader.output_buffer_size().expect("screenshot size")];
    let info = reader.next_frame(&mut pixels).expect("screenshot pixels");
    pixels.truncate(info.buffer_size());
    // Chromium writes RGB or RGBA depending on the version: always hand back RGBA.
    let pixels = match info.color_type {
        png::ColorType::Rgba => pixels,
        png::ColorType::Rgb => pixels.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect(),
        other => panic!("a Chromium screenshot in {other:?}: RGB or RGBA expected"),
    };
    Rendered { pixels, width: info.width, height: info.height, dom, console }
}

/// Runs Chromium headless with a fresh profile; its stdout and stderr. Killed after a minute.
fn run(chromium: &Path, scratch: &Path, args: &[String]) -> (String, String) {
    let profile = tempfile::tempdir_in(scratch).expect("profile directory");
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start Chromium");
    let out = child.stdout.take().expect("stdout");
    let err = child.stderr.take().expect("stderr");
    let read = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = r.read_to_string(&mut s);
            s
        })
    };
    let (out, err) = (read(Box::new(out)), read(Box::new(err)));
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait for Chromium").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("Chromium did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    (out.join().expect("stdout reader"), err.join().expect("stderr reader"))
}
