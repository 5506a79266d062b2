"""SSI Coach core: the LinkedIn Social Selling Index model, estimator, importers and store.

Pure Python: nothing here imports streamlit, so the command line and the tests use it directly.
"""

from ssi_core.errors import SSIError

__all__ = ["SSIError"]
