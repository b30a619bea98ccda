"""policy-gen: privacy-register definitions in YAML to published legal documents."""

__version__ = "0.1.0"
