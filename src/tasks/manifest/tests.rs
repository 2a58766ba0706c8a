#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::*;

const DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels:
    app: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
        resources:
          requests:
            cpu: 100m
            memory: 64Mi
          limits:
            cpu: 500m
            memory: 128Mi
";

fn problems(text: &str) -> Vec<String> {
    check(text)
        .problems
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn one(text: &str) -> Problem {
    let checked = check(text);
    assert_eq!(checked.problems.len(), 1, "{:#?}", checked.problems);
    checked.problems.into_iter().next().unwrap()
}

#[test]
fn a_good_deployment_is_clean() {
    let checked = check(DEPLOYMENT);
    assert!(checked.is_clean(), "{:#?}", checked.problems);
    assert!(checked.problems.is_empty(), "{:#?}", checked.problems);
}

#[test]
fn kubectl_generated_yaml_with_nulls_and_empty_status_is_clean() {
    let generated = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  creationTimestamp: null\n  \
        labels:\n    app: web\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      \
        app: web\n  strategy: {}\n  template:\n    metadata:\n      creationTimestamp: null\n      \
        labels:\n        app: web\n    spec:\n      containers:\n      - image: nginx\n        \
        name: nginx\n        resources: {}\nstatus: {}\n";
    assert_eq!(problems(generated), Vec::<String>::new());
}

#[test]
fn an_unknown_field_is_named_at_its_line_with_the_nearest_field() {
    let text = DEPLOYMENT.replace("      containers:", "      contianers:");
    let checked = check(&text);
    let unknown = checked
        .problems
        .iter()
        .find(|p| p.message.contains("unknown field"))
        .unwrap();
    assert_eq!(unknown.pos, Pos { line: 18, col: 7 });
    assert_eq!(unknown.path, "spec.template.spec.contianers");
    assert!(
        unknown.message.contains("did you mean `containers`"),
        "{unknown}"
    );
    // And `containers` is now missing.
    assert!(
        checked
            .problems
            .iter()
            .any(|p| p.message.contains("`containers` is missing")),
        "{:#?}",
        checked.problems
    );
}

#[test]
fn missing_required_fields_wrong_types_and_bad_enums() {
    let no_selector = DEPLOYMENT.replace("  selector:\n    matchLabels:\n      app: web\n", "");
    let p = one(&no_selector);
    assert_eq!(p.path, "spec.selector");
    assert!(p.message.contains("required field `selector`"), "{p}");
    assert_eq!(p.pos.line, 8, "at the `spec:` key");

    let p = one(&DEPLOYMENT.replace("replicas: 3", "replicas: three"));
    assert_eq!((p.path.as_str(), p.pos.line), ("spec.replicas", 9));
    assert!(p.message.contains("expected integer"), "{p}");

    let p = one(&DEPLOYMENT.replace("containerPort: 80", "containerPort: \"80\""));
    assert_eq!(
        p.path,
        "spec.template.spec.containers[0].ports[0].containerPort"
    );

    let p = one(&DEPLOYMENT.replace(
        "  labels:\n    app: web\nspec",
        "  labels:\n    version: 1.0\nspec",
    ));
    assert!(p.message.contains("quote it"), "{p}");

    let text = DEPLOYMENT.replace(
        "image: nginx:1.27",
        "image: nginx:1.27\n        imagePullPolicy: Sometimes",
    );
    let p = one(&text);
    assert!(p.message.contains("`IfNotPresent`"), "{p}");

    let p = one(&DEPLOYMENT.replace("memory: 64Mi", "memory: 64MB"));
    assert!(p.message.contains("not a quantity"), "{p}");
    assert_eq!(p.pos.line, 26);
}

#[test]
fn removed_and_misplaced_api_versions_and_unknown_kinds() {
    let p = one(&DEPLOYMENT.replace("apps/v1", "extensions/v1beta1"));
    assert!(p.message.contains("removed in Kubernetes 1.16"), "{p}");
    assert!(p.message.contains("apps/v1"), "{p}");
    let p = one("apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: c\n");
    assert!(
        p.message.contains("1.25") && p.message.contains("batch/v1"),
        "{p}"
    );
    let p = one(&DEPLOYMENT.replace("apps/v1", "v1"));
    assert!(p.message.contains("`apps/v1`"), "{p}");
    let p = one(&DEPLOYMENT.replace("kind: Deployment", "kind: Deploymnet"));
    assert!(p.message.contains("did you mean `Deployment`"), "{p}");
    let p =
        one("apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: r\n");
    assert_eq!(
        p.severity,
        Severity::Warning,
        "the Gateway API is custom resources: {p}"
    );
    let p = one("apiVersion: networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: r\n");
    assert!(p.message.contains("not a kind"), "{p}");
    let p = one(
        "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: s\nprovisioner: x\nreclaimPolicy: Keep\n",
    );
    assert!(p.message.contains("`Retain`"), "{p}");
    let p = one("apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: c\n");
    assert_eq!(p.severity, Severity::Warning, "{p}");
}

#[test]
fn the_api_servers_own_rules() {
    let p = one(&DEPLOYMENT.replace(
        "      labels:\n        app: web",
        "      labels:\n        app: api",
    ));
    assert!(p.message.contains("selector must match"), "{p}");
    assert_eq!(p.path, "spec.selector.matchLabels.app");

    let p = one(&DEPLOYMENT.replace("  name: web\n  namespace", "  name: Web_1\n  namespace"));
    assert!(p.message.contains("not a valid name"), "{p}");
    assert_eq!(p.pos, Pos { line: 4, col: 9 });

    let p = one(&DEPLOYMENT.replace("containerPort: 80", "containerPort: 80000"));
    assert!(p.message.contains("outside 1-65535"), "{p}");

    let twins = DEPLOYMENT.replace(
        "        resources:",
        "      - name: web\n        image: busybox\n        resources:",
    );
    assert!(
        problems(&twins)
            .iter()
            .any(|p| p.contains("two containers are named `web`"))
    );

    let p = one(&DEPLOYMENT.replace("cpu: 100m", "cpu: 800m"));
    assert!(p.message.contains("above its limit"), "{p}");

    let job = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  template:\n    spec:\n      \
               containers:\n      - name: pi\n        image: perl\n";
    let p = one(job);
    assert!(p.message.contains("restartPolicy"), "{p}");
    let fixed = format!("{job}      restartPolicy: Never\n");
    assert!(check(&fixed).problems.is_empty());

    let svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: 1web\nspec:\n  type: ClusterIP\n  \
               ports:\n  - port: 80\n    nodePort: 30080\n";
    let all = problems(svc);
    assert!(
        all.iter().any(|p| p.contains("start with a letter")),
        "{all:?}"
    );
    assert!(
        all.iter()
            .any(|p| p.contains("only allowed for type NodePort")),
        "{all:?}"
    );
}

#[test]
fn several_documents_lists_and_documents_that_are_not_objects() {
    let two = format!(
        "{DEPLOYMENT}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  \
                       selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: 8080\n"
    );
    assert!(check(&two).problems.is_empty(), "{:?}", problems(&two));
    let p = one("- a\n- b\n");
    assert!(p.message.contains("this document is a list"), "{p}");
    let p = one("just text\n");
    assert!(p.message.contains("a string"), "{p}");
    let list = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    \
                name: c\n  data:\n    a: 1\n";
    let p = one(list);
    assert_eq!(p.path, "data.a");
    let p = one("");
    assert!(p.message.contains("no document"), "{p}");
    let p = one("apiVersion: v1\nkind: Pod\nspec: [\n");
    assert!(p.message.starts_with("not valid YAML"), "{p}");
}

#[test]
fn quantities_read_as_the_api_reads_them() {
    use rules::quantity;
    assert_eq!(quantity("500m"), Some(0.5));
    assert_eq!(quantity("1Gi"), Some(1024.0 * 1024.0 * 1024.0));
    assert_eq!(quantity("2e3"), Some(2000.0));
    assert_eq!(quantity("0.5"), Some(0.5));
    for bad in ["", "64MB", "1.2.3", "m", "1 Gi", "--1", "1e"] {
        assert_eq!(quantity(bad), None, "{bad}");
    }
}

#[test]
fn problems_are_capped_and_hostile_text_is_bounded() {
    let mut many = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
    for i in 0..500 {
        many.push_str(&format!("field{i}: x\n"));
    }
    let checked = check(&many);
    assert_eq!(checked.problems.len(), MAX_PROBLEMS);
    assert!(checked.more > 0);
    let huge = "a: b\n".repeat(300_000);
    assert!(check(&huge).problems[0].message.contains("KiB"));
}

#[test]
fn mounts_env_probes_port_names_budgets_and_autoscalers() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  volumes:\n  - name: data\n    emptyDir: {}\n  \
               containers:\n  - name: web\n    image: nginx\n    volumeMounts:\n    - name: dta\n      mountPath: /data\n    \
               env:\n    - name: A\n      value: x\n      valueFrom:\n        fieldRef:\n          fieldPath: metadata.name\n    \
               livenessProbe:\n      periodSeconds: 5\n    ports:\n    - containerPort: 80\n      name: http-web-frontend-port\n";
    let all = problems(pod);
    for needle in [
        "no volume of the Pod is named `dta`",
        "`value` or `valueFrom`, not both",
        "exactly one of `exec`",
        "not a valid port name",
    ] {
        assert!(all.iter().any(|p| p.contains(needle)), "{needle}: {all:?}");
    }
    let pdb = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: b\nspec:\n  minAvailable: 1\n  \
               maxUnavailable: 1\n  selector:\n    matchLabels: {app: web}\n";
    assert!(one(pdb).message.contains("not both"));
    let hpa = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\nspec:\n  \
               scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 12\n  maxReplicas: 10\n";
    assert!(one(hpa).message.contains("above maxReplicas"));
    let ingress = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\n  annotations:\n    \
                   kubernetes.io/ingress.class: nginx\nspec:\n  ingressClassName: nginx\n  defaultBackend:\n    \
                   service: {name: web, port: {number: 80}}\n";
    assert_eq!(one(ingress).pos.line, 6);
    let toleration = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  tolerations:\n  - key: gpu\n    \
                      operator: Exists\n    value: \"true\"\n  containers:\n  - name: c\n    image: nginx\n";
    assert!(one(toleration).message.contains("matches any value"));
    let binding = "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: b\n\
                   subjects:\n- kind: ServiceAccount\n  name: bot\n  apiGroup: rbac.authorization.k8s.io\n\
                   roleRef:\n  kind: Role\n  name: r\n  apiGroup: rbac.authorization.k8s.io\n";
    assert!(one(binding).message.contains("has no apiGroup"));
    let class = "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: high\nvalue: 2000000000\n";
    assert!(one(class).message.contains("above 1000000000"));
    let built_in = class.replace("name: high", "name: system-node-critical");
    assert!(check(&built_in).problems.is_empty());
    let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: hunter2!\n  ok: aHVudGVyMg==\n";
    assert!(one(secret).message.contains("not base64"));
    let config = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  app/config: x\n  app.conf: z\n";
    assert!(one(config).message.contains("not a valid key"));
    let cron = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: \"*/5 * * *\"\n  \
                jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          \
                containers:\n          - name: c\n            image: busybox\n";
    assert!(one(cron).message.contains("4 fields"));
    for good in ["*/15 * * * *", "0 3 * * 1-5", "@hourly", "30 2 1 JAN,JUL *"] {
        assert_eq!(rules_pod::schedule(good), None, "{good}");
    }
    assert!(rules_pod::schedule("TZ=UTC 0 * * * *").is_some());
    assert_eq!(rules_pod::port_name("http"), None);
    assert!(rules_pod::port_name("8080").is_some());
}
