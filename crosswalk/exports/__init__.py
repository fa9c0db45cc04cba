"""Exports: spreadsheets of the answers users hand on, and standard exchange formats."""
