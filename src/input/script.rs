//! rollcheck's own psql-aware, streaming statement splitter.
//!
//! `pg_query` parses SQL statements but knows neither psql meta-commands (`\connect`, `\restrict`, ...) nor the
//! inline data of `COPY ... FROM stdin`. [`ScriptReader`] cuts a plain SQL script or plain-format `pg_dump` /
//! `pg_dumpall` output into [`Piece`]s the way psql would read it (`src/fe_utils/psqlscan.l`,
//! `src/bin/psql/mainloop.c`, `src/bin/psql/copy.c`): statements, meta-commands, skipped COPY data, and problems.
//!
//! It streams: memory stays constant apart from the statement being collected. COPY data is never buffered; it is
//! skipped with `memchr`/`memmem` over large reads, and its rows are counted on the way.
//!
//! Positions: `line` and `column` are 1-based, `offset` is the 0-based byte offset in the stream (a UTF-8 BOM counts
//! in `offset`). Lines end at `\n` (a `\r\n` file works; a lone `\r` does not start a line). `column` counts bytes,
//! not characters, from the start of the line; the UTF-8 BOM does not count.
//!
//! [`open_maybe_gzip`] transparently decompresses `.sql.gz` input.
//!
//! What is mirrored from psql: statement ends at `;` outside quotes, comments and parentheses; `BEGIN ATOMIC` bodies
//! of `CREATE [OR REPLACE] FUNCTION|PROCEDURE` (psql's `begin_depth` heuristic, `CASE ... END` included); quoting
//! (`'...'` with standard_conforming_strings on, `E'...'`, `U&'...'`, `"..."`, `$tag$...$tag$`, nested `/* */`);
//! meta-commands (to the end of the line, or to an unquoted backslash; `\\` returns to SQL; `\;` puts a `;` into
//! the statement); `\g` and friends send the statement, `\r` discards it; COPY data (of `COPY ... FROM stdin` and of
//! `\copy ... from stdin`) starts on the line after the command and ends at a line that is exactly `\.`; text after
//! the last `;` is sent at end of input.
//!
//! Where it differs from psql, on purpose:
//! - `--` comments inside a statement are kept (psql strips them); leading `/* */` comments are trimmed (psql sends
//!   them).
//! - psql variables (`:name`, `:'name'`) are not substituted; `\if` branches are not evaluated (every branch is
//!   read); `\i`/`\ir` are reported, not followed; `\q` is reported and reading goes on.
//! - Unknown meta-commands are read like known ones (psql throws away the rest of the line after a failed command).
//! - Statements that follow `COPY ... FROM stdin;` on the same line come out before its `CopyData` (psql runs them
//!   after reading the data). COPY data is always read line by line up to `\.`, also for binary COPY; a `\.` at the
//!   very end of the input without a newline ends it too.
//! - At end of input, an unterminated string, identifier, dollar quote or comment is a [`ProblemKind::Unterminated`]
//!   and its statement is not emitted (psql would send it). Invalid UTF-8 or NUL in a statement drops that statement
//!   (reading resumes after its `;`); in the whitespace or comments before a statement it is only reported.

use std::collections::VecDeque;
use std::io::{self, Read};

use memchr::{memchr, memchr2, memmem, memrchr};

/// Default size of the reader-owned buffer.
const DEFAULT_BUFFER: usize = 256 * 1024;
/// Smallest buffer accepted by [`ScriptReader::with_buffer_size`].
const MIN_BUFFER: usize = 8;
/// Longest word that can be one of the keywords the splitter cares about ("procedure").
const MAX_KEYWORD: usize = 10;
/// A statement buffer that grew past this is released after the statement instead of being kept for reuse.
const KEEP_STMT_CAPACITY: usize = 1 << 20;

/// One item read from a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// One SQL statement, without its terminating `;`, with leading whitespace and leading comments trimmed off
    /// (comments inside are kept verbatim; trailing whitespace is trimmed too). `line`/`column` (1-based) and `offset`
    /// (0-based byte offset in the stream) point at the statement's first byte.
    ///
    /// Like psql, the text of a meta-command met in the middle of a statement is not part of the statement, and
    /// `\;` puts a `;` into the statement without ending it, so `sql` may hold several statements for the server.
    Statement { sql: String, line: u64, column: u32, offset: u64 },
    /// A psql meta-command such as `\connect db`, `\restrict KEY`, `\unrestrict KEY`, `\set ON_ERROR_STOP on`.
    ///
    /// `command` is the name without the backslash (`"connect"`), `argument` the raw, unparsed rest of the command
    /// (quotes kept, surrounding whitespace trimmed). `line`/`offset` point at the backslash.
    Meta { command: String, argument: String, line: u64, offset: u64 },
    /// The data of a `COPY ... FROM stdin` statement (the Statement piece comes first), skipped without parsing.
    /// `rows` counts data lines, `bytes` the data size (without the `\.` line), `tabs` the field separators in it
    /// (`rows * (columns - 1)` when every row has the COPY's columns: COPY writes a tab inside a value as `\t`);
    /// `terminated` is false when the stream ended before `\.`. `line`/`offset` point at the first data byte.
    CopyData { line: u64, offset: u64, rows: u64, bytes: u64, tabs: u64, terminated: bool },
    /// Something that is not readable SQL text at this point. Reading goes on after it where it can.
    Problem { kind: ProblemKind, message: String, line: u64, column: u32, offset: u64 },
}

/// What kind of [`Piece::Problem`] was met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// The stream is not UTF-8 (UTF-16 input, an invalid byte sequence, or a NUL byte in SQL text).
    Encoding,
    /// A string, quoted identifier, dollar quote, block comment or COPY block runs to the end of the stream.
    Unterminated,
    /// Reading failed; nothing more is read.
    Io,
}

/// Splits `text` into pieces; a convenience for tests and small files.
pub fn split_str(text: &str) -> Vec<Piece> {
    ScriptReader::new(text.as_bytes()).collect()
}

/// Wraps `reader` in a gzip decoder (multi-member, as `gzip -c a b` or `pg_dump | gzip` write) if its first two
/// bytes are the gzip magic `1f 8b`; otherwise returns the bytes unchanged.
pub fn open_maybe_gzip<R: Read + 'static>(mut reader: R) -> io::Result<Box<dyn Read>> {
    let mut magic = [0u8; 2];
    let mut n = 0;
    while n < magic.len() {
        match reader.read(&mut magic[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let chained = io::Cursor::new(magic[..n].to_vec()).chain(reader);
    if n == 2 && magic == [0x1f, 0x8b] {
        Ok(Box::new(flate2::read::MultiGzDecoder::new(chained)))
    } else {
        Ok(Box::new(chained))
    }
}

/// Where something is: line and byte column (1-based), byte offset (0-based).
#[derive(Debug, Clone, Copy, Default)]
struct Pos {
    line: u64,
    column: u32,
    offset: u64,
}

/// The lexer's state, as psqlscan.l's exclusive start conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lex {
    /// Ordinary SQL text.
    Initial,
    /// `-- ...` up to the end of the line.
    LineComment,
    /// `/* ... */`, nesting.
    BlockComment,
    /// `'...'`, `U&'...'`, `B'...'`, `X'...'`, `N'...'`: `''` doubles, backslash is ordinary.
    Quote,
    /// `E'...'`: backslash escapes the next byte.
    EscQuote,
    /// `"..."` or `U&"..."`: `""` doubles.
    Ident,
    /// `$tag$ ... $tag$`.
    Dollar,
}

/// Meta-commands whose argument is the whole rest of the line (psql's `OT_WHOLE_LINE`).
const WHOLE_LINE_META: &[&[u8]] = &[b"!", b"copy", b"h", b"help", b"sf", b"sf+", b"sv", b"sv+", b"ef", b"ev"];
/// Meta-commands that send the query buffer, as `;` would.
const SEND_META: &[&[u8]] = &[b"g", b"gx", b"gset", b"gexec", b"gdesc", b"crosstabview", b"watch", b"sendpipeline"];
/// Meta-commands that clear the query buffer.
const RESET_META: &[&[u8]] = &[b"r", b"reset"];

/// Streaming splitter over any [`Read`]; an [`Iterator`] of [`Piece`]s. See the module documentation.
pub struct ScriptReader<R: Read> {
    reader: R,
    /// Reader-owned buffer; `buf[pos..end]` is read but not yet consumed.
    buf: Vec<u8>,
    buf_size: usize,
    pos: usize,
    end: usize,
    /// Stream offset of `buf[0]`.
    base: u64,
    eof: bool,
    /// Reading failed with this message; the data read before is still processed, then a Problem{Io} ends it.
    io_error: Option<String>,
    finished: bool,
    sniffed: bool,
    /// Line number at `pos`, and the stream offset where that line starts.
    line: u64,
    line_start: u64,
    /// The last byte consumed was `\n`.
    last_nl: bool,
    out: VecDeque<Piece>,

    // psqlscan.l state.
    lex: Lex,
    paren_depth: u64,
    begin_depth: u64,
    identifier_count: u64,
    identifiers: [u8; 4],
    xc_depth: u64,
    dolq_len: usize,
    dolq_tag: String,
    dolq_finder: Option<memmem::Finder<'static>>,
    /// Where the current string, quoted identifier, dollar quote or block comment started.
    quote_start: Pos,

    // The statement being collected.
    stmt: Vec<u8>,
    stmt_started: bool,
    stmt_pos: Pos,
    /// `buf[seg..pos]` belongs to the statement but is not yet copied into `stmt`.
    seg: Option<usize>,
    /// An encoding problem was met inside the statement: it is read to its end but not emitted.
    drop_stmt: bool,
    in_meta: bool,
    meta_bad: bool,

    // Incremental UTF-8 validation of SQL text.
    utf8_pending: [u8; 4],
    utf8_npending: usize,
    utf8_pending_pos: Pos,

    /// COPY ... FROM stdin statements whose data starts after the next `\n`.
    copy_pending: VecDeque<Pos>,
    copy_finder: memmem::Finder<'static>,
}

impl<R: Read> ScriptReader<R> {
    /// A splitter reading `reader` in 256 KiB chunks. `reader` need not be buffered.
    pub fn new(reader: R) -> Self {
        Self::with_buffer_size(reader, DEFAULT_BUFFER)
    }

    /// A splitter with a read buffer of `size` bytes (at least 8). The buffer grows only when one token needs more
    /// lookahead than that (a dollar-quote tag longer than the buffer).
    pub fn with_buffer_size(reader: R, size: usize) -> Self {
        ScriptReader {
            reader,
            buf: Vec::new(),
            buf_size: size.max(MIN_BUFFER),
            pos: 0,
            end: 0,
            base: 0,
            eof: false,
            io_error: None,
            finished: false,
            sniffed: false,
            line: 1,
            line_start: 0,
            last_nl: false,
            out: VecDeque::new(),
            lex: Lex::Initial,
            paren_depth: 0,
            begin_depth: 0,
            identifier_count: 0,
            identifiers: [0; 4],
            xc_depth: 0,
            dolq_len: 0,
            dolq_tag: String::new(),
            dolq_finder: None,
            quote_start: Pos::default(),
            stmt: Vec::new(),
            stmt_started: false,
            stmt_pos: Pos::default(),
            seg: None,
            drop_stmt: false,
            in_meta: false,
            meta_bad: false,
            utf8_pending: [0; 4],
            utf8_npending: 0,
            utf8_pending_pos: Pos::default(),
            copy_pending: VecDeque::new(),
            copy_finder: memmem::Finder::new(b"\n\\."),
        }
    }

    /// Bytes of the stream consumed so far (for progress reports).
    pub fn position(&self) -> u64 {
        self.base + self.pos as u64
    }

    // ----------------------------------------------------------------------------------------------------------
    // Buffer and positions
    // ----------------------------------------------------------------------------------------------------------

    fn make_pos(offset: u64, line: u64, line_start: u64) -> Pos {
        let column = offset.saturating_sub(line_start).saturating_add(1).min(u64::from(u32::MAX)) as u32;
        Pos { line, column, offset }
    }

    /// The position of `buf[pos]`.
    fn here(&self) -> Pos {
        Self::make_pos(self.base + self.pos as u64, self.line, self.line_start)
    }

    /// The position of `buf[i]`, for `pos <= i <= end`.
    fn pos_at(&self, i: usize) -> Pos {
        let span = &self.buf[self.pos..i];
        match memrchr(b'\n', span) {
            None => Self::make_pos(self.base + i as u64, self.line, self.line_start),
            Some(last) => {
                let lines = memchr::memchr_iter(b'\n', span).count() as u64;
                Self::make_pos(self.base + i as u64, self.line + lines, self.base + (self.pos + last + 1) as u64)
            }
        }
    }

    /// Copies the statement bytes not yet copied (`buf[seg..pos]`) into `stmt`.
    fn flush_seg(&mut self) {
        if let Some(s) = self.seg {
            self.stmt.extend_from_slice(&self.buf[s..self.pos]);
            self.seg = Some(self.pos);
        }
    }

    /// Reads more input behind the unconsumed bytes. Returns false at end of input or on an I/O error.
    fn fill(&mut self) -> bool {
        if self.eof {
            return false;
        }
        self.flush_seg();
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.base += self.pos as u64;
            self.end -= self.pos;
            self.pos = 0;
            if self.seg.is_some() {
                self.seg = Some(0);
            }
        }
        if self.end == self.buf.len() {
            let len = (self.buf.len().saturating_mul(2)).max(self.buf_size);
            self.buf.resize(len, 0);
        }
        loop {
            match self.reader.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return false;
                }
                Ok(n) => {
                    self.end += n.min(self.buf.len() - self.end);
                    return true;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.io_error = Some(format!("read error after {} bytes: {e}", self.base + self.end as u64));
                    self.eof = true;
                    return false;
                }
            }
        }
    }

    /// Makes at least `n` unconsumed bytes available, unless the input ends first.
    fn ensure(&mut self, n: usize) -> bool {
        while self.end - self.pos < n {
            if !self.fill() {
                return false;
            }
        }
        true
    }

    /// The byte `k` places after `pos`, reading more input if needed.
    #[inline]
    fn peek(&mut self, k: usize) -> Option<u8> {
        if self.pos + k < self.end || self.ensure(k + 1) {
            Some(self.buf[self.pos + k])
        } else {
            None
        }
    }

    /// Consumes `n` bytes of SQL text (validating them and counting lines). While a COPY waits for its data to start,
    /// stops right after the first `\n`; returns the number of bytes consumed (at least 1 when `n` > 0).
    fn consume(&mut self, mut n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        if !self.copy_pending.is_empty() {
            if let Some(i) = memchr(b'\n', &self.buf[self.pos..self.pos + n]) {
                n = i + 1;
            }
        }
        let stop = self.pos + n;
        if n <= 64 && self.utf8_npending == 0 {
            // Short spans (most tokens): one pass for line tracking and the plain-ASCII check.
            let span = &self.buf[self.pos..stop];
            let mut plain = true;
            let mut newlines = 0u64;
            let mut last = 0usize;
            for (k, &c) in span.iter().enumerate() {
                if c == b'\n' {
                    newlines += 1;
                    last = k;
                }
                plain &= c != 0 && c < 0x80;
            }
            if !plain {
                self.check_text(n);
            }
            if newlines > 0 {
                self.line += newlines;
                self.line_start = self.base + (self.pos + last + 1) as u64;
            }
        } else {
            self.check_text(n);
            let span = &self.buf[self.pos..stop];
            if let Some(last) = memrchr(b'\n', span) {
                self.line += memchr::memchr_iter(b'\n', span).count() as u64;
                self.line_start = self.base + (self.pos + last + 1) as u64;
            }
        }
        self.last_nl = self.buf[stop - 1] == b'\n';
        self.pos = stop;
        n
    }

    /// Skips `n` bytes holding `newlines` newlines without looking at them (COPY data).
    fn skip_raw(&mut self, n: usize, newlines: u64) {
        let stop = self.pos + n;
        if newlines > 0 {
            if let Some(last) = memrchr(b'\n', &self.buf[self.pos..stop]) {
                self.line += newlines;
                self.line_start = self.base + (self.pos + last + 1) as u64;
            }
        }
        self.last_nl = n > 0 && self.buf[stop - 1] == b'\n';
        self.pos = stop;
    }

    // ----------------------------------------------------------------------------------------------------------
    // Encoding
    // ----------------------------------------------------------------------------------------------------------

    /// Validates `buf[pos..pos + n]` as UTF-8 without NUL bytes, carrying incomplete sequences over to the next call.
    fn check_text(&mut self, n: usize) {
        let mut i = self.pos;
        let stop = self.pos + n;
        if self.utf8_npending == 0 && n == 1 && self.buf[i] != 0 && self.buf[i] < 0x80 {
            return;
        }
        if self.utf8_npending > 0 {
            let need = utf8_sequence_len(self.utf8_pending[0]);
            while self.utf8_npending < need && i < stop && self.buf[i] & 0xC0 == 0x80 {
                self.utf8_pending[self.utf8_npending] = self.buf[i];
                self.utf8_npending += 1;
                i += 1;
            }
            if self.utf8_npending < need && i == stop {
                return;
            }
            let ok = self.utf8_npending == need && std::str::from_utf8(&self.utf8_pending[..need]).is_ok();
            let lead = self.utf8_pending[0];
            self.utf8_npending = 0;
            if !ok {
                let at = self.utf8_pending_pos;
                self.encoding_error(at, format!("invalid UTF-8 byte 0x{lead:02X}"));
                if self.suppressing_encoding_errors() {
                    return;
                }
            }
        }
        while i < stop {
            let span = &self.buf[i..stop];
            let (valid, bad_len) = match std::str::from_utf8(span) {
                Ok(_) => (span.len(), None),
                Err(e) => (e.valid_up_to(), e.error_len()),
            };
            let (at, skip, what) = if let Some(z) = memchr(0, &span[..valid]) {
                (i + z, 1, "NUL byte (0x00) in SQL text".to_string())
            } else if let Some(len) = bad_len {
                (i + valid, len, format!("invalid UTF-8 byte 0x{:02X}", span[valid]))
            } else {
                if valid < span.len() {
                    // An incomplete sequence at the end of the span: finish it with the next bytes.
                    let tail = i + valid;
                    let k = stop - tail;
                    self.utf8_pending[..k].copy_from_slice(&self.buf[tail..stop]);
                    self.utf8_npending = k;
                    self.utf8_pending_pos = self.pos_at(tail);
                }
                return;
            };
            let pos = self.pos_at(at);
            self.encoding_error(pos, what);
            if self.suppressing_encoding_errors() {
                return;
            }
            i = at + skip;
        }
    }

    /// Further encoding errors are not reported: the statement or meta-command being read is dropped already.
    fn suppressing_encoding_errors(&self) -> bool {
        if self.in_meta {
            self.meta_bad
        } else {
            self.stmt_started && self.drop_stmt
        }
    }

    /// Reports an encoding problem at `at`. Inside a statement, the statement is dropped (one report per
    /// statement); inside a meta-command, the meta-command is dropped.
    fn encoding_error(&mut self, at: Pos, what: String) {
        let message;
        if self.in_meta {
            if self.meta_bad {
                return;
            }
            self.meta_bad = true;
            message = format!("{what} at line {}, column {}; meta-command skipped", at.line, at.column);
        } else if self.stmt_started {
            if self.drop_stmt {
                return;
            }
            self.drop_stmt = true;
            message = format!("{what} at line {}, column {}; statement skipped", at.line, at.column);
        } else {
            message = format!("{what} at line {}, column {}", at.line, at.column);
        }
        self.problem(ProblemKind::Encoding, message, at);
    }

    fn problem(&mut self, kind: ProblemKind, message: String, at: Pos) {
        self.out.push_back(Piece::Problem { kind, message, line: at.line, column: at.column, offset: at.offset });
    }

    /// Looks at the start of the stream: refuses UTF-16, skips a UTF-8 BOM.
    fn sniff(&mut self) {
        self.sniffed = true;
        self.ensure(64);
        let head = &self.buf[self.pos..self.end];
        let utf16 = if head.starts_with(&[0xFF, 0xFE]) {
            Some("little-endian, with a byte-order mark")
        } else if head.starts_with(&[0xFE, 0xFF]) {
            Some("big-endian, with a byte-order mark")
        } else {
            looks_like_utf16(head)
        };
        if let Some(which) = utf16 {
            let message =
                format!("file is UTF-16 ({which}); convert it to UTF-8 first, e.g. with iconv -f UTF-16 -t UTF-8");
            self.problem(ProblemKind::Encoding, message, Pos { line: 1, column: 1, offset: 0 });
            self.finished = true;
        } else if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
            self.pos += 3;
            self.line_start = self.base + self.pos as u64;
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Driver
    // ----------------------------------------------------------------------------------------------------------

    /// Reads until at least one piece is ready or the stream is done.
    fn run(&mut self) {
        while self.out.is_empty() && !self.finished {
            if !self.sniffed {
                self.sniff();
                continue;
            }
            if self.last_nl && !self.copy_pending.is_empty() {
                self.run_copies();
                continue;
            }
            if self.pos == self.end && !self.fill() {
                // The partial statement (if any) is not emitted after a read error: its end is unknown.
                match self.io_error.take() {
                    Some(message) => {
                        let at = self.here();
                        self.problem(ProblemKind::Io, message, at);
                    }
                    None => self.at_eof(),
                }
                self.finished = true;
                break;
            }
            match self.lex {
                Lex::Initial => self.lex_initial(),
                Lex::LineComment => self.lex_line_comment(),
                Lex::BlockComment => self.lex_block_comment(),
                Lex::Quote => self.lex_quote(false),
                Lex::EscQuote => self.lex_quote(true),
                Lex::Ident => self.lex_ident(),
                Lex::Dollar => self.lex_dollar(),
            }
        }
    }

    fn at_eof(&mut self) {
        if self.utf8_npending > 0 {
            let lead = self.utf8_pending[0];
            self.utf8_npending = 0;
            let at = self.utf8_pending_pos;
            self.encoding_error(at, format!("truncated UTF-8 sequence (lead byte 0x{lead:02X}) at end of input"));
        }
        let what = match self.lex {
            Lex::Initial | Lex::LineComment => None,
            Lex::BlockComment => Some("unterminated /* comment".to_string()),
            Lex::Quote => Some("unterminated quoted string".to_string()),
            Lex::EscQuote => Some("unterminated quoted string (E'...')".to_string()),
            Lex::Ident => Some("unterminated quoted identifier".to_string()),
            Lex::Dollar => Some(format!("unterminated dollar-quoted string {}", self.dolq_tag)),
        };
        match what {
            None => {
                if self.stmt_started {
                    self.finish_statement();
                }
            }
            Some(what) => {
                let at = self.quote_start;
                self.problem(ProblemKind::Unterminated, format!("{what} started at line {}", at.line), at);
                self.discard_statement();
            }
        }
        while let Some(copy) = self.copy_pending.pop_front() {
            let at = self.here();
            self.out.push_back(Piece::CopyData {
                line: at.line,
                offset: at.offset,
                rows: 0,
                bytes: 0,
                tabs: 0,
                terminated: false,
            });
            self.unterminated_copy(copy);
        }
    }

    fn unterminated_copy(&mut self, copy: Pos) {
        let message =
            format!("COPY data of the COPY at line {} has no terminating \\. line before end of input", copy.line);
        self.problem(ProblemKind::Unterminated, message, copy);
    }

    // ----------------------------------------------------------------------------------------------------------
    // Statements
    // ----------------------------------------------------------------------------------------------------------

    fn start_statement(&mut self) {
        if !self.stmt_started {
            self.stmt_started = true;
            self.stmt_pos = self.here();
            self.seg = Some(self.pos);
        }
    }

    /// Emits the statement collected so far (unless dropped) and notes whether COPY data follows it.
    fn finish_statement(&mut self) {
        self.flush_seg();
        self.seg = None;
        let mut sql = std::mem::take(&mut self.stmt);
        while sql.last().is_some_and(|&c| is_space(c)) {
            sql.pop();
        }
        let at = self.stmt_pos;
        let copy = is_copy_from_stdin(&sql);
        let dropped = self.drop_stmt;
        self.stmt_started = false;
        self.drop_stmt = false;
        if !dropped && !sql.is_empty() {
            match String::from_utf8(sql) {
                Ok(sql) => {
                    self.out.push_back(Piece::Statement { sql, line: at.line, column: at.column, offset: at.offset });
                }
                Err(_) => {
                    // check_text() validates every byte, so this is not expected; report rather than panic.
                    self.problem(ProblemKind::Encoding, "statement is not valid UTF-8; statement skipped".into(), at);
                }
            }
        }
        if copy {
            self.copy_pending.push_back(at);
        }
    }

    /// Forgets the statement collected so far.
    fn discard_statement(&mut self) {
        self.seg = None;
        if self.stmt.capacity() > KEEP_STMT_CAPACITY {
            self.stmt = Vec::new();
        } else {
            self.stmt.clear();
        }
        self.stmt_started = false;
        self.drop_stmt = false;
    }

    /// psql_scan_reset(): forget parenthesis and BEGIN nesting (after a forced send or a buffer reset).
    fn reset_scan(&mut self) {
        self.lex = Lex::Initial;
        self.paren_depth = 0;
        self.begin_depth = 0;
        self.identifier_count = 0;
        self.xc_depth = 0;
    }

    // ----------------------------------------------------------------------------------------------------------
    // The lexer (psqlscan.l)
    // ----------------------------------------------------------------------------------------------------------

    fn lex_initial(&mut self) {
        let b = self.buf[self.pos];
        match b {
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => {
                let run = &self.buf[self.pos..self.end];
                let n = run.iter().position(|&c| !is_space(c)).unwrap_or(run.len());
                self.consume(n);
            }
            b'-' if self.peek(1) == Some(b'-') => {
                self.lex = Lex::LineComment;
                self.consume(2);
            }
            b'/' if self.peek(1) == Some(b'*') => {
                self.quote_start = self.here();
                self.xc_depth = 0;
                self.lex = Lex::BlockComment;
                self.consume(2);
            }
            b'\\' => self.backslash(),
            b';' if self.paren_depth == 0 && self.begin_depth == 0 => {
                if self.stmt_started {
                    self.flush_seg();
                    self.seg = None;
                    self.consume(1);
                    self.finish_statement();
                } else {
                    self.consume(1);
                }
                self.identifier_count = 0;
            }
            _ => {
                self.start_statement();
                match b {
                    b'(' => {
                        self.paren_depth += 1;
                        self.consume(1);
                    }
                    b')' => {
                        self.paren_depth = self.paren_depth.saturating_sub(1);
                        self.consume(1);
                    }
                    b'\'' => self.open_quote(Lex::Quote, 1),
                    b'"' => self.open_quote(Lex::Ident, 1),
                    b'$' => self.lex_dollar_start(),
                    b'0'..=b'9' => self.lex_number(),
                    c if is_ident_start(c) => self.lex_word(),
                    _ => {
                        self.consume(1);
                    }
                }
            }
        }
    }

    fn open_quote(&mut self, lex: Lex, prefix: usize) {
        self.quote_start = self.here();
        self.lex = lex;
        self.consume(prefix);
    }

    /// An identifier or keyword, or the prefix of a special string (`E'`, `U&'`, `U&"`, `B'`, `X'`, `N'`).
    fn lex_word(&mut self) {
        let b = self.buf[self.pos];
        match b {
            b'e' | b'E' if self.peek(1) == Some(b'\'') => return self.open_quote(Lex::EscQuote, 2),
            b'b' | b'B' | b'x' | b'X' | b'n' | b'N' if self.peek(1) == Some(b'\'') => {
                return self.open_quote(Lex::Quote, 2)
            }
            b'u' | b'U' if self.peek(1) == Some(b'&') => {
                match self.peek(2) {
                    Some(b'\'') => self.open_quote(Lex::Quote, 3),
                    Some(b'"') => self.open_quote(Lex::Ident, 3),
                    // psqlscan.l's {xufailed}: only the "u" is eaten, and it is not an identifier.
                    _ => {
                        self.consume(1);
                    }
                }
                return;
            }
            _ => {}
        }
        let mut word = [0u8; MAX_KEYWORD];
        let mut len = 0usize;
        loop {
            let avail = &self.buf[self.pos..self.end];
            let n = avail.iter().position(|&c| !is_ident_cont(c)).unwrap_or(avail.len());
            for &c in &avail[..n] {
                if len < MAX_KEYWORD {
                    word[len] = c.to_ascii_lowercase();
                }
                len += 1;
            }
            self.consume(n);
            if self.pos < self.end || !self.fill() {
                break;
            }
        }
        let word: &[u8] = if len <= MAX_KEYWORD { &word[..len] } else { b"" };
        self.on_identifier(word);
    }

    /// psqlscan.l's {identifier} action: track BEGIN ... END inside CREATE [OR REPLACE] FUNCTION|PROCEDURE, so that
    /// semicolons inside a BEGIN ATOMIC body do not end the statement.
    fn on_identifier(&mut self, word: &[u8]) {
        if self.identifier_count == 0 {
            self.identifiers = [0; 4];
        }
        if matches!(word, b"create" | b"function" | b"procedure" | b"or" | b"replace") && self.identifier_count < 4 {
            self.identifiers[self.identifier_count as usize] = word[0];
        }
        self.identifier_count = self.identifier_count.saturating_add(1);
        let ids = self.identifiers;
        let create_routine = ids[0] == b'c'
            && (ids[1] == b'f'
                || ids[1] == b'p'
                || (ids[1] == b'o' && ids[2] == b'r' && (ids[3] == b'f' || ids[3] == b'p')));
        if create_routine && self.paren_depth == 0 {
            match word {
                b"begin" => self.begin_depth += 1,
                // CASE also ends with END; it only matters inside a BEGIN.
                b"case" if self.begin_depth >= 1 => self.begin_depth += 1,
                b"end" => self.begin_depth = self.begin_depth.saturating_sub(1),
                _ => {}
            }
        }
    }

    /// A number, with the trailing junk psql lexes into the same token (`123abc`).
    fn lex_number(&mut self) {
        let mut alpha = false;
        loop {
            let avail = &self.buf[self.pos..self.end];
            let mut n = 0;
            while n < avail.len() {
                let c = avail[n];
                let part = if c.is_ascii_digit() {
                    true
                } else if c == b'.' {
                    !alpha
                } else if is_ident_start(c) {
                    alpha = true;
                    true
                } else {
                    c == b'$' && alpha
                };
                if !part {
                    break;
                }
                n += 1;
            }
            self.consume(n);
            if self.pos < self.end || !self.fill() {
                break;
            }
        }
    }

    /// `$`: a dollar quote `$tag$`/`$$`, a parameter `$1`, or a lone `$`.
    fn lex_dollar_start(&mut self) {
        match self.peek(1) {
            Some(b'$') => self.open_dollar(2),
            Some(c) if c.is_ascii_digit() => {
                self.consume(1);
                self.lex_number();
            }
            Some(c) if is_ident_start(c) => {
                let mut k = 2;
                loop {
                    match self.peek(k) {
                        Some(c) if is_ident_start(c) || c.is_ascii_digit() => k += 1,
                        Some(b'$') => return self.open_dollar(k + 1),
                        _ => break,
                    }
                }
                // {dolqfailed}: only the "$" is eaten; the rest is lexed again.
                self.consume(1);
            }
            _ => {
                self.consume(1);
            }
        }
    }

    fn open_dollar(&mut self, len: usize) {
        let delim = &self.buf[self.pos..self.pos + len];
        self.dolq_tag = String::from_utf8_lossy(delim).into_owned();
        self.dolq_finder = Some(memmem::Finder::new(delim).into_owned());
        self.dolq_len = len;
        self.open_quote(Lex::Dollar, len);
    }

    fn lex_dollar(&mut self) {
        let avail = &self.buf[self.pos..self.end];
        let found = match &self.dolq_finder {
            Some(f) => f.find(avail),
            None => Some(0),
        };
        match found {
            Some(0) => {
                self.consume(self.dolq_len.min(self.end - self.pos));
                self.lex = Lex::Initial;
                self.dolq_finder = None;
            }
            Some(i) => {
                self.consume(i);
            }
            None => {
                // Keep a tail that may be the start of the closing delimiter.
                let keep = self.dolq_len - 1;
                let len = avail.len();
                if self.eof {
                    self.consume(len);
                } else if len > keep {
                    self.consume(len - keep);
                } else {
                    self.fill();
                }
            }
        }
    }

    fn lex_line_comment(&mut self) {
        match memchr2(b'\n', b'\r', &self.buf[self.pos..self.end]) {
            Some(i) => {
                self.consume(i);
                self.lex = Lex::Initial;
            }
            None => {
                self.consume(self.end - self.pos);
            }
        }
    }

    fn lex_block_comment(&mut self) {
        match memchr2(b'*', b'/', &self.buf[self.pos..self.end]) {
            None => {
                self.consume(self.end - self.pos);
            }
            Some(0) => {
                let c = self.buf[self.pos];
                let next = self.peek(1);
                if c == b'*' && next == Some(b'/') {
                    self.consume(2);
                    if self.xc_depth == 0 {
                        self.lex = Lex::Initial;
                    } else {
                        self.xc_depth -= 1;
                    }
                } else if c == b'/' && next == Some(b'*') {
                    self.xc_depth += 1;
                    self.consume(2);
                } else {
                    self.consume(1);
                }
            }
            Some(i) => {
                self.consume(i);
            }
        }
    }

    /// Inside `'...'` (and `E'...'` when `escapes`).
    fn lex_quote(&mut self, escapes: bool) {
        let avail = &self.buf[self.pos..self.end];
        let found = if escapes { memchr2(b'\'', b'\\', avail) } else { memchr(b'\'', avail) };
        match found {
            None => {
                self.consume(avail.len());
            }
            Some(0) => {
                if self.buf[self.pos] == b'\\' {
                    let n = if self.peek(1).is_some() { 2 } else { 1 };
                    self.consume(n);
                } else if self.peek(1) == Some(b'\'') {
                    self.consume(2);
                } else {
                    self.consume(1);
                    self.lex = Lex::Initial;
                }
            }
            Some(i) => {
                self.consume(i);
            }
        }
    }

    /// Inside `"..."`.
    fn lex_ident(&mut self) {
        match memchr(b'"', &self.buf[self.pos..self.end]) {
            None => {
                self.consume(self.end - self.pos);
            }
            Some(0) => {
                if self.peek(1) == Some(b'"') {
                    self.consume(2);
                } else {
                    self.consume(1);
                    self.lex = Lex::Initial;
                }
            }
            Some(i) => {
                self.consume(i);
            }
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Backslash: \; \: and meta-commands (psqlscanslash.l, command.c)
    // ----------------------------------------------------------------------------------------------------------

    fn backslash(&mut self) {
        match self.peek(1) {
            Some(c @ (b';' | b':')) => {
                // psql puts the ";" or ":" into the query buffer without acting on it.
                self.start_statement();
                self.flush_seg();
                self.stmt.push(c);
                self.consume(2);
                self.seg = Some(self.pos);
                if c == b';' {
                    self.identifier_count = 0;
                }
            }
            _ => self.meta(),
        }
    }

    fn meta(&mut self) {
        let start = self.here();
        self.flush_seg();
        self.seg = None;
        self.in_meta = true;
        self.meta_bad = false;
        self.consume(1);

        // The command name ends at whitespace or a backslash.
        let mut cmd = Vec::new();
        loop {
            let avail = &self.buf[self.pos..self.end];
            let n = avail.iter().position(|&c| is_space(c) || c == b'\\').unwrap_or(avail.len());
            cmd.extend_from_slice(&avail[..n]);
            self.consume(n);
            if self.pos < self.end || !self.fill() {
                break;
            }
        }

        if SEND_META.contains(&cmd.as_slice()) {
            // \g and friends send the query buffer, as a semicolon would (an empty buffer re-sends the previous
            // query, which was already emitted).
            if self.stmt_started {
                self.in_meta = false;
                self.finish_statement();
                self.in_meta = true;
            }
            self.reset_scan();
        } else if RESET_META.contains(&cmd.as_slice()) {
            self.discard_statement();
            self.reset_scan();
        }

        // The argument runs to the end of the line; for most commands an unquoted backslash ends it too.
        let whole_line = cmd.is_empty() || WHOLE_LINE_META.contains(&cmd.as_slice());
        let mut arg = Vec::new();
        let mut quote = 0u8;
        let mut escape = false;
        let mut at_backslash = false;
        'outer: loop {
            let avail = &self.buf[self.pos..self.end];
            let mut n = 0;
            while n < avail.len() {
                let c = avail[n];
                if c == b'\n' {
                    break;
                }
                if escape {
                    escape = false;
                } else if quote == b'\'' {
                    if c == b'\\' {
                        escape = true;
                    } else if c == b'\'' {
                        quote = 0;
                    }
                } else if quote != 0 {
                    if c == quote {
                        quote = 0;
                    }
                } else if !whole_line {
                    match c {
                        b'\\' => {
                            at_backslash = true;
                            break;
                        }
                        b'\'' | b'"' | b'`' => quote = c,
                        _ => {}
                    }
                }
                n += 1;
            }
            arg.extend_from_slice(&avail[..n]);
            self.consume(n);
            if self.pos < self.end || !self.fill() {
                break 'outer;
            }
        }
        if at_backslash && self.peek(1) == Some(b'\\') {
            // "\\" ends the meta-command; SQL goes on after it.
            self.consume(2);
        }
        self.in_meta = false;

        let argument = trim_space(&arg);
        let is_copy_in = cmd == b"copy" && {
            let mut sql = b"copy ".to_vec();
            sql.extend_from_slice(argument);
            is_copy_from_stdin(&sql)
        };
        if !self.meta_bad {
            if let (Ok(command), Ok(argument)) = (String::from_utf8(cmd), std::str::from_utf8(argument)) {
                self.out.push_back(Piece::Meta {
                    command,
                    argument: argument.to_string(),
                    line: start.line,
                    offset: start.offset,
                });
            }
        }
        if is_copy_in {
            // \copy ... from stdin reads its data from the script, like COPY ... FROM stdin.
            self.copy_pending.push_back(start);
        }
        if self.stmt_started {
            self.seg = Some(self.pos);
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // COPY data
    // ----------------------------------------------------------------------------------------------------------

    /// Skips the data of every COPY waiting on the line just ended, in order.
    fn run_copies(&mut self) {
        self.last_nl = false;
        self.flush_seg();
        self.seg = None;
        while let Some(copy) = self.copy_pending.pop_front() {
            self.skip_copy(copy);
        }
        if self.stmt_started {
            self.seg = Some(self.pos);
        }
    }

    /// Skips COPY data starting at `pos` (a line start) through its `\.` line.
    fn skip_copy(&mut self, copy: Pos) {
        let start = self.here();
        let mut rows = 0u64;
        let mut bytes = 0u64;
        let mut tabs = 0u64;
        let mut at_line_start = true;
        let mut ends_with_nl = true;
        loop {
            if at_line_start {
                at_line_start = false;
                self.ensure(4);
                let avail = &self.buf[self.pos..self.end];
                if avail.starts_with(b"\\.") {
                    let term = match &avail[2..] {
                        [b'\n', ..] => 3,
                        [b'\r', b'\n', ..] => 4,
                        [] if self.eof && self.io_error.is_none() => 2,
                        [b'\r'] if self.eof && self.io_error.is_none() => 3,
                        _ => 0,
                    };
                    if term > 0 {
                        let newlines = u64::from(avail[term - 1] == b'\n');
                        self.skip_raw(term, newlines);
                        self.out.push_back(Piece::CopyData {
                            line: start.line,
                            offset: start.offset,
                            rows,
                            bytes,
                            tabs,
                            terminated: true,
                        });
                        return;
                    }
                }
            }
            let avail = &self.buf[self.pos..self.end];
            if let Some(i) = self.copy_finder.find(avail) {
                let n = i + 1;
                let newlines = memchr::memchr_iter(b'\n', &avail[..n]).count() as u64;
                rows += newlines;
                bytes += n as u64;
                tabs += memchr::memchr_iter(b'\t', &avail[..n]).count() as u64;
                ends_with_nl = true;
                self.skip_raw(n, newlines);
                at_line_start = true;
                continue;
            }
            if self.eof {
                let n = avail.len();
                let newlines = memchr::memchr_iter(b'\n', avail).count() as u64;
                if n > 0 {
                    ends_with_nl = avail[n - 1] == b'\n';
                }
                rows += newlines + u64::from(!ends_with_nl);
                bytes += n as u64;
                tabs += memchr::memchr_iter(b'\t', avail).count() as u64;
                self.skip_raw(n, newlines);
                self.out.push_back(Piece::CopyData {
                    line: start.line,
                    offset: start.offset,
                    rows,
                    bytes,
                    tabs,
                    terminated: false,
                });
                if self.io_error.is_none() {
                    self.unterminated_copy(copy);
                }
                return;
            }
            // Keep the last two bytes: they may be the start of "\n\\.".
            let n = avail.len().saturating_sub(2);
            if n > 0 {
                let newlines = memchr::memchr_iter(b'\n', &avail[..n]).count() as u64;
                rows += newlines;
                bytes += n as u64;
                tabs += memchr::memchr_iter(b'\t', &avail[..n]).count() as u64;
                ends_with_nl = avail[n - 1] == b'\n';
                at_line_start = ends_with_nl;
                self.skip_raw(n, newlines);
            }
            self.fill();
        }
    }
}

impl<R: Read> Iterator for ScriptReader<R> {
    type Item = Piece;

    fn next(&mut self) -> Option<Piece> {
        loop {
            if let Some(piece) = self.out.pop_front() {
                return Some(piece);
            }
            if self.finished {
                return None;
            }
            self.run();
        }
    }
}

// --------------------------------------------------------------------------------------------------------------
// Helpers
// --------------------------------------------------------------------------------------------------------------

/// psql's {space}: `[ \t\n\r\f]`.
#[inline]
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// `[A-Za-z\200-\377_]`
#[inline]
fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80
}

/// `[A-Za-z\200-\377_0-9\$]`
#[inline]
fn is_ident_cont(c: u8) -> bool {
    is_ident_start(c) || c.is_ascii_digit() || c == b'$'
}

fn trim_space(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|&c| !is_space(c)).unwrap_or(s.len());
    let end = s.iter().rposition(|&c| !is_space(c)).map_or(start, |i| i + 1);
    &s[start..end]
}

/// Length of the UTF-8 sequence that `lead` starts (only called for leads of incomplete valid prefixes).
fn utf8_sequence_len(lead: u8) -> usize {
    match lead {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// UTF-16 without a BOM: ASCII text shows up as a NUL in every other byte.
fn looks_like_utf16(head: &[u8]) -> Option<&'static str> {
    let n = head.len() & !1;
    if n < 4 {
        return None;
    }
    let pairs = head[..n].chunks_exact(2);
    if pairs.clone().all(|p| p[0] != 0 && p[1] == 0) {
        Some("little-endian")
    } else if pairs.clone().all(|p| p[0] == 0 && p[1] != 0) {
        Some("big-endian")
    } else {
        None
    }
}

/// Whether a complete statement is `COPY ... FROM STDIN` (so that inline data follows it). Case-insensitive;
/// `FROM STDIN` must be outside parentheses, quotes and comments.
fn is_copy_from_stdin(sql: &[u8]) -> bool {
    let mut lx = MiniLexer { s: sql, i: 0, depth: 0 };
    match lx.next_token() {
        Some(Tok::Word(w)) if w.eq_ignore_ascii_case(b"copy") => {}
        _ => return false,
    }
    let mut after_from = false;
    while let Some(tok) = lx.next_token() {
        match tok {
            Tok::Word(w) if lx.depth == 0 => {
                if after_from && w.eq_ignore_ascii_case(b"stdin") {
                    return true;
                }
                after_from = w.eq_ignore_ascii_case(b"from");
            }
            _ => after_from = false,
        }
    }
    false
}

enum Tok<'a> {
    Word(&'a [u8]),
    Other,
}

/// A small lexer over a complete statement, for recognizing COPY ... FROM STDIN.
struct MiniLexer<'a> {
    s: &'a [u8],
    i: usize,
    depth: u64,
}

impl<'a> MiniLexer<'a> {
    fn at(&self, k: usize) -> Option<u8> {
        self.s.get(self.i + k).copied()
    }

    fn next_token(&mut self) -> Option<Tok<'a>> {
        let s = self.s;
        loop {
            let c = self.at(0)?;
            if is_space(c) {
                self.i += 1;
            } else if c == b'-' && self.at(1) == Some(b'-') {
                self.i = memchr2(b'\n', b'\r', &s[self.i..]).map_or(s.len(), |k| self.i + k);
            } else if c == b'/' && self.at(1) == Some(b'*') {
                self.i += 2;
                let mut depth = 0u64;
                loop {
                    match memchr2(b'*', b'/', &s[self.i..]) {
                        None => {
                            self.i = s.len();
                            break;
                        }
                        Some(k) => self.i += k,
                    }
                    if self.at(0) == Some(b'*') && self.at(1) == Some(b'/') {
                        self.i += 2;
                        if depth == 0 {
                            break;
                        }
                        depth -= 1;
                    } else if self.at(0) == Some(b'/') && self.at(1) == Some(b'*') {
                        self.i += 2;
                        depth += 1;
                    } else {
                        self.i += 1;
                    }
                }
            } else {
                break;
            }
        }
        let start = self.i;
        let c = s[start];
        match c {
            b'(' => {
                self.depth += 1;
                self.i += 1;
            }
            b')' => {
                self.depth = self.depth.saturating_sub(1);
                self.i += 1;
            }
            b'\'' => self.skip_quoted(b'\'', false),
            b'"' => self.skip_quoted(b'"', false),
            b'$' => {
                let mut k = 1;
                while self.at(k).is_some_and(|c| is_ident_start(c) || (k > 1 && c.is_ascii_digit())) {
                    k += 1;
                }
                if self.at(k) == Some(b'$') && !self.at(1).is_some_and(|c| c.is_ascii_digit()) {
                    let delim = &s[start..start + k + 1];
                    let body = start + k + 1;
                    self.i = memmem::find(&s[body..], delim).map_or(s.len(), |p| body + p + delim.len());
                } else {
                    self.i += 1;
                }
            }
            b'0'..=b'9' => {
                while self.at(0).is_some_and(|c| is_ident_cont(c) || c == b'.') {
                    self.i += 1;
                }
            }
            c if is_ident_start(c) => {
                let next = self.at(1);
                if matches!(c, b'e' | b'E') && next == Some(b'\'') {
                    self.i += 1;
                    self.skip_quoted(b'\'', true);
                } else if matches!(c, b'b' | b'B' | b'x' | b'X' | b'n' | b'N') && next == Some(b'\'') {
                    self.i += 1;
                    self.skip_quoted(b'\'', false);
                } else if matches!(c, b'u' | b'U') && next == Some(b'&') && matches!(self.at(2), Some(b'\'' | b'"')) {
                    self.i += 2;
                    let q = s[self.i];
                    self.skip_quoted(q, false);
                } else {
                    while self.at(0).is_some_and(is_ident_cont) {
                        self.i += 1;
                    }
                    return Some(Tok::Word(&s[start..self.i]));
                }
            }
            _ => self.i += 1,
        }
        Some(Tok::Other)
    }

    /// Skips a quoted string or identifier starting at `i` (the opening quote).
    fn skip_quoted(&mut self, q: u8, escapes: bool) {
        self.i += 1;
        while let Some(c) = self.at(0) {
            if escapes && c == b'\\' {
                self.i += 2;
            } else if c == q {
                if self.at(1) == Some(q) {
                    self.i += 2;
                } else {
                    self.i += 1;
                    return;
                }
            } else {
                self.i += 1;
            }
        }
        self.i = self.i.min(self.s.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads 1-3 bytes per call, and reports `Interrupted` now and then.
    struct Trickle<'a> {
        data: &'a [u8],
        pos: usize,
        calls: usize,
    }

    impl<'a> Trickle<'a> {
        fn new(data: &'a [u8]) -> Self {
            Trickle { data, pos: 0, calls: 0 }
        }
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.calls += 1;
            if self.calls % 7 == 0 {
                return Err(io::Error::new(io::ErrorKind::Interrupted, "try again"));
            }
            let k = (1 + self.calls % 3).min(buf.len()).min(self.data.len() - self.pos);
            buf[..k].copy_from_slice(&self.data[self.pos..self.pos + k]);
            self.pos += k;
            Ok(k)
        }
    }

    /// Reads pseudo-random amounts (1 to 70,000 bytes) per call.
    struct Lumpy<'a> {
        data: &'a [u8],
        pos: usize,
        seed: u64,
    }

    impl Read for Lumpy<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.seed = lcg(self.seed);
            let want = if self.seed % 4 == 0 { 1 + (self.seed >> 33) % 70_000 } else { 1 + (self.seed >> 33) % 17 };
            let k = (want as usize).min(buf.len()).min(self.data.len() - self.pos);
            buf[..k].copy_from_slice(&self.data[self.pos..self.pos + k]);
            self.pos += k;
            Ok(k)
        }
    }

    fn lcg(x: u64) -> u64 {
        x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407)
    }

    /// Splits `input` with big reads, 1-3 byte reads, tiny buffers and lumpy reads; all must agree.
    fn split(input: &[u8]) -> Vec<Piece> {
        let whole: Vec<Piece> = ScriptReader::new(input).collect();
        let trickle: Vec<Piece> = ScriptReader::new(Trickle::new(input)).collect();
        assert_eq!(whole, trickle, "1-3 byte reads differ from whole reads");
        for size in [8, 9, 11, 16, 31] {
            let small: Vec<Piece> = ScriptReader::with_buffer_size(input, size).collect();
            assert_eq!(whole, small, "buffer of {size} bytes differs");
        }
        let tiny: Vec<Piece> = ScriptReader::with_buffer_size(Trickle::new(input), 8).collect();
        assert_eq!(whole, tiny, "8-byte buffer with 1-3 byte reads differs");
        let lumpy: Vec<Piece> = ScriptReader::new(Lumpy { data: input, pos: 0, seed: 42 }).collect();
        assert_eq!(whole, lumpy, "lumpy reads differ");
        whole
    }

    fn sqls(pieces: &[Piece]) -> Vec<&str> {
        pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Statement { sql, .. } => Some(sql.as_str()),
                _ => None,
            })
            .collect()
    }

    fn stmt(sql: &str, line: u64, column: u32, offset: u64) -> Piece {
        Piece::Statement { sql: sql.to_string(), line, column, offset }
    }

    fn meta(command: &str, argument: &str, line: u64, offset: u64) -> Piece {
        Piece::Meta { command: command.to_string(), argument: argument.to_string(), line, offset }
    }

    fn problems(pieces: &[Piece]) -> Vec<(ProblemKind, u64, u32, u64)> {
        pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Problem { kind, line, column, offset, .. } => Some((*kind, *line, *column, *offset)),
                _ => None,
            })
            .collect()
    }

    fn copies(pieces: &[Piece]) -> Vec<(u64, u64, bool)> {
        pieces
            .iter()
            .filter_map(|p| match p {
                Piece::CopyData { rows, bytes, terminated, .. } => Some((*rows, *bytes, *terminated)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn simple_statements_and_positions() {
        let text = "SELECT 1;\n  SELECT 2; SELECT\n3 ;\n";
        assert_eq!(split_str(text), split(text.as_bytes()));
        assert_eq!(
            split(text.as_bytes()),
            vec![stmt("SELECT 1", 1, 1, 0), stmt("SELECT 2", 2, 3, 12), stmt("SELECT\n3", 2, 13, 22)]
        );
    }

    #[test]
    fn empty_and_blank_inputs() {
        assert_eq!(split(b""), vec![]);
        assert_eq!(split(b"   \n\t\r\n"), vec![]);
        assert_eq!(split(b"-- only a comment\n/* and /* nested */ one */\n-- no newline"), vec![]);
        assert_eq!(split(b";;\n ; -- x\n;"), vec![]);
        assert_eq!(split(b"/* c */ ;"), vec![]);
    }

    #[test]
    fn statement_without_final_semicolon_is_emitted() {
        assert_eq!(
            split(b"SELECT 1;\nSELECT 2 -- tail\n"),
            vec![stmt("SELECT 1", 1, 1, 0), stmt("SELECT 2 -- tail", 2, 1, 10)]
        );
        assert_eq!(split(b"SELECT (1"), vec![stmt("SELECT (1", 1, 1, 0)]);
    }

    #[test]
    fn leading_comments_trimmed_inner_comments_kept() {
        let p = split(b"-- header; with semicolon\n/* block; */ SELECT /* in; side */ 1 -- end;\n;");
        assert_eq!(p, vec![stmt("SELECT /* in; side */ 1 -- end;", 2, 14, 39)]);
        assert_eq!(sqls(&split(b"SELECT 6 /* trailing */ ;")), vec!["SELECT 6 /* trailing */"]);
    }

    #[test]
    fn dollar_quotes_with_tags_and_nesting() {
        let text = "CREATE FUNCTION f() RETURNS text AS $fn$\nBEGIN\n  RETURN $x$;$x$ || $$;$$;\nEND;\n$fn$ LANGUAGE plpgsql;\n\
                    SELECT $outer$ has $inner$ ; $inner$ and $$ ; $$ $outer$;\nSELECT $a$ $ab$; $b$; $a$, 'x';";
        let p = split(text.as_bytes());
        assert_eq!(
            sqls(&p),
            vec![
                "CREATE FUNCTION f() RETURNS text AS $fn$\nBEGIN\n  RETURN $x$;$x$ || $$;$$;\nEND;\n$fn$ LANGUAGE plpgsql",
                "SELECT $outer$ has $inner$ ; $inner$ and $$ ; $$ $outer$",
                "SELECT $a$ $ab$; $b$; $a$, 'x'",
            ]
        );
        // A tag is case-sensitive, and an identifier-embedded "$" does not open a quote.
        assert_eq!(
            sqls(&split(b"SELECT $T$ ; $t$ ; $T$; SELECT a$b$c;")),
            vec!["SELECT $T$ ; $t$ ; $T$", "SELECT a$b$c"]
        );
    }

    #[test]
    fn dollar_parameters_are_not_quotes() {
        let p = split(b"PREPARE p(int, int) AS SELECT $1 + $2, '$1;'; EXECUTE p(1, 2); SELECT $1$;");
        // "$1$" is parameter $1 followed by a lone "$" (psql: {param} then {other}); ";" ends it.
        assert_eq!(sqls(&p), vec!["PREPARE p(int, int) AS SELECT $1 + $2, '$1;'", "EXECUTE p(1, 2)", "SELECT $1$"]);
        // "$abc" without a closing "$" is {dolqfailed}: a lone "$".
        assert_eq!(sqls(&split(b"SELECT $abc ; SELECT 2;")), vec!["SELECT $abc", "SELECT 2"]);
    }

    #[test]
    fn nested_block_comments() {
        let text = "SELECT /* a /* b; ' \" */ still; $$ */ 1; SELECT 2 /*/ x; */ ; SELECT 3 /* ** / */ ;";
        assert_eq!(
            sqls(&split(text.as_bytes())),
            vec!["SELECT /* a /* b; ' \" */ still; $$ */ 1", "SELECT 2 /*/ x; */", "SELECT 3 /* ** / */"]
        );
    }

    #[test]
    fn escape_strings_and_doubled_quotes() {
        let text = r"SELECT E'a\';b', e'\\'; SELECT 'it''s; fine', 'back\'; SELECT E'\\\';x';";
        assert_eq!(
            sqls(&split(text.as_bytes())),
            // In a plain string the backslash is ordinary (standard_conforming_strings), so 'back\' ends there.
            vec![r"SELECT E'a\';b', e'\\'", "SELECT 'it''s; fine', 'back\\'", r"SELECT E'\\\';x'"]
        );
        // Only a lone E/e right before the quote makes an escape string.
        assert_eq!(sqls(&split(br"SELECT name'\'; SELECT 2;")), vec![r"SELECT name'\'", "SELECT 2"]);
        assert_eq!(
            sqls(&split(br"SELECT B'1;', X'0;', N'n\'; SELECT U&'d\0061;', U&'x''y;';")),
            vec![r"SELECT B'1;', X'0;', N'n\'", r"SELECT U&'d\0061;', U&'x''y;'"]
        );
    }

    #[test]
    fn quoted_identifiers() {
        let text = r#"CREATE TABLE "a;b" ("x""y;" int, U&"d\0061;" text); SELECT "";"#;
        assert_eq!(
            sqls(&split(text.as_bytes())),
            vec![r#"CREATE TABLE "a;b" ("x""y;" int, U&"d\0061;" text)"#, r#"SELECT """#]
        );
    }

    #[test]
    fn parentheses_hold_semicolons() {
        let text = "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (';'));\n\
                    SELECT 1) ; SELECT 2;";
        assert_eq!(
            sqls(&split(text.as_bytes())),
            vec![
                "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (';'))",
                "SELECT 1)",
                "SELECT 2"
            ]
        );
    }

    #[test]
    fn begin_atomic_bodies() {
        let text = "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  \
                    SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;\n  SELECT CASE x WHEN 1 THEN 2 END + 1;\nEND;\n\
                    create or replace procedure p() language sql begin atomic insert into t values (1); select 1; end;\n\
                    BEGIN; SELECT CASE WHEN true THEN 1 END; END;\n\
                    CREATE TABLE begin_t (a int); CREATE FUNCTION g() RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql;";
        assert_eq!(
            sqls(&split(text.as_bytes())),
            vec![
                "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;\n  \
                 SELECT CASE x WHEN 1 THEN 2 END + 1;\nEND",
                "create or replace procedure p() language sql begin atomic insert into t values (1); select 1; end",
                "BEGIN",
                "SELECT CASE WHEN true THEN 1 END",
                "END",
                "CREATE TABLE begin_t (a int)",
                "CREATE FUNCTION g() RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql",
            ]
        );
        // BEGIN inside parentheses does not count (psql checks paren_depth == 0).
        assert_eq!(
            sqls(&split(b"CREATE FUNCTION h(begin int) RETURNS int LANGUAGE sql RETURN 1; SELECT 2;")),
            vec!["CREATE FUNCTION h(begin int) RETURNS int LANGUAGE sql RETURN 1", "SELECT 2"]
        );
    }

    #[test]
    fn meta_commands() {
        let text = "\\set ON_ERROR_STOP on\nSELECT 1;\n\\connect -reuse-previous=on \"dbname='x;y'\"\nSELECT 2;\n";
        assert_eq!(
            split(text.as_bytes()),
            vec![
                meta("set", "ON_ERROR_STOP on", 1, 0),
                stmt("SELECT 1", 2, 1, 22),
                meta("connect", "-reuse-previous=on \"dbname='x;y'\"", 3, 32),
                stmt("SELECT 2", 4, 1, 75),
            ]
        );
    }

    #[test]
    fn meta_command_inside_a_statement_keeps_the_buffer() {
        let p = split(b"SELECT 3\n\\echo mid statement\n, 4;");
        assert_eq!(p, vec![meta("echo", "mid statement", 2, 9), stmt("SELECT 3\n\n, 4", 1, 1, 0)]);
    }

    #[test]
    fn meta_backslash_rules() {
        // "\\" ends a meta-command and SQL goes on; a single "\" starts the next meta-command.
        assert_eq!(
            split(b"\\echo a 'b\\\\c' \\\\ SELECT 5; \\x \\o out.txt\n"),
            vec![
                meta("echo", "a 'b\\\\c'", 1, 0),
                stmt("SELECT 5", 1, 19, 18),
                meta("x", "", 1, 28),
                meta("o", "out.txt", 1, 31)
            ]
        );
        // \; puts a semicolon into the statement without ending it.
        assert_eq!(sqls(&split(b"SELECT 1 \\; SELECT 2;")), vec!["SELECT 1 ; SELECT 2"]);
        // \g sends the buffer; \r throws it away.
        let p = split(b"SELECT 1 \\g\nSELECT junk \\r\nSELECT 2;");
        assert_eq!(
            p,
            vec![stmt("SELECT 1", 1, 1, 0), meta("g", "", 1, 9), meta("r", "", 2, 24), stmt("SELECT 2", 3, 1, 27)]
        );
        // Whole-line commands take backslashes literally.
        assert_eq!(split(b"\\! echo a \\\\ b\n"), vec![meta("!", "echo a \\\\ b", 1, 0)]);
        // A backslash at the very end, and a lone "\\".
        assert_eq!(split(b"SELECT 1;\n\\"), vec![stmt("SELECT 1", 1, 1, 0), meta("", "", 2, 10)]);
        assert_eq!(split(b"\\\\ x"), vec![meta("", "\\ x", 1, 0)]);
    }

    #[test]
    fn restrict_and_unrestrict_in_dump() {
        let text = "--\n-- PostgreSQL database dump\n--\n\n\\restrict AbC123xyz\n\n-- Dumped from database version 15.14\n\n\
                    SET statement_timeout = 0;\nSELECT pg_catalog.set_config('search_path', '', false);\n\n\
                    --\n-- Name: t; Type: TABLE; Schema: public; Owner: postgres\n--\n\nCREATE TABLE public.t (\n    a integer\n);\n\n\
                    COPY public.t (a) FROM stdin;\n1\n2\n\\.\n\n\n--\n-- PostgreSQL database dump complete\n--\n\n\\unrestrict AbC123xyz\n\n";
        let p = split(text.as_bytes());
        assert_eq!(
            p,
            vec![
                meta("restrict", "AbC123xyz", 5, 35),
                stmt("SET statement_timeout = 0", 9, 1, 95),
                stmt("SELECT pg_catalog.set_config('search_path', '', false)", 10, 1, 122),
                stmt("CREATE TABLE public.t (\n    a integer\n)", 16, 1, 243),
                stmt("COPY public.t (a) FROM stdin", 20, 1, 285),
                Piece::CopyData { line: 21, offset: 315, rows: 2, bytes: 4, tabs: 0, terminated: true },
                meta("unrestrict", "AbC123xyz", 30, 368),
            ]
        );
    }

    #[test]
    fn copy_data_with_tricky_lines() {
        let data = "1\tsemi;colon\n2\tit's\n3\t$$dollar$$\n4\t\\\\.\n\\\\.\n\\.x\n \\.\n5\t/* open\n6\t\\N\n";
        let text = format!("COPY t (a, b) FROM stdin;\n{data}\\.\nSELECT 'after';\nCOPY e FROM STDIN;\n\\.\nSELECT 2;");
        let p = split(text.as_bytes());
        assert_eq!(
            p,
            vec![
                stmt("COPY t (a, b) FROM stdin", 1, 1, 0),
                Piece::CopyData { line: 2, offset: 26, rows: 9, bytes: data.len() as u64, tabs: 6, terminated: true },
                stmt("SELECT 'after'", 12, 1, 26 + data.len() as u64 + 3),
                stmt("COPY e FROM STDIN", 13, 1, 26 + data.len() as u64 + 19),
                Piece::CopyData {
                    line: 14,
                    offset: 26 + data.len() as u64 + 38,
                    rows: 0,
                    bytes: 0,
                    tabs: 0,
                    terminated: true
                },
                stmt("SELECT 2", 15, 1, 26 + data.len() as u64 + 41),
            ]
        );
    }

    #[test]
    fn copy_terminator_variants() {
        // "\." then CRLF, "\." at EOF without newline, "\.\r" at EOF.
        assert_eq!(copies(&split(b"COPY t FROM stdin;\r\na\r\nb\r\n\\.\r\nSELECT 1;")), vec![(2, 6, true)]);
        assert_eq!(copies(&split(b"COPY t FROM stdin;\na\n\\.")), vec![(1, 2, true)]);
        assert_eq!(copies(&split(b"COPY t FROM stdin;\na\n\\.\r")), vec![(1, 2, true)]);
        // "\.." or "\. " are data.
        assert_eq!(copies(&split(b"COPY t FROM stdin;\n\\..\n\\. \n\\.\n")), vec![(2, 8, true)]);
    }

    #[test]
    fn copy_variants_without_inline_data() {
        let text = "COPY t TO stdout;\nCOPY t FROM '/tmp/f';\nCOPY (SELECT 1 FROM stdin_t) TO STDOUT;\n\
                    COPY t FROM PROGRAM 'cat';\nSELECT 'COPY t FROM stdin';\nCOPY t FROM /* c */ stdin WITH (FORMAT csv);\na,b\n\\.\n";
        let p = split(text.as_bytes());
        assert_eq!(sqls(&p).len(), 6);
        assert_eq!(copies(&p), vec![(1, 4, true)]);
        assert!(matches!(p[5], Piece::Statement { .. }) && matches!(p[6], Piece::CopyData { .. }));
    }

    #[test]
    fn copy_unterminated_at_eof() {
        let p = split(b"SELECT 1;\n  COPY t FROM stdin;\n1\n2\nlast-without-newline");
        assert_eq!(p.len(), 4);
        assert_eq!(p[2], Piece::CopyData { line: 3, offset: 31, rows: 3, bytes: 24, tabs: 0, terminated: false });
        match &p[3] {
            Piece::Problem { kind: ProblemKind::Unterminated, message, line: 2, column: 3, offset: 12 } => {
                assert!(message.contains("line 2"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
        // The COPY line itself is the last line.
        let p = split(b"COPY t FROM stdin;");
        assert_eq!(copies(&p), vec![(0, 0, false)]);
        assert_eq!(problems(&p), vec![(ProblemKind::Unterminated, 1, 1, 0)]);
        // Data ending with a newline but no "\.".
        assert_eq!(copies(&split(b"COPY t FROM stdin;\na\nb\n")), vec![(2, 4, false)]);
    }

    #[test]
    fn copy_terminator_across_chunk_boundaries() {
        // Every split point of the stream is exercised by the tiny buffers and 1-3 byte reads in split().
        for prefix in 0..12 {
            let data: String = "x".repeat(prefix) + "\nab\\\n\\\\.\n";
            let text = format!("COPY t FROM stdin;\n{data}\\.\nSELECT {prefix};");
            let p = split(text.as_bytes());
            assert_eq!(copies(&p), vec![(3, data.len() as u64, true)], "prefix {prefix}");
            assert_eq!(sqls(&p), vec!["COPY t FROM stdin".to_string(), format!("SELECT {prefix}")]);
        }
        // "\." right at the start of the data (an empty COPY), at every alignment.
        for pad in 0..12 {
            let text = format!("{}COPY t FROM stdin;\n\\.\nSELECT 1;", " ".repeat(pad));
            assert_eq!(copies(&split(text.as_bytes())), vec![(0, 0, true)]);
        }
    }

    #[test]
    fn copy_block_of_200000_lines() {
        let mut text = String::from("COPY public.big (id, v) FROM stdin;\n");
        for i in 0..200_000 {
            text.push_str(&format!("{i}\tvalue; '{i}' $$\n"));
        }
        let data_len = text.len() as u64 - 36;
        text.push_str("\\.\nSELECT 'done';\n");
        let p = split(text.as_bytes());
        assert_eq!(
            p[1],
            Piece::CopyData { line: 2, offset: 36, rows: 200_000, bytes: data_len, tabs: 200_000, terminated: true }
        );
        assert_eq!(p[2], stmt("SELECT 'done'", 200_003, 1, 36 + data_len + 3));
        assert_eq!(p.len(), 3);
        // Streaming: the COPY data never grows the buffer or lands in the statement buffer.
        let mut reader = ScriptReader::new(text.as_bytes());
        assert!(matches!(reader.next(), Some(Piece::Statement { .. })));
        assert!(matches!(reader.next(), Some(Piece::CopyData { rows: 200_000, .. })));
        assert_eq!(reader.buf.len(), DEFAULT_BUFFER);
        assert!(reader.stmt.capacity() < 1024);
    }

    #[test]
    fn text_after_copy_statement_on_the_same_line() {
        // psql runs the COPY (reading the following lines as data), then the rest of the line.
        let p = split(b"COPY a FROM stdin; SELECT 1;\n1\n\\.\nSELECT 2;");
        assert_eq!(
            p,
            vec![
                stmt("COPY a FROM stdin", 1, 1, 0),
                stmt("SELECT 1", 1, 20, 19),
                Piece::CopyData { line: 2, offset: 29, rows: 1, bytes: 2, tabs: 0, terminated: true },
                stmt("SELECT 2", 4, 1, 34),
            ]
        );
        // Two COPYs on one line read their data one after the other; a statement may span the data.
        let p = split(b"COPY a FROM stdin; COPY b FROM stdin; SELECT\n1\n\\.\n2\n3\n\\.\n'x';");
        assert_eq!(sqls(&p), vec!["COPY a FROM stdin", "COPY b FROM stdin", "SELECT\n'x'"]);
        assert_eq!(copies(&p), vec![(1, 2, true), (2, 4, true)]);
    }

    #[test]
    fn backslash_copy_reads_inline_data() {
        let p = split(b"\\copy t (a) from stdin with csv\n1\n2\n\\.\n\\copy t to 'x.csv'\nSELECT 1;");
        assert_eq!(
            p,
            vec![
                meta("copy", "t (a) from stdin with csv", 1, 0),
                Piece::CopyData { line: 2, offset: 32, rows: 2, bytes: 4, tabs: 0, terminated: true },
                meta("copy", "t to 'x.csv'", 5, 39),
                stmt("SELECT 1", 6, 1, 58),
            ]
        );
    }

    #[test]
    fn backslash_g_sends_a_copy() {
        let p = split(b"COPY t FROM stdin \\g\n1\n\\.\nSELECT 1;");
        assert_eq!(
            p,
            vec![
                stmt("COPY t FROM stdin", 1, 1, 0),
                meta("g", "", 1, 18),
                Piece::CopyData { line: 2, offset: 21, rows: 1, bytes: 2, tabs: 0, terminated: true },
                stmt("SELECT 1", 4, 1, 26),
            ]
        );
    }

    #[test]
    fn positions_count_bytes() {
        // "é" is two bytes: the column is a byte column.
        let p = split("SELECT 'é'; SELECT 2;\n\tSELECT 3;".as_bytes());
        assert_eq!(p, vec![stmt("SELECT 'é'", 1, 1, 0), stmt("SELECT 2", 1, 14, 13), stmt("SELECT 3", 2, 2, 24)]);
    }

    #[test]
    fn crlf_files() {
        let p = split(
            b"SELECT 1;\r\n-- c\r\nSELECT\r\n  2 ;\r\n\\echo hi\r\nCOPY t FROM stdin;\r\na\r\n\\.\r\nSELECT 3;\r\n",
        );
        assert_eq!(
            p,
            vec![
                stmt("SELECT 1", 1, 1, 0),
                stmt("SELECT\r\n  2", 3, 1, 17),
                meta("echo", "hi", 5, 32),
                stmt("COPY t FROM stdin", 6, 1, 42),
                Piece::CopyData { line: 7, offset: 62, rows: 1, bytes: 3, tabs: 0, terminated: true },
                stmt("SELECT 3", 9, 1, 69),
            ]
        );
    }

    #[test]
    fn utf8_bom_is_skipped() {
        let p = split(b"\xEF\xBB\xBFSELECT 1;\nSELECT 2;");
        assert_eq!(p, vec![stmt("SELECT 1", 1, 1, 3), stmt("SELECT 2", 2, 1, 13)]);
        assert_eq!(split(b"\xEF\xBB\xBF"), vec![]);
    }

    #[test]
    fn utf16_is_refused() {
        let text = "SELECT 1;\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        for input in [[&[0xFF, 0xFE][..], &le].concat(), [&[0xFE, 0xFF][..], &be].concat(), le, be] {
            let p = split(&input);
            assert_eq!(p.len(), 1, "{p:?}");
            match &p[0] {
                Piece::Problem { kind: ProblemKind::Encoding, message, line: 1, column: 1, offset: 0 } => {
                    assert!(message.starts_with("file is UTF-16"), "{message}");
                }
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    #[test]
    fn invalid_utf8_drops_only_its_statement() {
        let p = split(b"SELECT 1;\nSELECT 'a\xFFb'; SELECT 'still dropped?';\nSELECT 2;");
        assert_eq!(
            p[1],
            Piece::Problem {
                kind: ProblemKind::Encoding,
                message: "invalid UTF-8 byte 0xFF at line 2, column 10; statement skipped".into(),
                line: 2,
                column: 10,
                offset: 19,
            }
        );
        assert_eq!(sqls(&p), vec!["SELECT 1", "SELECT 'still dropped?'", "SELECT 2"]);
        // The dropped statement is read to its own terminating ";", respecting quotes.
        let p = split(b"SELECT '\xC3(' || ';'; SELECT 3;");
        assert_eq!(problems(&p), vec![(ProblemKind::Encoding, 1, 9, 8)]);
        assert_eq!(sqls(&p), vec!["SELECT 3"]);
        // A truncated sequence at the end of input, and a bad byte in a leading comment (no statement dropped).
        let p = split(b"SELECT 1; SELECT x\xE2\x82");
        assert_eq!(problems(&p), vec![(ProblemKind::Encoding, 1, 19, 18)]);
        assert_eq!(sqls(&p), vec!["SELECT 1"]);
        let p = split(b"-- caf\xE9\nSELECT 4;");
        assert_eq!(problems(&p), vec![(ProblemKind::Encoding, 1, 7, 6)]);
        assert_eq!(sqls(&p), vec!["SELECT 4"]);
        // Overlong and surrogate encodings are invalid too.
        assert_eq!(problems(&split(b"SELECT '\xC0\xAF';")).len(), 1);
        assert_eq!(problems(&split(b"SELECT '\xED\xA0\x80';")).len(), 1);
    }

    #[test]
    fn multibyte_characters_split_across_reads_are_fine() {
        let text = "SELECT '日本語 ünïcödé 🦀', \"ĳ\"; -- ñ\n/* 😀 */ SELECT 1;".repeat(5);
        let p = split(text.as_bytes());
        assert_eq!(problems(&p), vec![]);
        assert_eq!(sqls(&p).len(), 10);
    }

    #[test]
    fn nul_byte_in_sql_text() {
        let p = split(b"SELECT 1;\nSELECT '\0';\nSELECT 2;");
        assert_eq!(problems(&p), vec![(ProblemKind::Encoding, 2, 9, 18)]);
        assert_eq!(sqls(&p), vec!["SELECT 1", "SELECT 2"]);
        // A NUL in COPY data is not looked at.
        assert_eq!(problems(&split(b"COPY t FROM stdin;\n\0\xFF\n\\.\n")), vec![]);
    }

    #[test]
    fn invalid_meta_command_is_dropped() {
        let p = split(b"\\connect db\xFF\nSELECT 1;");
        assert_eq!(problems(&p), vec![(ProblemKind::Encoding, 1, 12, 11)]);
        assert_eq!(p[1], stmt("SELECT 1", 2, 1, 13));
    }

    #[test]
    fn unterminated_constructs() {
        let cases: [(&[u8], &str, u64, u32, u64); 6] = [
            (b"SELECT 1;\nSELECT 'abc;\n", "unterminated quoted string started at line 2", 2, 8, 17),
            (b"SELECT E'ab\\';", "unterminated quoted string (E'...') started at line 1", 1, 8, 7),
            (b"SELECT \"a;b", "unterminated quoted identifier started at line 1", 1, 8, 7),
            (
                b"SELECT 1;\n\n\nCREATE FUNCTION f() AS $fn$ BEGIN; $fn ; $$ ;",
                "unterminated dollar-quoted string $fn$ started at line 4",
                4,
                24,
                35,
            ),
            (b"SELECT 1 /* a /* b */ c;", "unterminated /* comment started at line 1", 1, 10, 9),
            (b"/* leading", "unterminated /* comment started at line 1", 1, 1, 0),
        ];
        for (input, message, line, column, offset) in cases {
            let p = split(input);
            let last = p.last().cloned();
            assert_eq!(
                last,
                Some(Piece::Problem { kind: ProblemKind::Unterminated, message: message.into(), line, column, offset }),
                "{}",
                String::from_utf8_lossy(input)
            );
            // The partial statement is not emitted.
            assert!(sqls(&p).iter().all(|s| *s == "SELECT 1"), "{p:?}");
        }
    }

    #[test]
    fn large_statement_and_long_dollar_tag() {
        let body = "x := x + 1; -- ;\n".repeat(200_000);
        let text = format!("CREATE FUNCTION big() RETURNS void AS $body$\n{body}$body$ LANGUAGE plpgsql;\nSELECT 1;");
        let p: Vec<Piece> = ScriptReader::new(Lumpy { data: text.as_bytes(), pos: 0, seed: 7 }).collect();
        assert_eq!(p.len(), 2);
        assert_eq!(sqls(&p)[0].len(), text.len() - ";\nSELECT 1;".len());
        assert_eq!(p[1], stmt("SELECT 1", 200_003, 1, (text.len() - 9) as u64));
        // A tag longer than the buffer: the buffer grows to hold it.
        let tag = format!("${}$", "t".repeat(100));
        let text = format!("SELECT {tag} ; {} {tag}; SELECT 2;", "$t$".repeat(50));
        assert_eq!(sqls(&split(text.as_bytes())).len(), 2);
    }

    #[test]
    fn io_error_ends_reading() {
        struct Failing(usize);
        impl Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let text = b"SELECT 1; SELECT 2";
                if self.0 >= text.len() {
                    return Err(io::Error::other("disk on fire"));
                }
                let k = (text.len() - self.0).min(buf.len());
                buf[..k].copy_from_slice(&text[self.0..self.0 + k]);
                self.0 += k;
                Ok(k)
            }
        }
        let p: Vec<Piece> = ScriptReader::new(Failing(0)).collect();
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0], stmt("SELECT 1", 1, 1, 0));
        assert!(
            matches!(&p[1], Piece::Problem { kind: ProblemKind::Io, message, .. } if message.contains("disk on fire"))
        );
    }

    #[test]
    fn gzip_is_detected() {
        use flate2::write::GzEncoder;
        use std::io::Write;
        let text = "SELECT 1;\nCOPY t FROM stdin;\n1\n\\.\n";
        // Two gzip members, as `cat a.gz b.gz` makes.
        let mut gz = Vec::new();
        for part in [&text[..10], &text[10..]] {
            let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::default());
            enc.write_all(part.as_bytes()).unwrap();
            gz.extend(enc.finish().unwrap());
        }
        let from_gz: Vec<Piece> = ScriptReader::new(open_maybe_gzip(io::Cursor::new(gz)).unwrap()).collect();
        let plain: Vec<Piece> =
            ScriptReader::new(open_maybe_gzip(io::Cursor::new(text.as_bytes().to_vec())).unwrap()).collect();
        assert_eq!(from_gz, plain);
        assert_eq!(copies(&plain), vec![(1, 2, true)]);
        for short in [&b""[..], b"S", b"\x1f"] {
            let mut out = Vec::new();
            open_maybe_gzip(io::Cursor::new(short.to_vec())).unwrap().read_to_end(&mut out).unwrap();
            assert_eq!(out, short);
        }
    }

    #[test]
    fn copy_statement_detection() {
        assert!(is_copy_from_stdin(b"COPY public.t (a, b) FROM stdin"));
        assert!(is_copy_from_stdin(b"copy t from STDIN with (format csv, delimiter ';')"));
        assert!(is_copy_from_stdin(b"COPY \"from\" FROM -- c\n stdin"));
        assert!(!is_copy_from_stdin(b"COPY t TO stdout"));
        assert!(!is_copy_from_stdin(b"COPY t FROM '/tmp/stdin'"));
        assert!(!is_copy_from_stdin(b"COPY (SELECT * FROM stdin) TO stdout"));
        assert!(!is_copy_from_stdin(b"SELECT 1 FROM stdin"));
        assert!(!is_copy_from_stdin(b"COPY t FROM \"stdin\""));
        assert!(!is_copy_from_stdin(b"COPY t FROM $$ $$ stdin"));
        assert!(!is_copy_from_stdin(b"COPY"));
    }

    fn fuzz_rounds() -> usize {
        std::env::var("SPLITTER_FUZZ_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(400)
    }

    /// Random soups of the characters that matter: no panic, no hang, and every way of reading agrees.
    #[test]
    fn random_inputs_agree_and_never_panic() {
        let atoms: &[&[u8]] = &[
            b"SELECT ",
            b";",
            b"'",
            b"''",
            b"E'",
            b"\\",
            b"\\\\",
            b"\\;",
            b"\"",
            b"$$",
            b"$a$",
            b"$1",
            b"--",
            b"/*",
            b"*/",
            b"(",
            b")",
            b"\n",
            b"\r\n",
            b"COPY t FROM stdin;\n",
            b"\\.\n",
            b"CREATE FUNCTION f() BEGIN ATOMIC ",
            b"CASE ",
            b"END",
            b"\xC3\xA9",
            b"\xFF",
            b"\0",
            b" ",
            b"x",
            b"\\copy t from stdin\n",
            b"U&'",
            b"\\g ",
        ];
        let mut seed = 1u64;
        for _ in 0..fuzz_rounds() {
            let mut input = Vec::new();
            seed = lcg(seed);
            let n = (seed >> 40) % 60;
            for _ in 0..n {
                seed = lcg(seed);
                input.extend_from_slice(atoms[((seed >> 33) % atoms.len() as u64) as usize]);
            }
            let p = split(&input);
            let mut last = 0;
            for piece in &p {
                let offset = match piece {
                    Piece::Statement { offset, .. } | Piece::Meta { offset, .. } => *offset,
                    _ => continue,
                };
                assert!(offset as usize <= input.len());
                if let Piece::Meta { .. } = piece {
                    assert!(offset >= last, "meta-commands come in stream order: {p:?}");
                    last = offset;
                }
            }
        }
    }

    /// Set ROLLCHECK_SPLITTER_DUMP to a plain pg_dump file to check a real dump: no problems, every COPY terminated.
    #[test]
    fn real_dump_from_environment() {
        let Ok(path) = std::env::var("ROLLCHECK_SPLITTER_DUMP") else { return };
        let file = std::fs::File::open(&path).unwrap();
        let p: Vec<Piece> = ScriptReader::new(open_maybe_gzip(file).unwrap()).collect();
        assert_eq!(problems(&p), vec![], "{path}");
        assert!(copies(&p).iter().all(|c| c.2));
        assert!(!sqls(&p).is_empty());
    }
}
