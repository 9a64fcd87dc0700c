#!/usr/bin/python3
"""Validate AutonomicOrchestrator manifests against the CRD's openAPIV3Schema, offline.

    packaging/k8s/validate.py dai-autonomic-orchestrator.yaml     # custom resources (YAML, may hold several)
    packaging/k8s/validate.py --spec-json spec.json                # a bare spec document, as orchestratord --spec reads it
    packaging/k8s/validate.py --print-defaults                     # the spec an empty AutonomicOrchestrator gets

The check is what the API server does with the schema, short of a cluster: types, ranges,
patterns, enums, list sets, and strict field validation (kubectl's default since 1.27), so an
unknown field is an error. The CRD's x-kubernetes-validations (CEL) rules are left to the API
server. Every error names the field: ".spec.rollout.canaryFraction: must be <= 1, got 1.5".

Exit status: 0 valid; 1 invalid; 2 bad usage or unreadable input. Needs python3-yaml and
python3-jsonschema (Debian packages).
"""

import argparse
import copy
import json
import os
import sys

import jsonschema
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CRD = os.path.join(HERE, "crds", "autonomic-orchestrator.yaml")


class Crd:
    """The AutonomicOrchestrator CRD: its served version's schema, as JSON Schema draft 4."""

    def __init__(self, path=DEFAULT_CRD):
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        if not isinstance(doc, dict) or doc.get("kind") != "CustomResourceDefinition":
            raise ValueError(f"{path}: not a CustomResourceDefinition")
        spec = doc["spec"]
        self.group = spec["group"]
        self.kind = spec["names"]["kind"]
        self.namespaced = spec.get("scope") == "Namespaced"
        storage = [v for v in spec["versions"] if v.get("storage")]
        if len(storage) != 1:
            raise ValueError(f"{path}: expected exactly one storage version")
        self.version = storage[0]["name"]
        self.api_version = f"{self.group}/{self.version}"
        self.openapi = storage[0]["schema"]["openAPIV3Schema"]
        self.schema = to_json_schema(self.openapi)
        jsonschema.Draft4Validator.check_schema(self.schema)

    def spec_schema(self):
        return self.schema["properties"]["spec"]

    def status_schema(self):
        return self.schema["properties"]["status"]

    def validate_resource(self, obj):
        """Errors of one custom resource, each '.path: reason'."""
        errors = []
        if not isinstance(obj, dict):
            return [f"(document): must be an object, got {type_name(obj)}"]
        if obj.get("apiVersion") != self.api_version:
            errors.append(f".apiVersion: must be {self.api_version}, got {brief(obj.get('apiVersion'))}")
        if obj.get("kind") != self.kind:
            errors.append(f".kind: must be {self.kind}, got {brief(obj.get('kind'))}")
        meta = obj.get("metadata")
        if not isinstance(meta, dict) or not isinstance(meta.get("name"), str) or not meta["name"]:
            errors.append(".metadata.name: required")
        elif self.namespaced and not meta.get("namespace"):
            errors.append(".metadata.namespace: required (the resource is namespaced)")
        errors += schema_errors(self.schema, obj, "")
        return errors

    def validate_spec(self, spec):
        """Errors of a bare spec document (the CR's .spec, or orchestratord's --spec file)."""
        return schema_errors(self.spec_schema(), spec, ".spec")

    def validate_status(self, status):
        return schema_errors(self.status_schema(), status, ".status")

    def default_spec(self):
        """The .spec the API server stores for an AutonomicOrchestrator without one."""
        spec = self.openapi["properties"]["spec"]
        return apply_defaults(spec, copy.deepcopy(spec.get("default", {})))


def to_json_schema(node):
    """A Kubernetes structural schema as draft-4 JSON Schema with the API server's semantics:
    nullable, list-type set (unique items), and closed objects (strict field validation)."""
    if isinstance(node, list):
        return [to_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key.startswith("x-kubernetes-") or key == "nullable":
            continue
        if key == "properties":
            out[key] = {name: to_json_schema(sub) for name, sub in value.items()}
        elif key in ("items", "additionalProperties", "not"):
            out[key] = to_json_schema(value)
        elif key in ("allOf", "anyOf", "oneOf"):
            out[key] = [to_json_schema(v) for v in value]
        else:
            out[key] = copy.deepcopy(value)
    if node.get("nullable"):
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
        if "enum" in out and None not in out["enum"]:
            out["enum"] = out["enum"] + [None]
    if node.get("x-kubernetes-list-type") == "set":
        out["uniqueItems"] = True
    if (node.get("type") == "object" and "properties" in node
            and not node.get("x-kubernetes-preserve-unknown-fields")
            and "additionalProperties" not in node):
        out["additionalProperties"] = False
    return out


def apply_defaults(schema, value):
    """Kubernetes defaulting: a missing property with a default gets it, recursively."""
    if isinstance(value, dict) and "properties" in schema:
        for name, sub in schema["properties"].items():
            if name not in value and "default" in sub:
                value[name] = copy.deepcopy(sub["default"])
            if name in value:
                value[name] = apply_defaults(sub, value[name])
    elif isinstance(value, list) and "items" in schema:
        value = [apply_defaults(schema["items"], v) for v in value]
    return value


def type_name(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


def brief(v):
    text = json.dumps(v, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def json_path(prefix, parts):
    path = prefix
    for p in parts:
        path += f"[{p}]" if isinstance(p, int) else f".{p}"
    return path or "(root)"


def describe(error):
    v = error.validator
    value = error.validator_value
    got = brief(error.instance)
    if v == "type":
        wanted = value if isinstance(value, str) else " or ".join(value)
        return f"must be of type {wanted}, got {type_name(error.instance)} {got}"
    if v == "minimum":
        op = ">" if error.schema.get("exclusiveMinimum") else ">="
        return f"must be {op} {value}, got {got}"
    if v == "maximum":
        op = "<" if error.schema.get("exclusiveMaximum") else "<="
        return f"must be {op} {value}, got {got}"
    if v == "enum":
        return f"must be one of {', '.join(brief(e) for e in value)}, got {got}"
    if v == "pattern":
        return f"must match {value!r}, got {got}"
    if v == "uniqueItems":
        return f"must not list an item twice, got {got}"
    if v == "minItems":
        return f"must list at least {value} item(s), got {len(error.instance)}"
    if v == "maxItems":
        return f"must list at most {value} item(s), got {len(error.instance)}"
    if v in ("minLength", "maxLength"):
        return f"{v} {value}: got {got}"
    if v == "required":
        return error.message
    return error.message


def schema_errors(schema, instance, prefix):
    errors = []
    validator = jsonschema.Draft4Validator(schema)
    for e in sorted(validator.iter_errors(instance), key=lambda e: [str(p) for p in e.absolute_path]):
        parts = list(e.absolute_path)
        if e.validator == "additionalProperties" and isinstance(e.instance, dict):
            known = set(e.schema.get("properties", {}))
            for name in sorted(k for k in e.instance if k not in known):
                errors.append(f"{json_path(prefix, parts + [name])}: unknown field (not declared in the schema)")
            continue
        errors.append(f"{json_path(prefix, parts)}: {describe(e)}")
    return errors


def load_documents(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", help="manifests (YAML) holding AutonomicOrchestrator resources")
    parser.add_argument("--crd", default=DEFAULT_CRD, help="the CRD (default: %(default)s)")
    parser.add_argument("--spec-json", action="append", default=[], metavar="FILE",
                        help="validate a bare spec document (JSON)")
    parser.add_argument("--print-defaults", action="store_true",
                        help="print the spec an AutonomicOrchestrator without one gets, as JSON")
    args = parser.parse_args(argv)
    try:
        crd = Crd(args.crd)
    except (OSError, ValueError, KeyError, yaml.YAMLError, jsonschema.SchemaError) as e:
        print(f"validate: {args.crd}: {e}", file=sys.stderr)
        return 2
    if args.print_defaults:
        json.dump(crd.default_spec(), sys.stdout, indent=2)
        print()
        return 0
    if not args.files and not args.spec_json:
        parser.print_usage(sys.stderr)
        return 2
    invalid = False
    for path in args.spec_json:
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            print(f"validate: {path}: {e}", file=sys.stderr)
            return 2
        errors = crd.validate_spec(doc)
        for err in errors:
            print(f"{path}: {err}", file=sys.stderr)
        invalid |= bool(errors)
    for path in args.files:
        try:
            docs = load_documents(path)
        except (OSError, yaml.YAMLError) as e:
            print(f"validate: {path}: {e}", file=sys.stderr)
            return 2
        resources = [d for d in docs if isinstance(d, dict) and d.get("kind") == crd.kind]
        if not resources:
            print(f"{path}: no {crd.kind} in it", file=sys.stderr)
            invalid = True
        for i, doc in enumerate(resources):
            name = (doc.get("metadata") or {}).get("name", f"#{i + 1}")
            errors = crd.validate_resource(doc)
            for err in errors:
                print(f"{path}: {crd.kind} {name}: {err}", file=sys.stderr)
            invalid |= bool(errors)
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
