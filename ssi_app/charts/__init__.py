"""Altair charts of the SSI history, one module per chart, and the palette they share."""
