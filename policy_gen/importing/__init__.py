"""`policy-gen import`: an existing register description or privacy notice (plain text, HTML,
DOCX, PDF) as a register file.

readers.py turns the document into typed lines, sections.py finds its sections by their
headings, placing.py puts each section's text into the framework's fields, and command.py
writes the register and reports where every line went.
"""
