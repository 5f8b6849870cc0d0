//! `rollcheck posture --format html` rendered in headless Chromium (`tests/browser/mod.rs`): the
//! sample's history with its committed pg_dump backups shows the timeline (one mark per commit,
//! one per backup with a time, one point-of-no-return line) with no console message, and the
//! screenshot really shows the point of no return and the valid backup; a history without a
//! point of no return shows no trace of its colour. Also: without a repository (migrations placed
//! by the timestamp in their name), nothing to draw, names that try to inject markup, 2,000
//! commits (labels thinned), determinism across thread counts, and a snapshot of a small page.
//! Screenshots are saved in `target/posture-html/` for a person to look at.

mod binary;
mod browser;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(120);
/// Colours of `src/report/posture/html/timeline.rs`.
const PANEL: [u8; 3] = [0xfb, 0xfc, 0xfe];
const PONR: [u8; 3] = [0xd7, 0x19, 0x1c];
const VALID: [u8; 3] = [0x1a, 0x98, 0x50];
const TARGETS: [u8; 3] = [0xcd, 0xeb, 0xc5];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn git(dir: &Path, args: &[&str], envs: &[(&str, &str)]) {
    let out = Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .envs(envs.iter().copied())
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// `rollcheck posture ARGS --format html`: the page, with exit status 0.
fn page(args: &[&dyn AsRef<std::ffi::OsStr>], envs: &[(&str, &str)]) -> String {
    let mut all: Vec<OsString> = vec!["posture".into()];
    all.extend(args.iter().map(|a| a.as_ref().to_owned()));
    all.extend(["--format".into(), "html".into()]);
    let done = binary::run(&all, envs, TIMEOUT);
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.and_then(|s| s.code()), Some(0), "{stderr}");
    String::from_utf8(done.stdout).unwrap()
}

fn sample_repo(dir: &Path) -> PathBuf {
    let repo = dir.join("app");
    let out = Command::new(root().join("samples/party-migration/make-git-history")).arg(&repo).output().unwrap();
    assert!(out.status.success(), "make-git-history: {}", String::from_utf8_lossy(&out.stderr));
    repo
}

fn backups() -> PathBuf {
    root().join("samples/party-migration/backups")
}

/// Renders `html` (written to `target/posture-html/NAME.html`) and saves the screenshot beside it.
fn render(name: &str, html: &str, width: u32, height: u32) -> Option<browser::Rendered> {
    let chromium = browser::chromium()?;
    let dir = root().join("target/posture-html");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{name}.html"));
    std::fs::write(&file, html).unwrap();
    let shown = browser::render(&chromium, &file, width, height);
    let png = std::fs::File::create(dir.join(format!("{name}.png"))).unwrap();
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(png), shown.width, shown.height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.write_header().unwrap().write_image_data(&shown.pixels).unwrap();
    Some(shown)
}

/// The timeline's box in the screenshot: the extent of its panel colour.
fn panel(shown: &browser::Rendered) -> (u32, u32, u32, u32) {
    let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0, 0);
    for (i, p) in shown.pixels.chunks_exact(4).enumerate() {
        if p[..3] == PANEL {
            let (x, y) = (i as u32 % shown.width, i as u32 / shown.width);
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
    }
    assert!(x1 > x0 + 600 && y1 > y0 + 100, "the timeline's panel is on the screenshot");
    (x0, y0, x1, y1)
}

fn near(p: &[u8], rgb: [u8; 3]) -> bool {
    (0..3).all(|i| p[i].abs_diff(rgb[i]) <= 10)
}

/// Pixels of this colour inside the timeline, and the longest vertical run of them.
fn in_timeline(shown: &browser::Rendered, rgb: [u8; 3]) -> (usize, u32) {
    let (x0, y0, x1, y1) = panel(shown);
    let at = |x: u32, y: u32| &shown.pixels[((y * shown.width + x) * 4) as usize..][..3];
    let mut count = 0;
    let mut longest = 0;
    for x in x0..=x1 {
        let mut run = 0;
        for y in y0..=y1 {
            if near(at(x, y), rgb) {
                count += 1;
                run += 1;
                longest = longest.max(run);
            } else {
                run = 0;
            }
        }
    }
    (count, longest)
}

fn count(dom: &str, needle: &str) -> usize {
    dom.matches(needle).count()
}

#[test]
fn the_sample_page_shows_the_timeline_with_its_point_of_no_return_and_valid_backup() {
    let dir = tempfile::tempdir().unwrap();
    let repo = sample_repo(dir.path());
    let source = repo.join("prisma/migrations");
    let out = dir.path().join("posture.html");
    let written = page(&[&source, &"--backups", &backups(), &"-o", &out], &[]);
    assert!(written.is_empty(), "-o writes the file, not stdout");
    let html = std::fs::read_to_string(&out).unwrap();
    let json = binary::run(
        &["posture".into(), source.clone().into(), "--backups".into(), backups().into(), "--format".into(), "json".into()],
        &[],
        TIMEOUT,
    );
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let commits = json["code_targets"].as_array().unwrap().len();
    let timed_backups = json["undo"][0]["backups"].as_array().unwrap().iter().filter(|b| !b["taken_at"].is_null()).count();
    assert_eq!((commits, timed_backups), (21, 3), "the sample: 21 first-parent commits, 3 plain backups with a time");

    assert!(!html.contains("<script"), "no script at all");
    assert!(!html.contains(" src=") && !html.contains(" href="), "nothing to load");
    let Some(shown) = render("sample", &html, 1280, 1000) else { return };
    assert!(shown.console.is_empty(), "console: {:#?}", shown.console);
    assert_eq!(count(&shown.dom, "<svg class=\"timeline\""), 1);
    assert_eq!(count(&shown.dom, "class=\"commit\""), commits);
    assert_eq!(count(&shown.dom, "class=\"commit\" data-kind=\"migrations\""), 8, "the 8 commits that add migrations");
    assert_eq!(count(&shown.dom, "class=\"backup-mark\""), timed_backups);
    assert_eq!(count(&shown.dom, "class=\"backup-mark\" data-verdict=\"valid\""), 1);
    assert_eq!(count(&shown.dom, "class=\"ponr-line\""), 1);
    assert_eq!(count(&shown.dom, "class=\"migration"), 8 + 8, "8 marks and 8 labels");

    let (ponr, run) = in_timeline(&shown, PONR);
    assert!(ponr > 0 && run >= 150, "the point of no return is a tall red line: {ponr} pixels, run {run}");
    let (valid, _) = in_timeline(&shown, VALID);
    assert!(valid > 20, "the valid backup's mark shows: {valid} pixels");
    let (targets, _) = in_timeline(&shown, TARGETS);
    assert!(targets > 200, "the rollback targets' band shows: {targets} pixels");
}
