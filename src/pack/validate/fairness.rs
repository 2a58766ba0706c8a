//! Multiple choice that can be passed by form alone: a right option that stands out from its
//! distractors, so a learner who does not know the answer can still pick it.
//!
//! An option's [`Form`] is what a reader sees before reading it: its length, how it ends, how it
//! starts, whether it has inline code, whether it has a bracketed aside. A card is flagged when
//! its right option differs from its distractors by one of these [`Tell`]s:
//!
//! - length: the right option is longer than every distractor by more than [`LENGTH_RATIO`]
//!   (and by at least [`LENGTH_SLACK`] characters), or every distractor is that much longer
//!   than it; backticks do not count;
//! - ending, start, inline code, aside: the right option's kind (ends with a full stop, starts
//!   with a capital, has code, has an aside in brackets) is shared by no distractor; this also
//!   catches the reverse, a right option that is the only one without it.
//!
//! A pack is flagged as a whole when its right options are the longest (or the shortest) option
//! far more often than chance: each card alone may pass while "pick the longest" still wins.
//!
//! Everything here is linear in the length of the options, and the pack check in the number of
//! cards.

use super::{Path, Reporter, join};
use crate::pack::locate::Step;
use crate::pack::model::{Answer, Card};
use crate::pack::parsed::Parsed;

/// The right option is flagged when it is longer than every distractor by more than this ratio
/// (or every distractor is longer than it by more than this ratio). Measured on the built-in
/// cards: fair cards stay under 1.3 and every card above it reads as a giveaway.
pub const LENGTH_RATIO: f64 = 1.3;
/// ... and by at least this many characters, so that short names ("etcd" among "kubelet" and
/// "CoreDNS") are not flagged for a few letters.
pub const LENGTH_SLACK: usize = 5;
/// A pack is checked for length bias from this many multiple-choice cards on.
pub const BIAS_MIN_CARDS: usize = 8;
/// A pack is flagged when its right options are the longest (or shortest) more often than
/// chance by more than this many standard deviations (3: about one fair pack in 700).
pub const BIAS_SIGMAS: f64 = 3.0;

/// How an option ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// With a full stop, question mark, exclamation mark or ellipsis.
    Stop,
    /// With a comma, colon or semicolon.
    Mark,
    /// With a closing bracket.
    Bracket,
    /// With anything else: a letter, a digit, code.
    Plain,
}

/// How an option starts (after any opening backtick, quote or bracket).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Initial {
    /// With a capital letter.
    Upper,
    /// With a lowercase letter.
    Lower,
    /// With something else: a digit, a symbol.
    Other,
}

/// What a reader sees of an option before reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Form {
    /// Length in characters, leading and trailing space and backticks not counted.
    pub chars: usize,
    /// How it ends.
    pub ending: Ending,
    /// How it starts.
    pub initial: Initial,
    /// Whether it has inline code (a pair of backticks).
    pub code: bool,
    /// Whether it has an aside in brackets, outside inline code.
    pub aside: bool,
    /// Whether it is more than one word: a single word's capital is its own (a name such as
    /// `CoreDNS` among `etcd` and `kubelet`), not a tell.
    pub phrase: bool,
}

/// Characters that wrap an option's text without being its first or last word.
fn wrapper(c: char) -> bool {
    matches!(c, '`' | '"' | '\'' | '“' | '”' | '‘' | '’')
}

impl Form {
    /// The form of `text`.
    pub fn of(text: &str) -> Self {
        let text = text.trim();
        let mut chars = 0;
        let mut ticks = 0;
        let mut aside = false;
        for c in text.chars() {
            if c == '`' {
                ticks += 1;
            } else {
                chars += 1;
                aside |= c == '(' && ticks % 2 == 0;
            }
        }
        // An option that ends in inline code ends without punctuation, whatever the code is.
        let quote = |c| wrapper(c) && c != '`';
        let last = text.trim_end_matches(quote).trim_end().chars().next_back();
        let ending = match last {
            Some('.' | '!' | '?' | '…') => Ending::Stop,
            Some(',' | ':' | ';') => Ending::Mark,
            Some(')' | ']' | '}') => Ending::Bracket,
            _ => Ending::Plain,
        };
        let first = text
            .trim_start_matches(|c| wrapper(c) || c == '(')
            .chars()
            .next();
        let initial = match first {
            Some(c) if c.is_uppercase() => Initial::Upper,
            Some(c) if c.is_lowercase() => Initial::Lower,
            _ => Initial::Other,
        };
        Self {
            chars,
            ending,
            initial,
            code: ticks >= 2,
            aside,
            phrase: text.split_whitespace().nth(1).is_some(),
        }
    }
}

/// A way an option stands out from the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tell {
    /// Longer than every other option by more than [`LENGTH_RATIO`].
    Longer,
    /// Shorter than every other option by more than [`LENGTH_RATIO`].
    Shorter,
    /// The only one that ends as it does.
    Ending,
    /// The only one that starts as it does.
    Initial,
    /// The only one with inline code, or the only one without.
    Code,
    /// The only one with an aside in brackets, or the only one without.
    Aside,
}

impl Tell {
    /// Every tell, in the order messages list them.
    pub const ALL: [Self; 6] = [
        Self::Longer,
        Self::Shorter,
        Self::Ending,
        Self::Initial,
        Self::Code,
        Self::Aside,
    ];

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// A set of [`Tell`]s.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tells(u8);

impl Tells {
    /// Whether `tell` is in the set.
    pub fn contains(self, tell: Tell) -> bool {
        self.0 & tell.bit() != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The tells in the set, in [`Tell::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Tell> {
        Tell::ALL.into_iter().filter(move |t| self.contains(*t))
    }

    fn insert(&mut self, tell: Tell) {
        self.0 |= tell.bit();
    }

    fn remove(&mut self, tell: Tell) {
        self.0 &= !tell.bit();
    }
}

/// Whether `a` is longer than `b` by more than the length rule allows.
fn much_longer(a: usize, b: usize) -> bool {
    a >= b + LENGTH_SLACK && a as f64 > b as f64 * LENGTH_RATIO
}

/// The tells by which `option` stands out from `others` (none when there are no others).
pub fn tells(option: &Form, others: &[Form]) -> Tells {
    let mut found = Tells::default();
    let (Some(longest), Some(shortest)) = (
        others.iter().map(|f| f.chars).max(),
        others.iter().map(|f| f.chars).min(),
    ) else {
        return found;
    };
    if much_longer(option.chars, longest) {
        found.insert(Tell::Longer);
    }
    if much_longer(shortest, option.chars) {
        found.insert(Tell::Shorter);
    }
    let unshared = |same: fn(&Form, &Form) -> bool| others.iter().all(|o| !same(option, o));
    for (tell, same) in [
        (
            Tell::Ending,
            (|a, b| a.ending == b.ending) as fn(&Form, &Form) -> bool,
        ),
        // A single word starts as its name is spelt.
        (Tell::Initial, |a, b| a.initial == b.initial || !a.phrase),
        (Tell::Code, |a, b| a.code == b.code),
        (Tell::Aside, |a, b| a.aside == b.aside),
    ] {
        if unshared(same) {
            found.insert(tell);
        }
    }
    found
}

/// For each option, the tells by which it stands out from all the others: the "odd ones out"
/// of one question, used to compare how often the right option is odd with chance.
pub fn odd_ones(options: &[&str]) -> Vec<Tells> {
    let forms: Vec<Form> = options.iter().map(|o| Form::of(o)).collect();
    let mut others = Vec::with_capacity(forms.len());
    (0..forms.len())
        .map(|i| {
            others.clear();
            others.extend(
                forms
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, f)| *f),
            );
            forms
                .get(i)
                .map_or_else(Tells::default, |f| tells(f, &others))
        })
        .collect()
}

/// What `tell` says about an option of form `right`, compared with the `others` (each called
/// `other`: "distractor" for a right option, "other option" for a distractor); it reads after
/// "the right option" or "the distractor".
fn describe(tell: Tell, right: &Form, others: &[Form], other: &str) -> String {
    let longest = others.iter().map(|f| f.chars).max().unwrap_or(0);
    let shortest = others.iter().map(|f| f.chars).min().unwrap_or(0);
    let percent = ((LENGTH_RATIO - 1.0) * 100.0).round();
    let has = |yes: bool, what: &str, none: &str| {
        if yes {
            format!("has {what} where no {other} has")
        } else {
            format!("has {none} where every {other} has")
        }
    };
    match tell {
        Tell::Longer => format!(
            "is over {percent}% longer than every {other} ({} characters, the longest \
             {other} {longest})",
            right.chars
        ),
        Tell::Shorter => format!(
            "is so short that every {other} is over {percent}% longer ({} characters, the \
             shortest {other} {shortest})",
            right.chars
        ),
        Tell::Ending => match right.ending {
            Ending::Plain => format!("ends without punctuation where every {other} has some"),
            Ending::Stop => format!("ends with a full stop (or ? ! …) where no {other} does"),
            Ending::Mark => format!("ends with a comma, colon or semicolon where no {other} does"),
            Ending::Bracket => format!("ends with a closing bracket where no {other} does"),
        },
        Tell::Initial => {
            let how = match right.initial {
                Initial::Upper => "a capital letter",
                Initial::Lower => "a lowercase letter",
                Initial::Other => "a character that is not a letter",
            };
            format!("starts with {how} where no {other} does")
        }
        Tell::Code => has(right.code, "inline code", "no inline code"),
        Tell::Aside => has(right.aside, "an aside in brackets", "no aside in brackets"),
    }
}

/// `items` as an English list: "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Reports a multiple-choice card (`Text` or `Set` answer with distractors) whose right option
/// stands out from its distractors by form.
pub fn card_form(card: &Card, file: usize, base: &[Step<'static>], report: &mut Reporter<'_>) {
    let parts = match &card.answer {
        Answer::Text(text) => std::slice::from_ref(text),
        Answer::Set(parts) => parts.as_slice(),
        Answer::Ordered(_) | Answer::Cloze => return,
    };
    if card.distractors.is_empty() {
        return;
    }
    let others: Vec<Form> = card.distractors.iter().map(|d| Form::of(d)).collect();
    let path = || -> Path { join(base, &[Step::Field("answer")]) };
    for part in parts {
        let form = Form::of(part);
        let found = tells(&form, &others);
        if found.is_empty() {
            continue;
        }
        let why: Vec<String> = found
            .iter()
            .map(|t| describe(t, &form, &others, "distractor"))
            .collect();
        let which = match &card.answer {
            Answer::Set(_) => format!("the right option `{part}`"),
            _ => "the right option".to_owned(),
        };
        let message = format!(
            "multiple choice gives the answer away: {which} {}; write all options alike in form \
             (length, final punctuation, capitals, code, asides) so it cannot be picked unread",
            and_list(&why)
        );
        report.at(file, &path(), card.id.as_str(), message);
    }
    // A distractor that stands out is as much a tell: a learner rules it out unread, and across
    // many cards "never the odd one" picks the answer.
    let all: Vec<Form> = parts.iter().map(|p| Form::of(p)).chain(others).collect();
    let mut rest = Vec::with_capacity(all.len());
    for (i, distractor) in card.distractors.iter().enumerate() {
        let at = parts.len() + i;
        let Some(form) = all.get(at) else {
            continue;
        };
        rest.clear();
        rest.extend(
            all.iter()
                .enumerate()
                .filter(|(j, _)| *j != at)
                .map(|(_, f)| *f),
        );
        let mut found = tells(form, &rest);
        if !form.phrase {
            // A single word's length is its name's (`kubelet` among `kube-scheduler`).
            found.remove(Tell::Longer);
            found.remove(Tell::Shorter);
        }
        if found.is_empty() {
            continue;
        }
        let why: Vec<String> = found
            .iter()
            .map(|t| describe(t, form, &rest, "other option"))
            .collect();
        let message = format!(
            "multiple choice lets a distractor be ruled out unread: \"{distractor}\" {}; write \
             all options alike in form (length, final punctuation, capitals, code, asides)",
            and_list(&why)
        );
        let path = join(base, &[Step::Field("distractors"), Step::Index(i)]);
        report.at(file, &path, card.id.as_str(), message);
    }
}

/// How often the right option has a property, against how often chance would give it.
///
/// Each question adds how many of its options have the property (`marked`), how many are right
/// and whether the right one has it. If the right option were placed among the others without
/// regard to form, it would have the property with probability `marked / options`: the count
/// observed is then near `expected`, within a few standard deviations (`variance` is the
/// hypergeometric one, so questions with several right options count too).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Chance {
    /// Questions counted.
    pub questions: usize,
    /// Right options that have the property.
    pub observed: usize,
    /// How many chance gives.
    pub expected: f64,
    /// The variance of the count under chance.
    pub variance: f64,
}

impl Chance {
    /// Counts one question of `options` options, `rights` of them right and `marked` of them
    /// with the property, `hits` of which are right.
    pub fn add(&mut self, hits: usize, marked: usize, rights: usize, options: usize) {
        if options < 2 || rights == 0 || rights > options || marked > options {
            return;
        }
        let (k, m, r) = (options as f64, marked as f64, rights as f64);
        let p = r / k;
        self.questions += 1;
        self.observed += hits;
        self.expected += m * p;
        self.variance += m * p * (1.0 - p) * (k - m) / (k - 1.0);
    }

    /// How many standard deviations the count is from chance: positive when right options have
    /// the property more often than chance gives.
    pub fn sigmas(&self) -> f64 {
        let gap = self.observed as f64 - self.expected;
        if self.variance <= f64::EPSILON {
            return if gap.abs() < 0.5 {
                0.0
            } else {
                gap.signum() * f64::INFINITY
            };
        }
        gap / self.variance.sqrt()
    }
}

/// How often, in one pack, the right option is the longest, or the shortest, of its question.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LengthBias {
    /// The right option is longer than every other option.
    pub longest: Chance,
    /// The right option is shorter than every other option.
    pub shortest: Chance,
}

impl LengthBias {
    /// Counts one single-answer question: the right option's length and the distractors'.
    pub fn add(&mut self, right: usize, distractors: &[usize]) {
        let options = distractors.len() + 1;
        let all = || std::iter::once(right).chain(distractors.iter().copied());
        let (Some(max), Some(min)) = (all().max(), all().min()) else {
            return;
        };
        // An extreme shared by two options marks neither.
        let unique = |value: usize| usize::from(all().filter(|&l| l == value).count() == 1);
        let (long, short) = (unique(max), unique(min));
        self.longest
            .add(long * usize::from(right == max), long, 1, options);
        self.shortest
            .add(short * usize::from(right == min), short, 1, options);
    }

    /// Whether the right option is the longest, or the shortest, suspiciously often.
    pub fn biased(&self) -> bool {
        self.longest.questions >= BIAS_MIN_CARDS
            && (self.longest.sigmas().abs() > BIAS_SIGMAS
                || self.shortest.sigmas().abs() > BIAS_SIGMAS)
    }
}

/// The length bias of single-answer multiple-choice cards and primer checks.
pub fn length_bias<'c>(cards: impl IntoIterator<Item = &'c Card>) -> LengthBias {
    let mut bias = LengthBias::default();
    let mut lengths = Vec::new();
    for card in cards {
        if let Answer::Text(right) = &card.answer {
            lengths.clear();
            lengths.extend(card.distractors.iter().map(|d| Form::of(d).chars));
            bias.add(Form::of(right).chars, &lengths);
        }
    }
    bias
}

/// Reports a pack whose right options are the longest (or shortest) option far more often
/// than chance.
pub fn pack_form(parsed: &Parsed, report: &mut Reporter<'_>) {
    let checks = parsed
        .primers()
        .flat_map(|(p, _)| p.sections.iter().flat_map(|s| s.checks.iter()));
    let bias = length_bias(parsed.cards().map(|(c, _)| c).chain(checks));
    if !bias.biased() {
        return;
    }
    let (which, count) = if bias.longest.sigmas().abs() >= bias.shortest.sigmas().abs() {
        ("longest", bias.longest)
    } else {
        ("shortest", bias.shortest)
    };
    let message = if count.sigmas() > 0.0 {
        format!(
            "multiple choice can be passed by length: in {} of {} questions the right option is \
             the {which} one, where chance gives about {:.0}; vary which option is the {which}",
            count.observed, count.questions, count.expected
        )
    } else {
        format!(
            "multiple choice can be passed by length: in only {} of {} questions the right option \
             is the {which} one, where chance gives about {:.0}, so the {which} option can be \
             ruled out; vary which option is the {which}",
            count.observed, count.questions, count.expected
        )
    };
    report.at(0, &[], parsed.manifest.id.as_str(), message);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tells_of(right: &str, distractors: &[&str]) -> Vec<Tell> {
        let others: Vec<Form> = distractors.iter().map(|d| Form::of(d)).collect();
        tells(&Form::of(right), &others).iter().collect()
    }

    #[test]
    fn forms() {
        let f = Form::of("  `etcdctl snapshot save <file>` (on a member).  ");
        assert_eq!(f.chars, 43, "backticks and outer space not counted");
        assert_eq!(
            (f.ending, f.initial, f.code, f.aside),
            (Ending::Stop, Initial::Lower, true, true)
        );
        let f = Form::of("`$(cat token)`");
        assert_eq!((f.ending, f.aside), (Ending::Plain, false), "code only");
        assert_eq!(Form::of("6443 (HTTPS)").ending, Ending::Bracket);
        assert_eq!(Form::of("Taints on nodes;").ending, Ending::Mark);
        assert_eq!(Form::of("“Quoted.”").ending, Ending::Stop);
        assert_eq!(Form::of("(optional) Foo").initial, Initial::Lower);
        assert_eq!(Form::of("Étoile").initial, Initial::Upper);
        assert_eq!(Form::of("").initial, Initial::Other);
        assert_eq!(Form::of("").chars, 0);
    }

    /// Cards that must be flagged, with what for, and cards that must not.
    #[test]
    fn flags_giveaways_and_nothing_else() {
        use Tell::*;
        let cases: [(&str, &[&str], &[Tell]); 17] = [
            // From the built-in packs before they were fixed.
            (
                "The kubelet, as a systemd service",
                &["kube-apiserver", "etcd", "kube-proxy"],
                &[Longer, Initial],
            ),
            (
                "6443 (HTTPS)",
                &["2379", "10250", "8080"],
                &[Longer, Ending, Aside],
            ),
            (
                "Watch: a client watches a key or prefix and gets an event for every change.",
                &["Lease", "Compaction", "Snapshot"],
                &[Longer, Ending],
            ),
            (
                "systemd (the `kubelet.service` unit)",
                &[
                    "kube-controller-manager",
                    "A DaemonSet in kube-system",
                    "A static Pod",
                ],
                &[Longer, Ending, Code, Aside],
            ),
            (
                "On every node, usually as a DaemonSet in kube-system.",
                &[
                    "Only on control-plane nodes, as a static Pod",
                    "As a single Deployment",
                ],
                &[Ending],
            ),
            // The reverse: the only one without.
            ("etcd", &["`kubelet`", "`CoreDNS`", "`kube-proxy`"], &[Code]),
            ("Pods", &["Nodes.", "Services.", "Volumes."], &[Ending]),
            ("a", &["the long option", "another long one"], &[Shorter]),
            // A single word is spelt as its name is: its capital tells nothing.
            ("kubelet", &["Kube-proxy", "CoreDNS", "Etcd"], &[]),
            (
                "the kubelet on each node",
                &["The API server", "The scheduler on nodes", "Each sidecar"],
                &[Initial],
            ),
            // Fair cards.
            ("Raft", &["Paxos", "Gossip", "Two-phase commit"], &[]),
            ("2", &["1", "3", "4"], &[]),
            ("etcd", &["kubelet", "CoreDNS", "kube-proxy"], &[]),
            (
                "`kubeadm upgrade plan`",
                &[
                    "`kubeadm upgrade apply`",
                    "`kubeadm upgrade node`",
                    "`kubectl version`",
                ],
                &[],
            ),
            (
                "Horizontally, by running more instances",
                &[
                    "Vertically only, as a single instance",
                    "By electing a leader",
                    "By sharding",
                ],
                &[],
            ),
            (
                "RollingUpdate",
                &["Recreate", "OnDelete", "Blue/green"],
                &[],
            ),
            (
                "Taints on nodes, tolerations on Pods.",
                &["Taints on Pods, tolerations on nodes.", "Both on nodes."],
                &[],
            ),
        ];
        for (right, distractors, expected) in cases {
            assert_eq!(tells_of(right, distractors), expected, "{right:?}");
        }
        assert!(
            tells_of("alone", &[]).is_empty(),
            "no distractors, nothing to compare"
        );
    }

    #[test]
    fn length_rule_has_a_ratio_and_a_slack() {
        // 26 is 30% longer than 20 but not more: not flagged; 27 is.
        assert!(tells_of(&"a".repeat(26), &["b".repeat(20).as_str()]).is_empty());
        assert_eq!(
            tells_of(&"a".repeat(27), &["b".repeat(20).as_str()]),
            [Tell::Longer]
        );
        assert_eq!(
            tells_of(&"a".repeat(20), &["b".repeat(27).as_str()]),
            [Tell::Shorter]
        );
        // Twice as long but only 4 characters more: too short to tell.
        assert!(tells_of("abcdefgh", &["abcd"]).is_empty());
    }

    #[test]
    fn odd_ones_compares_each_option_with_the_rest() {
        let odd = odd_ones(&["A long sentence that ends.", "short", "brief", "tiny"]);
        assert!(odd.first().is_some_and(|t| t.contains(Tell::Longer)));
        assert!(odd.first().is_some_and(|t| t.contains(Tell::Ending)));
        assert!(odd.iter().skip(1).all(|t| !t.contains(Tell::Ending)));
        assert_eq!(odd_ones(&["only"]), [Tells::default()]);
    }

    #[test]
    fn length_bias_against_chance() {
        let mut bias = LengthBias::default();
        for _ in 0..20 {
            bias.add(30, &[10, 12, 14]);
        }
        assert_eq!(bias.longest.observed, 20);
        assert_eq!(bias.shortest.observed, 0);
        assert!((bias.longest.expected - 5.0).abs() < 1e-9);
        assert!(bias.biased());
        // Right option longest one time in four, shortest one time in four: chance.
        let mut fair = LengthBias::default();
        for right in [30, 5, 15, 22].into_iter().cycle().take(20) {
            fair.add(right, &[10, 20, 25]);
        }
        assert_eq!((fair.longest.observed, fair.shortest.observed), (5, 5));
        assert!(fair.longest.sigmas().abs() < 0.01, "{fair:?}");
        assert!(!fair.biased());
        // Ties mark no option: four options of one length say nothing.
        let mut ties = LengthBias::default();
        for _ in 0..20 {
            ties.add(4, &[4, 4, 4]);
        }
        assert_eq!(ties.longest.expected, 0.0);
        assert!(!ties.biased());
        // Too few cards to judge.
        let mut few = LengthBias::default();
        for _ in 0..BIAS_MIN_CARDS - 1 {
            few.add(30, &[1, 2, 3]);
        }
        assert!(!few.biased());
        few.add(2, &[]);
        assert_eq!(
            few.longest.questions,
            BIAS_MIN_CARDS - 1,
            "a card without distractors is not counted"
        );
    }

    #[test]
    fn chance_counts_sets_too() {
        // Two right options of four, one marked option, and it is right: half the time by
        // chance.
        let mut chance = Chance::default();
        for i in 0..100 {
            chance.add(i % 2, 1, 2, 4);
        }
        assert_eq!(chance.observed, 50);
        assert!((chance.expected - 50.0).abs() < 1e-9);
        assert!(chance.sigmas().abs() < 1e-9);
        chance.add(1, 5, 1, 4);
        assert_eq!(chance.questions, 100, "more marked than options: ignored");
    }
}
