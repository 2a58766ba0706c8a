//! Manifest budget (issue 14): checking a 200-line manifest ≤ 5 ms, so the editor can check as
//! the learner types; and the first check of a kind (its schema made and compiled, once).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kubestudy::tasks::manifest::check;

/// A Deployment, a Service and a ConfigMap: about 200 lines, as a long exam answer.
fn manifest() -> String {
    let mut text = String::from(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n  \
         labels:\n    app: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  \
         template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n",
    );
    for i in 0..8 {
        text.push_str(&format!(
            "      - name: c{i}\n        image: nginx:1.27\n        ports:\n        - containerPort: {}\n          \
             name: http{i}\n        env:\n        - name: MODE\n          value: fast\n        resources:\n          \
             requests:\n            cpu: 100m\n            memory: 64Mi\n          limits:\n            \
             cpu: 500m\n            memory: 128Mi\n        readinessProbe:\n          httpGet:\n            \
             path: /healthz\n            port: {}\n",
            8080 + i,
            8080 + i
        ));
    }
    text.push_str(
        "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  \
         selector:\n    app: web\n  ports:\n  - name: http\n    port: 80\n    targetPort: 8080\n---\n\
         apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  a: \"1\"\n  b: two\n",
    );
    text
}

fn bench(c: &mut Criterion) {
    let text = manifest();
    let lines = text.lines().count();
    assert!((190..=230).contains(&lines), "{lines} lines");
    assert!(
        check(&text).problems.is_empty(),
        "{:?}",
        check(&text).problems
    );
    c.bench_function(&format!("check a {lines}-line manifest"), |b| {
        b.iter(|| check(black_box(&text)));
    });
    let typo = text.replace("containers:", "contianers:");
    c.bench_function("check a manifest with problems", |b| {
        b.iter(|| assert!(!check(black_box(&typo)).problems.is_empty()));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
