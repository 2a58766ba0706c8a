//! The collection an `.apkg` export holds, as Anki's schema 11 lays it out: its tables, and the
//! JSON of its configuration, decks, deck options and our two note types.

use serde_json::{Value, json};

use super::export::fnv;
use crate::progress::types::Timestamp;

/// The note type of cards and glossary terms.
pub(super) const CARD_MODEL: i64 = 1_733_000_000_001;
/// The note type of cloze cards.
pub(super) const CLOZE_MODEL: i64 = 1_733_000_000_002;
/// The schema-11 tables, as Anki creates them.
pub(super) const SCHEMA: &str = "
CREATE TABLE col (id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL,
  scm integer NOT NULL, ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL,
  ls integer NOT NULL, conf text NOT NULL, models text NOT NULL, decks text NOT NULL,
  dconf text NOT NULL, tags text NOT NULL);
CREATE TABLE notes (id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL,
  mod integer NOT NULL, usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL,
  sfld integer NOT NULL, csum integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE cards (id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL,
  ord integer NOT NULL, mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL,
  queue integer NOT NULL, due integer NOT NULL, ivl integer NOT NULL, factor integer NOT NULL,
  reps integer NOT NULL, lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL,
  odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE revlog (id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL,
  ease integer NOT NULL, ivl integer NOT NULL, lastIvl integer NOT NULL, factor integer NOT NULL,
  time integer NOT NULL, type integer NOT NULL);
CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
";

/// A stable deck id from the pack id (the same pack lands in the same Anki deck).
pub(super) fn deck_id(pack: &str) -> i64 {
    let hash = fnv("deck", pack);
    1_700_000_000_000 + i64::try_from(hash % 100_000_000_000).unwrap_or(0)
}

pub(super) fn collection_conf(deck: i64) -> Value {
    json!({
        "activeDecks": [deck], "curDeck": deck, "newSpread": 0, "collapseTime": 1200,
        "timeLim": 0, "estTimes": true, "dueCounts": true, "curModel": CARD_MODEL,
        "nextPos": 1, "sortType": "noteFld", "sortBackwards": false, "addToCur": true,
        "schedVer": 2, "sched2021": true, "dayLearnFirst": false, "creationOffset": 0
    })
}

const CSS: &str = ".card { font-family: sans-serif; font-size: 20px; line-height: 1.5; \
    text-align: left; color: black; background-color: white; }\n\
    .explanation { margin-top: 1em; font-size: 17px; color: #555; }\n\
    code { font-family: monospace; }\n\
    .cloze { font-weight: bold; color: #2060c0; }\n";

fn field(name: &str, ord: u32) -> Value {
    json!({"name": name, "ord": ord, "sticky": false, "rtl": false, "font": "Arial",
           "size": 20, "media": [], "description": ""})
}

fn template(name: &str, ord: u32, qfmt: &str, afmt: &str) -> Value {
    json!({"name": name, "ord": ord, "qfmt": qfmt, "afmt": afmt, "bqfmt": "", "bafmt": "",
           "did": null, "bfont": "", "bsize": 0})
}

/// The explanation under an answer, when there is one.
const EXPLAINED: &str =
    "{{#Explanation}}<div class=explanation>{{Explanation}}</div>{{/Explanation}}";

pub(super) fn models(deck: i64) -> Value {
    let latex_pre = "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n";
    let answer = format!("{{{{FrontSide}}}}\n\n<hr id=answer>\n\n{{{{Back}}}}\n{EXPLAINED}");
    let card = json!({
        "id": CARD_MODEL, "name": "kubestudy card", "type": 0, "mod": 0, "usn": 0,
        "sortf": 0, "did": deck, "tags": [], "vers": [], "css": CSS,
        "latexPre": latex_pre, "latexPost": "\\end{document}", "latexsvg": false,
        "flds": [field("Front", 0), field("Back", 1), field("Explanation", 2),
                 field("Options", 3), field("Reverse", 4)],
        "tmpls": [
            template("Card 1", 0, "{{Front}}{{#Options}}<div class=options>{{Options}}</div>{{/Options}}", &answer),
            template("Reversed", 1, "{{#Reverse}}{{Back}}{{/Reverse}}", &format!("{{{{FrontSide}}}}\n\n<hr id=answer>\n\n{{{{Front}}}}\n{EXPLAINED}")),
        ],
        "req": [[0, "any", [0]], [1, "all", [1, 4]]]
    });
    let cloze = json!({
        "id": CLOZE_MODEL, "name": "kubestudy cloze", "type": 1, "mod": 0, "usn": 0,
        "sortf": 0, "did": deck, "tags": [], "vers": [], "css": CSS,
        "latexPre": latex_pre, "latexPost": "\\end{document}", "latexsvg": false,
        "flds": [field("Text", 0), field("Back Extra", 1)],
        "tmpls": [template("Cloze", 0, "{{cloze:Text}}",
            "{{cloze:Text}}\n{{#Back Extra}}<div class=explanation>{{Back Extra}}</div>{{/Back Extra}}")],
        "req": [[0, "any", [0]]]
    });
    json!({ CARD_MODEL.to_string(): card, CLOZE_MODEL.to_string(): cloze })
}

fn deck(id: i64, name: &str, now: Timestamp) -> Value {
    json!({"id": id, "mod": now.secs(), "name": name, "usn": -1, "lrnToday": [0, 0],
           "revToday": [0, 0], "newToday": [0, 0], "timeToday": [0, 0], "collapsed": false,
           "browserCollapsed": false, "desc": "", "dyn": 0, "conf": 1, "extendNew": 0,
           "extendRev": 0})
}

pub(super) fn decks(id: i64, title: &str, now: Timestamp) -> Value {
    // Anki's deck names split at `::`; a title holding it would make subdecks.
    let name = title.replace("::", ": ");
    json!({ "1": deck(1, "Default", now), id.to_string(): deck(id, &name, now) })
}

pub(super) fn deck_conf() -> Value {
    json!({"1": {
        "id": 1, "mod": 0, "name": "Default", "usn": 0, "maxTaken": 60, "autoplay": true,
        "timer": 0, "replayq": true, "dyn": false,
        "new": {"bury": false, "delays": [1.0, 10.0], "initialFactor": 2500,
                "ints": [1, 4, 0], "order": 1, "perDay": 20},
        "rev": {"bury": false, "ease4": 1.3, "ivlFct": 1.0, "maxIvl": 36500, "perDay": 200,
                "hardFactor": 1.2},
        "lapse": {"delays": [10.0], "leechAction": 1, "leechFails": 8, "minInt": 1,
                  "mult": 0.0}
    }})
}
