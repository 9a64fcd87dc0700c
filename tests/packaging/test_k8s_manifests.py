#!/usr/bin/python3
"""The Kubernetes manifests (packaging/k8s) against the CRD's schema, the spec validator
(orchestratorctl spec validate, the authority for ranges) and the daemon they deploy.

Run by CTest as: /usr/bin/python3 test_k8s_manifests.py, with ORCH_SOURCE_DIR and ORCH_BIN_DIR
in the environment. Needs python3-yaml and python3-jsonschema.
"""

import concurrent.futures
import copy
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
import urllib.request

import yaml

SOURCE_DIR = os.environ.get("ORCH_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BIN_DIR = os.environ.get("ORCH_BIN_DIR", os.path.join(SOURCE_DIR, "build", "bin"))
K8S = os.path.join(SOURCE_DIR, "packaging", "k8s")
CTL = os.path.join(BIN_DIR, "orchestratorctl")
DAEMON = os.path.join(BIN_DIR, "orchestratord")

sys.path.insert(0, K8S)
import validate  # noqa: E402  (packaging/k8s/validate.py)

# Every manifest file and the kinds it holds, in order: a new file must be added here.
EXPECTED_KINDS = {
    "crds/autonomic-orchestrator.yaml": ["CustomResourceDefinition"],
    "namespace.yaml": ["Namespace"],
    "dai-autonomic-orchestrator.yaml": ["AutonomicOrchestrator"],
    "orchestratord.yaml": ["ServiceAccount", "Role", "RoleBinding", "ConfigMap", "Service", "Service", "StatefulSet"],
    "redis.yaml": ["PersistentVolumeClaim", "Deployment", "Service", "NetworkPolicy"],
}
CLUSTER_SCOPED = {"CustomResourceDefinition", "Namespace"}


def load(relpath):
    return validate.load_documents(os.path.join(K8S, relpath))


def one(relpath, kind, name=None):
    found = [d for d in load(relpath) if d["kind"] == kind and (name is None or d["metadata"]["name"] == name)]
    assert len(found) == 1, f"{relpath}: expected one {kind} {name or ''}, found {len(found)}"
    return found[0]


def ctl(*args, timeout=60):
    return subprocess.run([CTL, *args], capture_output=True, text=True, timeout=timeout)


def ctl_validate(doc):
    """orchestratorctl's verdict on a spec document: (valid, stderr)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(doc, f)
        path = f.name
    try:
        r = ctl("spec", "validate", path)
        if r.returncode not in (0, 1):
            raise AssertionError(f"orchestratorctl spec validate exited {r.returncode}: {r.stderr}")
        return r.returncode == 0, r.stderr
    finally:
        os.unlink(path)


def nested(path, value):
    """{"a": {"b": value}} for path "a.b"."""
    doc = value
    for key in reversed(path.split(".")):
        doc = {key: doc}
    return doc


def set_path(doc, path, value):
    keys = path.split(".")
    for key in keys[:-1]:
        doc = doc.setdefault(key, {})
    doc[keys[-1]] = value


def leaves(schema, prefix=""):
    """(dotted path, schema) of every scalar or list field of an object schema."""
    for name, sub in schema.get("properties", {}).items():
        path = f"{prefix}.{name}" if prefix else name
        if sub.get("type") == "object":
            yield from leaves(sub, path)
        else:
            yield path, sub


def cel_to_python(rule):
    """The subset of CEL the CRD's rules use (has, !, ||, &&, arithmetic, comparisons on self's
    fields) as a Python expression over a dict `self`."""
    expr = re.sub(r"has\(self\.(\w+)\)", r"('\1' in self)", rule)
    expr = re.sub(r"self\.(\w+)", r"self['\1']", expr)
    expr = expr.replace("||", " or ").replace("&&", " and ")
    expr = re.sub(r"!(?!=)", " not ", expr)
    return expr


class Manifests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.crd = validate.Crd(os.path.join(K8S, "crds", "autonomic-orchestrator.yaml"))
        cls.instance = one("dai-autonomic-orchestrator.yaml", "AutonomicOrchestrator")
        r = ctl("spec", "defaults")
        assert r.returncode == 0, r.stderr
        cls.defaults = json.loads(r.stdout)

    def test_every_manifest_parses_and_has_the_expected_kinds(self):
        files = sorted(os.path.relpath(p, K8S) for p in glob.glob(os.path.join(K8S, "**", "*.yaml"), recursive=True))
        self.assertEqual(files, sorted(EXPECTED_KINDS))
        for relpath, kinds in EXPECTED_KINDS.items():
            docs = load(relpath)
            self.assertEqual([d.get("kind") for d in docs], kinds, relpath)
            for d in docs:
                self.assertIsInstance(d.get("apiVersion"), str, relpath)
                self.assertTrue(d["metadata"]["name"], relpath)
                if d["kind"] not in CLUSTER_SCOPED:
                    self.assertEqual(d["metadata"].get("namespace"), "dealershipai", f"{relpath}: {d['kind']}")

    def test_crd_names_scope_subresource_and_printer_columns(self):
        doc = one("crds/autonomic-orchestrator.yaml", "CustomResourceDefinition")
        spec = doc["spec"]
        names = spec["names"]
        # SPEC.md: kubectl get autonomicorchestrator -n dealershipai
        self.assertEqual(names["kind"], "AutonomicOrchestrator")
        self.assertEqual(names["singular"], "autonomicorchestrator")
        self.assertEqual(doc["metadata"]["name"], f"{names['plural']}.{spec['group']}")
        self.assertEqual(spec["scope"], "Namespaced")
        version = [v for v in spec["versions"] if v["storage"]][0]
        self.assertTrue(version["served"])
        self.assertEqual(version["subresources"], {"status": {}})
        columns = {c["name"]: c for c in version["additionalPrinterColumns"]}
        for name, path in {"Phase": ".status.phase", "Drift": ".status.drift.open",
                           "Last Retrain": ".status.lastRetrain", "Canary": ".status.canary.state"}.items():
            self.assertEqual(columns[name]["jsonPath"], path)
        # Every column shows a field the status schema declares, with the column's type.
        json_types = {"string": "string", "integer": "integer", "number": "number", "date": "string", "boolean": "boolean"}
        root = version["schema"]["openAPIV3Schema"]
        for c in version["additionalPrinterColumns"]:
            node = root
            for key in c["jsonPath"].lstrip(".").split("."):
                node = node["properties"][key] if "properties" in node else {"type": "object"}
            if c["jsonPath"].startswith(".status"):
                self.assertEqual(node["type"], json_types[c["type"]], c["name"])

    def test_crd_schema_is_structural(self):
        """What the API server demands of a CRD schema: a type everywhere, no uniqueItems or
        additionalProperties: false (list-type set and strict field validation instead),
        and defaults that are valid themselves."""
        root = self.crd.openapi

        def walk(node, path):
            if path not in (".metadata",):
                self.assertIn("type", node, path)
            self.assertNotIn("uniqueItems", node, path)
            self.assertNotEqual(node.get("additionalProperties"), False, path)
            if "default" in node:
                errors = validate.schema_errors(validate.to_json_schema(node), node["default"], path)
                self.assertEqual(errors, [], path)
            for name, sub in node.get("properties", {}).items():
                walk(sub, f"{path}.{name}")
            if "items" in node:
                walk(node["items"], f"{path}[]")

        walk(root, "")

    def test_instance_validates(self):
        self.assertEqual(self.crd.validate_resource(self.instance), [])
        self.assertEqual(self.instance["metadata"]["name"], "dai-autonomic-orchestrator")
        self.assertEqual(self.instance["metadata"]["namespace"], "dealershipai")
        r = subprocess.run([sys.executable, os.path.join(K8S, "validate.py"),
                            os.path.join(K8S, "dai-autonomic-orchestrator.yaml")], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_spec_defaults_validate_and_equal_the_crd_defaults(self):
        """orchestratorctl spec defaults (SPEC.md's values) is valid under the CRD, and is
        exactly what the API server fills in for an AutonomicOrchestrator without a spec."""
        self.assertEqual(self.crd.validate_spec(self.defaults), [])
        self.assertEqual(self.crd.default_spec(), self.defaults)
        declared = sorted(p for p, _ in leaves(self.crd.openapi["properties"]["spec"]))
        printed = sorted(p for p, _ in leaves({"properties": {k: self._schema_of(v) for k, v in self.defaults.items()}}))
        self.assertEqual(declared, printed)

    def _schema_of(self, value):
        if isinstance(value, dict):
            return {"type": "object", "properties": {k: self._schema_of(v) for k, v in value.items()}}
        return {"type": "leaf"}

    def test_instance_is_spec_md(self):
        self.assertEqual(self.instance["spec"], self.defaults)

    def test_configmap_spec_is_the_instance_spec(self):
        cm = one("orchestratord.yaml", "ConfigMap", "orchestratord-spec")
        spec = json.loads(cm["data"]["spec.json"])
        self.assertEqual(spec, self.instance["spec"])
        valid, err = ctl_validate(spec)
        self.assertTrue(valid, err)

    INVALID = [
        # (field, value, what the message says)
        ("components.driftSentinel.threshold", "2.0", "type number"),
        ("components.driftSentinel.threshold", 0, "> 0"),
        ("components.driftSentinel.intervalMinutes", 15.5, "type integer"),
        ("components.driftSentinel.intervalMinutes", 1441, "<= 1440"),
        ("components.driftSentinel.alertChannels", ["slack", "sms"], "one of"),
        ("components.driftSentinel.alertChannels", ["slack", "slack"], "twice"),
        ("components.adaptiveWeightLearner.dailyAtUtc", "24:00", "must match"),
        ("components.adaptiveWeightLearner.confidenceFloor", 1.01, "<= 1"),
        ("components.adaptiveWeightLearner.retrainOnDrift", "yes", "type boolean"),
        ("components.rlController.stateStore", "memcached", "one of"),
        ("components.rlController.learningRate", 0, "> 0"),
        ("components.autoFixAgents.agents", [], "at least 1"),
        ("components.autoFixAgents.version", " ", "must match"),
        ("governance.maxApiCostPerDealerMonth", -0.01, ">= 0"),
        ("autoRetrain.triggerCount", 0, ">= 1"),
        ("rollback.errorRateThreshold", 2, "<= 1"),
        ("telemetry.metricsStore", "http://metrics.example/", "must match"),
        ("telemetry.audit.appendOnly", False, "one of"),
        ("telemetry.audit.encryption", "AES-128", "one of"),
        ("telemetry.retentionDays", 3651, "<= 3650"),
        ("rollout.canaryFraction", 1.5, "<= 1"),
        ("rollout.canaryFraction", 0, "> 0"),
        ("rollout.validationHooks", "Lighthouse", "type array"),
        # unknown fields
        ("governance.maxCost", 1, "unknown field"),
        ("components.driftSentinel.thresold", 2.0, "unknown field"),
        ("components.canaryAgent", {}, "unknown field"),
        ("shards", 3, "unknown field"),
    ]

    def test_invalid_instances_are_rejected_with_the_field_named(self):
        for field, value, says in self.INVALID:
            with self.subTest(field=field, value=value):
                doc = copy.deepcopy(self.instance)
                set_path(doc["spec"], field, value)
                errors = self.crd.validate_resource(doc)
                named = [e for e in errors if e.startswith(f".spec.{field}")]
                self.assertTrue(named, f"no error names .spec.{field}: {errors}")
                self.assertIn(says, " ".join(named))
                # orchestratorctl, the authority, refuses the same spec and names the same field.
                valid, err = ctl_validate(doc["spec"])
                self.assertFalse(valid, f"orchestratorctl accepts {field} = {value!r}")
                self.assertIn(field.split(".")[-1], err)

    def test_invalid_resource_envelope(self):
        doc = copy.deepcopy(self.instance)
        doc["apiVersion"] = "orchestrator.dealershipai.com/v2"
        del doc["metadata"]["namespace"]
        errors = self.crd.validate_resource(doc)
        self.assertTrue(any(e.startswith(".apiVersion:") for e in errors), errors)
        self.assertTrue(any(e.startswith(".metadata.namespace:") for e in errors), errors)

    def test_validator_command_line_names_the_field(self):
        doc = copy.deepcopy(self.instance)
        doc["spec"]["rollout"]["canaryFraction"] = 1.5
        doc["spec"]["governance"]["bogus"] = True
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "bad.yaml")
            with open(path, "w") as f:
                yaml.safe_dump(doc, f)
            r = subprocess.run([sys.executable, os.path.join(K8S, "validate.py"), path],
                               capture_output=True, text=True)
        self.assertEqual(r.returncode, 1)
        self.assertIn(".spec.rollout.canaryFraction: must be <= 1, got 1.5", r.stderr)
        self.assertIn(".spec.governance.bogus: unknown field", r.stderr)

    def probes(self, path, schema):
        """Values at the edges of a field's schema, each with a context (other fields) it needs."""
        t = schema.get("type")
        out = []
        if t in ("number", "integer"):
            lo, hi = schema.get("minimum"), schema.get("maximum")
            step = 1 if t == "integer" else 1e-9
            if lo is not None:
                out += [lo, lo - step] if not schema.get("exclusiveMinimum") else [lo, lo + step]
            if hi is not None:
                out += [hi, hi + step]
            out += ["1", None, True]
            if t == "integer":
                out += [2.5, float(schema["default"])]
        elif t == "string":
            for allowed in schema.get("enum", []):
                out.append(allowed)
            out += [schema["default"], "bogus-value", "", 7]
            if path.endswith("dailyAtUtc"):
                out += ["23:59", "00:00", "2:00", "12:60"]
            if path.endswith("metricsStore"):
                out += ["file:///var/lib/orchestrator/metrics", "S3://x"]
        elif t == "boolean":
            out += [True, False, "true", 0]
        elif t == "array":
            allowed = schema["items"].get("enum", [])
            out += [[], allowed[:1], allowed, allowed[:1] * 2, ["bogus"], [1], "x"]
        # Other fields so that the cross-field rule (minProbability <= exploration / 5) holds.
        context = {}
        if path == "components.rlController.minProbability":
            context = {"components.rlController.exploration": 1.0}
        if path == "components.rlController.exploration":
            context = {"components.rlController.minProbability": 1e-12}
        return [(v, context) for v in out]

    def test_schema_and_orchestratorctl_agree_at_every_edge(self):
        """For each field, values at and just past its limits, of wrong types, outside its
        enum: the CRD's schema and orchestratorctl give the same verdict."""
        cases = []
        for path, schema in leaves(self.crd.openapi["properties"]["spec"]):
            for value, context in self.probes(path, schema):
                doc = nested(path, value)
                for cpath, cvalue in context.items():
                    set_path(doc, cpath, cvalue)
                cases.append((path, value, doc))
        self.assertGreater(len(cases), 150)
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            verdicts = list(pool.map(lambda case: ctl_validate(case[2]), cases))
        disagreements = []
        for (path, value, doc), (ctl_ok, err) in zip(cases, verdicts):
            crd_ok = not self.crd.validate_spec(doc)
            if crd_ok != ctl_ok:
                disagreements.append(f"{path} = {value!r}: the CRD {'accepts' if crd_ok else 'refuses'} it, "
                                     f"orchestratorctl {'accepts' if ctl_ok else 'refuses'} it {err.strip()}")
        self.assertEqual(disagreements, [], "\n".join(disagreements))

    def test_cross_field_rule_agrees_with_orchestratorctl(self):
        """The CEL rule on rlController (which the API server evaluates) against orchestratorctl."""
        rl = self.crd.openapi["properties"]["spec"]["properties"]["components"]["properties"]["rlController"]
        rules = [r["rule"] for r in rl["x-kubernetes-validations"]]
        self.assertEqual(len(rules), 1)
        expr = cel_to_python(rules[0])
        for exploration, min_probability in [(0.2, 0.02), (0.1, 0.02), (0.1, 0.0201), (1.0, 0.2), (0.05, 0.011)]:
            rl_doc = {"exploration": exploration, "minProbability": min_probability}
            cel_ok = eval(expr, {}, {"self": rl_doc})  # noqa: S307 (the CRD's own rule)
            ctl_ok, err = ctl_validate({"components": {"rlController": rl_doc}})
            self.assertEqual(cel_ok, ctl_ok, f"{rl_doc}: {err}")

    def test_daemon_status_fits_the_status_schema(self):
        """orchestratord's GET /api/orchestrator/status body is a valid .status."""
        with tempfile.TemporaryDirectory() as data:
            p = subprocess.Popen([DAEMON, "--listen", "127.0.0.1:0", "--data-dir", data, "--simulate", "3",
                                  "--warm-up-days", "1"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            try:
                line = p.stdout.readline()
                m = re.search(r"listening on (http://\S+)", line)
                self.assertTrue(m, f"orchestratord printed {line!r}")
                with urllib.request.urlopen(m.group(1) + "/api/orchestrator/status", timeout=30) as r:
                    status = json.load(r)
            finally:
                p.terminate()
                p.wait(timeout=30)
                p.stdout.close()
        self.assertEqual(self.crd.validate_status(status), [])
        self.assertEqual(len(status["components"]), 4)

    def test_statefulset_runs_the_daemon_as_the_image_and_rbac_expect(self):
        sts = one("orchestratord.yaml", "StatefulSet")
        pod = sts["spec"]["template"]["spec"]
        container = pod["containers"][0]
        args = container["args"]
        help_text = subprocess.run([DAEMON, "--help"], capture_output=True, text=True, timeout=30).stdout
        for opt in (a for a in args if a.startswith("--")):
            self.assertIn(opt, help_text, "an option orchestratord does not have")
        opts = dict(zip(args[::2], args[1::2]))
        mounts = {m["mountPath"]: m for m in container["volumeMounts"]}
        volumes = {v["name"]: v for v in pod["volumes"]}

        def mounted(path):
            for mount_path, m in mounts.items():
                if path == mount_path or path.startswith(mount_path + "/"):
                    return m, os.path.relpath(path, mount_path)
            self.fail(f"{path} is on no volume")

        self.assertEqual(mounted(opts["--data-dir"])[0]["name"],
                         sts["spec"]["volumeClaimTemplates"][0]["metadata"]["name"])
        spec_mount, spec_key = mounted(opts["--spec"])
        cm = one("orchestratord.yaml", "ConfigMap")
        self.assertEqual(volumes[spec_mount["name"]]["configMap"]["name"], cm["metadata"]["name"])
        self.assertIn(spec_key, cm["data"])
        token_mount, token_key = mounted(opts["--token-file"])
        secret = volumes[token_mount["name"]]["secret"]
        self.assertEqual(token_key, "tokens")
        self.assertEqual(secret["defaultMode"] & 0o007, 0, "orchestratord refuses a token file others can read")
        # The listen port is the container's port, the Services' target and the image's EXPOSE.
        port = int(opts["--listen"].rsplit(":", 1)[1])
        self.assertEqual(container["ports"][0]["containerPort"], port)
        labels = sts["spec"]["template"]["metadata"]["labels"]
        self.assertEqual(sts["spec"]["selector"]["matchLabels"].items() - labels.items(), set())
        for svc in (d for d in load("orchestratord.yaml") if d["kind"] == "Service"):
            self.assertEqual(svc["spec"]["selector"].items() - labels.items(), set(), svc["metadata"]["name"])
        self.assertEqual(sts["spec"]["serviceName"], "orchestratord-headless")
        # Sharded: every replica is one shard (its ordinal), so the shard count is the replica count.
        self.assertEqual(int(opts["--shards"]), sts["spec"]["replicas"])
        self.assertIn("--redis", opts, "sharding needs Redis")
        # RBAC: the pod's service account may get/watch its resource and patch its status.
        crd = one("crds/autonomic-orchestrator.yaml", "CustomResourceDefinition")["spec"]
        role = one("orchestratord.yaml", "Role")
        binding = one("orchestratord.yaml", "RoleBinding")
        self.assertEqual(binding["roleRef"]["name"], role["metadata"]["name"])
        self.assertIn({"kind": "ServiceAccount", "name": pod["serviceAccountName"], "namespace": "dealershipai"},
                      binding["subjects"])

        def allowed(resource, verb):
            return any(crd["group"] in r["apiGroups"] and resource in r["resources"] and verb in r["verbs"]
                       for r in role["rules"])

        for verb in ("get", "list", "watch"):
            self.assertTrue(allowed(crd["names"]["plural"], verb), verb)
        self.assertTrue(allowed(crd["names"]["plural"] + "/status", "patch"))
        self.assertFalse(allowed(crd["names"]["plural"], "delete"))
        # Redis: the URL names its Service and port; only the daemon's pods may connect.
        redis_svc = one("redis.yaml", "Service")
        host, redis_port = re.match(r"redis://([^:/]+):(\d+)/\d+$", opts["--redis"]).groups()
        self.assertEqual(host, redis_svc["metadata"]["name"])
        self.assertEqual(int(redis_port), redis_svc["spec"]["ports"][0]["port"])
        redis = one("redis.yaml", "Deployment")
        self.assertEqual(redis_svc["spec"]["selector"].items() - redis["spec"]["template"]["metadata"]["labels"].items(),
                         set())
        policy = one("redis.yaml", "NetworkPolicy")
        self.assertEqual(policy["spec"]["podSelector"]["matchLabels"], redis["spec"]["selector"]["matchLabels"])
        self.assertEqual(policy["spec"]["ingress"][0]["from"][0]["podSelector"]["matchLabels"].items() - labels.items(),
                         set())
        # Hardening of both pods.
        for workload in (sts, redis):
            tpl = workload["spec"]["template"]["spec"]
            self.assertTrue(tpl["securityContext"]["runAsNonRoot"])
            for c in tpl["containers"]:
                sc = c["securityContext"]
                self.assertFalse(sc["allowPrivilegeEscalation"])
                self.assertTrue(sc["readOnlyRootFilesystem"])
                self.assertEqual(sc["capabilities"]["drop"], ["ALL"])

        # The image: Debian 12, the .deb installed, the daemon as the entry point, as the user
        # and on the port the StatefulSet expects.
        with open(os.path.join(SOURCE_DIR, "packaging", "docker", "Dockerfile")) as f:
            dockerfile = f.read()
        froms = re.findall(r"^FROM (\S+)", dockerfile, re.M)
        self.assertTrue(froms and all(f.startswith("debian:12") for f in froms), froms)
        self.assertRegex(dockerfile, r"apt-get install [^\n]*autonomic-orchestrator_\*\.deb")
        self.assertIn('ENTRYPOINT ["/usr/bin/orchestratord"]', dockerfile)
        self.assertIn(f"EXPOSE {port}", dockerfile)
        uid = re.search(r"^USER (\d+)", dockerfile, re.M).group(1)
        self.assertEqual(int(uid), pod["securityContext"]["runAsUser"])
        self.assertIn("rm -f /etc/orchestrator/tokens", dockerfile, "no installation token in the image")
        cmd = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.M).group(1))
        self.assertEqual(dict(zip(cmd[::2], cmd[1::2]))["--token-file"], opts["--token-file"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
