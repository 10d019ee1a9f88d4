"""The shared test harness: paths, the CLI runner, generation into a temporary folder, the
client driver and the scripted server. Standard library (+ pytest) at import time: the runtime
suites import it on every supported Python."""
