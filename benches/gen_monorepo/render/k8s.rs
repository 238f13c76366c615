//! Kubernetes manifests (Deployments, Services, CronJobs with a timeZone, ConfigMaps).

use std::fmt::Write as _;

use crate::rng::Rng;
use crate::words::{FIELDS, NOUNS, VERBS};

use super::fill;

pub fn generate(r: &mut Rng, unit: &str, target: usize, plant: Option<&str>, out: &mut String) {
    fill(out, target, r, plant, 0, |r, out| {
        let name = format!("{unit}-{}", r.pick(&["web", "worker", "scheduler", "api"]));
        match r.below(4) {
            0 => {
                let _ = write!(
                    out,
                    "---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  labels:
    app: {unit}
spec:
  replicas: {rep}
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
    spec:
      containers:
        - name: {name}
          image: registry.example.com/{unit}:{tag}
          ports:
            - containerPort: {port}
          envFrom:
            - secretRef:
                name: {unit}-secrets
          resources:
            limits:
              memory: {mem}Mi
              cpu: {cpu}m
",
                    rep = r.range(1, 12),
                    tag = r.range(100, 999),
                    port = r.pick(&[3000, 5000, 8000, 8080]),
                    mem = r.pick(&[256, 512, 1024]),
                    cpu = r.pick(&[250, 500, 1000])
                );
            }
            1 => {
                let _ = write!(
                    out,
                    "---
apiVersion: v1
kind: Service
metadata:
  name: {name}
spec:
  selector:
    app: {name}
  ports:
    - port: 80
      targetPort: {port}
",
                    port = r.pick(&[3000, 5000, 8000, 8080])
                );
            }
            2 => {
                let _ = write!(
                    out,
                    "---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: {name}-{v}
spec:
  schedule: \"{m} {h} * * *\"
  timeZone: \"Etc/UTC\"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: job
              image: registry.example.com/{unit}:latest
              args: [\"bin/{v}-{n}\"]
",
                    v = r.pick(VERBS),
                    n = r.pick(NOUNS),
                    m = r.below(60),
                    h = r.below(24)
                );
            }
            _ => {
                let _ = write!(out, "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}-config\ndata:\n");
                for _ in 0..r.range(3, 10) {
                    let _ = write!(
                        out,
                        "  {}_{}: \"{}\"\n",
                        r.pick(NOUNS).to_uppercase(),
                        r.pick(FIELDS).to_uppercase(),
                        r.range(1, 500)
                    );
                }
            }
        }
    });
}
