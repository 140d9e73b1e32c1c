"""Reading exports: sniff, workbook, profiles, normalise, loader, stock."""
