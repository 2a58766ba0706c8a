#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

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
            CommandError::UnknownCommand("deploy web".to_owned()),
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
