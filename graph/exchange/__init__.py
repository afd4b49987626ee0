"""The monthly exchange lists agencies send each other (seed 003): the window, its records, the files."""
