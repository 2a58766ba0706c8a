//! `kubestudy new ID`: a pack folder with one item of every kind, split over files as a real
//! pack would be, that `kubestudy check` passes. Authors start from it.

/// The files of a new pack with id `id`: (file name, text).
pub fn new_pack(id: &str) -> Vec<(&'static str, String)> {
    let manifest = format!(
        r#"// The manifest: who wrote the pack, its version, and the files holding its content.
(
    id: "{id}",
    version: "0.1.0",
    title: "{id}",
    summary: "What this pack teaches, in one sentence.",
    language: "en",
    license: "CC-BY-4.0",
    authors: ["Your Name"],
    kubernetes: "1.35",
    tags: ["kcna"],
    include: ["glossary.ron", "cards.ron", "primer.ron", "diagrams.ron"],
)
"#
    );
    let glossary = r#"// Glossary terms: see_also names other terms of this pack.
(
    glossary: [
        (id: "pod", term: "Pod", aliases: ["Pods"],
         definition: "The smallest deployable unit: one or more containers that share a network namespace and volumes.",
         see_also: ["kubelet"], tags: ["kcna-fundamentals"]),
        (id: "kubelet", term: "kubelet",
         definition: "The agent on every node that runs the Pods bound to it through the container runtime.",
         see_also: ["pod"], tags: ["kcna-fundamentals"]),
    ],
)
"#;
    let cards = r#"// Flashcards: a text answer (with distractors it can be asked as multiple choice), an
// ordered list, a set in any order, or a cloze text (`{{c1::hidden}}`, each number asked on its
// own). `reverse: true` also asks a text card from its answer back. `terms` links glossary terms
// of this pack; `siblings` lists cards of this pack that teach the same fact.
(
    cards: [
        (id: "what-runs-pods", front: "Which node agent starts the containers of a Pod?",
         answer: Text("kubelet"), distractors: ["kube-proxy", "kube-scheduler"],
         terms: ["kubelet", "pod"], tags: ["kcna", "kcna-fundamentals"]),
        (id: "pod-start-order", front: "Put in order: what happens when a Pod is created?",
         answer: Ordered(["The API server stores it", "The scheduler binds it to a node", "That node's kubelet starts it"]),
         tags: ["kcna"]),
        (id: "pod-shares", front: "What do the containers of one Pod share?",
         answer: Set(["network namespace (one IP)", "volumes"]), tags: ["kcna"]),
        (id: "pod-localhost", front: "The containers of one Pod share a {{c1::network namespace}}, so they reach each other on {{c2::localhost::a host name}}.",
         answer: Cloze, siblings: ["pod-shares"], tags: ["kcna"]),
        (id: "default-service-type", front: "The Service type you get when you name none: reachable only from inside the cluster",
         answer: Text("ClusterIP"), reverse: true, tags: ["kcna"]),
    ],
)
"#;
    let primer = r#"// A primer: sections of text, each followed by check questions.
(
    primers: [
        (id: "first-primer", title: "A first primer", summary: "One section and one check.",
         sections: [
            (id: "pods", heading: "Pods",
             body: [
                Para("A Pod groups containers that must run together; list them with `kubectl get pods`."),
                Bullets(["They share one IP address.", "They can share volumes."]),
                Code(lang: "sh", text: "kubectl get pods -o wide"),
             ],
             checks: [
                (id: "pod-ip", front: "How many IP addresses does a Pod get?", answer: Text("One, shared by its containers")),
             ]),
         ]),
    ],
)
"#;
    let diagrams = r#"// Diagrams: boxes (nodes) with a role each, inside regions, joined by labelled arrows.
(
    diagrams: [
        (id: "node-agent", title: "The kubelet and its Pods", summary: "Who starts what on a node.",
         canvas: (600, 300),
         regions: [(id: "node", label: "Worker node", rect: (10, 10, 580, 280))],
         nodes: [
            (id: "kubelet", label: "kubelet", rect: (40, 110, 200, 60), region: "node", term: "kubelet",
             role: "Starts and watches the Pods bound to this node."),
            (id: "pod", label: "Pod", rect: (360, 110, 200, 60), region: "node", term: "pod",
             role: "Runs the application's containers."),
         ],
         edges: [(from: "kubelet", to: "pod", label: "starts, probes")]),
    ],
)
"#;
    vec![
        ("pack.ron", manifest),
        ("glossary.ron", glossary.to_owned()),
        ("cards.ron", cards.to_owned()),
        ("primer.ron", primer.to_owned()),
        ("diagrams.ron", diagrams.to_owned()),
    ]
}
