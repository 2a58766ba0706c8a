//! The browser's search language, close to Anki's where it makes sense.
//!
//! A query is words separated by spaces; an item matches when it matches every word (AND), and
//! `or` between two words matches either. A word is one of:
//! - plain text, or `"an exact phrase"`: found in the item's front, answer or explanation
//!   (ignoring case);
//! - `tag:storage`, `pack:k8s-workloads`, `kind:card|term|check|node`;
//! - `is:due|new|learning|review|suspended|buried|leech|flagged|edited`;
//! - `flag:0` (no flag) to `flag:4`;
//! - `prop:FIELD OP NUMBER` with FIELD `lapses`, `reps`, `ivl` (interval, days), `due` (days
//!   from today, negative when overdue), `s` (stability), `d` (difficulty), `r` (predicted
//!   recall, 0-1) and OP `<`, `<=`, `>`, `>=`, `=`, `!=`;
//! - any word preceded by `-` matches what it does not.
//!
//! A query that cannot be read says where (its character position) and why; parsing and matching
//! are linear in the query and the item's text.

/// A row the query is matched against: one item, with what the store knows of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row<'a> {
    /// Pack id.
    pub pack: &'a str,
    /// `card`, `term`, `check` or `node`.
    pub kind: &'a str,
    /// The texts searched by plain words, lower-cased by the caller.
    pub text: &'a str,
    /// Its tags.
    pub tags: &'a [String],
    /// Never answered.
    pub new: bool,
    /// In learning or relearning steps.
    pub learning: bool,
    /// Due now (learning or review).
    pub due: bool,
    /// Suspended.
    pub suspended: bool,
    /// Buried until tomorrow.
    pub buried: bool,
    /// A leech.
    pub leech: bool,
    /// The learner's own text replaces the pack's.
    pub edited: bool,
    /// Flag number, 0 for none.
    pub flag: u8,
    /// Lapses.
    pub lapses: u32,
    /// Answers.
    pub reps: u32,
    /// Interval in days.
    pub interval_days: u32,
    /// Days from today to its due date (`None` for new items).
    pub due_in_days: Option<i64>,
    /// FSRS stability.
    pub stability: Option<f32>,
    /// FSRS difficulty.
    pub difficulty: Option<f32>,
    /// Predicted recall now.
    pub recall: Option<f32>,
}

/// A query that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchError {
    /// The character position (from 1) where the problem starts.
    pub at: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at character {}: {}", self.at, self.message)
    }
}

/// A numeric property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prop {
    Lapses,
    Reps,
    Interval,
    Due,
    Stability,
    Difficulty,
    Recall,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Due,
    New,
    Learning,
    Review,
    Suspended,
    Buried,
    Leech,
    Flagged,
    Edited,
}

/// One condition.
#[derive(Debug, Clone, PartialEq)]
enum Test {
    Text(String),
    Tag(String),
    Pack(String),
    Kind(String),
    Is(State),
    Flag(u8),
    Prop(Prop, Op, f64),
}

/// One word: a condition, maybe negated.
#[derive(Debug, Clone, PartialEq)]
struct Word {
    negated: bool,
    test: Test,
}

/// A parsed query: every group must match; a group matches when one of its words does.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    groups: Vec<Vec<Word>>,
}

/// The longest query read (a search box, not a document).
pub const MAX_QUERY_CHARS: usize = 2000;

impl Query {
    /// Reads `text`.
    pub fn parse(text: &str) -> Result<Self, SearchError> {
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(SearchError {
                at: MAX_QUERY_CHARS + 1,
                message: format!("a search is at most {MAX_QUERY_CHARS} characters"),
            });
        }
        let mut groups: Vec<Vec<Word>> = Vec::new();
        let mut join_next = false;
        for (at, raw, quoted) in tokens(text)? {
            if !quoted && raw.eq_ignore_ascii_case("or") {
                if groups.is_empty() || join_next {
                    return Err(SearchError {
                        at,
                        message: "`or` needs a word before and after it".to_owned(),
                    });
                }
                join_next = true;
                continue;
            }
            let word = word(at, &raw, quoted)?;
            match groups.last_mut() {
                Some(group) if join_next => group.push(word),
                _ => groups.push(vec![word]),
            }
            join_next = false;
        }
        if join_next {
            return Err(SearchError {
                at: text.chars().count(),
                message: "`or` needs a word after it".to_owned(),
            });
        }
        Ok(Self { groups })
    }

    /// Whether the query has no words (it matches everything).
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Whether `row` matches.
    pub fn matches(&self, row: &Row<'_>) -> bool {
        self.groups
            .iter()
            .all(|group| group.iter().any(|w| w.test.holds(row) != w.negated))
    }
}

impl Test {
    fn holds(&self, row: &Row<'_>) -> bool {
        match self {
            Self::Text(t) => row.text.contains(t.as_str()),
            Self::Tag(t) => row.tags.iter().any(|tag| tag.eq_ignore_ascii_case(t)),
            Self::Pack(p) => row.pack.eq_ignore_ascii_case(p),
            Self::Kind(k) => row.kind == k,
            Self::Flag(n) => row.flag == *n,
            Self::Is(state) => match state {
                State::Due => row.due,
                State::New => row.new,
                State::Learning => row.learning,
                State::Review => !row.new && !row.learning,
                State::Suspended => row.suspended,
                State::Buried => row.buried,
                State::Leech => row.leech,
                State::Flagged => row.flag != 0,
                State::Edited => row.edited,
            },
            Self::Prop(prop, op, value) => {
                let found = match prop {
                    Prop::Lapses => Some(f64::from(row.lapses)),
                    Prop::Reps => Some(f64::from(row.reps)),
                    Prop::Interval => Some(f64::from(row.interval_days)),
                    #[allow(clippy::cast_precision_loss)] // Days: small numbers.
                    Prop::Due => row.due_in_days.map(|d| d as f64),
                    Prop::Stability => row.stability.map(f64::from),
                    Prop::Difficulty => row.difficulty.map(f64::from),
                    Prop::Recall => row.recall.map(f64::from),
                };
                found.is_some_and(|found| compare(found, *op, *value))
            }
        }
    }
}

fn compare(found: f64, op: Op, value: f64) -> bool {
    let eq = (found - value).abs() < 1e-9;
    match op {
        Op::Lt => found < value,
        Op::Le => found <= value,
        Op::Gt => found > value,
        Op::Ge => found >= value,
        Op::Eq => eq,
        Op::Ne => !eq,
    }
}

/// The words of `text`: (character position from 1, the word, whether it opens with a quote,
/// which makes it plain text: `"is:due"` looks for those letters). A quote may also follow
/// `field:` (`tag:"two words"`).
fn tokens(text: &str) -> Result<Vec<(usize, String, bool)>, SearchError> {
    let mut out = Vec::new();
    let mut chars = text.chars().enumerate().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let start = i + 1;
        let mut word = String::new();
        let mut quoted = false;
        let mut in_quote = false;
        let mut quote_at = 0;
        while let Some(&(j, c)) = chars.peek() {
            if c == '"' {
                // A quote that opens the word (or follows its `-`) makes it plain text.
                quoted |= word.is_empty() || word == "-";
                in_quote = !in_quote;
                quote_at = j + 1;
                chars.next();
                continue;
            }
            if c.is_whitespace() && !in_quote {
                break;
            }
            word.push(c);
            chars.next();
        }
        if in_quote {
            return Err(SearchError {
                at: quote_at,
                message: "this quote is not closed".to_owned(),
            });
        }
        out.push((start, word, quoted));
    }
    Ok(out)
}

/// One word at `at`.
fn word(at: usize, raw: &str, quoted: bool) -> Result<Word, SearchError> {
    let (negated, body) = match raw.strip_prefix('-') {
        Some(rest) if !rest.is_empty() => (true, rest),
        _ => (false, raw),
    };
    let at_body = at + usize::from(negated);
    let err = |offset: usize, message: String| SearchError {
        at: at_body + offset,
        message,
    };
    let test = match body.split_once(':') {
        Some((field, value))
            if !quoted && !field.is_empty() && field.chars().all(char::is_alphabetic) =>
        {
            let value_at = field.chars().count() + 1;
            if value.is_empty() {
                return Err(err(value_at, format!("`{field}:` needs a value")));
            }
            field_test(&field.to_lowercase(), value).map_err(|message| err(value_at, message))?
        }
        _ if body.is_empty() => {
            return Err(err(0, "an empty phrase".to_owned()));
        }
        _ => Test::Text(body.to_lowercase()),
    };
    Ok(Word { negated, test })
}

/// The condition of `field:value`.
fn field_test(field: &str, value: &str) -> Result<Test, String> {
    let lower = value.to_lowercase();
    Ok(match field {
        "tag" => Test::Tag(lower),
        "pack" | "deck" => Test::Pack(lower),
        "kind" => match lower.as_str() {
            "card" | "term" | "check" | "node" | "task" => Test::Kind(lower),
            _ => {
                return Err(format!(
                    "`kind:{value}`: a kind is card, term, check or node"
                ));
            }
        },
        "is" => Test::Is(match lower.as_str() {
            "due" => State::Due,
            "new" => State::New,
            "learn" | "learning" => State::Learning,
            "review" => State::Review,
            "suspended" => State::Suspended,
            "buried" => State::Buried,
            "leech" => State::Leech,
            "flagged" => State::Flagged,
            "edited" => State::Edited,
            _ => {
                return Err(format!(
                    "`is:{value}`: use due, new, learning, review, suspended, buried, leech, \
                     flagged or edited"
                ));
            }
        }),
        "flag" => match lower.parse::<u8>() {
            Ok(n) if n <= 4 => Test::Flag(n),
            _ => return Err(format!("`flag:{value}`: a flag is 0 (none) to 4")),
        },
        "prop" => prop_test(&lower)?,
        _ => {
            return Err(format!(
                "unknown field `{field}:` (use tag, pack, kind, is, flag or prop)"
            ));
        }
    })
}

/// `lapses>3` and the like.
fn prop_test(text: &str) -> Result<Test, String> {
    let at = text
        .find(['<', '>', '=', '!'])
        .ok_or_else(|| format!("`prop:{text}` needs a comparison, as in prop:lapses>3"))?;
    let (name, rest) = text.split_at(at);
    let prop = match name {
        "lapses" => Prop::Lapses,
        "reps" => Prop::Reps,
        "ivl" | "interval" => Prop::Interval,
        "due" => Prop::Due,
        "s" | "stability" => Prop::Stability,
        "d" | "difficulty" => Prop::Difficulty,
        "r" | "recall" => Prop::Recall,
        _ => {
            return Err(format!(
                "`prop:{name}`: use lapses, reps, ivl, due, s, d or r"
            ));
        }
    };
    let (op, number) = [
        ("<=", Op::Le),
        (">=", Op::Ge),
        ("!=", Op::Ne),
        ("<", Op::Lt),
        (">", Op::Gt),
        ("=", Op::Eq),
    ]
    .into_iter()
    .find_map(|(sign, op)| rest.strip_prefix(sign).map(|n| (op, n)))
    .ok_or_else(|| format!("`{rest}`: compare with <, <=, >, >=, = or !="))?;
    let value: f64 = number
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| format!("`{number}` is not a number"))?;
    Ok(Test::Prop(prop, op, value))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn row() -> Row<'static> {
        static TAGS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        Row {
            pack: "k8s-workloads",
            kind: "card",
            text: "which controller keeps a set of pods running? replicaset",
            tags: TAGS.get_or_init(|| vec!["storage".to_owned(), "kcna".to_owned()]),
            lapses: 4,
            reps: 9,
            interval_days: 12,
            due_in_days: Some(-2),
            stability: Some(11.5),
            recall: Some(0.82),
            flag: 1,
            due: true,
            ..Row::default()
        }
    }

    fn hits(query: &str) -> bool {
        Query::parse(query).unwrap().matches(&row())
    }

    #[test]
    fn each_kind_of_word_matches_as_documented() {
        for yes in [
            "",
            "replicaset",
            "\"set of pods\"",
            "tag:storage pack:k8s-workloads",
            "TAG:Storage",
            "kind:card is:due flag:1 is:flagged",
            "prop:lapses>3 prop:ivl>=12 prop:due<0 prop:s>11 prop:r<0.9 prop:reps!=8",
            "-is:suspended -tag:security",
            "tag:security or tag:kcna",
            "nothing or replicaset or other",
            "is:review",
            "\"keeps a\" -\"set of nodes\"",
        ] {
            assert!(hits(yes), "{yes}");
        }
        for no in [
            "daemonset",
            "\"pods set\"",
            "tag:stor",
            "pack:other",
            "kind:term",
            "is:new",
            "is:suspended",
            "flag:2",
            "flag:0",
            "prop:lapses>4",
            "prop:d>1",
            "-replicaset",
            "replicaset tag:security",
            "tag:security or is:leech",
            "\"is:due\"",
        ] {
            assert!(!hits(no), "{no}");
        }
    }

    #[test]
    fn bad_queries_say_where_and_why() {
        for (query, at, says) in [
            ("tag:", 5, "needs a value"),
            ("is:done", 4, "use due, new"),
            ("foo:bar", 5, "unknown field `foo:`"),
            ("flag:7", 6, "0 (none) to 4"),
            ("prop:lapses", 6, "needs a comparison"),
            ("prop:size>3", 6, "use lapses"),
            ("prop:lapses>x", 6, "`x` is not a number"),
            ("prop:lapses>nan", 6, "not a number"),
            ("a \"open", 3, "not closed"),
            ("or a", 1, "`or` needs"),
            ("a or", 4, "`or` needs a word after"),
            ("a or or b", 6, "`or` needs"),
            ("-is:x", 5, "use due"),
        ] {
            let e = Query::parse(query).unwrap_err();
            assert_eq!(e.at, at, "{query}: {e}");
            assert!(e.message.contains(says), "{query}: {e}");
        }
        let long = "a ".repeat(MAX_QUERY_CHARS);
        assert!(Query::parse(&long).is_err());
    }
}
