#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::*;

const POD: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: gpu-job
  labels:
    app.kubernetes.io/name: trainer
spec:
  tolerations:
  - key: gpu
    operator: Equal
    value: \"true\"
    effect: NoSchedule
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - containerPort: 80
";

fn wants() -> Vec<Want> {
    vec![Want {
        kind: "Pod".into(),
        name: "gpu-job".into(),
        fields: vec![
            Field::Is(
                "spec.containers[name=web].image".into(),
                "nginx:1.27".into(),
            ),
            Field::Is(
                "spec.containers[0].ports[0].containerPort".into(),
                "80".into(),
            ),
            Field::Is(
                "metadata.labels['app.kubernetes.io/name']".into(),
                "trainer".into(),
            ),
            Field::Item(
                "spec.tolerations".into(),
                vec![
                    ("key".into(), "gpu".into()),
                    ("value".into(), "true".into()),
                    ("effect".into(), "NoSchedule".into()),
                ],
            ),
            Field::Has("spec.tolerations".into()),
            Field::Not("spec.nodeName".into()),
        ],
    }]
}

#[test]
fn paths_read_keys_indexes_matches_and_quoted_keys() {
    assert_eq!(
        parse_path("spec.containers[name=web].image").unwrap(),
        [
            Segment::Key("spec".into()),
            Segment::Key("containers".into()),
            Segment::Match("name".into(), "web".into()),
            Segment::Key("image".into()),
        ]
    );
    assert_eq!(
        parse_path("metadata.labels['a.b/c']").unwrap(),
        [
            Segment::Key("metadata".into()),
            Segment::Key("labels".into()),
            Segment::Key("a.b/c".into()),
        ]
    );
    assert_eq!(parse_path("items[2]").unwrap()[1], Segment::Index(2));
    for bad in ["", "a..b", "a[1", "a[x]"] {
        assert!(parse_path(bad).is_err(), "{bad}");
    }
}

#[test]
fn a_manifest_that_holds_every_want_passes_with_full_marks() {
    let verdict = grade_manifest(POD, &wants());
    assert!(verdict.passed(), "{:?}", verdict.first_problem());
    assert_eq!(verdict.score(), (8, 8));
    assert_eq!(verdict.first_problem(), None);
}

#[test]
fn each_miss_is_told_and_scored_apart() {
    let wrong = POD.replace("nginx:1.27", "nginx:1.26");
    let verdict = grade_manifest(&wrong, &wants());
    assert!(!verdict.passed());
    assert_eq!(verdict.score(), (7, 8));
    let problem = verdict.first_problem().unwrap();
    assert!(problem.contains("(it is `nginx:1.26`)"), "{problem}");

    let no_toleration = POD.replace("effect: NoSchedule", "effect: NoExecute");
    let verdict = grade_manifest(&no_toleration, &wants());
    assert!(verdict.first_problem().unwrap().contains("tolerations"));

    let renamed = POD.replace("name: gpu-job", "name: gpu");
    let verdict = grade_manifest(&renamed, &wants());
    assert_eq!(verdict.first_problem().unwrap(), "no Pod named `gpu-job`");
    assert_eq!(verdict.score(), (1, 8));
}

#[test]
fn a_manifest_the_server_refuses_fails_even_with_the_wants_met() {
    let typo = POD.replace(
        "    image: nginx:1.27\n",
        "    image: nginx:1.27\n    imagePolicy: Always\n",
    );
    let verdict = grade_manifest(&typo, &wants());
    assert!(!verdict.passed());
    assert_eq!(verdict.score(), (7, 8));
    assert!(
        verdict.first_problem().unwrap().starts_with("line 16:"),
        "{:?}",
        verdict.first_problem()
    );
    let verdict = grade_manifest("# nothing yet\n\n", &wants());
    assert!(verdict.empty && !verdict.passed());
    assert_eq!(verdict.first_problem().unwrap(), "no manifest was written");
}

#[test]
fn objects_are_found_in_any_document_and_in_lists() {
    let two = format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\n{POD}");
    assert!(grade_manifest(&two, &wants()).passed());
    let numbers = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  \
                   selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    \
                   spec:\n      containers:\n      - {name: web, image: nginx}\n";
    let want = vec![Want {
        kind: "Deployment".into(),
        name: "web".into(),
        fields: vec![Field::Is("spec.replicas".into(), "3.0".into())],
    }];
    assert!(grade_manifest(numbers, &want).passed());
}

#[test]
fn quantities_compare_by_value_and_plain_lists_by_their_items() {
    let role = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r\n  namespace: dev\n\
                rules:\n- apiGroups: [\"\"]\n  resources: [pods]\n  verbs: [list, get]\n";
    let want = |verb: &str| {
        vec![Want {
            kind: "Role".into(),
            name: "r".into(),
            fields: vec![Field::Item(
                "rules[0].verbs".into(),
                vec![(String::new(), verb.into())],
            )],
        }]
    };
    assert!(grade_manifest(role, &want("get")).passed());
    assert!(!grade_manifest(role, &want("watch")).passed());
    assert!(same("250m", "0.25") && same("1Gi", "1024Mi") && same("1000m", "1"));
    assert!(!same("512Mi", "1Gi") && !same("web", "api"));
}
