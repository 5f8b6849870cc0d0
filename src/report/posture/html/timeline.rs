//! The posture's timeline as inline SVG, drawn in Rust (no script): a time axis
//! in dates, the migrations (by the commit that added them, else the timestamp
//! in their name), the commits (code-only or with migrations), the span of
//! valid code-rollback targets, the point(s) of no return as vertical lines, the
//! current state, and one row per backup (by its time, coloured by verdict) with
//! its data-loss window. Labels are clustered and thinned so that 2,000 commits
//! or 500 migrations stay readable; what has no time is said in `notes`.

use std::fmt::Write;

use jiff::{tz::TimeZone, Timestamp};

use super::esc;
use crate::analysis::compat::Verdict;
use crate::analysis::posture::{BackupJudgement, BackupVerdict, Posture};

pub const PANEL: &str = "#fbfcfe";
pub const PONR: &str = "#d7191c";
pub const CURRENT: &str = "#4d4d4d";
pub const COMMIT_CODE: &str = "#a3adb8";
pub const COMMIT_MIGRATIONS: &str = "#1f4e99";
pub const MIGRATION: &str = "#1f4e99";
pub const TARGETS: &str = "#cdebc5";
pub const TARGETS_RISK: &str = "#fbe3b0";
const GRID: &str = "#e6e9ee";
const INK: &str = "#1f2933";
const MUTED: &str = "#5f6b7a";

/// A backup verdict's colours: the mark's, and the pale one of its data-loss window.
pub fn verdict_colours(v: BackupVerdict) -> (&'static str, &'static str) {
    match v {
        BackupVerdict::Valid => ("#1a9850", "#d2ecd9"),
        BackupVerdict::OlderState => ("#d98e04", "#f7e4bd"),
        BackupVerdict::Drifted => ("#7b3294", "#e6d5ec"),
        BackupVerdict::NoData => ("#8c8c8c", "#e4e4e4"),
        BackupVerdict::AfterTheDrop => ("#8c510a", "#eadbc8"),
        BackupVerdict::Incomplete => ("#e66101", "#fadcc6"),
        BackupVerdict::Unreadable => ("#404040", "#dddddd"),
    }
}

const WIDTH: f64 = 1200.0;
/// The plot's left and right ends; the space right of it takes slanted labels.
const X0: f64 = 170.0;
const X1: f64 = 1030.0;
/// Average width of a character at 11px (DejaVu Sans), for thinning labels.
const CHAR: f64 = 6.5;
const SLANT_COS: f64 = 0.766;
const SLANT_SIN: f64 = 0.643;

/// What the timeline draws, for the legend, and the notes about what it leaves out.
#[derive(Default)]
pub struct Drawing {
    /// None when there is nothing with a time to draw.
    pub svg: Option<String>,
    pub notes: Vec<String>,
    pub commits: bool,
    pub commits_with_migrations: bool,
    pub migrations: bool,
    pub ponr: bool,
    pub targets: bool,
    pub targets_risk: bool,
    pub current: bool,
    pub backups: Vec<BackupVerdict>,
    pub windows: bool,
}

fn time(s: &str) -> Option<Timestamp> {
    s.parse().ok()
}

/// The time in a migration's name: a leading `YYYYMMDDHHMMSS` (Prisma, golang-migrate, dbmate, ...).
pub fn name_time(name: &str) -> Option<Timestamp> {
    let digits = name.get(..14)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| digits[r].parse::<i16>().ok();
    let date = jiff::civil::Date::new(n(0..4)?, n(4..6)? as i8, n(6..8)? as i8).ok()?;
    let dt = date.at(n(8..10)? as i8, n(10..12)? as i8, n(12..14)? as i8, 0);
    let t = TimeZone::UTC.to_timestamp(dt).ok()?;
    (1970..=2200).contains(&(n(0..4)?)).then_some(t)
}

/// A migration's name without its leading timestamp, for labels.
fn label_name(name: &str) -> &str {
    match name_time(name) {
        Some(_) => name[14..].trim_start_matches(['_', '-', '.']),
        None => name,
    }
}

fn clip(s: &str, chars: usize) -> String {
    if s.chars().count() <= chars {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(chars.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

struct Scale {
    min: i64,
    max: i64,
}

impl Scale {
    fn x(&self, t: Timestamp) -> f64 {
        X0 + (t.as_second() - self.min) as f64 / (self.max - self.min) as f64 * (X1 - X0)
    }
}

/// When each migration was added: by the first commit in history that holds it.
fn migration_times(p: &Posture) -> Vec<(Option<Timestamp>, &'static str)> {
    let mut times: Vec<(Option<Timestamp>, &'static str)> = vec![(None, ""); p.migrations.len()];
    let mut held = 0;
    for t in p.code_targets.iter().filter(|t| t.in_history) {
        let n = match &t.expects.after {
            Some(after) => match p.migrations.iter().position(|m| m == after) {
                Some(i) => i + 1,
                None => continue,
            },
            None => 0,
        };
        for slot in times.iter_mut().take(n).skip(held) {
            if slot.0.is_none() {
                *slot = (time(&t.date), "the commit that added it");
            }
        }
        held = held.max(n);
    }
    for (slot, name) in times.iter_mut().zip(&p.migrations) {
        if slot.0.is_none() {
            *slot = (name_time(name), "the timestamp in its name");
        }
    }
    times
}

/// Date ticks: the smallest step giving at most `max` of them.
fn ticks(min: i64, max: i64, most: i64) -> Vec<(i64, String)> {
    let days = (max - min) / 86_400 + 1;
    let utc = TimeZone::UTC;
    let date_of = |s: i64| Timestamp::from_second(s).map(|t| utc.to_datetime(t).date()).ok();
    let mut out = Vec::new();
    for step in [1, 2, 7] {
        if days / step <= most {
            // Weekly ticks on Mondays (1970-01-05 was one).
            let offset = if step == 7 { 4 } else { 0 };
            let mut d = (min.div_euclid(86_400) - offset).div_euclid(step) * step + offset;
            while d * 86_400 <= max && out.len() < 100 {
                if d * 86_400 >= min {
                    if let Some(date) = date_of(d * 86_400) {
                        out.push((d * 86_400, date.to_string()));
                    }
                }
                d += step;
            }
            return out;
        }
    }
    let (Some(first), Some(last)) = (date_of(min), date_of(max)) else { return out };
    let months = |date: jiff::civil::Date| i64::from(date.year()) * 12 + i64::from(date.month()) - 1;
    let (m0, m1) = (months(first), months(last));
    for step in [1, 3, 6, 12, 24, 60, 120, 600, 1200, 12_000] {
        if (m1 - m0) / step > most {
            continue;
        }
        let mut m = m0.div_euclid(step) * step;
        while m <= m1 && out.len() < 100 {
            let (y, mo) = (m.div_euclid(12), m.rem_euclid(12) + 1);
            let start = i16::try_from(y)
                .ok()
                .and_then(|y| jiff::civil::Date::new(y, mo as i8, 1).ok())
                .and_then(|d| utc.to_timestamp(d.at(0, 0, 0, 0)).ok());
            if let Some(t) = start {
                if (min..=max).contains(&t.as_second()) {
                    let label = if step % 12 == 0 { format!("{y}") } else { format!("{y}-{mo:02}") };
                    out.push((t.as_second(), label));
                }
            }
            m += step;
        }
        break;
    }
    out
}

struct Row<'a> {
    backup: &'a BackupJudgement,
    at: Timestamp,
    window: Option<(Timestamp, Timestamp)>,
}

pub fn draw(p: &Posture) -> Drawing {
    let mut d = Drawing::default();
    let commits: Vec<(Timestamp, usize)> =
        p.code_targets.iter().enumerate().filter_map(|(i, t)| Some((time(&t.date)?, i))).collect();
    if commits.len() < p.code_targets.len() {
        d.notes
            .push(format!("{} commit(s) without a readable date are not drawn", p.code_targets.len() - commits.len()));
    }
    let migrations = migration_times(p);
    let untimed = migrations.iter().filter(|m| m.0.is_none()).count();
    if untimed > 0 {
        d.notes.push(format!(
            "{untimed} migration(s) have no time (no commit holds them and their name has no timestamp): not drawn"
        ));
    }
    let is_ponr = |name: &str| p.points_of_no_return.iter().any(|x| x.migration == name);
    let ponr: Vec<(Timestamp, &str)> = p
        .points_of_no_return
        .iter()
        .filter_map(|x| {
            let t = x.commit_date.as_deref().and_then(time).or_else(|| {
                let i = p.migrations.iter().position(|m| *m == x.migration)?;
                migrations[i].0
            });
            if t.is_none() {
                d.notes.push(format!("the point of no return {} has no time: not drawn", x.migration));
            }
            Some((t?, x.migration.as_str()))
        })
        .collect();
    let current = p.current.time.as_deref().and_then(time);
    let mut lanes: Vec<(&str, Vec<Row<'_>>)> = Vec::new();
    for undo in &p.undo {
        let mut rows: Vec<Row<'_>> = undo
            .backups
            .iter()
            .filter_map(|b| {
                let window = b.data_loss_window.as_ref().and_then(|w| Some((time(&w.from)?, time(&w.to)?)));
                Some(Row { backup: b, at: b.taken_at.as_deref().and_then(time)?, window })
            })
            .collect();
        rows.sort_by(|a, b| (a.at, &a.backup.file).cmp(&(b.at, &b.backup.file)));
        let untimed = undo.backups.len() - rows.len();
        if untimed > 0 {
            let files: Vec<&str> =
                undo.backups.iter().filter(|b| b.taken_at.is_none()).map(|b| b.file.as_str()).take(3).collect();
            d.notes.push(format!(
                "{untimed} backup(s) for {} have no time and are not drawn: {}{}",
                undo.migration,
                files.join(", "),
                if untimed > 3 { ", ..." } else { "" }
            ));
        }
        lanes.push((undo.migration.as_str(), rows));
    }

    let all: Vec<i64> = commits
        .iter()
        .map(|c| c.0)
        .chain(migrations.iter().filter_map(|m| m.0))
        .chain(ponr.iter().map(|x| x.0))
        .chain(current)
        .chain(lanes.iter().flat_map(|(_, rows)| {
            rows.iter().flat_map(|r| std::iter::once(r.at).chain(r.window.into_iter().flat_map(|w| [w.0, w.1])))
        }))
        .map(|t| t.as_second())
        .collect();
    let (Some(&lo), Some(&hi)) = (all.iter().min(), all.iter().max()) else {
        d.notes.push("nothing to draw: no commit, migration or backup has a time".into());
        return d;
    };
    let (lo, hi) = if lo == hi { (lo - 86_400, hi + 86_400) } else { (lo, hi) };
    let pad = (hi - lo) / 50;
    let scale = Scale { min: lo - pad, max: hi + pad };

    // Migration labels, clustered by position, the points of no return first.
    let mut clusters: Vec<(f64, Vec<usize>)> = Vec::new();
    let mut placed: Vec<(f64, usize)> =
        migrations.iter().enumerate().filter_map(|(i, m)| Some((scale.x(m.0?), i))).collect();
    placed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for &(x, i) in &placed {
        match clusters.last_mut() {
            Some((cx, members)) if x - *cx < 3.0 => members.push(i),
            _ => clusters.push((x, vec![i])),
        }
    }
    let mut order: Vec<usize> = (0..clusters.len()).collect();
    order.sort_by_key(|&c| (!clusters[c].1.iter().any(|&i| is_ponr(&p.migrations[i])), c));
    let mut labelled: Vec<(f64, String, bool)> = Vec::new();
    for c in order {
        let (x, members) = &clusters[c];
        if labelled.iter().any(|(lx, _, _)| (lx - x).abs() < 15.0) {
            continue;
        }
        let ponr_member = members.iter().find(|&&i| is_ponr(&p.migrations[i]));
        let shown = ponr_member.or(members.last()).copied().unwrap_or(0);
        let room = ((WIDTH - 6.0 - x) / SLANT_COS / CHAR) as usize;
        let more = if members.len() > 1 { format!(" (+{})", members.len() - 1) } else { String::new() };
        let text = clip(label_name(&p.migrations[shown]), room.min(40).saturating_sub(more.len())) + &more;
        labelled.push((*x, text, ponr_member.is_some()));
    }
    labelled.sort_by(|a, b| a.0.total_cmp(&b.0));

    // Vertical layout.
    let mut svg = String::new();
    let mut y = 6.0;
    let caption_y = y + 12.0;
    if !ponr.is_empty() {
        y += if ponr.len() > 1 { 34.0 } else { 20.0 };
    }
    let label_h = labelled.iter().map(|l| l.1.chars().count() as f64 * CHAR * SLANT_SIN).fold(0.0, f64::max);
    let plot_top = y + label_h.min(180.0) + 8.0;
    let mig_y = plot_top + 12.0;
    let commits_top = plot_top + 28.0;
    let commits_bottom = commits_top + 40.0;
    y = commits_bottom + 8.0;
    let backup_top = y;
    let row_h = if lanes.iter().map(|l| l.1.len()).sum::<usize>() > 30 { 9.0 } else { 18.0 };
    for (_, rows) in &lanes {
        y += 20.0 + rows.len() as f64 * row_h + 6.0;
    }
    let axis_y = y + 6.0;
    let height = axis_y + (if current.is_some() { 44.0 } else { 30.0 });

    let _ = write!(
        svg,
        r##"<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0}" viewBox="0 0 {WIDTH} {height:.0}" role="img" aria-labelledby="timeline-title"><title id="timeline-title">Timeline of commits, migrations and backups</title><rect class="panel" x="0" y="0" width="{WIDTH}" height="{height:.0}" fill="{PANEL}"/>"##
    );
    // Lane names.
    let lane_name = |svg: &mut String, y: f64, name: &str| {
        let _ = write!(svg, r#"<text class="lane" x="{:.1}" y="{y:.1}" text-anchor="end">{name}</text>"#, X0 - 14.0);
    };
    lane_name(&mut svg, mig_y + 4.0, "Migrations");
    lane_name(&mut svg, (commits_top + commits_bottom) / 2.0 + 4.0, "Commits");
    if !lanes.is_empty() {
        lane_name(&mut svg, backup_top + 14.0, "Backups");
    }
    // Grid and axis.
    let ticks = ticks(scale.min, scale.max, ((X1 - X0) / 85.0) as i64);
    for (s, label) in &ticks {
        let x = scale.x(Timestamp::from_second(*s).unwrap_or_default());
        let _ = write!(
            svg,
            r#"<line x1="{x:.1}" y1="{plot_top:.1}" x2="{x:.1}" y2="{axis_y:.1}" stroke="{GRID}"/><line x1="{x:.1}" y1="{axis_y:.1}" x2="{x:.1}" y2="{:.1}" stroke="{MUTED}"/><text class="tick" x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            axis_y + 5.0,
            axis_y + 17.0,
            esc(label)
        );
    }
    let _ = write!(svg, r#"<line x1="{X0}" y1="{axis_y:.1}" x2="{X1}" y2="{axis_y:.1}" stroke="{MUTED}"/>"#);

    // Valid code-rollback targets: runs of compatible (or compatible-with-risk) commits.
    let mut i = 0;
    while i < commits.len() {
        let verdict = p.code_targets[commits[i].1].verdict;
        let mut j = i;
        while j + 1 < commits.len() && p.code_targets[commits[j + 1].1].verdict == verdict {
            j += 1;
        }
        if verdict != Verdict::Incompatible {
            let start = scale.x(commits[i].0);
            let end = match commits.get(j + 1) {
                Some(next) => scale.x(next.0),
                None => scale.x(current.map_or(commits[j].0, |c| c.max(commits[j].0))),
            };
            let (fill, kind) = if verdict == Verdict::Compatible {
                d.targets = true;
                (TARGETS, "compatible")
            } else {
                d.targets_risk = true;
                (TARGETS_RISK, "compatible-with-risk")
            };
            let first = &p.code_targets[commits[i].1];
            let last = &p.code_targets[commits[j].1];
            let _ = write!(
                svg,
                r#"<rect class="targets-band" data-verdict="{kind}" x="{start:.1}" y="{commits_top:.1}" width="{:.1}" height="40" fill="{fill}"><title>{} commit(s) {kind} with the current schema: {} … {}</title></rect>"#,
                (end - start).max(4.0),
                j - i + 1,
                super::short_sha(&first.sha),
                super::short_sha(&last.sha)
            );
            if end - start > 120.0 && verdict == Verdict::Compatible {
                let _ = write!(
                    svg,
                    r#"<text class="band-label" x="{:.1}" y="{:.1}">rollback targets</text>"#,
                    start + 4.0,
                    commits_top + 11.0
                );
            }
        }
        i = j + 1;
    }

    // Commits.
    let mut previous: Option<(&Option<String>, bool)> = None;
    for &(t, index) in &commits {
        let c = &p.code_targets[index];
        let with_migrations = match previous {
            None => c.expects.after.is_some(),
            Some((after, in_history)) => *after != c.expects.after || in_history != c.in_history,
        };
        previous = Some((&c.expects.after, c.in_history));
        let x = scale.x(t);
        let (y1, y2, colour, width, kind) = if with_migrations {
            d.commits_with_migrations = true;
            (commits_top + 4.0, commits_bottom - 4.0, COMMIT_MIGRATIONS, 2.0, "migrations")
        } else {
            d.commits = true;
            (commits_top + 13.0, commits_bottom - 13.0, COMMIT_CODE, 1.5, "code")
        };
        let _ = write!(
            svg,
            r#"<line class="commit" data-kind="{kind}" x1="{x:.1}" y1="{y1:.1}" x2="{x:.1}" y2="{y2:.1}" stroke="{colour}" stroke-width="{width}"><title>{} {} {} ({})</title></line>"#,
            super::short_sha(&c.sha),
            esc(c.date.get(..10).unwrap_or(&c.date)),
            esc(&c.subject),
            c.verdict.word()
        );
    }

    // Migrations.
    let _ =
        write!(svg, r#"<line x1="{X0}" y1="{mig_y:.1}" x2="{X1}" y2="{mig_y:.1}" stroke="{GRID}" stroke-width="2"/>"#);
    for (index, (t, from)) in migrations.iter().enumerate() {
        let Some(t) = t else { continue };
        d.migrations = true;
        let name = &p.migrations[index];
        let (colour, r, class) =
            if is_ponr(name) { (PONR, 6.0, "migration ponr") } else { (MIGRATION, 4.5, "migration") };
        let _ = write!(
            svg,
            r#"<circle class="{class}" cx="{:.1}" cy="{mig_y:.1}" r="{r}" fill="{colour}" stroke="{PANEL}" stroke-width="1.5"><title>{} (placed by {from})</title></circle>"#,
            scale.x(*t),
            esc(name)
        );
    }
    for (x, text, is_ponr) in &labelled {
        let _ = write!(
            svg,
            r#"<text class="migration-label{}" transform="translate({:.1} {:.1}) rotate(-40)">{}</text>"#,
            if *is_ponr { " ponr-label" } else { "" },
            x + 2.0,
            mig_y - 9.0,
            esc(text)
        );
    }

    // Backups, one lane per irreversible migration.
    let mut y = backup_top;
    for (undo, (migration, rows)) in p.undo.iter().zip(&lanes) {
        let _ = write!(
            svg,
            r#"<text class="lane-header" x="{X0}" y="{:.1}">Backups that can undo {}{}</text>"#,
            y + 14.0,
            esc(&clip(migration, 100)),
            if undo.backups.is_empty() { ": none given" } else { "" }
        );
        y += 20.0;
        for row in rows {
            let mid = y + row_h / 2.0;
            let (strong, pale) = verdict_colours(row.backup.verdict);
            if !d.backups.contains(&row.backup.verdict) {
                d.backups.push(row.backup.verdict);
            }
            if let Some((from, to)) = row.window {
                d.windows = true;
                let (a, b) = (scale.x(from), scale.x(to));
                let _ = write!(
                    svg,
                    r#"<rect class="window" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{pale}" stroke="{strong}" stroke-width="1"><title>data-loss window of {}: {}</title></rect>"#,
                    a.min(b),
                    mid - row_h * 0.28,
                    (b - a).abs().max(2.0),
                    row_h * 0.56,
                    esc(&row.backup.file),
                    esc(row.backup.data_loss_window.as_ref().map_or("", |w| w.length.as_str())),
                );
            }
            let x = scale.x(row.at);
            let s = row_h * 0.36;
            let _ = write!(
                svg,
                r#"<path class="backup-mark" data-verdict="{v}" d="M{x:.1} {:.1}L{:.1} {mid:.1}L{x:.1} {:.1}L{:.1} {mid:.1}Z" fill="{strong}"><title>{} ({v})</title></path>"#,
                mid - s,
                x + s,
                mid + s,
                x - s,
                esc(&row.backup.file),
                v = row.backup.verdict.word()
            );
            if row_h >= 18.0 {
                let base = row.backup.file.rsplit(['/', '\\']).next().unwrap_or(&row.backup.file);
                let text = format!("{} · {}", clip(base, 48), row.backup.verdict.word());
                let width = text.chars().count() as f64 * CHAR;
                // Beside the mark, clear of the window (which runs right of it).
                let right = row.window.map_or(x, |(from, to)| x.max(scale.x(from)).max(scale.x(to))) + 10.0;
                let (lx, anchor) = if right + width < WIDTH - 4.0 || x - 10.0 - width < 4.0 {
                    (right, "start")
                } else {
                    (x - 10.0, "end")
                };
                let _ = write!(
                    svg,
                    r#"<text class="backup-label" x="{lx:.1}" y="{:.1}" text-anchor="{anchor}">{}</text>"#,
                    mid + 4.0,
                    esc(&text)
                );
            }
            y += row_h;
        }
        y += 6.0;
    }

    // The points of no return and the current state, over everything.
    for (n, (t, name)) in ponr.iter().enumerate() {
        d.ponr = true;
        let x = scale.x(*t);
        let _ = write!(
            svg,
            r#"<line class="ponr-line" x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{axis_y:.1}" stroke="{PONR}" stroke-width="2.5"><title>point of no return: {}</title></line>"#,
            caption_y + 4.0 + 14.0 * (n % 2) as f64,
            esc(name)
        );
        let text = format!("point of no return: {}", clip(label_name(name), 40));
        let width = text.chars().count() as f64 * CHAR;
        let (lx, anchor) = if x + 6.0 + width < WIDTH - 4.0 { (x + 6.0, "start") } else { (x - 6.0, "end") };
        let _ = write!(
            svg,
            r#"<text class="ponr-caption" x="{lx:.1}" y="{:.1}" text-anchor="{anchor}">{}</text>"#,
            caption_y + 14.0 * (n % 2) as f64,
            esc(&text)
        );
    }
    if let Some(t) = current {
        d.current = true;
        let x = scale.x(t);
        let _ = write!(
            svg,
            r#"<line class="current-line" x1="{x:.1}" y1="{plot_top:.1}" x2="{x:.1}" y2="{axis_y:.1}" stroke="{CURRENT}" stroke-width="1.5" stroke-dasharray="4 3"/><text class="current-caption" x="{x:.1}" y="{:.1}" text-anchor="middle">current state ({})</text>"#,
            axis_y + 33.0,
            esc(p.current.time.as_deref().and_then(|s| s.get(..10)).unwrap_or(""))
        );
    }
    let _ = write!(
        svg,
        r#"<style>text{{font:11px "DejaVu Sans",system-ui,sans-serif;fill:{INK}}}.lane{{font-weight:bold;fill:{MUTED}}}.tick,.current-caption{{fill:{MUTED}}}.lane-header{{font-weight:bold}}.ponr-caption,.ponr-label{{fill:{PONR};font-weight:bold}}.band-label{{fill:#1d6b2f;font-size:10px}}.backup-label,.migration-label,.ponr-caption,.current-caption{{paint-order:stroke;stroke:{PANEL};stroke-width:3px;stroke-linejoin:round}}.commit:hover,.backup-mark:hover,.migration:hover{{opacity:.6}}</style></svg>"#
    );
    d.svg = Some(svg);
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_a_timestamp_have_a_time() {
        assert_eq!(name_time("20250714091938_party").map(|t| t.to_string()).as_deref(), Some("2025-07-14T09:19:38Z"));
        assert_eq!(name_time("20251332000000_bad"), None);
        assert_eq!(name_time("0001_init"), None);
        assert_eq!(label_name("20250714091938_party_phase4"), "party_phase4");
    }

    #[test]
    fn ticks_fit_the_span() {
        let t = |s: &str| s.parse::<Timestamp>().unwrap().as_second();
        let months = ticks(t("2025-01-10T00:00:00Z"), t("2025-07-25T00:00:00Z"), 10);
        assert_eq!(
            months.iter().map(|m| m.1.as_str()).collect::<Vec<_>>(),
            ["2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07"]
        );
        let days = ticks(t("2025-01-10T00:00:00Z"), t("2025-01-13T12:00:00Z"), 10);
        assert_eq!(days.len(), 4);
        assert!(ticks(t("1970-01-01T00:00:00Z"), t("2200-01-01T00:00:00Z"), 10).len() <= 10);
    }
}
