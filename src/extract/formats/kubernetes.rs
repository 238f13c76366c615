//! Kubernetes objects, one per YAML document, recognised by their `apiVersion` and `kind`.
//! Workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod) are services; a CronJob is a
//! cron service whose schedule runs in kube-controller-manager's zone unless `spec.timeZone`
//! names one; a Job that Helm or Argo CD runs before an upgrade (`helm.sh/hook: pre-upgrade`,
//! `argocd.argoproj.io/hook: PreSync`) is the pre-deploy step. Their containers declare env
//! (`env`), images and HTTP probes; a ConfigMap's keys are variables for `envFrom`, a Secret's
//! are variables whose values are secret.

use super::super::parsed::Parsed;
use super::super::pins::image_pin;
use super::super::{cron, CronJob, CronOrigin, Cx, ZoneFix};
use super::{command_text, declare_env, is_env_name, Declared};
use crate::facts::{
    BuildSpec, Builder, EnvImport, HealthCheck, Origin, PreDeploy, Service, ServiceKind,
};
use crate::parse::{yaml, Tree};
use crate::source::Span;

/// A Kubernetes object: a mapping with a `kind` and its `apiVersion`, `metadata` or `spec`.
pub fn is_object(doc: &yaml::Node) -> bool {
    doc.get("kind").and_then(|k| k.as_str()).is_some()
        && ["apiVersion", "metadata", "spec"]
            .iter()
            .any(|k| doc.get(k).is_some())
}

pub fn extract(cx: &mut Cx, parsed: &Parsed) {
    let Parsed::Yaml(docs) = parsed else { return };
    for doc in docs.iter().filter(|d| is_object(d)) {
        extract_doc(cx, doc);
    }
}

/// One object egress knows.
pub fn extract_doc(cx: &mut Cx, doc: &yaml::Node) {
    let kind = doc.get("kind").and_then(|k| k.as_str()).unwrap_or("");
    let name_node = doc.path(&["metadata", "name"]);
    let name = name_node
        .and_then(|n| n.as_value_str())
        .unwrap_or(kind)
        .to_string();
    let at = name_node
        .or_else(|| doc.get("kind"))
        .map_or(doc.span, |n| n.span);
    match kind {
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" => {
            if let Some(pod) = doc.path(&["spec", "template", "spec"]) {
                workload(cx, at, &name, pod, None);
            }
        }
        "Pod" => {
            if let Some(pod) = doc.get("spec") {
                workload(cx, at, &name, pod, None);
            }
        }
        "CronJob" => {
            cron_job(cx, doc);
            if let Some(pod) = doc.path(&["spec", "jobTemplate", "spec", "template", "spec"]) {
                workload(cx, at, &name, pod, Some(ServiceKind::Cron));
            }
        }
        "Job" => {
            if let Some(pod) = doc.path(&["spec", "template", "spec"]) {
                if runs_before_upgrade(doc) {
                    pre_deploy_job(cx, pod);
                }
                containers_of(cx, pod, &name);
            }
        }
        "ConfigMap" => {
            for (key, value) in doc.get("data").map_or(&[][..], |d| d.entries()) {
                let (Some(k), Some(v)) = (key.as_str(), value.as_value_str()) else {
                    continue;
                };
                if is_env_name(k) {
                    declare_env(
                        cx,
                        key.span,
                        k,
                        Declared::Literal(v, value.span),
                        Origin::Kubernetes,
                    );
                }
            }
        }
        "Secret" => {
            for field in ["stringData", "data"] {
                for (key, value) in doc.get(field).map_or(&[][..], |d| d.entries()) {
                    cx.facts.secrets.push(value.span);
                    if let Some(k) = key.as_str().filter(|k| is_env_name(k)) {
                        declare_env(cx, key.span, k, Declared::SecretStore, Origin::Kubernetes);
                    }
                }
            }
        }
        _ => {}
    }
}

/// A Helm hook or Argo CD sync hook that runs before the release is rolled out.
fn runs_before_upgrade(doc: &yaml::Node) -> bool {
    let annotations = doc.path(&["metadata", "annotations"]);
    let get = |k: &str| annotations.and_then(|a| a.get(k)).and_then(|v| v.as_str());
    get("helm.sh/hook").is_some_and(|h| h.contains("pre-upgrade") || h.contains("pre-install"))
        || get("argocd.argoproj.io/hook") == Some("PreSync")
}

fn pre_deploy_job(cx: &mut Cx, pod: &yaml::Node) {
    for c in pod.get("containers").map_or(&[][..], |c| c.items()) {
        if let Some((command, at)) = container_command(c) {
            cx.facts.pre_deploys.push(PreDeploy {
                at: cx.loc(at),
                command,
                origin: Origin::Kubernetes,
            });
        }
    }
}

/// `command` and `args` of a container, joined; at the first of them.
fn container_command(c: &yaml::Node) -> Option<(String, Span)> {
    let parts: Vec<String> = ["command", "args"]
        .iter()
        .filter_map(|k| c.get(k).and_then(command_text))
        .collect();
    let at = c.get("command").or_else(|| c.get("args"))?.span;
    (!parts.is_empty()).then(|| (parts.join(" "), at))
}

/// A workload: one service (web when a container exposes a port or an HTTP probe), and what
/// its containers declare.
fn workload(cx: &mut Cx, at: Span, name: &str, pod: &yaml::Node, kind: Option<ServiceKind>) {
    let containers = pod.get("containers").map_or(&[][..], |c| c.items());
    let serves = containers
        .iter()
        .any(|c| c.get("ports").is_some() || c.path(&["readinessProbe", "httpGet"]).is_some());
    let kind = kind.unwrap_or(if serves {
        ServiceKind::Web
    } else {
        ServiceKind::Worker
    });
    let command = containers
        .first()
        .and_then(container_command)
        .map_or(String::new(), |(c, _)| c);
    cx.facts.services.push(Service {
        at: cx.loc(at),
        name: name.to_string(),
        kind,
        command,
        root: None,
        origin: Origin::Kubernetes,
    });
    containers_of(cx, pod, name);
}

/// Env, images and HTTP probes of a pod's containers (init containers included).
fn containers_of(cx: &mut Cx, pod: &yaml::Node, workload: &str) {
    let all = ["initContainers", "containers"].iter().flat_map(|k| {
        pod.get(k)
            .map_or(&[][..], |c| c.items())
            .iter()
            .map(move |c| (*k, c))
    });
    for (key, c) in all {
        // `envFrom` takes every key of a Secret or ConfigMap, whose keys egress may not see.
        for from in c.get("envFrom").map_or(&[][..], |e| e.items()) {
            for (field, what) in [("secretRef", "Secret"), ("configMapRef", "ConfigMap")] {
                if let Some(name) = from.path(&[field, "name"]) {
                    cx.facts.env_imports.push(EnvImport {
                        at: cx.loc(name.span),
                        from: format!("{what} {}", name.as_value_str().unwrap_or("")),
                        origin: Origin::Kubernetes,
                    });
                }
            }
        }
        for var in c.get("env").map_or(&[][..], |e| e.items()) {
            let Some(key) = var.get("name") else { continue };
            let Some(name) = key.as_value_str() else {
                continue;
            };
            let from = var.get("valueFrom");
            let value = match (var.get("value"), from) {
                (Some(v), _) => match v.as_value_str() {
                    Some(s) => Declared::Literal(s, v.span),
                    None => continue,
                },
                // The downward API: the pod's name, IP, resources.
                (None, Some(f))
                    if f.get("fieldRef").is_some() || f.get("resourceFieldRef").is_some() =>
                {
                    Declared::PlatformProvided
                }
                // A Secret's or ConfigMap's key, set outside this container.
                (None, Some(_)) => Declared::SecretStore,
                (None, None) => continue,
            };
            declare_env(cx, key.span, name, value, Origin::Kubernetes);
        }
        if let Some(image) = c.get("image") {
            if let Some(i) = image.as_value_str() {
                cx.facts.builds.push(BuildSpec {
                    at: cx.loc(image.span),
                    service: Some(workload.to_string()),
                    builder: Builder::Image(i.to_string()),
                    origin: Origin::Kubernetes,
                });
                // An init container's image (a `busybox` wait, a tool) is not the app's runtime.
                if key == "containers" {
                    image_pin(cx, i, image.span);
                }
            }
        }
        for probe in ["readinessProbe", "livenessProbe", "startupProbe"] {
            if let Some(path) = c.path(&[probe, "httpGet", "path"]) {
                if let Some(p) = path.as_value_str() {
                    cx.facts.health_checks.push(HealthCheck {
                        at: cx.loc(path.span),
                        service: Some(workload.to_string()),
                        probe: p.to_string(),
                        origin: Origin::Kubernetes,
                    });
                }
            }
        }
    }
}

fn cron_job(cx: &mut Cx, doc: &yaml::Node) {
    let spec = doc.get("spec");
    let Some(schedule) = spec.and_then(|s| s.get("schedule")) else {
        return;
    };
    let text = schedule.as_str().unwrap_or("").to_string();
    let timezone = spec
        .and_then(|s| s.get("timeZone"))
        .and_then(|t| t.as_value_str())
        .map(str::to_string)
        .or_else(|| cron::inline_tz(&text));
    let zone_fix = time_zone_key(cx.text, schedule.span);
    cx.facts.cron_jobs.push(CronJob {
        at: cx.loc(schedule.span),
        zone_sensitive: cron::zone_sensitive(&text),
        schedule: text,
        timezone,
        origin: CronOrigin::KubernetesCronJob,
        name: doc
            .path(&["metadata", "name"])
            .and_then(|n| n.as_str())
            .map(str::to_string),
        zone_fix: Some(zone_fix),
    });
}

/// `timeZone: Etc/UTC` on the line after `schedule:`, at its indentation, with the file's line
/// endings.
fn time_zone_key(text: &str, schedule: Span) -> ZoneFix {
    let start = schedule.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent: String = text[line_start..]
        .chars()
        .take_while(|c| *c == ' ')
        .collect();
    let line_end = crate::source::line_end(text, schedule.end);
    let nl = if text[line_end..].starts_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    ZoneFix {
        span: Span::new(line_end, line_end),
        text: format!("{nl}{indent}timeZone: Etc/UTC"),
        description: "add `timeZone: Etc/UTC`",
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::{at, env_decls, facts, services};
    use crate::facts::{Builder, EnvValue, ServiceKind};

    const K8S: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: harbor-web
spec:
  template:
    spec:
      initContainers:
        - name: wait-for-db
          image: busybox:1.36
      containers:
        - name: web
          image: ghcr.io/harbor/web:2.4.0
          command: ["bundle", "exec", "puma"]
          args: ["-C", "config/puma.rb"]
          ports:
            - containerPort: 3000
          env:
            - name: TZ
              value: Europe/Berlin
            - name: DATABASE_URL
              valueFrom:
                secretKeyRef:
                  name: harbor-db
                  key: url
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
            - name: API_TOKEN
              value: t0k3n-value
          readinessProbe:
            httpGet:
              path: /up
              port: 3000
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: harbor-config
data:
  RAILS_LOG_LEVEL: info
  nginx.conf: |
    server {}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: harbor-migrate
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
spec:
  template:
    spec:
      containers:
        - name: migrate
          image: ghcr.io/harbor/web:2.4.0
          command: ["bin/rails", "db:migrate"]
---
apiVersion: v1
kind: Secret
metadata:
  name: harbor-db
stringData:
  url: postgres://harbor:s3cr3tpass@db.internal/harbor
"#;

    #[test]
    fn workloads_env_probes_config_maps_and_hook_jobs() {
        let f = facts("k8s/harbor.yaml", K8S);
        assert_eq!(
            services(&f),
            [(
                "harbor-web",
                ServiceKind::Web,
                "bundle exec puma -C config/puma.rb"
            )]
        );
        assert_eq!(
            env_decls(&f),
            [
                ("TZ", EnvValue::Literal("Europe/Berlin".into())),
                ("DATABASE_URL", EnvValue::SecretStore),
                ("POD_NAME", EnvValue::PlatformProvided),
                ("API_TOKEN", EnvValue::Literal("****".into())),
                ("RAILS_LOG_LEVEL", EnvValue::Literal("info".into())),
                ("url", EnvValue::SecretStore),
            ]
        );
        assert_eq!(f.health_checks[0].probe, "/up");
        assert_eq!(f.pre_deploys[0].command, "bin/rails db:migrate");
        let images: Vec<_> = f.builds.iter().map(|b| b.builder.clone()).collect();
        assert_eq!(
            images,
            [
                Builder::Image("busybox:1.36".into()),
                Builder::Image("ghcr.io/harbor/web:2.4.0".into()),
                Builder::Image("ghcr.io/harbor/web:2.4.0".into()),
            ]
        );
        for secret in [
            "t0k3n-value",
            "postgres://harbor:s3cr3tpass@db.internal/harbor",
        ] {
            assert!(
                f.secrets
                    .iter()
                    .any(|s| K8S[s.start..s.end].contains(secret)),
                "{secret} not masked"
            );
        }
        assert_eq!(at(K8S, f.env_decls[0].at), "TZ");
        // The app's own image pins no runtime.
        assert!(f.pins.is_empty());
        let f = facts(
            "k8s/web.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: assets\n          image: node:18\n      containers:\n        - name: web\n          image: python:3.12-slim\n",
        );
        let pins: Vec<_> = f
            .pins
            .iter()
            .map(|p| (p.runtime, p.version.as_str()))
            .collect();
        assert_eq!(pins, [(crate::facts::Runtime::Python, "3.12-slim")]);
    }

    #[test]
    fn a_cron_job_is_a_cron_service() {
        let text = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: digest\nspec:\n  schedule: \"0 7 * * *\"\n  timeZone: America/Chicago\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: digest\n              image: app:1\n              args: [\"bin/rails\", \"digest:send\"]\n";
        let f = facts("k8s/digest.yaml", text);
        assert_eq!(f.cron_jobs[0].timezone.as_deref(), Some("America/Chicago"));
        assert_eq!(f.services[0].kind, ServiceKind::Cron);
        assert_eq!(f.services[0].command, "bin/rails digest:send");
    }
}
