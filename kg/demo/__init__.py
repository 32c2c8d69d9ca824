"""Demonstration dataset generator: every Ningxia township's lists in the published layout, with
defects injected at known rates and a ground-truth manifest (GitHub issue 4).

`generate(seed, out, *, data_dir, counties, write)` is the entry point; `plan_province` does the
same without writing files.
"""

from kg.demo.generate import GenerationResult, Province, generate, plan_province
from kg.demo.inputs import GenerationError, load_inputs

__all__ = ["GenerationError", "GenerationResult", "Province", "generate", "load_inputs", "plan_province"]
