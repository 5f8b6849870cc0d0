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
        &[
            "posture".into(),
            source.clone().into(),
            "--backups".into(),
            backups().into(),
            "--format".into(),
            "json".into(),
        ],
        &[],
        TIMEOUT,
    );
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let commits = json["code_targets"].as_array().unwrap().len();
    let timed_backups =
        json["undo"][0]["backups"].as_array().unwrap().iter().filter(|b| !b["taken_at"].is_null()).count();
    assert_eq!(
        (commits, timed_backups),
        (21, 6),
        "the sample: 21 first-parent commits, 6 backups (3 nights, plain and custom) with a time"
    );

    assert!(!html.contains("<script"), "no script at all");
    assert!(!html.contains(" src=") && !html.contains(" href="), "nothing to load");
    let Some(shown) = render("sample", &html, 1280, 1000) else { return };
    assert!(shown.console.is_empty(), "console: {:#?}", shown.console);
    assert_eq!(count(&shown.dom, "<svg class=\"timeline\""), 1);
    assert_eq!(count(&shown.dom, "class=\"commit\""), commits);
    assert_eq!(count(&shown.dom, "class=\"commit\" data-kind=\"migrations\""), 8, "the 8 commits that add migrations");
    assert_eq!(count(&shown.dom, "class=\"backup-mark\""), timed_backups);
    assert_eq!(
        count(&shown.dom, "class=\"backup-mark\" data-verdict=\"valid\""),
        2,
        "before Phase 4, plain and custom"
    );
    assert_eq!(count(&shown.dom, "class=\"ponr-line\""), 1);
    assert_eq!(count(&shown.dom, "class=\"migration"), 8 + 8, "8 marks and 8 labels");

    let (ponr, run) = in_timeline(&shown, PONR);
    assert!(ponr > 0 && run >= 150, "the point of no return is a tall red line: {ponr} pixels, run {run}");
    let (valid, _) = in_timeline(&shown, VALID);
    assert!(valid > 20, "the valid backup's mark shows: {valid} pixels");
    let (targets, _) = in_timeline(&shown, TARGETS);
    assert!(targets > 200, "the rollback targets' band shows: {targets} pixels");
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Two additive migrations named with timestamps, in a folder outside any repository.
fn additive(dir: &Path) -> PathBuf {
    let db = dir.join("db");
    write(&db.join("20250110090000_init.sql"), "CREATE TABLE account (id int PRIMARY KEY, name text);\n");
    write(&db.join("20250301090000_add_email.sql"), "ALTER TABLE account ADD COLUMN email text;\n");
    db
}

#[test]
fn without_a_point_of_no_return_its_colour_is_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    let html = page(&[&additive(dir.path())], &[]);
    assert!(html.contains("no git repository"), "says why there are no code targets");
    let Some(shown) = render("no-point-of-no-return", &html, 1280, 900) else { return };
    assert!(shown.console.is_empty(), "console: {:#?}", shown.console);
    assert_eq!(count(&shown.dom, "class=\"ponr-line\""), 0);
    assert_eq!(count(&shown.dom, "class=\"commit\""), 0);
    assert_eq!(count(&shown.dom, "class=\"migration\""), 2, "placed by the timestamps in their names");
    panel(&shown);
    assert_eq!(shown.count_colour(PONR, 10), 0, "no pixel of the point-of-no-return colour anywhere");
    assert!(in_timeline(&shown, [0x1f, 0x4e, 0x99]).0 > 0, "the migrations' marks show");
}

#[test]
fn a_small_page_is_snapshotted() {
    let dir = tempfile::tempdir().unwrap();
    let html = page(&[&additive(dir.path())], &[]);
    insta::assert_snapshot!("posture_html_small", html.replace(&dir.path().display().to_string(), "[TMP]"));
}

#[test]
fn without_any_time_the_page_says_there_is_nothing_to_draw() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    write(&db.join("0001_init.sql"), "CREATE TABLE a (id int);\n");
    write(&db.join("0002_b.sql"), "CREATE TABLE b (id int);\n");
    let html = page(&[&db], &[]);
    assert!(!html.contains("<svg"), "no timeline");
    assert!(html.contains("nothing to draw: no commit, migration or backup has a time"));
    assert!(html.contains("2 migration(s) have no time"));
}

#[test]
fn names_from_files_and_commits_cannot_inject_markup() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("app");
    let db = repo.join("db");
    std::fs::create_dir_all(&db).unwrap();
    git(&repo, &["init", "-q", "-b", "main"], &[]);
    write(
        &db.join("20250110090000_init.sql"),
        "CREATE TABLE \"<script>alert(1)</script>\" (id int, \"a&b\" text, \"q'\"\"x\" text);\n",
    );
    let date = [("GIT_AUTHOR_DATE", "2025-01-10T10:00:00Z"), ("GIT_COMMITTER_DATE", "2025-01-10T10:00:00Z")];
    git(&repo, &["add", "-A"], &[]);
    git(&repo, &["commit", "-q", "-m", "<script>alert(\"subject\")</script> & 'quotes'"], &date);
    write(
        &db.join("20250201090000_drop_<b>&\"x'.sql"),
        "ALTER TABLE \"<script>alert(1)</script>\" DROP COLUMN \"a&b\";\n",
    );
    let date = [("GIT_AUTHOR_DATE", "2025-02-01T10:00:00Z"), ("GIT_COMMITTER_DATE", "2025-02-01T10:00:00Z")];
    git(&repo, &["add", "-A"], &[]);
    git(&repo, &["commit", "-q", "-m", "drop <b>a&b</b>"], &date);
    let backups = dir.path().join("backups");
    write(&backups.join("<img src=x onerror=alert(1)>.sql"), "not a dump\n");
    let html = page(&[&db, &"--backups", &backups], &[]);
    for raw in ["<script", "<img", "<b>", "onerror=alert(1)>"] {
        assert!(!html.contains(raw), "{raw} is not in the page raw");
    }
    assert!(html.contains("public.&lt;script&gt;alert(1)&lt;/script&gt;.a&amp;b"), "the destroyed column, escaped");
    assert!(html.contains("&lt;script&gt;alert(&quot;subject&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;"));
    assert!(html.contains("drop_&lt;b&gt;&amp;&quot;x&#39;"));
    let Some(shown) = render("injection", &html, 1280, 900) else { return };
    assert!(shown.console.is_empty(), "console: {:#?}", shown.console);
    for raw in ["<script", "<img", "<b>"] {
        assert!(!shown.dom.contains(raw), "{raw} is not an element of the DOM");
    }
    assert_eq!(count(&shown.dom, "class=\"ponr-line\""), 1);
    assert_eq!(count(&shown.dom, "class=\"commit\""), 2);
}

#[test]
fn the_page_is_the_same_bytes_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let source = sample_repo(dir.path()).join("prisma/migrations");
    let one = page(&[&source, &"--backups", &backups()], &[("RAYON_NUM_THREADS", "1")]);
    let two = page(&[&source, &"--backups", &backups()], &[("RAYON_NUM_THREADS", "2")]);
    let again = page(&[&source, &"--backups", &backups()], &[("RAYON_NUM_THREADS", "2")]);
    assert!(one == two && two == again, "byte-identical pages");
}

/// 2,000 commits (one every 3 hours), a migration every tenth, the 151st dropping a column.
#[test]
fn two_thousand_commits_stay_readable() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("big");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"], &[]);
    let mut stream = String::new();
    for i in 0..2000u64 {
        let subject = format!("change {i}");
        let time = 1_704_067_200 + i * 3 * 3600;
        stream.push_str(&format!(
            "commit refs/heads/main\ncommitter T <t@example.com> {time} +0000\ndata {}\n{subject}\n",
            subject.len() + 1
        ));
        let code = format!("version {i}\n");
        stream.push_str(&format!("M 100644 inline src/app.txt\ndata {}\n{code}\n", code.len()));
        if i % 10 == 0 {
            let k = i / 10;
            let sql = if k == 150 {
                "ALTER TABLE t3 DROP COLUMN v;\n".to_owned()
            } else {
                format!("CREATE TABLE t{k} (id int, v text);\n")
            };
            stream.push_str(&format!("M 100644 inline db/{k:04}_step_{k}.sql\ndata {}\n{sql}\n", sql.len()));
        }
    }
    let mut child = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(&repo)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), stream.as_bytes()).unwrap();
    drop(child.stdin.take());
    assert!(child.wait().unwrap().success());
    git(&repo, &["checkout", "-q", "main"], &[]);
    let html = page(&[&repo.join("db")], &[]);
    let Some(shown) = render("two-thousand-commits", &html, 1280, 1000) else { return };
    assert!(shown.console.is_empty(), "console: {:#?}", shown.console);
    assert_eq!(count(&shown.dom, "class=\"commit\""), 2000);
    assert_eq!(count(&shown.dom, "class=\"migration\""), 199, "199 marks, and the point of no return's");
    assert_eq!(count(&shown.dom, "class=\"migration ponr\""), 1);
    assert_eq!(count(&shown.dom, "class=\"ponr-line\""), 1);
    // Labels thinned: at least 15 px apart, the point of no return's among them.
    let mut xs: Vec<f64> = html
        .split("class=\"migration-label")
        .skip(1)
        .map(|rest| {
            let at = rest.find("translate(").unwrap() + "translate(".len();
            rest[at..].split(' ').next().unwrap().parse().unwrap()
        })
        .collect();
    assert!(xs.len() >= 20 && xs.len() <= 60, "{} labels", xs.len());
    xs.sort_by(f64::total_cmp);
    assert!(xs.windows(2).all(|w| w[1] - w[0] >= 15.0), "labels overlap: {xs:?}");
    assert_eq!(count(&html, "migration-label ponr-label"), 1);
    let (ponr, run) = in_timeline(&shown, PONR);
    assert!(ponr > 0 && run >= 100, "the point of no return shows: {ponr}, run {run}");
}
