"""PDF engines behind one interface (``base.Renderer``); which one runs is a setting."""
