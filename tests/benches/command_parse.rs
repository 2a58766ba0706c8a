//! Hands-on command budget (issue 14): reading and grading one kubectl command ≤ 0.1 ms.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kubestudy::tasks::commands::grade_answer;
use kubestudy::tasks::kubectl::{Expect, grade, grammar, parse};

fn bench(c: &mut Criterion) {
    grammar().unwrap(); // read once, as the first task of a session does
    let line = "kubectl -n shop create deployment web --image=nginx:1.27 --replicas 3 \
                --port=8080 --dry-run=client -o yaml > web.yaml";
    c.bench_function("parse a create deployment line", |b| {
        b.iter(|| parse(black_box(line)).unwrap());
    });
    let expect = [
        Expect::Command("create deployment".to_owned()),
        Expect::Name("web".to_owned()),
        Expect::Flag("image".to_owned(), "nginx:1.27".to_owned()),
        Expect::Flag("replicas".to_owned(), "3".to_owned()),
        Expect::Flag("namespace".to_owned(), "shop".to_owned()),
        Expect::Flag("dry-run".to_owned(), "client".to_owned()),
        Expect::OutputTo("web.yaml".to_owned()),
    ];
    c.bench_function("grade a create deployment line", |b| {
        b.iter(|| assert!(grade(black_box(line), &expect).passed()));
    });
    // A whole answer as the hands-on screen checks it: three steps over five lines, one of
    // them looking around between the steps.
    let answer = "kubectl create ns shop\nkubectl get ns\n\
                  kubectl -n shop create deploy web --image=nginx:1.27 --replicas 3\n\
                  kubectl expose deploy web --port=80 --target-port=8080 -n shop\n\
                  kubectl rollout status deploy/web -n shop";
    let steps = vec![
        vec![
            Expect::Command("create namespace".to_owned()),
            Expect::Name("shop".to_owned()),
        ],
        expect.iter().take(5).cloned().collect(),
        vec![
            Expect::Command("expose".to_owned()),
            Expect::Name("web".to_owned()),
            Expect::Flag("port".to_owned(), "80".to_owned()),
            Expect::Flag("target-port".to_owned(), "8080".to_owned()),
        ],
    ];
    c.bench_function("grade a three-step answer", |b| {
        b.iter(|| assert!(grade_answer(black_box(answer), &steps).passed()));
    });
    let exec = "kubectl exec -it web -c app -- sh -c 'wget -qO- http://api:8080/healthz'";
    c.bench_function("parse an exec line", |b| {
        b.iter(|| parse(black_box(exec)).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
