//! Every control on every screen has an accessible name (AccessKit), so a screen reader can say
//! what it does and tests can find it by label.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _, by};
use kubestudy::app::App;

const PACK: &str = r#"    glossary: [
        (id: "kubelet", term: "kubelet", definition: "The agent on every node.", see_also: ["etcd"], tags: ["node"]),
        (id: "etcd", term: "etcd", definition: "The key-value store of cluster state.", tags: ["control-plane"]),
    ],
    cards: [
        (id: "one", front: "Which agent runs `Pods`?", answer: Text("the kubelet"), terms: ["kubelet"]),
        (id: "two", front: "Default API server port?", answer: Text("6443"), distractors: ["80", "8080"]),
    ],
    primers: [(id: "net", title: "Tiny", summary: "One section.", sections: [
        (id: "links", heading: "Links", body: [Para("Use `ip link`.")],
         checks: [(id: "c1", front: "Which command lists links?", answer: Text("ip link"))]),
    ])],"#;

const CONTROLS: [Role; 8] = [
    Role::Button,
    Role::TextInput,
    Role::ComboBox,
    Role::CheckBox,
    Role::Slider,
    Role::SpinButton,
    Role::Link,
    Role::RadioButton,
];

/// Controls on the screen showing that have no accessible name, as "Role" strings.
fn unnamed(harness: &Harness<'_, App>) -> Vec<String> {
    harness
        .query_all(by().predicate(|node| {
            CONTROLS.contains(&node.role()) && node.label().is_none_or(|l| l.trim().is_empty())
        }))
        .map(|node| format!("{:?}", node.accesskit_node().role()))
        .collect()
}

fn check(harness: &mut Harness<'_, App>, screen: &str) {
    harness.run();
    let missing = unnamed(harness);
    assert!(missing.is_empty(), "{screen}: unnamed controls {missing:?}");
    let buttons = harness.query_all_by_role(Role::Button).count();
    assert!(buttons > 0, "{screen}: no controls found at all");
}

#[test]
fn every_control_on_every_screen_is_named() {
    let (_pack, library) = common::ui::library(PACK);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    check(&mut harness, "home");

    harness
        .get_by_role_and_label(Role::Button, "Study now")
        .click();
    check(&mut harness, "review, front");
    harness.key_press(egui::Key::Space);
    check(&mut harness, "review, answer");
    harness
        .get_by_role_and_label(Role::Button, "kubelet")
        .click();
    check(&mut harness, "review, term open");
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();

    harness
        .get_by_role_and_label(Role::Button, "Glossary")
        .click();
    check(&mut harness, "glossary");
    harness
        .get_by_role_and_label(Role::Button, "Quiz me")
        .click();
    check(&mut harness, "glossary quiz");
    harness.key_press(egui::Key::Num1);
    check(&mut harness, "glossary quiz, answered");
    harness.key_press(egui::Key::Escape);
    check(&mut harness, "glossary quiz, its score");
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();

    harness
        .get_by_role_and_label(Role::Button, "Read Tiny")
        .click();
    check(&mut harness, "primer");
    harness.key_press(egui::Key::Escape);
    harness.run();

    harness
        .get_by_role_and_label(Role::Button, "Settings")
        .click();
    check(&mut harness, "settings");
    harness.key_press(egui::Key::Escape);
    harness.run();

    harness.get_by_role_and_label(Role::Button, "Stats").click();
    check(&mut harness, "stats");

    harness.key_press(egui::Key::Questionmark);
    check(&mut harness, "list of keys");
}
