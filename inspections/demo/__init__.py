from pathlib import Path

# The demo borough's invented Ofsted file, built by build_demo_ofsted.py.
DEMO_OFSTED_FILE = Path(__file__).resolve().parent / "ofsted_LA212_demo.csv"
