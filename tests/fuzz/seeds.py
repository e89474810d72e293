#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora into OUT/{webhook,mutator,rules}/, from what the repository
already has: the webhook fixtures, the hostile bodies, the requests and inline rules of the
pricing cases, the display data and the example rules files. Usage: seeds.py REPO_ROOT OUT"""

import glob
import hashlib
import json
import os
import shutil
import sys

def main(root, out):
    seeds = {"webhook": [], "mutator": [], "rules": []}

    def read(path):
        with open(path, "rb") as f:
            return f.read()

    for path in sorted(glob.glob(os.path.join(root, "tests", "fixtures", "*.json"))):
        seeds["webhook"].append(read(path))
        seeds["mutator"].append(read(path))
    for path in sorted(glob.glob(os.path.join(root, "tests", "hostile", "bodies", "*"))):
        seeds["webhook"].append(read(path))
    for path in sorted(glob.glob(os.path.join(root, "tests", "data", "display", "*.json"))):
        seeds["webhook"].append(read(path))
        seeds["mutator"].append(read(path))
    for path in sorted(glob.glob(os.path.join(root, "tests", "data", "pricing", "cases", "*.json"))):
        case = json.loads(read(path))
        request = json.dumps(case["request"], ensure_ascii=False, indent=1).encode()
        seeds["webhook"].append(request)
        seeds["mutator"].append(request)
        if isinstance(case["rules"], dict):
            seeds["rules"].append(json.dumps(case["rules"], ensure_ascii=False, indent=1).encode())
    for path in sorted(glob.glob(os.path.join(root, "tests", "data", "pricing", "answers", "*.json"))):
        seeds["mutator"].append(read(path))
    for path in sorted(glob.glob(os.path.join(root, "packaging", "examples", "pricing-*.json"))):
        seeds["rules"].append(read(path))

    for target, inputs in seeds.items():
        directory = os.path.join(out, target)
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory)
        for data in inputs:  # named by content, as libFuzzer names its own corpus files
            with open(os.path.join(directory, hashlib.sha1(data).hexdigest()), "wb") as f:
                f.write(data)
        print(f"{target}: {len(os.listdir(directory))} seeds in {directory}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
