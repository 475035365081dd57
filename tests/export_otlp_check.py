"""Validates OTLP JSON files with Google's reference proto3 JSON parser.

`google.protobuf.json_format.Parse` into the official generated
`ExportMetricsServiceRequest` (PyPI `opentelemetry-proto`, installed with livekit-agents
in the venv of scripts/setup/30-python.sh) rejects unknown fields, wrong JSON types and
out-of-range values. Each file must then survive a binary round trip unchanged.

Usage: python tests/export_otlp_check.py FILE_OR_DIR...
"""

import json
import pathlib
import sys

from google.protobuf import json_format
from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import (
    ExportMetricsServiceRequest,
)


def files(args):
    for a in args:
        p = pathlib.Path(a)
        if p.is_dir():
            yield from sorted(f for f in p.glob("*.json") if p.name == "otlp-check" or f.name.startswith("otlp"))
        elif p.exists():
            yield p


def check(path):
    text = path.read_text()
    msg = json_format.Parse(text, ExportMetricsServiceRequest(), ignore_unknown_fields=False)
    again = ExportMetricsServiceRequest.FromString(msg.SerializeToString())
    assert again == msg, "binary round trip changed the message"
    # Every data point we wrote is there, with its count.
    doc = json.loads(text)
    points = 0
    for rm, prm in zip(doc["resourceMetrics"], msg.resource_metrics):
        for sm, psm in zip(rm["scopeMetrics"], prm.scope_metrics):
            assert psm.scope.name == "voice-agent-metrics"
            for m, pm in zip(sm["metrics"], psm.metrics):
                assert m["name"] == pm.name
                kind = pm.WhichOneof("data")
                assert kind is not None, pm.name
                for p, pp in zip(next(v for v in m.values() if isinstance(v, dict))["dataPoints"], getattr(pm, kind).data_points):
                    points += 1
                    if "count" in p:
                        assert int(p["count"]) == pp.count
    return points


def main():
    paths = list(files(sys.argv[1:]))
    if not paths:
        print("otlp check: no files", file=sys.stderr)
        return 1
    failed = 0
    for p in paths:
        try:
            print(f"ok {p}: {check(p)} data points")
        except Exception as e:  # noqa: BLE001 - report every file
            failed += 1
            print(f"FAIL {p}: {e}", file=sys.stderr)
    # The parser must reject what a broken exporter would write.
    sample = json.loads(paths[0].read_text())
    bad = [
        ("unknown field", lambda j: j.update(extra=1)),
        ("scope name as a number", lambda j: j["resourceMetrics"][0]["scopeMetrics"][0].update(scope={"name": 3})),
    ]
    for name, mutate in bad:
        j = json.loads(json.dumps(sample))
        mutate(j)
        try:
            json_format.Parse(json.dumps(j), ExportMetricsServiceRequest(), ignore_unknown_fields=False)
        except json_format.ParseError:
            continue
        failed += 1
        print(f"FAIL self-test: json_format accepted {name}", file=sys.stderr)
    print(f"{len(paths) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
