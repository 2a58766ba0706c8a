#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;

use super::*;

fn flag(c: &Command, long: &str) -> Vec<String> {
    c.flag(long).to_vec()
}

#[test]
fn the_grammar_reads_and_names_its_version() {
    let g = grammar().unwrap();
    assert_eq!(g.kubernetes, "1.35");
    assert!(g.commands.len() > 50);
    // Every required flag is a flag of its command.
    for c in &g.commands {
        for r in &c.required {
            assert!(
                c.flags.iter().any(|f| f.long == *r),
                "{:?} requires {r}",
                c.path
            );
        }
    }
}

#[test]
fn every_spelling_of_one_command_reads_the_same() {
    let forms = [
        "kubectl create deployment web --image=nginx:1.27 --replicas=3 -n shop",
        "kubectl create deploy web --image nginx:1.27 --replicas 3 --namespace shop",
        "kubectl -n shop create deployment web --replicas=3 --image=nginx:1.27",
        "k create deployment web -r 3 --image='nginx:1.27' --namespace=shop",
        "kubectl create deployment web --image \"nginx:1.27\" -r3 -n=shop",
        "kubectl --namespace=shop create deployment --image=nginx:1.27 web --replicas=3",
    ];
    let first = parse(forms[0]).unwrap();
    assert_eq!(first.command, "create deployment");
    assert_eq!(first.names, ["web"]);
    assert_eq!(flag(&first, "image"), ["nginx:1.27"]);
    assert_eq!(flag(&first, "replicas"), ["3"]);
    assert_eq!(flag(&first, "namespace"), ["shop"]);
    for form in forms {
        assert_eq!(parse(form).unwrap(), first, "{form}");
    }
}

#[test]
fn resources_by_any_alias_and_type_slash_name() {
    let a = parse("kubectl get po web -n shop -o wide").unwrap();
    assert_eq!(
        (a.resources.clone(), a.names.clone()),
        (vec!["pods".to_owned()], vec!["web".to_owned()])
    );
    let b = parse("kubectl get pod/web --namespace shop --output=wide").unwrap();
    assert_eq!(a, b);
    let c = parse("kubectl get deployments.apps,svc").unwrap();
    assert_eq!(c.resources, ["deployments", "services"]);
    let d = parse("kubectl describe Deployment web").unwrap();
    assert_eq!(d.resources, ["deployments"]);
    assert_eq!(
        parse("kubectl get pdos"),
        Err(CommandError::UnknownResource("pdos".to_owned()))
    );
    assert_eq!(
        parse("kubectl get"),
        Err(CommandError::MissingResource("get".to_owned()))
    );
    assert!(
        parse("kubectl get -f web.yaml").is_ok(),
        "a file instead of a type"
    );
}

#[test]
fn shorthands_combine_and_dashes_end_the_flags() {
    let c = parse("kubectl exec -it web -c app -- sh -c 'echo hi'").unwrap();
    assert_eq!(flag(&c, "stdin"), ["true"]);
    assert_eq!(flag(&c, "tty"), ["true"]);
    assert_eq!(flag(&c, "container"), ["app"]);
    assert_eq!(c.after_dashes, ["sh", "-c", "echo hi"]);
    let r = parse("kubectl run tmp --image=busybox:1.36 --rm -it --restart=Never -- wget -qO- web")
        .unwrap();
    assert_eq!(r.names, ["tmp"]);
    assert_eq!(flag(&r, "rm"), ["true"]);
    assert_eq!(r.after_dashes, ["wget", "-qO-", "web"]);
    // Same letter, another meaning: `-f` follows in logs, names a file in get.
    let l = parse("kubectl logs -f web -c app --previous").unwrap();
    assert_eq!(
        (flag(&l, "follow"), l.names.clone()),
        (vec!["true".to_owned()], vec!["web".to_owned()])
    );
}

#[test]
fn shell_around_the_command_is_read() {
    let c = parse("kubectl run web --image=nginx --dry-run=client -o yaml > web.yaml").unwrap();
    assert_eq!(c.output_file.as_deref(), Some("web.yaml"));
    assert_eq!(flag(&c, "dry-run"), ["client"]);
    let p = parse("kubectl get pods -A | grep Crash").unwrap();
    assert_eq!(flag(&p, "all-namespaces"), ["true"]);
    assert_eq!(parse("kubectl get pods 'web"), Err(CommandError::Quotes));
    assert_eq!(parse("   "), Err(CommandError::Empty));
    assert_eq!(
        parse("kubeclt get pods"),
        Err(CommandError::NotKubectl("kubeclt".to_owned()))
    );
}

#[test]
fn mistakes_get_their_reason() {
    let cases: [(&str, CommandError); 9] = [
        (
            "kubectl create deployment web --image=nginx --replica=3",
            CommandError::UnknownFlag {
                flag: "--replica".to_owned(),
                command: "create deployment".to_owned(),
            },
        ),
        (
            "kubectl create deployment web --image=nginx --replicas=three",
            CommandError::BadValue {
                flag: "replicas".to_owned(),
                value: "three".to_owned(),
                expected: "a whole number".to_owned(),
            },
        ),
        (
            "kubectl create deployment web --replicas=3",
            CommandError::MissingFlag {
                command: "create deployment".to_owned(),
                flag: "image".to_owned(),
            },
        ),
        (
            "kubectl create deployment --image=nginx",
            CommandError::MissingName("create deployment".to_owned()),
        ),
        (
            "kubectl expose deploy web --port=80 --type=Nodeport",
            CommandError::BadValue {
                flag: "type".to_owned(),
                value: "Nodeport".to_owned(),
                expected: "one of `ClusterIP`, `NodePort`, `LoadBalancer`, `ExternalName`"
                    .to_owned(),
            },
        ),
        (
            "kubectl run web --image=nginx --dry-run client",
            CommandError::BadValue {
                flag: "dry-run".to_owned(),
                value: String::new(),
                expected: "its value after `=` (`--dry-run=…`)".to_owned(),
            },
        ),
        (
            "kubectl logs web --since=5 minutes",
            CommandError::BadValue {
                flag: "since".to_owned(),
                value: "5".to_owned(),
                expected: "a duration such as `30s` or `5m`".to_owned(),
            },
        ),
        (
            "kubectl scale deploy web",
            CommandError::MissingFlag {
                command: "scale".to_owned(),
                flag: "replicas".to_owned(),
            },
        ),
        (
            "kubectl deploy web",
            CommandError::UnknownCommand("kubectl deploy web".to_owned()),
        ),
    ];
    for (line, error) in cases {
        assert_eq!(parse(line), Err(error), "{line}");
    }
    // A bare `--cascade` means background, and the next word stays an argument.
    let d = parse("kubectl delete deploy web --cascade").unwrap();
    assert_eq!(flag(&d, "cascade"), ["background"]);
    assert_eq!(
        parse("kubectl delete deploy --cascade orphan")
            .unwrap()
            .names,
        ["orphan"]
    );
    assert_eq!(
        parse("kubectl run web --image=a --image=b"),
        Err(CommandError::Repeated("image".to_owned()))
    );
}

#[test]
fn pairs_names_and_words() {
    let l = parse("kubectl label pods web tier=frontend env- --overwrite").unwrap();
    assert_eq!(
        (l.names.clone(), l.pairs.clone()),
        (
            vec!["web".to_owned()],
            vec!["tier=frontend".to_owned(), "env-".to_owned()]
        )
    );
    let s = parse("kubectl set image deploy/web web=nginx:1.27").unwrap();
    assert_eq!(
        (s.resources.clone(), s.pairs.clone()),
        (
            vec!["deployments".to_owned()],
            vec!["web=nginx:1.27".to_owned()]
        )
    );
    let t = parse("kubectl taint nodes node1 gpu=true:NoSchedule").unwrap();
    assert_eq!(
        (t.names.clone(), t.pairs.clone()),
        (
            vec!["node1".to_owned()],
            vec!["gpu=true:NoSchedule".to_owned()]
        )
    );
    let a = parse("kubectl auth can-i create pods --as=system:serviceaccount:shop:app -n shop")
        .unwrap();
    assert_eq!(a.words, ["create", "pods"]);
    assert_eq!(flag(&a, "as"), ["system:serviceaccount:shop:app"]);
    let c = parse("kubectl config set-context --current --namespace=shop").unwrap();
    assert_eq!(c.command, "config set-context");
    assert_eq!(flag(&c, "namespace"), ["shop"]);
}

#[test]
fn grading_asks_what_must_hold_not_one_string() {
    let expect = [
        Expect::Command("create deployment".to_owned()),
        Expect::Name("web".to_owned()),
        Expect::Flag("image".to_owned(), "nginx:1.27".to_owned()),
        Expect::Flag("replicas".to_owned(), "3".to_owned()),
        Expect::Flag("namespace".to_owned(), "shop".to_owned()),
    ];
    for line in [
        "kubectl create deploy web --image=nginx:1.27 -r 03 -n shop",
        "k -n shop create deployment web --replicas 3 --image nginx:1.27",
    ] {
        assert!(grade(line, &expect).passed(), "{line}");
    }
    let wrong_ns = grade("kubectl create deploy web --image=nginx:1.27 -r 3", &expect);
    assert!(!wrong_ns.passed());
    assert_eq!(
        wrong_ns
            .checks
            .iter()
            .filter(|c| !c.met)
            .map(|c| c.expect.to_string())
            .collect::<Vec<_>>(),
        ["`--namespace` is `shop`"]
    );
    let typo = grade(
        "kubectl create deploy web --imag=nginx:1.27 -r 3 -n shop",
        &expect,
    );
    assert!(typo.error.is_some() && typo.checks.iter().all(|c| !c.met));
    // Any alias of the command meets it.
    assert!(meets(
        &parse("kubectl create deploy web --image=x").unwrap(),
        &Expect::Command("create deploy".to_owned())
    ));
    assert!(meets(
        &parse("kubectl get svc").unwrap(),
        &Expect::Resource("service".to_owned())
    ));
}

#[test]
fn hostile_lines_are_refused_or_read_in_bounds() {
    let long = format!("kubectl get pods {}", "x".repeat(MAX_COMMAND_BYTES));
    assert_eq!(parse(&long), Err(CommandError::TooLong(long.len())));
    let many = format!("kubectl get pods {}", "-A ".repeat(4000));
    assert!(
        parse(&many).is_ok(),
        "a bool flag many times is still one flag"
    );
    assert!(parse("kubectl get pods -\u{e9}").is_err());
    assert!(parse("kubectl \u{0}").is_err());
    assert!(parse("kubectl --namespace").is_err());
    assert!(parse("kubectl get pods -n").is_err());
}

#[test]
fn durations_as_go_reads_them() {
    for ok in ["30s", "5m", "1h30m", "500ms", "0", "1.5h"] {
        assert!(is_duration(ok), "{ok}");
    }
    for bad in ["", "5", "m", "5 m", "1d", "-5s"] {
        assert!(!is_duration(bad), "{bad}");
    }
}

fn passes(line: &str, expect: &[Expect]) -> bool {
    grade(line, expect).passed()
}

fn cmd(name: &str) -> Expect {
    Expect::Command(name.to_owned())
}

fn flag_is(long: &str, value: &str) -> Expect {
    Expect::Flag(long.to_owned(), value.to_owned())
}

fn name(n: &str) -> Expect {
    Expect::Name(n.to_owned())
}

#[test]
fn the_grammar_names_its_programs_and_each_command_once() {
    let g = grammar().unwrap();
    let programs: Vec<&str> = g.programs.iter().map(|p| p.name.as_str()).collect();
    let mut expected = vec!["kubectl"];
    expected.extend(super::super::expect::OTHER_PROGRAMS);
    assert_eq!(programs, expected, "the grammar's programs are expect.rs's");
    let mut names = BTreeSet::new();
    for c in &g.commands {
        assert!(g.program(&c.program).is_some(), "{:?}: no program", c.path);
        for alias in std::iter::once(&c.path).chain(&c.aliases) {
            assert!(names.insert(c.named(alias)), "{alias:?} is named twice");
        }
        let mut longs = BTreeSet::new();
        let mut shorts = BTreeSet::new();
        for f in &c.flags {
            assert!(longs.insert(&f.long), "{:?}: --{} twice", c.path, f.long);
            if let Some(s) = &f.short {
                assert!(shorts.insert(s), "{:?}: -{s} twice", c.path);
            }
            assert!(
                !f.list || !matches!(f.value, ValueKind::Bool | ValueKind::Int),
                "{:?}: --{} is a list of {:?}",
                c.path,
                f.long,
                f.value
            );
        }
    }
}

#[test]
fn kustomize_and_raw_stand_in_for_a_resource_type() {
    for line in [
        "kubectl get -k overlays/prod",
        "kubectl get --kustomize=overlays/prod -o yaml",
        "kubectl delete -k overlays/prod",
        "kubectl describe --kustomize overlays/prod",
        "kubectl edit -k overlays/prod",
        "kubectl patch -k overlays/prod -p '{\"spec\":{}}'",
        "kubectl label -k overlays/prod tier=web",
        "kubectl rollout status -k overlays/prod",
        "kubectl get --raw=/readyz?verbose",
        "kubectl get --raw /livez",
    ] {
        assert!(parse(line).is_ok(), "{line}: {:?}", parse(line));
    }
    let k = parse("kubectl delete -k overlays/prod").unwrap();
    assert_eq!(flag(&k, "kustomize"), ["overlays/prod"]);
    assert!(passes(
        "kubectl get --raw='/readyz?verbose'",
        &[cmd("get"), flag_is("raw", "/readyz?verbose")]
    ));
    // A selector still needs a type, as in kubectl.
    assert_eq!(
        parse("kubectl get -l app=web"),
        Err(CommandError::MissingResource("get".to_owned()))
    );
}

#[test]
fn commands_added_from_the_reference_read_with_their_flags() {
    let lines = [
        ("kubectl kustomize overlays/prod", "kustomize"),
        ("kubectl kustomize", "kustomize"),
        ("kubectl version --client -o yaml", "version"),
        ("kubectl diff -f web.yaml", "diff"),
        ("kubectl diff -k overlays/prod --server-side", "diff"),
        (
            "kubectl cp shop/web:/etc/nginx/nginx.conf /tmp/nginx.conf -c nginx",
            "cp",
        ),
        (
            "kubectl cp /tmp/index.html web:/usr/share/nginx/html -n shop",
            "cp",
        ),
        ("kubectl attach web -c app -it", "attach"),
        ("kubectl attach rs/web", "attach"),
        ("kubectl proxy --port=8011", "proxy"),
        ("kubectl proxy -p 8001 --api-prefix=/", "proxy"),
        (
            "kubectl set subject rolebinding admin --user=jane --group=dev --serviceaccount=shop:ci",
            "set subject",
        ),
        (
            "kubectl set selector svc web app=web,tier=front",
            "set selector",
        ),
        (
            "kubectl auth reconcile -f rbac.yaml --remove-extra-subjects",
            "auth reconcile",
        ),
        ("kubectl auth whoami -o yaml", "auth whoami"),
        (
            "kubectl config set-cluster e2e --server=https://1.2.3.4 --embed-certs --certificate-authority=ca.crt",
            "config set-cluster",
        ),
        ("kubectl config delete-context old", "config delete-context"),
        (
            "kubectl config set contexts.dev.namespace shop",
            "config set",
        ),
        (
            "kubectl config unset contexts.dev.namespace",
            "config unset",
        ),
    ];
    for (line, command) in lines {
        let parsed = parse(line);
        assert_eq!(
            parsed.as_ref().map(|c| c.command.as_str()),
            Ok(command),
            "{line}"
        );
    }
    let cp = parse("kubectl cp shop/web:/etc/x /tmp/x -c nginx").unwrap();
    assert_eq!(cp.names, ["shop/web:/etc/x", "/tmp/x"], "paths as written");
    assert_eq!(flag(&cp, "container"), ["nginx"]);
    let subject = parse("kubectl set subject clusterrolebinding admin --user=a --user=b").unwrap();
    assert_eq!(
        flag(&subject, "user"),
        ["a", "b"],
        "its own --user, not kubeconfig's"
    );
    assert!(parse("kubectl version -o wide").is_err());
    assert!(parse("kubectl config unset a b").is_err());
    assert_eq!(
        parse("kubectl config unset"),
        Err(CommandError::MissingArgument("config unset".to_owned()))
    );
}

#[test]
fn list_flags_compare_as_sets_of_their_items() {
    let expect = [cmd("create role"), flag_is("verb", "get,list")];
    for line in [
        "kubectl create role r --verb=get,list --resource=pods",
        "kubectl create role r --verb=list,get --resource=pods",
        "kubectl create role r --verb=get --verb=list --resource=pods",
        "kubectl create role r --verb get --resource=pods --verb list",
    ] {
        assert!(passes(line, &expect), "{line}");
    }
    for line in [
        "kubectl create role r --verb=get --resource=pods",
        "kubectl create role r --verb=get,list,watch --resource=pods",
    ] {
        assert!(!passes(line, &expect), "{line}");
    }
    // `--resource` names types: any alias, with or without the group.
    let resource = [flag_is("resource", "secrets")];
    for line in [
        "kubectl create role r --verb=get --resource=secret",
        "kubectl create role r --verb=get --resource=secrets",
    ] {
        assert!(passes(line, &resource), "{line}");
    }
    assert!(passes(
        "kubectl create clusterrole r --verb=get --resource=deploy,po --resource=pods/log",
        &[flag_is("resource", "pods,deployments.apps,pod/log")]
    ));
    // A flag that is only repeated keeps its commas: `--from-literal=a=1,b=2` is one literal.
    let literal = parse("kubectl create cm c --from-literal=a=1,b=2").unwrap();
    assert_eq!(flag(&literal, "from-literal"), ["a=1,b=2"]);
    assert!(!meets(&literal, &flag_is("from-literal", "a=1")));
    assert!(meets(&literal, &flag_is("from-literal", "a=1,b=2")));
    // Resource names are repeated, not split (kubectl's StringArray), and pass by any value.
    let names = parse(
        "kubectl create role r --verb=get --resource=pods --resource-name=a --resource-name=b",
    )
    .unwrap();
    assert!(meets(&names, &flag_is("resource-name", "b")));
    // Lists of a kind check each item.
    assert!(parse("kubeadm token create --usages=signing,authentication").is_ok());
    assert!(parse("kubeadm token create --usages=signing,bogus").is_err());
    // Brackets and quotes keep their commas inside one item (Helm's `--set`).
    assert_eq!(
        split_list("a={x,y},b=\"1,2\",c=3"),
        ["a={x,y}", "b=\"1,2\"", "c=3"]
    );
    assert_eq!(split_list("a\\,b,c"), ["a\\,b", "c"]);
    assert_eq!(split_list(""), [""]);
}

#[test]
fn resource_types_as_can_i_words_compare_by_the_table() {
    let expect = [cmd("auth can-i"), Expect::Word("secrets".to_owned())];
    for line in [
        "kubectl auth can-i get secrets",
        "kubectl auth can-i get secret",
        "kubectl auth can-i get secrets.v1",
    ] {
        assert!(passes(line, &expect), "{line}");
    }
    assert!(!passes("kubectl auth can-i get pods", &expect));
    for line in [
        "kubectl auth can-i create deploy -n shop",
        "kubectl auth can-i create deployments.apps -n shop",
        "kubectl auth can-i create deployment -n shop",
    ] {
        assert!(
            passes(
                line,
                &[
                    Expect::Word("deployments".to_owned()),
                    Expect::Resource("deployments".to_owned()),
                    Expect::Word("create".to_owned()),
                ]
            ),
            "{line}"
        );
    }
    let named = parse("kubectl auth can-i get pod/web").unwrap();
    assert!(meets(&named, &Expect::Word("pods/web".to_owned())));
    assert_eq!(named.names, ["web"]);
    assert!(parse("kubectl auth can-i get /logs").is_ok());
    assert!(parse("kubectl auth can-i --list").is_ok());
    assert!(parse("kubectl auth can-i get pods extra").is_err());
    // `explain` takes field paths, not types: its words stay as written.
    let explain = parse("kubectl explain deploy.spec").unwrap();
    assert!(!meets(
        &explain,
        &Expect::Word("deployments.spec".to_owned())
    ));
}

#[test]
fn sort_by_paths_compare_as_kubectl_relaxes_them() {
    let expect = [flag_is("sort-by", ".metadata.creationTimestamp")];
    for line in [
        "kubectl get events --sort-by=.metadata.creationTimestamp",
        "kubectl get events --sort-by={.metadata.creationTimestamp}",
        "kubectl get events --sort-by='{.metadata.creationTimestamp}'",
        "kubectl get events --sort-by metadata.creationTimestamp",
        "kubectl get events --sort-by={metadata.creationTimestamp}",
    ] {
        assert!(passes(line, &expect), "{line}");
    }
    assert!(!passes(
        "kubectl get events --sort-by=.lastTimestamp",
        &expect
    ));
    assert_eq!(
        relaxed_json_path("{range .items[*]}{.a}{end}"),
        "{range .items[*]}{.a}{end}"
    );
    assert_eq!(relaxed_json_path(""), "");
}

#[test]
fn durations_compare_by_length() {
    let expect = [cmd("create token"), flag_is("duration", "2h")];
    for line in [
        "kubectl create token ci --duration=2h",
        "kubectl create token ci --duration=120m",
        "kubectl create token ci --duration 7200s",
        "kubectl create token ci --duration=1h60m",
        "kubectl create token ci --duration=1.5h30m",
    ] {
        assert!(passes(line, &expect), "{line}");
    }
    assert!(!passes("kubectl create token ci --duration=1h", &expect));
    assert_eq!(duration_nanos("1.5h"), Some(5_400_000_000_000));
    assert_eq!(duration_nanos("500ms"), Some(500_000_000));
    assert_eq!(duration_nanos(".5s"), Some(500_000_000));
    assert_eq!(duration_nanos("0"), Some(0));
    // Past u128, or not Go's: no duration, and no panic.
    assert_eq!(duration_nanos(&format!("{}h", "9".repeat(60))), None);
    assert_eq!(duration_nanos("1.2.3s"), None);
    assert_eq!(duration_nanos(".s"), None);
}

#[test]
fn debug_takes_a_node_by_any_spelling_of_its_type() {
    let expect = [
        cmd("debug"),
        Expect::Resource("nodes".to_owned()),
        name("node01"),
    ];
    for line in [
        "kubectl debug node/node01 -it --image=busybox:1.36",
        "kubectl debug nodes/node01 -it --image=busybox:1.36",
        "kubectl debug no/node01 -it --image=busybox:1.36 --profile=sysadmin",
    ] {
        assert!(passes(line, &expect), "{line}");
    }
}

#[test]
fn kubeadm_lines_read_by_its_own_grammar() {
    for (line, command) in [
        (
            "kubeadm token create --print-join-command",
            "kubeadm token create",
        ),
        (
            "kubeadm token create --ttl 2h --print-join-command",
            "kubeadm token create",
        ),
        ("kubeadm token list", "kubeadm token list"),
        ("sudo kubeadm upgrade plan", "kubeadm upgrade plan"),
        (
            "sudo kubeadm upgrade apply v1.35.0 -y",
            "kubeadm upgrade apply",
        ),
        (
            "kubeadm upgrade apply v1.35.0 --etcd-upgrade=false",
            "kubeadm upgrade apply",
        ),
        ("sudo kubeadm upgrade node", "kubeadm upgrade node"),
        (
            "kubeadm certs check-expiration",
            "kubeadm certs check-expiration",
        ),
        ("kubeadm certs renew all", "kubeadm certs renew all"),
        (
            "kubeadm certs renew apiserver --cert-dir=/etc/kubernetes/pki",
            "kubeadm certs renew apiserver",
        ),
        (
            "kubeadm init --pod-network-cidr=10.244.0.0/16 --kubernetes-version=v1.35.0 --control-plane-endpoint cp:6443 --upload-certs",
            "kubeadm init",
        ),
        (
            "kubeadm join 10.0.0.10:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:1234",
            "kubeadm join",
        ),
    ] {
        let parsed = parse(line);
        assert_eq!(
            parsed.as_ref().map(|c| c.command.as_str()),
            Ok(command),
            "{line}"
        );
        assert_eq!(parsed.unwrap().program, "kubeadm");
    }
    let apply = [cmd("kubeadm upgrade apply"), name("v1.35.0")];
    assert!(passes("sudo kubeadm upgrade apply v1.35.0", &apply));
    assert!(!passes("sudo kubeadm upgrade plan v1.35.0", &apply));
    assert!(!passes(
        "kubectl apply -f v1.35.0",
        &[cmd("apply"), name("v1.35.0")]
    ));
    assert!(passes(
        "kubeadm token create --print-join-command",
        &[
            cmd("kubeadm token create"),
            Expect::Has("print-join-command".to_owned())
        ]
    ));
    // kubectl's flags are not kubeadm's.
    let wrong = parse("kubeadm init -n kube-system").unwrap_err();
    assert_eq!(wrong.to_string(), "unknown flag `-n` for `kubeadm init`");
    let unknown = parse("kubeadm frobnicate").unwrap_err();
    assert_eq!(
        unknown.to_string(),
        "`kubeadm frobnicate` is not a kubeadm command"
    );
    assert!(parse("kubeadm upgrade apply v1.35.0 --ignore-preflight-errors=all").is_ok());
}

#[test]
fn etcd_backup_and_restore_lines() {
    let save = "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 \
                --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert /etc/kubernetes/pki/etcd/server.crt \
                --key=/etc/kubernetes/pki/etcd/server.key snapshot save /opt/backup.db";
    let expect = [
        cmd("etcdctl snapshot save"),
        name("/opt/backup.db"),
        flag_is("cacert", "/etc/kubernetes/pki/etcd/ca.crt"),
        flag_is("cert", "/etc/kubernetes/pki/etcd/server.crt"),
        flag_is("key", "/etc/kubernetes/pki/etcd/server.key"),
        flag_is("endpoints", "https://127.0.0.1:2379"),
    ];
    let v = grade(save, &expect);
    assert!(v.passed(), "{v:?}");
    // Flags after the subcommand, as kubernetes.io also writes them.
    assert!(passes(
        "etcdctl snapshot save /opt/backup.db --endpoints 127.0.0.1:2379 --cacert=ca.crt --cert=s.crt --key=s.key",
        &[cmd("etcdctl snapshot save"), name("/opt/backup.db")]
    ));
    for line in [
        "etcdctl --write-out=table snapshot status /opt/backup.db",
        "etcdutl -w table snapshot status /opt/backup.db",
        "etcdctl member list",
        "etcdctl member remove 8211f1d0f64f3269",
        "etcdctl member add member4 --peer-urls=http://10.0.0.4:2380",
    ] {
        assert!(parse(line).is_ok(), "{line}: {:?}", parse(line));
    }
    let restore = [
        cmd("etcdutl snapshot restore"),
        name("/opt/backup.db"),
        flag_is("data-dir", "/var/lib/etcd-restored"),
    ];
    assert!(passes(
        "etcdutl --data-dir /var/lib/etcd-restored snapshot restore /opt/backup.db",
        &restore
    ));
    assert!(passes(
        "etcdutl snapshot restore /opt/backup.db --data-dir=/var/lib/etcd-restored",
        &restore
    ));
    assert_eq!(
        parse("etcdutl snapshot restore /opt/backup.db"),
        Err(CommandError::MissingFlag {
            command: "etcdutl snapshot restore".to_owned(),
            flag: "data-dir".to_owned(),
        })
    );
    assert_eq!(
        parse("etcdutl snapshot restore /opt/backup.db")
            .unwrap_err()
            .to_string(),
        "`etcdutl snapshot restore` needs `--data-dir`"
    );
    assert_eq!(
        parse("etcdctl snapshot save"),
        Err(CommandError::MissingArgument(
            "etcdctl snapshot save".to_owned()
        ))
    );
    assert!(parse("etcdctl snapshot save a.db b.db").is_err());
}

#[test]
fn helm_lines() {
    let install = [
        cmd("helm install"),
        name("web"),
        name("bitnami/nginx"),
        flag_is("namespace", "shop"),
        Expect::Has("create-namespace".to_owned()),
        flag_is("set", "replicaCount=2,service.type=NodePort"),
        flag_is("version", "15.0.0"),
        flag_is("values", "values.yaml"),
    ];
    for line in [
        "helm install web bitnami/nginx -n shop --create-namespace --set replicaCount=2,service.type=NodePort --version 15.0.0 -f values.yaml",
        "helm install web bitnami/nginx --namespace=shop --create-namespace --set service.type=NodePort --set replicaCount=2 --version=15.0.0 --values values.yaml",
        "helm -n shop install --create-namespace -f values.yaml --set replicaCount=2 --set service.type=NodePort web bitnami/nginx --version 15.0.0",
    ] {
        let v = grade(line, &install);
        assert!(v.passed(), "{line}: {v:?}");
    }
    for line in [
        "helm repo add bitnami https://charts.bitnami.com/bitnami",
        "helm repo update",
        "helm upgrade --install web bitnami/nginx -n shop --reuse-values --set image.tag=1.27",
        "helm upgrade web ./chart -i --wait --timeout 5m",
        "helm uninstall web -n shop",
        "helm delete web -n shop --keep-history",
        "helm ls -A",
        "helm list --all-namespaces -o json",
        "helm template web ./chart --set 'list={a,b}' --output-dir out",
        "helm install web ./chart --dry-run",
        "helm install web ./chart --dry-run=server --wait=watcher",
    ] {
        assert!(parse(line).is_ok(), "{line}: {:?}", parse(line));
    }
    assert!(passes(
        "helm repo add bitnami https://charts.bitnami.com/bitnami",
        &[
            cmd("helm repo add"),
            name("bitnami"),
            name("https://charts.bitnami.com/bitnami")
        ]
    ));
    assert!(passes(
        "helm del web",
        &[cmd("helm uninstall"), name("web")]
    ));
    assert!(passes(
        "helm ls -A",
        &[cmd("helm list"), Expect::Has("all-namespaces".to_owned())]
    ));
    // A bare `--dry-run` is Helm's `client`, and the next word stays the chart.
    let dry = parse("helm install --dry-run web ./chart").unwrap();
    assert_eq!(flag(&dry, "dry-run"), ["client"]);
    assert_eq!(dry.names, ["web", "./chart"]);
}

#[test]
fn crictl_lines() {
    for (line, command) in [
        ("crictl ps -a", "crictl ps"),
        ("crictl ps --name kube-apiserver -o json", "crictl ps"),
        ("crictl pods --name nginx-65899c769f-wv2gp", "crictl pods"),
        ("crictl pods --label run=nginx", "crictl pods"),
        ("crictl images", "crictl images"),
        ("crictl images nginx", "crictl images"),
        ("crictl images -q", "crictl images"),
        ("crictl inspect 1f73f2d81bf98", "crictl inspect"),
        ("crictl logs --tail=1 87d3992f84f74", "crictl logs"),
        ("crictl logs -f 87d3992f84f74", "crictl logs"),
        (
            "crictl --runtime-endpoint unix:///run/containerd/containerd.sock ps -a",
            "crictl ps",
        ),
    ] {
        let parsed = parse(line);
        assert_eq!(
            parsed.as_ref().map(|c| c.command.as_str()),
            Ok(command),
            "{line}"
        );
    }
    assert!(passes(
        "crictl logs --tail=1 87d3992f84f74",
        &[
            cmd("crictl logs"),
            name("87d3992f84f74"),
            flag_is("tail", "1")
        ]
    ));
    assert!(parse("crictl ps abc").is_err());
}

#[test]
fn a_namespace_set_on_the_context_applies_to_kubectl_and_helm_only() {
    let ns = [flag_is("namespace", "shop")];
    assert!(grade_in("helm install web ./chart", &ns, Some("shop")).passed());
    assert!(grade_in("kubectl get pods", &ns, Some("shop")).passed());
    assert!(!grade_in("crictl pods", &ns, Some("shop")).passed());
}

#[test]
fn other_programs_are_named_in_messages_and_checks() {
    assert_eq!(
        cmd("kubeadm upgrade apply").to_string(),
        "the command is `kubeadm upgrade apply`"
    );
    assert_eq!(
        cmd("create deployment").to_string(),
        "the command is `kubectl create deployment`"
    );
    let not = parse("kubeclt get pods").unwrap_err().to_string();
    assert!(
        not.contains("`kubeadm`") && not.contains("`kubeclt`"),
        "{not}"
    );
    assert_eq!(
        step_problem(&[cmd("kubeadm upgrade apply"), name("v1.35.0")]),
        None
    );
    assert_eq!(
        step_problem(&[cmd("kubeadm frobnicate")]).as_deref(),
        Some("kubeadm has no command `frobnicate`")
    );
    assert_eq!(
        step_problem(&[cmd("frobnicate")]).as_deref(),
        Some("kubectl has no command `frobnicate`")
    );
    assert_eq!(
        step_problem(&[cmd("kubeadm init"), flag_is("namespace", "x")]).as_deref(),
        Some("`kubeadm init` has no flag `--namespace`")
    );
    assert_eq!(
        step_problem(&[cmd("etcdctl snapshot save"), flag_is("cacert", "ca.crt")]),
        None,
        "a program's global flag"
    );
    assert_eq!(
        step_problem(&[cmd("helm ls"), flag_is("namespace", "x")]),
        None
    );
    // The same words in kubectl are another command.
    assert!(step_problem(&[cmd("upgrade apply")]).is_some());
}

#[test]
fn long_lines_and_open_quotes_are_refused_clearly_in_every_program() {
    let huge = format!("kubeadm init --token {}", "a".repeat(100 * 1024));
    let err = parse(&huge).unwrap_err();
    assert_eq!(err, CommandError::TooLong(huge.len()));
    assert!(err.to_string().contains("at most"));
    assert_eq!(
        parse("etcdctl snapshot save '/opt/backup.db"),
        Err(CommandError::Quotes)
    );
    assert_eq!(parse("sudo"), Err(CommandError::Empty));
    assert_eq!(parse("ETCDCTL_API=3"), Err(CommandError::Empty));
    // A long list within the cap is read and graded in bounds.
    let verbs = format!(
        "kubectl create role r --resource=pods --verb={}get",
        "list,".repeat(2500)
    );
    assert!(passes(&verbs, &[flag_is("verb", "get,list")]));
    let sets = format!("helm install w c --set {}", "{[".repeat(5000));
    assert!(parse(&sets).is_ok());
}
