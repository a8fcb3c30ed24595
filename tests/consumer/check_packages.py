#!/usr/bin/env python3
"""Checks the packed feed as a publisher would before pushing it.

Usage: check_packages.py FEED VERSION RID TOOL_RIDS. Every package: README, icon, MIT licence expression, repository
and project URLs, a description. Every library: a symbols package, both target frameworks with XML docs, and only the
dependencies it needs (the stores none from Microsoft.Extensions.*). The tool: a pointer package and one package per
packed platform. Prints one line per problem and exits 1 when there is any.
"""
import glob
import os
import sys
import zipfile
import xml.etree.ElementTree as ET

feed, version, rid, tool_rids = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(";")
LIBRARIES = [
    "CustomerJourney", "CustomerJourney.DependencyInjection", "CustomerJourney.Hosting", "CustomerJourney.Sqlite",
    "CustomerJourney.Sqlite.DependencyInjection", "CustomerJourney.PostgreSql",
    "CustomerJourney.PostgreSql.DependencyInjection", "CustomerJourney.Reporting", "CustomerJourney.AspNetCore",
    "CustomerJourney.Testing",
]
TOOLS = ["CustomerJourney.Cli"] + [f"CustomerJourney.Cli.{r}" for r in tool_rids]
# what each library may depend on (package ids; frameworks are framework references, not dependencies)
ALLOWED = {
    "CustomerJourney": {"Stateless", "FluentValidation", "BitFaster.Caching"},
    "CustomerJourney.DependencyInjection": {"CustomerJourney", "Microsoft.Extensions.DependencyInjection.Abstractions",
                                            "Microsoft.Extensions.Logging.Abstractions",
                                            "Microsoft.Extensions.Configuration.Abstractions",
                                            "Microsoft.Extensions.Hosting.Abstractions"},
    "CustomerJourney.Hosting": {"CustomerJourney", "CustomerJourney.DependencyInjection",
                                "Microsoft.Extensions.DependencyInjection.Abstractions",
                                "Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.Hosting.Abstractions"},
    "CustomerJourney.Sqlite": {"CustomerJourney", "Microsoft.Data.Sqlite"},
    "CustomerJourney.Sqlite.DependencyInjection": {"CustomerJourney.Sqlite", "CustomerJourney.DependencyInjection"},
    "CustomerJourney.PostgreSql": {"CustomerJourney", "Npgsql"},
    "CustomerJourney.PostgreSql.DependencyInjection": {"CustomerJourney.PostgreSql", "CustomerJourney.DependencyInjection"},
    "CustomerJourney.Reporting": {"CustomerJourney"},
    "CustomerJourney.AspNetCore": {"CustomerJourney", "CustomerJourney.DependencyInjection", "CustomerJourney.Reporting"},
    "CustomerJourney.Testing": {"CustomerJourney", "FsCheck"},
}
problems = []


def local(tag):
    return tag.rsplit("}", 1)[-1]


def nuspec_of(archive):
    name = next(n for n in archive.namelist() if n.endswith(".nuspec") and "/" not in n)
    return ET.fromstring(archive.read(name))


packed = {os.path.basename(p)[: -len(f".{version}.nupkg")] for p in glob.glob(os.path.join(feed, f"*.{version}.nupkg"))}
for missing in sorted(set(LIBRARIES + TOOLS) - packed):
    problems.append(f"{missing}: not packed")
for extra in sorted(packed - set(LIBRARIES + TOOLS)):
    problems.append(f"{extra}: packed but not expected (add it to tests/consumer/check_packages.py)")

for package in sorted(packed & set(LIBRARIES + TOOLS)):
    with zipfile.ZipFile(os.path.join(feed, f"{package}.{version}.nupkg")) as archive:
        names = set(archive.namelist())
        metadata = next(e for e in nuspec_of(archive) if local(e.tag) == "metadata")
        fields = {local(e.tag): e for e in metadata}
        for field, expected in [("readme", "README.md"), ("icon", "icon.png")]:
            if fields.get(field) is None or fields[field].text != expected or expected not in names:
                problems.append(f"{package}: no {expected} as its {field}")
        licence = fields.get("license")
        if licence is None or licence.get("type") != "expression" or licence.text != "MIT":
            problems.append(f"{package}: licence is not the MIT expression")
        repository = fields.get("repository")
        if repository is None or not (repository.get("url") or "").startswith("https://"):
            problems.append(f"{package}: no repository URL")
        if fields.get("projectUrl") is None:
            problems.append(f"{package}: no project URL")
        if len((fields.get("description").text or "") if fields.get("description") is not None else "") < 40:
            problems.append(f"{package}: no real description")
        if package in LIBRARIES:
            if not os.path.exists(os.path.join(feed, f"{package}.{version}.snupkg")):
                problems.append(f"{package}: no symbols package (.snupkg)")
            for framework in ("net8.0", "net10.0"):
                for ext in (".dll", ".xml"):
                    if f"lib/{framework}/{package}{ext}" not in names:
                        problems.append(f"{package}: no lib/{framework}/{package}{ext}")
            dependencies = {d.get("id") for e in metadata.iter() if local(e.tag) == "dependency" for d in [e]}
            for dependency in sorted(dependencies - ALLOWED[package]):
                problems.append(f"{package}: depends on {dependency}, which it does not need")
        if package == "CustomerJourney.Cli":
            if "tools/any/any/DotnetToolSettings.xml" not in names:
                problems.append("CustomerJourney.Cli: not a pointer to platform-specific tool packages")
                continue
            settings = archive.read("tools/any/any/DotnetToolSettings.xml").decode("utf-8-sig")
            for r in tool_rids:
                if f'RuntimeIdentifier="{r}" Id="CustomerJourney.Cli.{r}"' not in settings:
                    problems.append(f"CustomerJourney.Cli: the pointer package does not name the {r} package")

for problem in problems:
    print(f"package check: {problem}")
print(f"package check: {len(packed)} packages, {len(problems)} problems")
sys.exit(1 if problems else 0)
