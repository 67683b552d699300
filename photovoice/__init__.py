"""photovoice: bilingual, accessible static sites for Photovoice exhibitions.

The library API is `build(content_dir, output_dir, options) -> BuildReport`;
the command line, the preview server and the tests all go through it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["build", "BuildOptions", "BuildReport", "ContentError", "__version__"]

if TYPE_CHECKING:
    from .build import BuildOptions, BuildReport, build
    from .diagnostics import ContentError


def __getattr__(name: str) -> Any:
    # The build is imported when first asked for (see ARCHITECTURE.md, "Deferred imports").
    if name in ("build", "BuildOptions", "BuildReport"):
        module = importlib.import_module(".build", __name__)
        # Importing the submodule bound `photovoice.build` to it; the API is the function.
        globals()["build"] = module.build
        return getattr(module, name)
    if name == "ContentError":
        from .diagnostics import ContentError  # deferred: see ARCHITECTURE.md
        return ContentError
    raise AttributeError(name)
