"""The static HTML viewer of SWN (``swn render``): document pages with every layer drawn,
a compare mode (gold vs predictions, or two annotation passes), an entity index and a
statistics page with inline SVG plots. Pages are self-contained files: no server, no network.
"""
