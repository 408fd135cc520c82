#!/usr/bin/python3
"""Checks docs/openapi.json, and answers of the running service against it.

validate.py SCHEMA DOCUMENT [ANSWERS]

SCHEMA is the OpenAPI 3.1 schema (oas-3.1-schema-2022-10-07.json). DOCUMENT must validate
against it, and each of its component schemas must be a valid JSON Schema (2020-12).
ANSWERS, written by tst_openapi, is a JSON array of {"method", "path", "status",
"contentType", "body"} (body: the parsed JSON, or null); each answer's status must be one
the description gives for that route, its content type one the response names, and a JSON
body must validate against the response's schema. Every route must have been answered with
one of its 2xx (or 101) statuses. Exits 0 when all holds; else prints each problem, exits 1.
"""
import json
import re
import sys

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed")
    sys.exit(77)


def load(path):
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def route_patterns(document):
    patterns = []
    for template in document["paths"]:
        regex = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        patterns.append((re.compile(regex), template))
    # Literal paths win over templates (/api/files/upload over /api/files/{fileId}).
    patterns.sort(key=lambda item: item[1].count("{"))
    return patterns


def main():
    schema, document = load(sys.argv[1]), load(sys.argv[2])
    problems = []
    for error in jsonschema.Draft202012Validator(schema).iter_errors(document):
        problems.append("description: %s: %s" % ("/".join(map(str, error.path)), error.message))
    for name, component in document.get("components", {}).get("schemas", {}).items():
        try:
            jsonschema.Draft202012Validator.check_schema(component)
        except jsonschema.SchemaError as error:
            problems.append("components/schemas/%s: %s" % (name, error.message))

    if len(sys.argv) > 3:
        resolver = jsonschema.RefResolver(base_uri="", referrer=document)
        patterns = route_patterns(document)
        answered = set()
        for answer in load(sys.argv[3]):
            where = "%s %s -> %s" % (answer["method"], answer["path"], answer["status"])
            template = next((t for regex, t in patterns if regex.match(answer["path"])), None)
            operation = document["paths"].get(template, {}).get(answer["method"].lower())
            if operation is None:
                problems.append("%s: no such route in the description" % where)
                continue
            status = str(answer["status"])
            response = operation["responses"].get(status) or operation["responses"].get("default")
            if response is None:
                problems.append("%s: the description gives no %s for this route" % (where, status))
                continue
            if "$ref" in response:
                response = resolver.resolve(response["$ref"])[1]
            if status.startswith("2") or status == "101":
                answered.add((template, answer["method"].lower()))
            content = response.get("content")
            media = (answer.get("contentType") or "").split(";")[0].strip()
            if not content:
                if answer.get("body") not in (None, ""):
                    problems.append("%s: a body the description does not give" % where)
                continue
            if media not in content:
                problems.append("%s: content type %r, the description gives %s" % (where, media, sorted(content)))
                continue
            body_schema = content[media].get("schema")
            if media == "application/json" and body_schema is not None:
                validator = jsonschema.Draft202012Validator(body_schema, resolver=resolver)
                for error in validator.iter_errors(answer["body"]):
                    problems.append("%s: %s: %s" % (where, "/".join(map(str, error.path)) or "body", error.message))
        for template, item in document["paths"].items():
            for method in ("get", "post", "patch", "put", "delete"):
                if method in item and (template, method) not in answered:
                    problems.append("%s %s was never answered with success" % (method.upper(), template))

    for problem in problems:
        print(problem)
    print("%d problems" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
